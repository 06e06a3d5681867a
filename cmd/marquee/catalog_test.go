package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/marquee-film/marquee/internal/store"
)

// catalogImport runs `marquee catalog import --json` and decodes its
// summaries.
func catalogImport(t *testing.T, args ...string) []catalogSummary {
	t.Helper()
	out, stderr, code := cli(t, "", append([]string{"catalog", "import", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("catalog import exited %d: %s", code, stderr)
	}
	var sums []catalogSummary
	if err := json.Unmarshal([]byte(out), &sums); err != nil {
		t.Fatalf("catalog import --json: %v\n%s", err, out)
	}
	return sums
}

// filmReport is the part of `marquee film --json` these tests read.
type filmReport struct {
	Title   string `json:"title"`
	Year    int    `json:"year"`
	Catalog *struct {
		Source string `json:"source"`
		ID     string `json:"id"`
	} `json:"catalog"`
	RuntimeMinutes int               `json:"runtime_minutes"`
	FactSources    map[string]string `json:"fact_sources"`
	Credits        []struct {
		Person         string   `json:"person"`
		PersonVariants []string `json:"person_variants"`
		Role           string   `json:"role"`
		Sources        []int64  `json:"sources"`
		CatalogSources []string `json:"catalog_sources"`
	} `json:"credits"`
	Conflicts []struct {
		Kind                string              `json:"kind"`
		Values              []string            `json:"values"`
		ValueCatalogSources map[string][]string `json:"value_catalog_sources"`
	} `json:"conflicts"`
}

func filmJSON(t *testing.T, db, title string, extra ...string) []filmReport {
	t.Helper()
	out, stderr, code := cli(t, "", append([]string{"film", title, "--db", db, "--json"}, extra...)...)
	if code != 0 {
		t.Fatalf("film %s exited %d: %s", title, code, stderr)
	}
	var reps []filmReport
	dec := json.NewDecoder(strings.NewReader(out))
	for dec.More() {
		var r filmReport
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("film --json: %v\n%s", err, out)
		}
		reps = append(reps, r)
	}
	return reps
}

func catalogID(r filmReport) string {
	if r.Catalog == nil {
		return ""
	}
	return r.Catalog.Source + ":" + r.Catalog.ID
}

func catalogCounts(t *testing.T, db string) store.CatalogCounts {
	t.Helper()
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, err := st.(store.Catalog).CatalogCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCatalogImportIMDb imports the hand-written IMDb files over the
// examples and the seeds: the right films are linked, the ambiguous one is
// reported, a second import changes nothing, and reports show the
// catalogue.
func TestCatalogImportIMDb(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	seeds := filepath.Join(sharedDir(t), "seeds")
	if _, stderr, code := cli(t, "", "ingest", "--db", db, "-q", "../../examples", seeds); code != 0 {
		t.Fatalf("ingest exited %d: %s", code, stderr)
	}
	before := filmJSON(t, db, "Anora")

	sums := catalogImport(t, "--db", db, "--imdb", "testdata/imdb")
	if len(sums) != 1 {
		t.Fatalf("%d summaries, want 1", len(sums))
	}
	s := sums[0]
	// 14 title rows: a TV series and an episode of other types, an adult
	// title, a row with too few fields. 24 principals: one of the
	// episode, one with a bad ordering. 23 names: one uncredited, one
	// without a name.
	if s.Source != "imdb" || s.Titles != 10 || s.Skipped != 3 || s.Credits != 22 || s.People != 21 || s.Bad != 3 || len(s.Files) != 3 {
		t.Errorf("summary = %+v", s)
	}
	if s.Link.Linked != 7 || s.Link.Candidates != 9 {
		t.Errorf("link = %+v, want 7 linked of 9", s.Link)
	}
	if len(s.Link.Ambiguous) != 1 || s.Link.Ambiguous[0].Title != "Copper Sky" ||
		!slices.Equal(s.Link.Ambiguous[0].Candidates, []string{"imdb:tt9940001", "imdb:tt9940002"}) {
		t.Errorf("ambiguous = %+v, want Copper Sky's two titles", s.Link.Ambiguous)
	}
	counts := catalogCounts(t, db)
	if counts != (store.CatalogCounts{Titles: 10, Credits: 22, People: 21, Links: 7}) {
		t.Errorf("stored %+v", counts)
	}

	// Idempotent: the same files again, given file by file.
	again := catalogImport(t, "--db", db,
		"--imdb", "testdata/imdb/title.basics.tsv.gz,testdata/imdb/title.principals.tsv.gz",
		"--imdb", "testdata/imdb/name.basics.tsv.gz")
	if again[0].Titles != s.Titles || again[0].Link.Linked != s.Link.Linked || catalogCounts(t, db) != counts {
		t.Errorf("second import: %+v, stored %+v; want the first's", again[0], catalogCounts(t, db))
	}

	tests := []struct {
		title string
		year  int
		want  string
	}{
		{"The Lighthouse Keeper's Daughter", 2023, "imdb:tt9912301"}, // the feature, not the short of the same name
		{"Northbound", 2024, "imdb:tt9923877"},                       // not the TV series
		{"The Long Quiet", 1987, "imdb:tt9900187"},                   // the original
		{"The Long Quiet", 2025, ""},                                 // its reviews name the original's director
		{"Amélie's Café", 2024, "imdb:tt9940006"},                    // not the adult title
		{"Copper Sky", 2023, ""},                                     // ambiguous
		{"Saltwater Hymn", 2022, "imdb:tt9940003"},
	}
	for _, tt := range tests {
		// The films whose reviews state the year (--year also finds
		// one that only its catalogue title dates).
		reps := slices.DeleteFunc(filmJSON(t, db, tt.title, "--year", fmt.Sprint(tt.year)), func(r filmReport) bool {
			return r.FactSources["year"] != ""
		})
		if len(reps) != 1 {
			t.Errorf("%s (%d): %d films", tt.title, tt.year, len(reps))
			continue
		}
		if got := catalogID(reps[0]); got != tt.want {
			t.Errorf("%s (%d) linked to %q, want %q", tt.title, tt.year, got, tt.want)
		}
	}

	// Anora: the seeds state no year; the catalogue does. Its cast list
	// joins the reviews' credits without adding or removing any, and its
	// runtime disagrees with the one review that states one.
	after := filmJSON(t, db, "Anora")
	if len(before) != 1 || len(after) != 1 {
		t.Fatalf("Anora: %d films before, %d after", len(before), len(after))
	}
	a := after[0]
	if catalogID(a) != "imdb:tt9940004" || a.Year != 2024 || a.FactSources["year"] != "catalog:imdb:tt9940004" || before[0].Year != 0 {
		t.Errorf("Anora: catalog %q, year %d (%v); before: year %d", catalogID(a), a.Year, a.FactSources, before[0].Year)
	}
	if a.RuntimeMinutes != 0 || a.FactSources["runtime_minutes"] != "" {
		t.Errorf("Anora: runtime %d from %q; a review states one", a.RuntimeMinutes, a.FactSources["runtime_minutes"])
	}
	was := map[string][]int64{}
	for _, c := range before[0].Credits {
		was[c.Person+"/"+c.Role] = c.Sources
	}
	cast := 0
	for _, c := range a.Credits {
		if c.Role == "actor" {
			cast++
		}
		if prev, ok := was[c.Person+"/"+c.Role]; !ok || !slices.Equal(c.Sources, prev) {
			t.Errorf("credit %s (%s) from reviews %v, was %v (%v)", c.Person, c.Role, c.Sources, prev, ok)
		}
		if c.Person == "Mark Eydelshteyn" && !slices.Equal(c.CatalogSources, []string{"catalog:imdb:tt9940004"}) {
			t.Errorf("Mark Eydelshteyn: catalog sources %v", c.CatalogSources)
		}
		if c.Person == "Darya Ekamasova" && c.CatalogSources != nil {
			t.Errorf("Darya Ekamasova is not in the catalogue's list: %v", c.CatalogSources)
		}
	}
	if cast != 6 || len(a.Credits) != len(before[0].Credits) {
		t.Errorf("%d cast credits (of %d), want 6 (of %d as before)", cast, len(a.Credits), len(before[0].Credits))
	}
	var runtime bool
	for _, c := range a.Conflicts {
		if c.Kind == "runtime_minutes" {
			runtime = slices.Equal(c.Values, []string{"138", "139"}) && c.ValueCatalogSources["139"] != nil
		}
	}
	if !runtime {
		t.Errorf("Anora conflicts %+v: want 138 (a review) against 139 (the catalogue)", a.Conflicts)
	}

	if reps := filmJSON(t, db, "Anora", "--year", "2024"); len(reps) != 1 {
		t.Errorf("film Anora --year 2024: %d films, want the one the catalogue dates", len(reps))
	}

	// The text report names the catalogue too.
	out, _, _ := cli(t, "", "film", "Anora", "--db", db)
	if !strings.Contains(out, "Catalogue: imdb tt9940004") || !strings.Contains(out, "139 (catalogue)") {
		t.Errorf("text report lacks the catalogue:\n%s", out)
	}
}

// TestCatalogLinksAtIngest imports the catalogue first: films are linked as
// their reviews arrive.
func TestCatalogLinksAtIngest(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	if s := catalogImport(t, "--db", db, "--imdb", "testdata/imdb"); s[0].Link.Candidates != 0 {
		t.Errorf("an empty database has films to link: %+v", s[0].Link)
	}
	if _, stderr, code := cli(t, "", "ingest", "--db", db, "-q", "../../examples"); code != 0 {
		t.Fatalf("ingest exited %d: %s", code, stderr)
	}
	if got := catalogID(filmJSON(t, db, "Northbound")[0]); got != "imdb:tt9923877" {
		t.Errorf("Northbound linked to %q at ingest", got)
	}
	if c := catalogCounts(t, db); c.Links != 6 {
		t.Errorf("%d films linked at ingest, want the 6 of the examples", c.Links)
	}
}

func TestCatalogImportUsage(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	titles, err := os.ReadFile("testdata/imdb/title.basics.tsv.gz")
	if err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "title.basics.tsv.gz")
	if err := os.WriteFile(other, titles, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no subcommand", nil, "import"},
		{"no source", []string{"import", "--db", db}, "--imdb or --tmdb"},
		{"names without principals", []string{"import", "--db", db, "--imdb", "testdata/imdb/title.basics.tsv.gz,testdata/imdb/name.basics.tsv.gz"}, "title.principals"},
		{"no titles", []string{"import", "--db", db, "--imdb", "testdata/imdb/title.principals.tsv.gz"}, "title.basics"},
		{"not a dataset", []string{"import", "--db", db, "--imdb", "testdata/tmdb/tmdb_5000_movies.csv"}, "not an IMDb dataset"},
		{"two title files", []string{"import", "--db", db, "--imdb", "testdata/imdb," + other}, "two title.basics files"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := cli(t, "", append([]string{"catalog"}, tt.args...)...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
		})
	}
	if _, stderr, code := cli(t, "", "catalog", "import", "--db", db, "--imdb", "no/such/dir"); code != 1 || !strings.Contains(stderr, "no such file") {
		t.Errorf("missing directory: exit %d, %q", code, stderr)
	}
}

// TestCatalogImportTMDBWithCredits imports the hand-written TMDB files: the
// credits CSV beside the movies CSV is found and read.
func TestCatalogImportTMDBWithCredits(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	if _, stderr, code := cli(t, "", "ingest", "--db", db, "-q", "../../examples"); code != 0 {
		t.Fatalf("ingest exited %d: %s", code, stderr)
	}
	s := catalogImport(t, "--db", db, "--tmdb", "testdata/tmdb/tmdb_5000_movies.csv")[0]
	// Anora: three cast and two crew (catering is not imported);
	// Northbound: its director; a movie the movies file lacks is skipped.
	if s.Titles != 3 || s.Bad != 1 || s.Credits != 6 || s.People != 6 || s.Skipped != 1 || len(s.Files) != 2 {
		t.Errorf("summary = %+v", s)
	}
	if s.Link.Linked != 2 {
		t.Errorf("link = %+v, want Northbound and The Lighthouse Keeper's Daughter", s.Link)
	}
	rep := filmJSON(t, db, "Northbound")[0]
	if catalogID(rep) != "tmdb:900002" {
		t.Errorf("Northbound linked to %q", catalogID(rep))
	}
	for _, c := range rep.Credits {
		if c.Role == "director" && !slices.Equal(c.CatalogSources, []string{"catalog:tmdb:900002"}) {
			t.Errorf("Northbound's director %+v lacks the catalogue's credit", c)
		}
	}
}

// TestCatalogImportTMDBRealFile imports the TMDB 5000 movies CSV of the
// shared data and links invented reviews of films in it, remakes among
// them.
func TestCatalogImportTMDBRealFile(t *testing.T) {
	movies := filepath.Join(sharedDir(t), "data", "tmdb-5000-movies", "tmdb_5000_movies.csv.gz")
	if _, err := os.Stat(movies); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is missing: %v", movies, err)
		}
		t.Skipf("no %s: %v", movies, err)
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	// Invented reviews, one line each, of films the CSV holds: Batman and
	// The Host are each two films there.
	type line struct {
		Film   string `json:"film"`
		Year   int    `json:"year,omitempty"`
		Critic string `json:"critic"`
		Text   string `json:"text"`
	}
	var jsonl strings.Builder
	for i, r := range []line{
		{Film: "Batman", Year: 1966},
		{Film: "Batman", Year: 1989},
		{Film: "The Host", Year: 2006},
		{Film: "The Host", Year: 2013},
		{Film: "Avatar", Year: 2010}, // released 2009: within a year
		{Film: "Batman"},             // no year, no director: not linked
	} {
		r.Critic = fmt.Sprintf("Invented Critic %d", i)
		r.Text = fmt.Sprintf("%s is a film I watched for this test, review number %d. "+
			"The acting is fine and the story moves along at a steady pace. "+
			"I would recommend it to anyone who enjoys this kind of film.", r.Film, i)
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		jsonl.Write(b)
		jsonl.WriteByte('\n')
	}
	input := filepath.Join(dir, "reviews.jsonl")
	if err := os.WriteFile(input, []byte(jsonl.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := cli(t, "", "ingest", "--db", db, "-q", input); code != 0 || !strings.Contains(stderr, "6 added") {
		t.Fatalf("ingest exited %d: %s", code, stderr)
	}
	s := catalogImport(t, "--db", db, "--tmdb", movies)[0]
	t.Logf("TMDB 5000 import: %d titles in %.2fs, %d films linked", s.Titles, s.Seconds, s.Link.Linked)
	if s.Titles != 4803 || s.Bad != 0 || s.Credits != 0 || len(s.Files) != 1 {
		t.Errorf("summary = %+v", s)
	}
	if s.Link.Linked != 5 || len(s.Link.Ambiguous) != 0 {
		t.Errorf("link = %+v, want 5 films linked, none ambiguous", s.Link)
	}
	tests := []struct {
		title string
		year  int
		want  string
	}{
		{"Batman", 1966, "tmdb:2661"},
		{"Batman", 1989, "tmdb:268"},
		{"The Host", 2006, "tmdb:1255"},
		{"The Host", 2013, "tmdb:72710"},
		{"Avatar", 2010, "tmdb:19995"},
	}
	for _, tt := range tests {
		reps := filmJSON(t, db, tt.title, "--year", fmt.Sprint(tt.year))
		if len(reps) != 1 || catalogID(reps[0]) != tt.want {
			t.Errorf("%s (%d): %+v, want linked to %s", tt.title, tt.year, reps, tt.want)
		}
	}
	for _, r := range filmJSON(t, db, "Batman") {
		if r.Year == 0 && r.Catalog != nil {
			t.Errorf("the year-less Batman film is linked to %q", catalogID(r))
		}
	}
	// A film the catalogue fills in: Avatar's runtime, from TMDB.
	avatar := filmJSON(t, db, "Avatar")[0]
	if avatar.RuntimeMinutes != 162 || avatar.FactSources["runtime_minutes"] != "catalog:tmdb:19995" {
		t.Errorf("Avatar: runtime %d from %q, want 162 from the catalogue", avatar.RuntimeMinutes, avatar.FactSources["runtime_minutes"])
	}
}

// TestFilmReportWithoutCatalog: with no catalogue imported, reports carry
// none of its fields.
func TestFilmReportWithoutCatalog(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	if _, stderr, code := cli(t, "", "ingest", "--db", db, "-q", "../../examples"); code != 0 {
		t.Fatalf("ingest exited %d: %s", code, stderr)
	}
	out, stderr, code := cli(t, "", "film", "Northbound", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("film exited %d: %s", code, stderr)
	}
	for _, field := range []string{`"catalog"`, `"catalog_sources"`, `"fact_sources"`, `"value_catalog_sources"`} {
		if strings.Contains(out, field) {
			t.Errorf("report without a catalogue has %s", field)
		}
	}
}
