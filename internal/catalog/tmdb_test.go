package catalog

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestReadTMDBMovies(t *testing.T) {
	for _, compressed := range []bool{false, true} {
		input := openTestdata(t, "tmdb_movies.csv")
		if compressed {
			input = gzipped(t, input)
		}
		var got []Title
		var bad []string
		st, err := ReadTMDBMovies(context.Background(), bytes.NewReader(input), collectBad(&bad), func(x Title) error {
			got = append(got, x)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if want := (Stats{Rows: 10, Kept: 5, Bad: 5}); st != want {
			t.Errorf("gzip=%v: stats = %+v, want %+v (bad %q)", compressed, st, want, bad)
		}
		want := Title{
			ID: "tmdb:900001", TMDBID: 900001, Type: "movie",
			Title: "The Lighthouse Keeper's Daughter", OriginalTitle: "Fyrvokterens datter",
			Year: 2023, ReleaseDate: "2023-05-24", RuntimeMinutes: 118,
			Genres: []string{"Drama", "Romance"}, OriginalLanguage: "no",
		}
		if len(got) == 0 || !reflect.DeepEqual(got[0], want) {
			t.Fatalf("first = %+v, want %+v", got, want)
		}
		if last := got[len(got)-1]; last.Title != "After Bad" || last.Year != 2021 {
			t.Errorf("row after a CSV syntax error = %+v", last)
		}
		if got[2].Year != 0 || got[2].RuntimeMinutes != 0 || got[2].Genres != nil {
			t.Errorf("empty fields = %+v", got[2])
		}
		if !compressed {
			checkGolden(t, "tmdb_movies.golden.json", readResult{got, st, bad})
		}
	}
}

func TestReadTMDBMoviesErrors(t *testing.T) {
	tests := []struct {
		name, input, wantErr string
		want                 Stats
	}{
		{name: "empty", input: "", wantErr: "empty input"},
		{name: "no id column", input: "title,year\nA,2000\n", wantErr: `missing column "id"`},
		{name: "binary", input: "\x00\xff\x1f\x00", wantErr: "missing column"},
		{name: "header only", input: "id,title\n"},
		{name: "minimal", input: "id,title\n7,A\n", want: Stats{Rows: 1, Kept: 1}},
		{name: "imdb id column", input: "id,title,imdb_id\n7,A,tt0000007\n8,B,nm1\n", want: Stats{Rows: 2, Kept: 1, Bad: 1}},
		{name: "negative runtime", input: "id,title,runtime\n7,A,-5\n", want: Stats{Rows: 1, Bad: 1}},
		{name: "unterminated quote", input: "id,title\n7,\"A\n", want: Stats{Rows: 1, Bad: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := ReadTMDBMovies(context.Background(), strings.NewReader(tt.input), Options{}, func(Title) error { return nil })
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

// sharedData finds the shared data directory next to the repository
// (../../../shared from this package), skipping when it is absent unless CI
// demands it.
func sharedData(t *testing.T, rel string) string {
	t.Helper()
	path := filepath.Join("..", "..", "..", "shared", "data", rel)
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared data missing: %v", err)
		}
		t.Skipf("shared data missing: %v", err)
	}
	return path
}

func TestReadTMDBMoviesRealFile(t *testing.T) {
	f, err := os.Open(sharedData(t, "tmdb-5000-movies/tmdb_5000_movies.csv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var first Title
	years, runtimes, genres := 0, 0, 0
	var bad []string
	st, err := ReadTMDBMovies(context.Background(), f, collectBad(&bad), func(x Title) error {
		if first.ID == "" {
			first = x
		}
		if x.Year >= 1900 && x.Year <= 2030 {
			years++
		}
		if x.RuntimeMinutes > 0 {
			runtimes++
		}
		if len(x.Genres) > 0 {
			genres++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The dataset's README: 4,803 data rows, all parseable.
	if want := (Stats{Rows: 4803, Kept: 4803}); st != want {
		t.Errorf("stats = %+v, want %+v; bad rows %q", st, want, bad)
	}
	if first.ID != "tmdb:19995" {
		t.Errorf("first id = %q, want tmdb:19995", first.ID)
	}
	// Quirks per the README: a few runtimes and dates are missing.
	if years < 4790 || runtimes < 4750 || genres < 4700 {
		t.Errorf("only %d years, %d runtimes, %d genre lists", years, runtimes, genres)
	}
}
