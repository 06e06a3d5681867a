package sqlite

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/marquee-film/marquee/internal/store"
	"github.com/marquee-film/marquee/internal/store/storetest"
)

// The multi-process tests re-run this test binary as a writer process; the
// environment tells it what to do instead of running tests.
const (
	childEnv  = "MARQUEE_SQLITE_TEST_CHILD" // "add": store reviews [from, to) in batches
	childDB   = "MARQUEE_SQLITE_TEST_DB"
	childSeed = "MARQUEE_SQLITE_TEST_SEED"
	childFrom = "MARQUEE_SQLITE_TEST_FROM"
	childTo   = "MARQUEE_SQLITE_TEST_TO"
	childSize = "MARQUEE_SQLITE_TEST_BATCH"
)

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		if err := runChild(); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// runChild stores generated reviews [from, to) of seed in batches, printing
// "ack FIRST ADDED" after each batch commits and "done ADDED" at the end.
func runChild() error {
	env := map[string]int{}
	for _, k := range []string{childSeed, childFrom, childTo, childSize} {
		v, err := strconv.Atoi(os.Getenv(k))
		if err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
		env[k] = v
	}
	ctx := context.Background()
	db, err := Open(ctx, os.Getenv(childDB))
	if err != nil {
		return err
	}
	defer db.Close()
	out := bufio.NewWriter(os.Stdout)
	rs := storetest.GenerateReviews(env[childTo], uint64(env[childSeed]))
	added := 0
	for first := env[childFrom]; first < env[childTo]; first += env[childSize] {
		res, err := db.AddReviews(ctx, rs[first:min(first+env[childSize], env[childTo])])
		if err != nil {
			return err
		}
		n := countAdded(res)
		added += n
		// Flushed per batch: a line the parent reads is an acknowledged commit.
		fmt.Fprintf(out, "ack %d %d\n", first, n)
		if err := out.Flush(); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "done %d\n", added)
	return out.Flush()
}

func countAdded(res []store.AddResult) int {
	n := 0
	for _, r := range res {
		if r.Added {
			n++
		}
	}
	return n
}

// startChild starts a writer process storing reviews [from, to) of seed.
func startChild(t *testing.T, path string, seed, from, to, batch int) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(),
		childEnv+"=add", childDB+"="+path, childSeed+"="+strconv.Itoa(seed),
		childFrom+"="+strconv.Itoa(from), childTo+"="+strconv.Itoa(to), childSize+"="+strconv.Itoa(batch))
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start writer process: %v", err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return cmd, bufio.NewScanner(stdout)
}

func openTemp(t *testing.T) store.Store {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "marquee.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return db
}

func openPath(t testing.TB, path string) *DB {
	t.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, openTemp)
}

// snapshot is a database's content without its row IDs: each review's
// film key and stored form by content hash, and each film's key, title,
// year, director and review count.
type snapshot struct {
	reviews map[string]string
	films   []string
}

func takeSnapshot(t *testing.T, db *DB) snapshot {
	t.Helper()
	ctx := context.Background()
	s := snapshot{reviews: map[string]string{}}
	rows, err := db.read.QueryContext(ctx, `
		SELECT r.content_hash, coalesce(f.key, ''), r.doc, coalesce(r.body, ''), r.film_norm, r.film_year,
		       (SELECT group_concat(person || '/' || character || '/' || role, ';')
		        FROM (SELECT * FROM credits c WHERE c.review_id = r.id ORDER BY position))
		FROM reviews r LEFT JOIN films f ON f.id = r.film_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var hash, key, doc, body, norm string
		var year int
		var credits sql.NullString
		if err := rows.Scan(&hash, &key, &doc, &body, &norm, &year, &credits); err != nil {
			t.Fatal(err)
		}
		s.reviews[hash] = strings.Join([]string{key, doc, body, norm, strconv.Itoa(year), credits.String}, "\x1f")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	frows, err := db.read.QueryContext(ctx, `
		SELECT f.key, f.title, coalesce(f.year, 0), f.director, count(r.id)
		FROM films f LEFT JOIN reviews r ON r.film_id = f.id GROUP BY f.id ORDER BY f.key`)
	if err != nil {
		t.Fatal(err)
	}
	defer frows.Close()
	for frows.Next() {
		var key, title, director string
		var year, n int
		if err := frows.Scan(&key, &title, &year, &director, &n); err != nil {
			t.Fatal(err)
		}
		s.films = append(s.films, fmt.Sprintf("%s|%s|%d|%s|%d", key, title, year, director, n))
	}
	if err := frows.Err(); err != nil {
		t.Fatal(err)
	}
	return s
}

func (s snapshot) diff(o snapshot) string {
	var b strings.Builder
	for h, v := range s.reviews {
		if w, ok := o.reviews[h]; !ok {
			fmt.Fprintf(&b, "review %s only in the first\n", h)
		} else if v != w {
			fmt.Fprintf(&b, "review %s differs:\n  %.200q\n  %.200q\n", h, v, w)
		}
	}
	for h := range o.reviews {
		if _, ok := s.reviews[h]; !ok {
			fmt.Fprintf(&b, "review %s only in the second\n", h)
		}
	}
	if !slices.Equal(s.films, o.films) {
		fmt.Fprintf(&b, "films differ:\n  %q\n  %q\n", s.films, o.films)
	}
	return b.String()
}

// cleanRun stores reviews [0, n) of seed in one process, one batch after
// another, and returns the result.
func cleanRun(t *testing.T, seed, n, batch int) snapshot {
	t.Helper()
	db := openPath(t, filepath.Join(t.TempDir(), "clean.db"))
	rs := storetest.GenerateReviews(n, uint64(seed))
	for len(rs) > 0 {
		k := min(batch, len(rs))
		storetest.Add(t, db, rs[:k]...)
		rs = rs[k:]
	}
	if err := db.Check(context.Background()); err != nil {
		t.Fatalf("Check after the clean run: %v", err)
	}
	return takeSnapshot(t, db)
}

// TestTwoProcessesWriteOneFile runs two writer processes at once on a new
// file, with disjoint and overlapping reviews: both finish, every review
// is stored once, and the result is what one process storing everything
// makes (the film grouping does not depend on the interleaving).
func TestTwoProcessesWriteOneFile(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	const seed, n, batch = 10, 600, 40
	path := filepath.Join(t.TempDir(), "shared.db")
	type result struct {
		added int
		err   error
	}
	results := make(chan result, 2)
	for _, r := range [][2]int{{0, 400}, {200, n}} {
		cmd, lines := startChild(t, path, seed, r[0], r[1], batch)
		go func() {
			added := -1
			for lines.Scan() {
				if v, ok := strings.CutPrefix(lines.Text(), "done "); ok {
					added, _ = strconv.Atoi(v)
				}
			}
			err := cmd.Wait()
			if err == nil && added < 0 {
				err = fmt.Errorf("writer exited without reporting")
			}
			results <- result{added, err}
		}()
	}
	total := 0
	for range 2 {
		r := <-results
		if r.err != nil {
			t.Fatalf("writer process: %v", r.err)
		}
		total += r.added
	}
	if total != n {
		t.Errorf("the writers added %d reviews together, want %d", total, n)
	}
	db := openPath(t, path)
	if err := db.Check(context.Background()); err != nil {
		t.Fatalf("Check: %v", err)
	}
	if d := takeSnapshot(t, db).diff(cleanRun(t, seed, n, batch)); d != "" {
		t.Errorf("two writer processes made a different database than one:\n%s", d)
	}
}

// TestTwoConnectionsWriteOneFile is the in-process version: two Stores on
// one file, written from two goroutines.
func TestTwoConnectionsWriteOneFile(t *testing.T) {
	const seed, n, batch = 11, 300, 25
	path := filepath.Join(t.TempDir(), "shared.db")
	dbs := []*DB{openPath(t, path), openPath(t, path)}
	var wg sync.WaitGroup
	added := make([]int, 2)
	errs := make([]error, 2)
	for w, r := range [][2]int{{0, 200}, {100, n}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rs := storetest.GenerateReviews(r[1], seed)[r[0]:]
			for len(rs) > 0 {
				k := min(batch, len(rs))
				res, err := dbs[w].AddReviews(context.Background(), rs[:k])
				if err != nil {
					errs[w] = err
					return
				}
				added[w] += countAdded(res)
				rs = rs[k:]
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("AddReviews: %v", err)
		}
	}
	if added[0]+added[1] != n {
		t.Errorf("added %d + %d, want %d", added[0], added[1], n)
	}
	if err := dbs[0].Check(context.Background()); err != nil {
		t.Fatalf("Check: %v", err)
	}
	if d := takeSnapshot(t, dbs[1]).diff(cleanRun(t, seed, n, batch)); d != "" {
		t.Errorf("two writers made a different database than one:\n%s", d)
	}
}

// TestKilledIngestResumes kills a writer process midway, checks that every
// batch it acknowledged is stored and no partial batch is, re-runs the
// whole ingest and compares the result with a clean run.
func TestKilledIngestResumes(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	const seed, n, batch = 12, 1200, 30
	const killAfter = 4 // acknowledged batches
	path := filepath.Join(t.TempDir(), "crash.db")
	cmd, lines := startChild(t, path, seed, 0, n, batch)
	acked := 0
	for lines.Scan() {
		if strings.HasPrefix(lines.Text(), "done") {
			t.Fatal("the writer finished before it could be killed; make the ingest longer")
		}
		if strings.HasPrefix(lines.Text(), "ack ") {
			acked++
		}
		if acked == killAfter {
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatalf("kill: %v", err)
			}
			break
		}
	}
	// Lines already in the pipe were printed after their commit: they
	// are acknowledged too.
	for lines.Scan() {
		if strings.HasPrefix(lines.Text(), "ack ") {
			acked++
		}
	}
	if err := cmd.Wait(); err == nil {
		t.Fatal("the writer was not killed")
	}
	t.Logf("killed after %d acknowledged batches", acked)

	db := openPath(t, path)
	ctx := context.Background()
	if err := db.Check(ctx); err != nil {
		t.Fatalf("Check after the kill: %v", err)
	}
	stored := takeSnapshot(t, db).reviews
	all := storetest.GenerateReviews(n, seed)
	for i, r := range all[:acked*batch] {
		if _, ok := stored[r.ContentHash]; !ok {
			t.Fatalf("review %d of an acknowledged batch is missing", i)
		}
	}
	// Batches are atomic: what is stored is whole batches, all of the
	// acknowledged ones and at most the one whose acknowledgement the
	// kill cut off.
	if len(stored) != acked*batch && len(stored) != (acked+1)*batch {
		t.Errorf("%d reviews stored after %d acknowledged batches of %d: a partial batch", len(stored), acked, batch)
	}
	for _, r := range all[len(stored):] {
		if _, ok := stored[r.ContentHash]; ok {
			t.Fatalf("stored reviews are not a prefix of whole batches (%s)", r.Source)
		}
	}

	// Re-run the whole ingest: already stored reviews are duplicates.
	added := 0
	for rs := all; len(rs) > 0; {
		k := min(batch, len(rs))
		added += countAdded(storetest.Add(t, db, rs[:k]...))
		rs = rs[k:]
	}
	if added != n-len(stored) {
		t.Errorf("the re-run added %d reviews, want %d", added, n-len(stored))
	}
	if err := db.Check(ctx); err != nil {
		t.Fatalf("Check after the re-run: %v", err)
	}
	if d := takeSnapshot(t, db).diff(cleanRun(t, seed, n, batch)); d != "" {
		t.Errorf("killed and re-run ingest differs from a clean run:\n%s", d)
	}
}

func TestPragmas(t *testing.T) {
	db := openPath(t, filepath.Join(t.TempDir(), "p.db"))
	ctx := context.Background()
	want := map[string]string{
		"journal_mode": "wal",
		"synchronous":  "1", // NORMAL
		"foreign_keys": "1",
		"busy_timeout": strconv.FormatInt(busyTimeout.Milliseconds(), 10),
		// The writer's alone: readers never checkpoint.
		"wal_autocheckpoint": strconv.Itoa(writerCheckpointPages),
	}
	for pragma, v := range want {
		for name, pool := range map[string]*sql.DB{"writer": db.write, "reader": db.read} {
			if (pragma == "synchronous" || pragma == "wal_autocheckpoint") && name == "reader" {
				continue
			}
			var got string
			if err := pool.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
				t.Fatalf("%s PRAGMA %s: %v", name, pragma, err)
			}
			if got != v {
				t.Errorf("%s PRAGMA %s = %s, want %s", name, pragma, got, v)
			}
		}
	}
	if _, err := db.read.ExecContext(ctx, `DELETE FROM films`); err == nil {
		t.Error("the read pool accepted a write")
	}
	if n := db.write.Stats().MaxOpenConnections; n != 1 {
		t.Errorf("writer pool allows %d connections, want 1", n)
	}
}

// TestFullTextMergeWidth holds migration 00008: the full-text index merges
// 16 segments at a time, which the ingest's speed depends on.
func TestFullTextMergeWidth(t *testing.T) {
	db := openPath(t, filepath.Join(t.TempDir(), "m.db"))
	var got string
	if err := db.read.QueryRowContext(context.Background(),
		`SELECT v FROM reviews_fts_config WHERE k = 'automerge'`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != "16" {
		t.Errorf("automerge = %s, want 16", got)
	}
}

func TestOpenPaths(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{
		"nested/dirs/that/do/not/exist/m.db",
		"with space/m.db",
		"odd?name#with%chars.db",
		"ünïcode/m.db",
	} {
		path := filepath.Join(dir, name)
		db, err := Open(context.Background(), path)
		if err != nil {
			t.Errorf("Open(%q): %v", name, err)
			continue
		}
		storetest.Add(t, db, storetest.GenerateReviews(1, 13)...)
		db.Close()
		if _, err := os.Stat(path); err != nil {
			t.Errorf("Open(%q) did not create the file there: %v", name, err)
		}
	}
}

// TestStoreOpen opens through store.Open, which finds this backend by the
// registration in init.
func TestStoreOpen(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	for _, dsn := range []string{
		filepath.Join(dir, "plain.db"),
		"sqlite://" + filepath.Join(dir, "url.db"),
		"file:" + filepath.Join(dir, "file.db"),
	} {
		st, err := store.Open(ctx, dsn)
		if err != nil {
			t.Errorf("store.Open(%q): %v", dsn, err)
			continue
		}
		storetest.Add(t, st, storetest.GenerateReviews(2, 14)...)
		st.Close()
	}
	for _, f := range []string{"plain.db", "url.db", "file.db"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	if _, err := store.Open(ctx, "postgres://localhost/marquee"); err == nil || !strings.Contains(err.Error(), "not supported yet") {
		t.Errorf("store.Open(postgres://…) error = %v", err)
	}
}

func TestReopenKeepsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	rs := storetest.GenerateReviews(20, 15)
	storetest.Add(t, db, rs...)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = openPath(t, path)
	res := storetest.Add(t, db, storetest.GenerateReviews(20, 15)...)
	if n := countAdded(res); n != 0 {
		t.Errorf("after reopening, %d of the same reviews were added again", n)
	}
	if got, err := db.Review(context.Background(), rs[7].ID); err != nil || got.ContentHash != rs[7].ContentHash {
		t.Errorf("Review after reopening = %v, %v", got, err)
	}
}

func TestRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	db := openPath(t, path)
	if _, err := db.write.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (9999, 1)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(context.Background(), path); err == nil || !strings.Contains(err.Error(), "newer Marquee") {
		t.Errorf("Open of a database with a newer schema: error = %v", err)
	}
}

func TestRejectsNonDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(path, []byte(strings.Repeat("not a database\n", 200)), 0o644); err != nil {
		t.Fatal(err)
	}
	if db, err := Open(context.Background(), path); err == nil {
		db.Close()
		t.Error("Open of a text file succeeded")
	}
}

func TestCheckFindsDamage(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		damage string
	}{
		{"index entry missing", `INSERT INTO reviews_fts (reviews_fts, rowid, headline, author, publication, film_title, body)
			SELECT 'delete', id, headline, author, publication, film_title, body FROM reviews LIMIT 1`},
		{"film without reviews", `INSERT INTO films (key, norm_title, title) VALUES ('orphan', 'orphan', 'Orphan')`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := openPath(t, filepath.Join(t.TempDir(), "m.db"))
			storetest.Add(t, db, storetest.GenerateReviews(5, 16)...)
			if err := db.Check(ctx); err != nil {
				t.Fatalf("Check before the damage: %v", err)
			}
			if _, err := db.write.ExecContext(ctx, tc.damage); err != nil {
				t.Fatal(err)
			}
			if err := db.Check(ctx); err == nil {
				t.Error("Check missed the damage")
			}
		})
	}
}

func TestEncodeBody(t *testing.T) {
	tests := [][]string{nil, {}, {""}, {"a"}, {"a", "b"}, {"a", ""}, {"", "a"}, {"a\nb"}, {"a\r\n", "b"}, {"", ""}}
	for _, body := range tests {
		text, kept := encodeBody(body)
		got := decodeBody(text, kept)
		if !slices.Equal(got, body) || (got == nil) != (body == nil) {
			t.Errorf("body %q came back as %q", body, got)
		}
		needsJSON := (len(body) == 1 && body[0] == "") || slices.ContainsFunc(body, func(s string) bool { return strings.Contains(s, "\n") })
		if (kept != nil) != needsJSON {
			t.Errorf("body %q: kept in JSON = %v, want %v", body, kept != nil, needsJSON)
		}
	}
}

func FuzzSearch(f *testing.F) {
	for _, q := range storetest.HostileQueries {
		f.Add(q)
	}
	db, err := Open(context.Background(), filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	if _, err := db.AddReviews(context.Background(), storetest.GenerateReviews(20, 17)); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		hits, err := db.Search(context.Background(), q, 5)
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		if len(hits) > 5 {
			t.Fatalf("Search(%q) returned %d hits, limit 5", q, len(hits))
		}
	})
}

// cpuTime is the process's user and system CPU time. The benchmarks report
// it per operation too: on a shared machine it varies less than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkAddReviews stores batches of 500 generated reviews of about the
// size of a scraped web review into a growing database.
func BenchmarkAddReviews(b *testing.B) {
	const batch = 500
	db := openPath(b, filepath.Join(b.TempDir(), "bench.db"))
	ctx := context.Background()
	var cpu time.Duration
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		rs := storetest.GenerateReviews(batch, uint64(1000+i))
		b.StartTimer()
		start := cpuTime()
		if _, err := db.AddReviews(ctx, rs); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - start
	}
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "reviews/s")
	b.ReportMetric(float64(b.N*batch)/cpu.Seconds(), "reviews/cpu-s")
}

// BenchmarkSearch queries 5,000 generated reviews. The generated text has
// a small vocabulary, so "common word" matches every review: the worst
// case, where ranking all matches dominates.
func BenchmarkSearch(b *testing.B) {
	db := openPath(b, filepath.Join(b.TempDir(), "bench.db"))
	ctx := context.Background()
	for i := range 10 {
		if _, err := db.AddReviews(ctx, storetest.GenerateReviews(500, uint64(2000+i))); err != nil {
			b.Fatal(err)
		}
	}
	for _, bc := range []struct{ name, query string }{
		{"common word", "lantern"},
		{"two common words", "luminous ending"},
		{"prefix", "tend*"},
		{"phrase", `"copper sky"`},
		{"critic", "Maren Holt"},
		{"no match", "zzyzx"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var cpu time.Duration
			for b.Loop() {
				start := cpuTime()
				if _, err := db.Search(ctx, bc.query, 20); err != nil {
					b.Fatal(err)
				}
				cpu += cpuTime() - start
			}
			b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/op")
		})
	}
}
