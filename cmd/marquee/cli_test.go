package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/marquee-film/marquee/internal/review"
)

// cli runs marquee in-process and returns its stdout, stderr and status.
func cli(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	env := &environment{
		stdin:  strings.NewReader(stdin),
		stdout: &stdout,
		stderr: &stderr,
		getenv: func(k string) string {
			if k == "XDG_DATA_HOME" || k == "HOME" {
				return t.TempDir()
			}
			return ""
		},
	}
	code := run(context.Background(), env, args)
	return stdout.String(), stderr.String(), code
}

// sharedDir is ../shared beside the repository. Tests that need it skip
// when it is absent, except in CI, where its absence is a failure.
func sharedDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../../../shared")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but the shared data is missing: %v", err)
		}
		t.Skipf("no shared data at %s", dir)
	}
	return dir
}

func decodeReviews(t *testing.T, out string) []review.Review {
	t.Helper()
	var reviews []review.Review
	dec := json.NewDecoder(strings.NewReader(out))
	for dec.More() {
		var r review.Review
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("decode analyze output: %v\n%s", err, out)
		}
		reviews = append(reviews, r)
	}
	return reviews
}

func TestUsage(t *testing.T) {
	_, stderr, code := cli(t, "")
	if code != 2 || !strings.Contains(stderr, "analyze") {
		t.Fatalf("no-argument run: code %d, stderr %q", code, stderr)
	}
	_, stderr, code = cli(t, "", "no-such-command")
	if code != 2 || !strings.Contains(stderr, "unknown command") {
		t.Fatalf("unknown command: code %d, stderr %q", code, stderr)
	}
}

// TestSeedsAcceptance is the foundation issue's first acceptance check, on
// the three real scraped reviews of Anora.
func TestSeedsAcceptance(t *testing.T) {
	seeds, err := filepath.Glob(filepath.Join(sharedDir(t), "seeds", "*.txt"))
	if err != nil || len(seeds) != 3 {
		t.Fatalf("want 3 seeds, got %v (%v)", seeds, err)
	}
	out, stderr, code := cli(t, "", append([]string{"analyze", "--json"}, seeds...)...)
	if code != 0 {
		t.Fatalf("analyze exited %d: %s", code, stderr)
	}
	reviews := decodeReviews(t, out)
	if len(reviews) != 3 {
		t.Fatalf("want 3 reviews, got %d", len(reviews))
	}
	type pair struct{ person, character string }
	actorPairs := func(r review.Review) map[pair]bool {
		m := map[pair]bool{}
		for _, c := range r.Credits {
			if c.Role == "actor" {
				m[pair{c.Person, c.Character}] = true
			}
		}
		return m
	}
	for i, r := range reviews {
		if r.Film.Title != "Anora" {
			t.Errorf("seed %d: film %q, want Anora", i, r.Film.Title)
		}
		if r.Director == nil || *r.Director != "Sean Baker" {
			t.Errorf("seed %d: director %v, want Sean Baker", i, r.Director)
		}
	}
	// Seed 0: no rating, no spoiler warning, three pairs.
	if r := reviews[0]; r.Rating != nil || r.SpoilerWarning != nil {
		t.Errorf("seed 0: rating %+v, spoiler %v; want neither", r.Rating, r.SpoilerWarning)
	}
	wantPairs(t, 0, actorPairs(reviews[0]), []pair{
		{"Mikey Madison", "Ani"}, {"Mark Eidelstein", "Ivan"}, {"Karren Karagulian", "Toros"},
	})
	// Seed 1: 5/5 scored 100, runtime 138, a spoiler warning.
	r := reviews[1]
	if r.Rating == nil || r.Rating.Value != 5 || r.Rating.Max != 5 || r.Rating.Score != 100 {
		t.Errorf("seed 1: rating %+v, want 5/5 = 100", r.Rating)
	}
	if r.RuntimeMinutes == nil || *r.RuntimeMinutes != 138 {
		t.Errorf("seed 1: runtime %v, want 138", r.RuntimeMinutes)
	}
	if r.SpoilerWarning == nil {
		t.Error("seed 1: no spoiler warning found")
	}
	wantPairs(t, 1, actorPairs(r), []pair{{"Mikey Madison", "Ani"}, {"Mark Eydelshteyn", "Vanya"}})
	// Seed 2: spoiler warning, author Nic Chang, six pairs.
	r = reviews[2]
	if r.SpoilerWarning == nil {
		t.Error("seed 2: no spoiler warning found")
	}
	if r.Author != "Nic Chang" {
		t.Errorf("seed 2: author %q, want Nic Chang", r.Author)
	}
	got := actorPairs(r)
	wantPeople := map[string]string{
		"Mikey Madison": "Ani", "Mark Eydelshteyn": "Vanya", "Karren Karagulian": "Toros",
		"Vache Tovmasyan": "Garnik", "Yura Borisov": "Igor", "Darya Ekamasova": "Galina",
	}
	if len(got) != len(wantPeople) {
		t.Errorf("seed 2: %d actor pairs %v, want 6", len(got), got)
	}
	for p := range got {
		want, ok := wantPeople[p.person]
		if !ok || !strings.Contains(p.character, want) {
			t.Errorf("seed 2: unexpected pair %q as %q", p.person, p.character)
		}
	}
}

// wantPairs checks that the actor pairs are exactly want: nothing missing,
// nothing invented.
func wantPairs[P comparable](t *testing.T, seed int, got map[P]bool, want []P) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("seed %d: got pairs %v, want %v", seed, got, want)
		return
	}
	for _, p := range want {
		if !got[p] {
			t.Errorf("seed %d: missing pair %v (got %v)", seed, p, got)
		}
	}
}

func TestIngestTwiceAddsNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	_, stderr, code := cli(t, "", "ingest", "--db", db, "-q", "../../examples")
	if code != 0 {
		t.Fatalf("first ingest exited %d: %s", code, stderr)
	}
	var added int
	if _, err := fmt.Sscanf(stderr[strings.Index(stderr, "ingest:"):], "ingest: %d added", &added); err != nil || added < 15 {
		t.Fatalf("first ingest added %d (%v): %s", added, err, stderr)
	}
	_, stderr, code = cli(t, "", "ingest", "--db", db, "-q", "../../examples")
	if code != 0 {
		t.Fatalf("second ingest exited %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "ingest: 0 added") {
		t.Fatalf("second ingest added rows: %s", stderr)
	}
}

func TestReportCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	if _, stderr, code := cli(t, "", "ingest", "--db", db, "-q", "../../examples"); code != 0 {
		t.Fatalf("ingest exited %d: %s", code, stderr)
	}
	out, stderr, code := cli(t, "", "films", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("films exited %d: %s", code, stderr)
	}
	var films []struct {
		ID      int64  `json:"id"`
		Title   string `json:"title"`
		Reviews int    `json:"reviews"`
	}
	if err := json.Unmarshal([]byte(out), &films); err != nil {
		t.Fatalf("films --json: %v\n%s", err, out)
	}
	if len(films) < 5 || films[0].Reviews < 4 {
		t.Fatalf("films: %+v", films)
	}
	out, stderr, code = cli(t, "", "film", films[0].Title, "--db", db, "--json")
	if code != 0 {
		t.Fatalf("film exited %d: %s", code, stderr)
	}
	var film struct {
		Title   string `json:"title"`
		Reviews int    `json:"reviews"`
	}
	if err := json.Unmarshal([]byte(out), &film); err != nil || film.Title != films[0].Title || film.Reviews != films[0].Reviews {
		t.Fatalf("film --json: %+v %v\n%s", film, err, out)
	}
	out, stderr, code = cli(t, "", "review", "1", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("review exited %d: %s", code, stderr)
	}
	var one review.Review
	if err := json.Unmarshal([]byte(out), &one); err != nil || one.ID != 1 {
		t.Fatalf("review --json: %+v %v", one.ID, err)
	}
	out, stderr, code = cli(t, "", "search", "--db", db, "cinematography")
	if code != 0 || !strings.Contains(out, "⟦") {
		t.Fatalf("search exited %d, no highlighted hit: %s%s", code, out, stderr)
	}
	if _, _, code = cli(t, "", "review", "999999", "--db", db); code != 1 {
		t.Fatalf("missing review: exit %d, want 1", code)
	}
}

// TestReportsCommand: `marquee reports` saves every film's report, a second
// run finds them current, and `marquee film` prints the same report before
// and after (built, then read back).
func TestReportsCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	if _, stderr, code := cli(t, "", "ingest", "--db", db, "-q", "../../examples"); code != 0 {
		t.Fatalf("ingest exited %d: %s", code, stderr)
	}
	filmsOut, _, _ := cli(t, "", "films", "--db", db, "--json")
	var films []struct {
		Title string `json:"title"`
	}
	if err := json.Unmarshal([]byte(filmsOut), &films); err != nil || len(films) < 5 {
		t.Fatalf("films --json: %v\n%s", err, filmsOut)
	}
	before := map[string]string{}
	for _, f := range films {
		out, stderr, code := cli(t, "", "film", f.Title, "--db", db, "--json")
		if code != 0 {
			t.Fatalf("film %q exited %d: %s", f.Title, code, stderr)
		}
		before[f.Title] = out
	}
	run := func() reportsSummary {
		out, stderr, code := cli(t, "", "reports", "--db", db, "--json")
		if code != 0 {
			t.Fatalf("reports exited %d: %s", code, stderr)
		}
		var sum reportsSummary
		if err := json.Unmarshal([]byte(out), &sum); err != nil {
			t.Fatalf("reports --json: %v\n%s", err, out)
		}
		return sum
	}
	// The film commands above saved every report.
	if sum := run(); sum.Films != len(films) || sum.Current != len(films) || sum.Built != 0 {
		t.Errorf("reports after film: %+v, want all %d current", sum, len(films))
	}
	extra := filepath.Join(t.TempDir(), "more.jsonl")
	line, _ := json.Marshal(map[string]string{
		"film": films[0].Title, "critic": "Odile Fenwick", "rating": "3/4",
		"review": "A second look at " + films[0].Title + " finds the pacing patient and the ending earned.",
	})
	if err := os.WriteFile(extra, append(line, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := cli(t, "", "ingest", "--db", db, "-q", extra); code != 0 {
		t.Fatalf("second ingest exited %d: %s", code, stderr)
	}
	if sum := run(); sum.Built != 1 || sum.Current != len(films)-1 {
		t.Errorf("reports after a review of one film: %+v, want that film built, the others current", sum)
	}
	for i, f := range films {
		out, _, _ := cli(t, "", "film", f.Title, "--db", db, "--json")
		if changed := out != before[f.Title]; changed != (i == 0) {
			t.Errorf("film %q: report changed %v, want %v", f.Title, changed, i == 0)
		}
	}
	text, _, code := cli(t, "", "reports", "--db", db)
	if code != 0 || !strings.Contains(text, "current") {
		t.Errorf("reports: exit %d\n%s", code, text)
	}
}
