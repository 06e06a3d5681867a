package catalog

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"
)

func TestReadTMDBCredits(t *testing.T) {
	for _, compressed := range []bool{false, true} {
		input := openTestdata(t, "tmdb_credits.csv")
		if compressed {
			input = gzipped(t, input)
		}
		var got []MovieCredits
		var bad []string
		st, err := ReadTMDBCredits(context.Background(), bytes.NewReader(input), collectBad(&bad), func(m MovieCredits) error {
			got = append(got, m)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if want := (Stats{Rows: 8, Kept: 4, Bad: 4}); st != want {
			t.Errorf("gzip=%v: stats = %+v, want %+v (bad %q)", compressed, st, want, bad)
		}
		want := MovieCredits{
			TMDBID: 900001, TitleID: "tmdb:900001", Title: "The Lighthouse Keeper's Daughter",
			Cast: []CastCredit{
				{PersonID: 990001, Name: "Greta Vik", Character: "Maren Solberg", Order: 0},
				{PersonID: 990002, Name: "Aleksei Fyodorov", Character: `Dmitri "Dima" Orlov`, Order: 1},
			},
			Crew: []CrewCredit{
				{PersonID: 990003, Name: "Ines Valcárcel", Job: "Director", Department: "Directing"},
				{PersonID: 990004, Name: "Rosa Lind", Job: "Director of Photography", Department: "Camera"},
				{PersonID: 990005, Name: "Hallvard Brekke", Job: "Original Music Composer", Department: "Sound"},
				{PersonID: 990006, Name: "Tor Amundsen", Job: "Screenplay", Department: "Writing"},
			},
		}
		if len(got) != 4 || !reflect.DeepEqual(got[0], want) {
			t.Fatalf("first = %+v, want %+v", got, want)
		}
		if len(got[1].Cast) != 1 || got[1].Crew != nil {
			t.Errorf("a cast member without a name should be left out: %+v", got[1])
		}
		if got[2].Cast != nil || got[2].Crew != nil {
			t.Errorf("empty lists = %+v", got[2])
		}
		if last := got[3]; last.TitleID != "tmdb:900008" || last.Cast[0].Character != "Amélie Fournier" {
			t.Errorf("row after bad rows = %+v", last)
		}
		if !compressed {
			checkGolden(t, "tmdb_credits.golden.json", readResult{got, st, bad})
		}
	}
}

func TestReadTMDBCreditsErrors(t *testing.T) {
	tests := []struct {
		name, input, wantErr string
		want                 Stats
	}{
		{name: "empty", input: "", wantErr: "empty input"},
		{name: "movies file, not credits", input: "id,title\n1,A\n", wantErr: `missing column "movie_id"`},
		{name: "header only", input: "movie_id,title,cast,crew\n"},
		{name: "empty cells", input: "movie_id,cast,crew\n7,,\n", want: Stats{Rows: 1, Kept: 1}},
		{name: "object, not list", input: "movie_id,cast,crew\n7,{},[]\n", want: Stats{Rows: 1, Bad: 1}},
		{name: "negative order", input: "movie_id,cast,crew\n7,\"[{\"\"id\"\": 1, \"\"name\"\": \"\"A\"\", \"\"order\"\": -1}]\",[]\n", want: Stats{Rows: 1, Bad: 1}},
		{name: "zero movie id", input: "movie_id,cast,crew\n0,[],[]\n", want: Stats{Rows: 1, Bad: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := ReadTMDBCredits(context.Background(), strings.NewReader(tt.input), Options{}, func(MovieCredits) error { return nil })
			if tt.wantErr == "" && err != nil {
				t.Fatalf("unexpected error %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("error = %v, want containing %q", err, tt.wantErr)
			}
			if st != tt.want {
				t.Errorf("stats = %+v, want %+v", st, tt.want)
			}
		})
	}
}

func FuzzReadTMDBCredits(f *testing.F) {
	header := "movie_id,title,cast,crew\n"
	f.Add(header)
	f.Add("")
	f.Add(header + `19,A,"[{""id"": 5, ""name"": ""B"", ""character"": ""C"", ""order"": 0}]","[{""id"": 6, ""name"": ""D"", ""job"": ""Director""}]"` + "\n")
	f.Add(header + `19,A,"[{""id"": ""5"", ""name"": 3}]",[]` + "\n")
	f.Add(header + `-1,A,[],[]` + "\n" + `2,"B,[` + "\n")
	f.Fuzz(func(t *testing.T, input string) {
		st, err := ReadTMDBCredits(context.Background(), strings.NewReader(input), Options{}, func(m MovieCredits) error {
			if m.TMDBID <= 0 || m.TitleID == "" {
				t.Fatalf("accepted an invalid row %+v", m)
			}
			for _, c := range m.Cast {
				if c.PersonID <= 0 || c.Name == "" || c.Order < 0 {
					t.Fatalf("accepted an invalid cast member %+v", c)
				}
			}
			for _, c := range m.Crew {
				if c.PersonID <= 0 || c.Name == "" {
					t.Fatalf("accepted an invalid crew member %+v", c)
				}
			}
			return nil
		})
		if err == nil {
			checkStats(t, st)
		}
	})
}
