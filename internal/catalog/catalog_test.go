package catalog

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// readResult is what a read produced, as the golden files record it.
type readResult struct {
	Records any
	Stats   Stats
	BadRows []string
}

func collectBad(bad *[]string) Options {
	return Options{OnBadRow: func(e *RowError) error {
		*bad = append(*bad, e.Error())
		return nil
	}}
}

func openTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func gzipped(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func checkGolden(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run with -update to create): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden; got:\n%s", name, got)
	}
}

func TestReadIMDbTitles(t *testing.T) {
	plain := openTestdata(t, "title.basics.tsv")
	// The same bytes gzipped, as IMDb ships them, written to a file as a
	// caller would open it.
	gzPath := filepath.Join(t.TempDir(), "title.basics.tsv.gz")
	if err := os.WriteFile(gzPath, gzipped(t, plain), 0o644); err != nil {
		t.Fatal(err)
	}
	gz, err := os.Open(gzPath)
	if err != nil {
		t.Fatal(err)
	}
	defer gz.Close()
	inputs := map[string]func() *bytes.Reader{
		"plain": func() *bytes.Reader { return bytes.NewReader(plain) },
		"crlf":  func() *bytes.Reader { return bytes.NewReader(bytes.ReplaceAll(plain, []byte("\n"), []byte("\r\n"))) },
	}
	var first readResult
	for name, open := range inputs {
		t.Run(name, func(t *testing.T) {
			var titles []Title
			var bad []string
			st, err := ReadIMDbTitles(context.Background(), open(), collectBad(&bad), func(x Title) error {
				titles = append(titles, x)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			want := Stats{Rows: 15, Kept: 11, Bad: 4}
			if st != want {
				t.Errorf("stats = %+v, want %+v", st, want)
			}
			wantBad := []string{"line 11", "line 12", "line 13", "line 14"}
			for i, b := range bad {
				if i >= len(wantBad) || !strings.HasPrefix(b, wantBad[i]+":") {
					t.Errorf("bad row %d = %q, want prefix %q", i, b, wantBad)
				}
			}
			if len(bad) != len(wantBad) {
				t.Errorf("bad rows = %q", bad)
			}
			if name == "plain" {
				first = readResult{titles, st, bad}
				checkGolden(t, "title.basics.golden.json", first)
			}
		})
	}
	t.Run("gzip file", func(t *testing.T) {
		var titles []Title
		var bad []string
		st, err := ReadIMDbTitles(context.Background(), gz, collectBad(&bad), func(x Title) error {
			titles = append(titles, x)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := (readResult{titles, st, bad}); !reflect.DeepEqual(got, first) {
			t.Errorf("gzipped read differs from plain: %+v", got.Stats)
		}
	})
	t.Run("film types", func(t *testing.T) {
		var types []string
		st, err := ReadIMDbTitles(context.Background(), bytes.NewReader(plain), Options{TitleTypes: FilmTypes}, func(x Title) error {
			types = append(types, x.Type)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if want := (Stats{Rows: 15, Kept: 9, Filtered: 2, Bad: 4}); st != want {
			t.Errorf("stats = %+v, want %+v", st, want)
		}
		for _, ty := range types {
			if ty != "movie" && ty != "tvMovie" && ty != "short" && ty != "video" {
				t.Errorf("kept a %q", ty)
			}
		}
	})
}

func TestReadIMDbTitlesFields(t *testing.T) {
	var got []Title
	_, err := ReadIMDbTitles(context.Background(), bytes.NewReader(openTestdata(t, "title.basics.tsv")), Options{}, func(x Title) error {
		got = append(got, x)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := Title{
		ID: "imdb:tt9912301", IMDbID: "tt9912301", Type: "movie",
		Title: "The Lighthouse Keeper's Daughter", OriginalTitle: "Fyrvokterens datter",
		Year: 2023, RuntimeMinutes: 118, Genres: []string{"Drama", "Romance"},
	}
	if !reflect.DeepEqual(got[0], want) {
		t.Errorf("first title = %+v, want %+v", got[0], want)
	}
	byID := map[string]Title{}
	for _, x := range got {
		byID[x.IMDbID] = x
	}
	if v := byID["tt9930004"]; v.Year != 0 || v.RuntimeMinutes != 0 || v.Title != "Amélie’s Café: Behind the Counter" {
		t.Errorf(`\N fields: %+v`, v)
	}
	if v := byID["tt9930003"]; v.Genres != nil {
		t.Errorf(`\N genres = %q, want nil`, v.Genres)
	}
	if v := byID["tt9930010"]; v.Title != "Broken \uFFFD Bytes" {
		t.Errorf("invalid UTF-8 title = %q", v.Title)
	}
	if v := byID["tt9930011"]; v.Title != `"Quoted" Title` || v.OriginalTitle != `"Quoted` {
		t.Errorf("quotes must be literal: %q / %q", v.Title, v.OriginalTitle)
	}
	if v := byID["tt9930001"]; v.EndYear != 2022 {
		t.Errorf("endYear = %d", v.EndYear)
	}
}

func TestReadIMDbPrincipals(t *testing.T) {
	var got []Principal
	var bad []string
	st, err := ReadIMDbPrincipals(context.Background(), bytes.NewReader(openTestdata(t, "title.principals.tsv")), collectBad(&bad), func(p Principal) error {
		got = append(got, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := (Stats{Rows: 8, Kept: 5, Bad: 3}); st != want {
		t.Errorf("stats = %+v, want %+v (bad: %q)", st, want, bad)
	}
	if want := []string{`Dmitri "Dima" Orlov`}; !reflect.DeepEqual(got[1].Characters, want) {
		t.Errorf("characters = %q, want %q", got[1].Characters, want)
	}
	if got[2].Characters != nil || got[3].Job != "screenplay" {
		t.Errorf("director/writer rows = %+v / %+v", got[2], got[3])
	}
	checkGolden(t, "title.principals.golden.json", readResult{got, st, bad})
}

func TestReadIMDbNames(t *testing.T) {
	var got []Person
	var bad []string
	st, err := ReadIMDbNames(context.Background(), bytes.NewReader(gzipped(t, openTestdata(t, "name.basics.tsv"))), collectBad(&bad), func(p Person) error {
		got = append(got, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := (Stats{Rows: 7, Kept: 5, Bad: 2}); st != want {
		t.Errorf("stats = %+v, want %+v (bad: %q)", st, want, bad)
	}
	want := Person{ID: "nm9900009", Name: "Harlan Mercer", BirthYear: 1931, DeathYear: 2011,
		Professions: []string{"director", "writer", "producer"}, KnownFor: []string{"tt9900187"}}
	if !reflect.DeepEqual(got[3], want) {
		t.Errorf("person = %+v, want %+v", got[3], want)
	}
	checkGolden(t, "name.basics.golden.json", readResult{got, st, bad})
}

func TestReadIMDbErrors(t *testing.T) {
	header := strings.Join(titleColumns, "\t") + "\n"
	row := "tt1\tmovie\tA\tA\t0\t2000\t\\N\t90\tDrama\n"
	stop := errors.New("stop")
	tests := []struct {
		name    string
		input   string
		opts    Options
		fn      func(Title) error
		wantErr string
		want    Stats
	}{
		{name: "empty", input: "", wantErr: "empty input"},
		{name: "missing column", input: "tconst\ttitleType\n" + row, wantErr: `missing column "primaryTitle"`},
		{name: "binary", input: "\x00\x01\x02\xff\xfe", wantErr: "missing column"},
		{name: "broken gzip", input: "\x1f\x8b\x08\x00garbage", wantErr: "gzip"},
		{name: "header only", input: header, want: Stats{}},
		{name: "no final newline", input: header + strings.TrimSuffix(row, "\n"), want: Stats{Rows: 1, Kept: 1}},
		{name: "columns reordered", input: "genres\t" + strings.Join(titleColumns[:8], "\t") + "\nDrama\ttt2\tmovie\tB\tB\t0\t2001\t\\N\t80\n", want: Stats{Rows: 1, Kept: 1}},
		{name: "callback error stops", input: header + row + row, fn: func(Title) error { return stop }, wantErr: "line 2: stop", want: Stats{Rows: 1}},
		{name: "bad-row callback stops", input: header + "x\n" + row, opts: Options{OnBadRow: func(*RowError) error { return stop }}, wantErr: "stop", want: Stats{Rows: 1, Bad: 1}},
		{name: "huge line skipped", input: header + "tt3\t" + strings.Repeat("x", maxLineBytes+10) + "\n" + row, want: Stats{Rows: 2, Kept: 1, Bad: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fn := tt.fn
			if fn == nil {
				fn = func(Title) error { return nil }
			}
			st, err := ReadIMDbTitles(context.Background(), strings.NewReader(tt.input), tt.opts, fn)
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

func TestReadIMDbCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	input := generateTitles(2 * ctxCheckEvery)
	_, err := ReadIMDbTitles(ctx, bytes.NewReader(input), Options{}, func(Title) error { return nil })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
}
