package catalog

import (
	"context"
	"strings"
	"testing"
)

func checkStats(t *testing.T, st Stats) {
	t.Helper()
	if st.Kept+st.Filtered+st.Bad > st.Rows || st.Kept < 0 || st.Bad < 0 {
		t.Fatalf("inconsistent stats %+v", st)
	}
}

func addTSVSeeds(f *testing.F, columns []string, rows ...string) {
	header := strings.Join(columns, "\t") + "\n"
	f.Add(header)
	f.Add("")
	f.Add("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff")
	for _, r := range rows {
		f.Add(header + r + "\n")
		f.Add(header + r + "\r\n" + r)
	}
}

func FuzzReadIMDbTitles(f *testing.F) {
	addTSVSeeds(f, titleColumns,
		"tt1\tmovie\tA\tA\t0\t2000\t\\N\t90\tDrama,Comedy",
		"tt2\tshort\t\\N\t\\N\t1\t\\N\t\\N\t\\N\t\\N",
		"tt\tmovie\tA",
		"tt3\tmovie\t\xff\xfe\t\"x\t0\t99999999999999999999\t\\N\t-1\t,,")
	f.Fuzz(func(t *testing.T, input string) {
		st, err := ReadIMDbTitles(context.Background(), strings.NewReader(input), Options{TitleTypes: FilmTypes}, func(x Title) error {
			if x.IMDbID == "" || x.Title == "" || x.Year < 0 || x.RuntimeMinutes < 0 {
				t.Fatalf("accepted an invalid title %+v", x)
			}
			return nil
		})
		if err == nil {
			checkStats(t, st)
		}
	})
}

func FuzzReadIMDbPrincipals(f *testing.F) {
	addTSVSeeds(f, principalColumns,
		"tt1\t1\tnm1\tactor\t\\N\t[\"Ani\"]",
		"tt1\t2\tnm2\tdirector\t\\N\t\\N",
		"tt1\t3\tnm3\tactor\t\\N\t[\"a\\\"b\", 3]",
		"tt1\t4\tnm4\tactor\t\\N\t{")
	f.Fuzz(func(t *testing.T, input string) {
		st, err := ReadIMDbPrincipals(context.Background(), strings.NewReader(input), Options{}, func(p Principal) error {
			if p.TitleID == "" || p.PersonID == "" {
				t.Fatalf("accepted an invalid principal %+v", p)
			}
			return nil
		})
		if err == nil {
			checkStats(t, st)
		}
	})
}

func FuzzReadIMDbNames(f *testing.F) {
	addTSVSeeds(f, nameColumns,
		"nm1\tGreta Vik\t1994\t\\N\tactress\ttt1,tt2",
		"nm2\t\\N\t\\N\t\\N\t\\N\t\\N",
		"nm3\tX\tabc\t\\N\t\\N\t\\N")
	f.Fuzz(func(t *testing.T, input string) {
		st, err := ReadIMDbNames(context.Background(), strings.NewReader(input), Options{}, func(p Person) error {
			if p.ID == "" || p.Name == "" {
				t.Fatalf("accepted an invalid person %+v", p)
			}
			return nil
		})
		if err == nil {
			checkStats(t, st)
		}
	})
}

func FuzzReadTMDBMovies(f *testing.F) {
	header := "budget,genres,id,original_title,release_date,runtime,title\n"
	f.Add(header)
	f.Add("")
	f.Add(header + `0,"[{""id"": 18, ""name"": ""Drama""}]",19,Orig,2020-02-29,101.0,A Title` + "\n")
	f.Add(header + `0,"[{""id"": 18",19,Orig,2020-13-01,NaN,"broken` + "\n")
	f.Add(header + "0,[],-4,,,,\n0,[],5,,,,x\n")
	f.Add("id,title,imdb_id\n1,A,tt1\n2,B,tt\n")
	f.Fuzz(func(t *testing.T, input string) {
		st, err := ReadTMDBMovies(context.Background(), strings.NewReader(input), Options{}, func(x Title) error {
			if x.TMDBID <= 0 || x.Title == "" || x.RuntimeMinutes < 0 {
				t.Fatalf("accepted an invalid movie %+v", x)
			}
			return nil
		})
		if err == nil {
			checkStats(t, st)
		}
	})
}
