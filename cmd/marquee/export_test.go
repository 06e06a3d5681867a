package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/marquee-film/marquee/internal/aggregate"
	"github.com/marquee-film/marquee/internal/store"
)

// exportLines reads an export file and returns its lines with the review
// IDs removed, sorted by content hash.
func exportLines(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	type keyed struct{ hash, line string }
	var lines []keyed
	for _, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		var rec map[string]json.RawMessage
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("%s: %v\n%s", path, err, line)
		}
		if _, ok := rec["body"]; !ok {
			t.Fatalf("%s: a line without the body: %.200s", path, line)
		}
		var hash string
		if err := json.Unmarshal(rec["content_hash"], &hash); err != nil || hash == "" {
			t.Fatalf("%s: a line without a content hash: %.200s", path, line)
		}
		delete(rec, "id")
		stripped, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, keyed{hash, string(stripped)})
	}
	slices.SortFunc(lines, func(a, b keyed) int { return strings.Compare(a.hash, b.hash) })
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = l.line
	}
	return out
}

// filmReportsOf builds every film's report, keyed by title and year, as
// JSON with the film's own ID left out (the IDs of its reviews stay: an
// import in export order numbers them the same).
func filmReportsOf(t *testing.T, db string) map[string]string {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	films, err := st.Films(ctx, store.FilmQuery{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range films {
		reviews, err := st.FilmReviews(ctx, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		rep := aggregate.Build(0, f.Title, f.Year, f.Director, reviews)
		b, err := json.Marshal(rep)
		if err != nil {
			t.Fatal(err)
		}
		out[fmt.Sprintf("%s (%d)", f.Title, f.Year)] = string(b)
	}
	return out
}

// TestExportImportRoundTrip: ingest the examples, export, import into a
// fresh database, export again: the two exports hold the same reviews
// byte for byte (IDs aside), and every film's report is the same.
func TestExportImportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	first := filepath.Join(dir, "first.db")
	if _, stderr, code := cli(t, "", "ingest", "-q", "--db", first, "../../examples"); code != 0 {
		t.Fatalf("ingest exited %d: %s", code, stderr)
	}
	exp1 := filepath.Join(dir, "first.jsonl")
	_, stderr, code := cli(t, "", "export", "--db", first, exp1)
	if code != 0 {
		t.Fatalf("export exited %d: %s", code, stderr)
	}
	second := filepath.Join(dir, "second.db")
	_, stderr, code = cli(t, "", "import", "--db", second, exp1)
	if code != 0 {
		t.Fatalf("import exited %d: %s", code, stderr)
	}
	lines1 := exportLines(t, exp1)
	if !strings.Contains(stderr, "import: "+strconv.Itoa(len(lines1))+" read, "+strconv.Itoa(len(lines1))+" added, 0 duplicate") {
		t.Fatalf("import summary: %s", stderr)
	}
	// Through standard output this time.
	out, stderr, code := cli(t, "", "export", "--db", second)
	if code != 0 {
		t.Fatalf("second export exited %d: %s", code, stderr)
	}
	exp2 := filepath.Join(dir, "second.jsonl")
	if err := os.WriteFile(exp2, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	lines2 := exportLines(t, exp2)
	if len(lines1) < 15 {
		t.Fatalf("the examples exported only %d reviews", len(lines1))
	}
	if len(lines1) != len(lines2) {
		t.Fatalf("first export %d reviews, second %d", len(lines1), len(lines2))
	}
	for i := range lines1 {
		if lines1[i] != lines2[i] {
			t.Fatalf("exports differ at review %d:\n%s\n%s", i+1, lines1[i], lines2[i])
		}
	}
	reports1, reports2 := filmReportsOf(t, first), filmReportsOf(t, second)
	if len(reports1) == 0 || len(reports1) != len(reports2) {
		t.Fatalf("%d films before, %d after", len(reports1), len(reports2))
	}
	for k, r1 := range reports1 {
		if r2 := reports2[k]; r1 != r2 {
			t.Errorf("film %s: report differs after the round trip:\n%s\n%s", k, r1, r2)
		}
	}
	// Importing again adds nothing.
	_, stderr, code = cli(t, "", "import", "--db", second, exp1)
	if code != 0 || !strings.Contains(stderr, " 0 added, "+strconv.Itoa(len(lines1))+" duplicate") {
		t.Fatalf("second import exited %d: %s", code, stderr)
	}
	t.Logf("round trip: %d reviews, %d films identical", len(lines1), len(reports1))
}

func TestImportRefusesBadLines(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	if _, stderr, code := cli(t, "", "ingest", "-q", "--db", db, "../../examples/text"); code != 0 {
		t.Fatalf("ingest exited %d: %s", code, stderr)
	}
	good, stderr, code := cli(t, "", "export", "--db", db)
	if code != 0 || good == "" {
		t.Fatalf("export exited %d: %s", code, stderr)
	}
	firstLine, _, _ := strings.Cut(good, "\n")
	cases := []struct {
		name, input, want string
	}{
		{"not JSON", firstLine + "\n{not json\n", "line 2: not an export line"},
		{"no content hash", `{"source":"x","body":["a"]}` + "\n", "line 1: not an export line: no content_hash"},
		{"null", "null\n", "line 1: not an export line: no content_hash"},
		{"an array", "[1,2]\n", "line 1: not an export line"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fresh := filepath.Join(t.TempDir(), "fresh.db")
			_, stderr, code := cli(t, c.input, "import", "--db", fresh, "-")
			if code != 1 || !strings.Contains(stderr, c.want) {
				t.Fatalf("exit %d, stderr %q; want 1 and %q", code, stderr, c.want)
			}
		})
	}
	if _, stderr, code := cli(t, "", "import", "--db", filepath.Join(dir, "x.db")); code != 2 {
		t.Fatalf("import without a file: exit %d: %s", code, stderr)
	}
}

// TestBackupDuringIngest backs up a SQLite database while another process
// ingests into it; the copy must pass Check and hold a whole number of the
// ingest's committed batches, each review once.
func TestBackupDuringIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildMarquee(t)
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus.jsonl")
	// Large enough, and processed on one core, for the ingest to be still
	// running when the backup is taken on any machine.
	const n = 20000
	writeCorpus(t, corpus, n)
	db := filepath.Join(dir, "live.db")
	cmd := exec.Command(bin, "ingest", "-q", "--parallel", "1", "--db", db, corpus)
	var ingestErr bytes.Buffer
	cmd.Stderr = &ingestErr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	waitForReviews(t, db, 1)
	dest := filepath.Join(dir, "copy.db")
	_, stderr, code := cli(t, "", "backup", "--db", db, dest)
	if code != 0 || !strings.Contains(stderr, "check ok") {
		t.Fatalf("backup exited %d: %s", code, stderr)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("ingest: %v\n%s", err, ingestErr.String())
	}
	copied := storedHashes(t, dest) // runs Check, fails on a duplicate
	if len(copied) == 0 || len(copied) == n || len(copied)%ingestBatchSize != 0 {
		t.Fatalf("the copy holds %d reviews; want whole batches of %d, some but not all %d", len(copied), ingestBatchSize, n)
	}
	all := storedHashes(t, db)
	for _, h := range copied {
		if _, found := slices.BinarySearch(all, h); !found {
			t.Fatalf("the copy holds %s, which the source does not", h)
		}
	}
	// The destination now exists: a second backup must refuse it.
	if _, stderr, code := cli(t, "", "backup", "--db", db, dest); code != 2 || !strings.Contains(stderr, "already exists") {
		t.Fatalf("backup over an existing file: exit %d: %s", code, stderr)
	}
	t.Logf("backup taken with %d of %d reviews committed", len(copied), n)
}

// waitForReviews polls db until it holds at least n reviews.
func waitForReviews(t *testing.T, db string, n int) int {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		if got := countReviews(db); got >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not reach %d reviews within 60s", db, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// countReviews is the number of reviews committed in db, -1 when it cannot
// be read yet.
func countReviews(db string) int {
	if _, err := os.Stat(db); err != nil {
		return -1
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		return -1
	}
	defer st.Close()
	s, err := st.Stats(context.Background())
	if err != nil {
		return -1
	}
	return s.Reviews
}
