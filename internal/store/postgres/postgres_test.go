package postgres

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/marquee-film/marquee/internal/store"
	"github.com/marquee-film/marquee/internal/store/storetest"
)

// The tests need a PostgreSQL server. MARQUEE_TEST_POSTGRES is a URL of a
// role that may create databases; each test makes its own database and
// drops it at the end, so nothing depends on what the server holds.
const defaultAdminURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// The multi-process tests re-run this test binary as a writer process; the
// environment tells it what to do instead of running tests.
const (
	childEnv  = "MARQUEE_POSTGRES_TEST_CHILD" // "add": store reviews [from, to) in batches
	childDB   = "MARQUEE_POSTGRES_TEST_DB"
	childSeed = "MARQUEE_POSTGRES_TEST_SEED"
	childFrom = "MARQUEE_POSTGRES_TEST_FROM"
	childTo   = "MARQUEE_POSTGRES_TEST_TO"
	childSize = "MARQUEE_POSTGRES_TEST_BATCH"
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

func adminURL() string {
	if u := os.Getenv("MARQUEE_TEST_POSTGRES"); u != "" {
		return u
	}
	return defaultAdminURL
}

var (
	serverOnce sync.Once
	serverErr  error
)

// requireServer skips the test when no server answers, except under CI,
// where a missing server is a failure.
func requireServer(t testing.TB) {
	t.Helper()
	serverOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, adminURL())
		if err != nil {
			serverErr = err
			return
		}
		serverErr = conn.Close(ctx)
	})
	if serverErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL server at %s: %v", redacted(adminURL()), serverErr)
		}
		t.Skipf("no PostgreSQL server at %s (set MARQUEE_TEST_POSTGRES): %v", redacted(adminURL()), serverErr)
	}
}

func redacted(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "(unparsable URL)"
	}
	return p.Redacted()
}

// adminExec runs one statement on the admin database.
func adminExec(ctx context.Context, sql string) error {
	conn, err := pgx.Connect(ctx, adminURL())
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	return err
}

// newDatabase creates an empty database with a random name, dropped when
// the test ends, and returns its URL.
func newDatabase(t testing.TB) string {
	t.Helper()
	requireServer(t)
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	name := "marquee_test_" + hex.EncodeToString(b[:])
	ctx := context.Background()
	// The name is ours, made of [a-z0-9_]: safe to write into DDL, which
	// takes no parameters.
	if err := adminExec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		if err := adminExec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	u, err := url.Parse(adminURL())
	if err != nil {
		t.Fatalf("MARQUEE_TEST_POSTGRES must be a postgres:// URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

func openURL(t testing.TB, dbURL string) *DB {
	t.Helper()
	db, err := Open(context.Background(), dbURL)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func openTemp(t *testing.T) store.Store {
	t.Helper()
	db, err := Open(context.Background(), newDatabase(t))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return db
}

func TestConformance(t *testing.T) {
	requireServer(t)
	storetest.Run(t, openTemp)
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
func startChild(t *testing.T, dbURL string, seed, from, to, batch int) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(),
		childEnv+"=add", childDB+"="+dbURL, childSeed+"="+strconv.Itoa(seed),
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
	rows, err := db.pool.Query(ctx, `
		SELECT r.content_hash, coalesce(f.key, ''), r.doc::text, coalesce(r.body, ''), r.film_norm, r.film_year,
		       coalesce((SELECT string_agg(person || '/' || character || '/' || role, ';' ORDER BY position)
		                 FROM credits c WHERE c.review_id = r.id), ''),
		       r.search::text
		FROM reviews r LEFT JOIN films f ON f.id = r.film_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var hash, key, doc, body, norm, credits, vector string
		var year int32
		if err := rows.Scan(&hash, &key, &doc, &body, &norm, &year, &credits, &vector); err != nil {
			t.Fatal(err)
		}
		s.reviews[hash] = strings.Join([]string{key, doc, body, norm, strconv.Itoa(int(year)), credits, vector}, "\x1f")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	frows, err := db.pool.Query(ctx, `
		SELECT f.key, f.title, coalesce(f.year, 0), f.director, count(r.id)
		FROM films f LEFT JOIN reviews r ON r.film_id = f.id GROUP BY f.id ORDER BY f.key`)
	if err != nil {
		t.Fatal(err)
	}
	defer frows.Close()
	for frows.Next() {
		var key, title, director string
		var year int32
		var n int64
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

// cleanRun stores reviews [0, n) of seed in one writer, one batch after
// another, in a database of its own, and returns the result.
func cleanRun(t *testing.T, seed, n, batch int) snapshot {
	t.Helper()
	db := openURL(t, newDatabase(t))
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

// TestTwoHandlesWriteOneDatabase: two Stores (two pools) on one database,
// written from several goroutines with overlapping reviews, every batch
// touching the same titles. No error (no unique violation, no deadlock),
// every review stored once and reported added once, and the result is
// what one writer storing everything makes.
func TestTwoHandlesWriteOneDatabase(t *testing.T) {
	const seed, n, batch = 11, 600, 25
	dbURL := newDatabase(t)
	dbs := []*DB{openURL(t, dbURL), openURL(t, dbURL)}
	// Four writers, two per handle; ranges overlap pairwise and the
	// middle third is written by all four.
	ranges := [][2]int{{0, 400}, {200, n}, {0, n}, {100, 500}}
	var wg sync.WaitGroup
	added := make([]int, len(ranges))
	errs := make([]error, len(ranges))
	for w, r := range ranges {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rs := storetest.GenerateReviews(r[1], seed)[r[0]:]
			if w%2 == 1 {
				slices.Reverse(rs) // meet the others from the other end
			}
			for len(rs) > 0 {
				k := min(batch, len(rs))
				res, err := dbs[w%2].AddReviews(context.Background(), rs[:k])
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
	total := 0
	for w, err := range errs {
		if err != nil {
			t.Fatalf("writer %d: AddReviews: %v", w, err)
		}
		total += added[w]
	}
	if total != n {
		t.Errorf("writers added %v = %d, want %d", added, total, n)
	}
	if err := dbs[0].Check(context.Background()); err != nil {
		t.Fatalf("Check: %v", err)
	}
	if d := takeSnapshot(t, dbs[1]).diff(cleanRun(t, seed, n, batch)); d != "" {
		t.Errorf("concurrent writers made a different database than one:\n%s", d)
	}
}

// TestTwoProcessesWriteOneDatabase runs two writer processes at once on a
// new database (both also create its schema), with disjoint and
// overlapping reviews.
func TestTwoProcessesWriteOneDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	const seed, n, batch = 10, 600, 40
	dbURL := newDatabase(t)
	type result struct {
		added int
		err   error
	}
	results := make(chan result, 2)
	for _, r := range [][2]int{{0, 400}, {200, n}} {
		cmd, lines := startChild(t, dbURL, seed, r[0], r[1], batch)
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
	db := openURL(t, dbURL)
	if err := db.Check(context.Background()); err != nil {
		t.Fatalf("Check: %v", err)
	}
	if d := takeSnapshot(t, db).diff(cleanRun(t, seed, n, batch)); d != "" {
		t.Errorf("two writer processes made a different database than one:\n%s", d)
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
	dbURL := newDatabase(t)
	cmd, lines := startChild(t, dbURL, seed, 0, n, batch)
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

	db := openURL(t, dbURL)
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
	// kill cut off. (The server rolls back the killed client's open
	// transaction when it notices the connection closed.)
	if len(stored) != acked*batch && len(stored) != (acked+1)*batch {
		t.Errorf("%d reviews stored after %d acknowledged batches of %d: a partial batch", len(stored), acked, batch)
	}
	for _, r := range all[len(stored):] {
		if _, ok := stored[r.ContentHash]; ok {
			t.Fatalf("stored reviews are not a prefix of whole batches (%s)", r.Source)
		}
	}

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

// TestStoreOpen opens through store.Open, which finds this backend by the
// registration in init, and checks that a bad URL's password stays out of
// the error.
func TestStoreOpen(t *testing.T) {
	dbURL := newDatabase(t)
	ctx := context.Background()
	for _, dsn := range []string{dbURL, strings.Replace(dbURL, "postgres://", "postgresql://", 1)} {
		st, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatalf("store.Open(%q): %v", dsn, err)
		}
		storetest.Add(t, st, storetest.GenerateReviews(2, 14)...)
		if s, err := st.Stats(ctx); err != nil || s.Reviews != 2 {
			t.Errorf("Stats after adding the same 2 reviews twice = %+v, %v", s, err)
		}
		st.Close()
	}
	for _, bad := range []string{
		"postgres://marquee:s3cr3t@127.0.0.1:1/nodb?sslmode=disable&connect_timeout=2",
		"postgres://marquee:s3cr3t@127.0.0.1:5432/nodb?sslmode=bogus",
		"postgres://marquee:s3cr3t@127.0.0.1:notaport/nodb",
		"postgres://marquee:s3cr3t@127.0.0.1:5432/nodb?password=s3cr3t&connect_timeout=x",
		"postgres://marquee:s3cr3t@[::1/nodb",
	} {
		_, err := store.Open(ctx, bad)
		if err == nil {
			t.Errorf("store.Open(%q) succeeded", bad)
		} else if strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("store.Open error shows the password: %v", err)
		} else {
			t.Logf("%s: %v", bad, err)
		}
	}
}

func TestReopenKeepsData(t *testing.T) {
	dbURL := newDatabase(t)
	db := openURL(t, dbURL)
	rs := storetest.GenerateReviews(20, 15)
	storetest.Add(t, db, rs...)
	db.Close()
	db = openURL(t, dbURL)
	if n := countAdded(storetest.Add(t, db, storetest.GenerateReviews(20, 15)...)); n != 0 {
		t.Errorf("after reopening, %d of the same reviews were added again", n)
	}
	if got, err := db.Review(context.Background(), rs[7].ID); err != nil || got.ContentHash != rs[7].ContentHash {
		t.Errorf("Review after reopening = %v, %v", got, err)
	}
}

func TestRefusesNewerSchema(t *testing.T) {
	dbURL := newDatabase(t)
	db := openURL(t, dbURL)
	if _, err := db.pool.Exec(context.Background(), `INSERT INTO goose_db_version (version_id, is_applied) VALUES (9999, true)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if db, err := Open(context.Background(), dbURL); err == nil || !strings.Contains(err.Error(), "newer Marquee") {
		if db != nil {
			db.Close()
		}
		t.Errorf("Open of a database with a newer schema: error = %v", err)
	}
}

// TestConcurrentOpenOfNewDatabase: processes starting together on an
// empty database all create the schema; goose's lock lets one do it.
func TestConcurrentOpenOfNewDatabase(t *testing.T) {
	dbURL := newDatabase(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := Open(context.Background(), dbURL)
			if err == nil {
				_, err = db.AddReviews(context.Background(), storetest.GenerateReviews(5, 18))
				db.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("opener %d: %v", i, err)
		}
	}
}

func TestCheckFindsDamage(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		damage string
	}{
		{"film without reviews", `INSERT INTO films (key, norm_title, title) VALUES ('orphan', 'orphan', 'Orphan')`},
		{"review out of its film", `UPDATE reviews SET film_id = NULL WHERE id = (SELECT min(id) FROM reviews)`},
		{"credit lost", `DELETE FROM credits WHERE (review_id, position) = (SELECT review_id, position FROM credits LIMIT 1)`},
		{"review in another title's film", `
			UPDATE reviews SET film_id = (SELECT id FROM films WHERE norm_title <> reviews.film_norm LIMIT 1)
			WHERE id = (SELECT min(id) FROM reviews)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := openURL(t, newDatabase(t))
			storetest.Add(t, db, storetest.GenerateReviews(30, 16)...)
			if err := db.Check(ctx); err != nil {
				t.Fatalf("Check before the damage: %v", err)
			}
			if _, err := db.pool.Exec(ctx, tc.damage); err != nil {
				t.Fatal(err)
			}
			if err := db.Check(ctx); err == nil {
				t.Error("Check missed the damage")
			}
		})
	}
}

// TestStorableText: PostgreSQL text holds no NUL and no invalid UTF-8;
// both come back as U+FFFD, in the columns and in the JSON document.
func TestStorableText(t *testing.T) {
	db := openURL(t, newDatabase(t))
	r := storetest.GenerateReviews(1, 19)[0]
	r.Headline = "nul\x00here \xff bad"
	r.Credits[0].Person = "Ada\x00Brook"
	r.Awards = []string{"prize\x00", `literal \u0000 text`}
	r.FilmIDs = map[string]string{"k\x00": "v"}
	storetest.Add(t, db, r)
	got, err := db.Review(context.Background(), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Headline != "nul\uFFFDhere \uFFFD bad" || got.Credits[0].Person != "Ada\uFFFDBrook" ||
		!slices.Equal(got.Awards, []string{"prize\uFFFD", `literal \u0000 text`}) || got.FilmIDs["k\uFFFD"] != "v" {
		t.Errorf("stored review: headline %q, credit %q, awards %q, film IDs %q", got.Headline, got.Credits[0].Person, got.Awards, got.FilmIDs)
	}
}

// TestTSQueryIsParameterised: the SQL tsQuery writes depends only on the
// number of terms and which are prefixes, never on their text, which
// travels as parameters.
func TestTSQueryIsParameterised(t *testing.T) {
	for _, q := range append(slices.Clone(storetest.HostileQueries), "tend* \"copper sky\" o'brien", "a:* & !b | c") {
		terms := store.ParseQuery(q)
		sql, args := tsQuery(terms)
		blank := make([]store.Term, len(terms))
		for i, term := range terms {
			blank[i] = store.Term{Text: "x", Prefix: term.Prefix}
			if args[i] != storable(term.Text) {
				t.Errorf("query %q: parameter %d = %q, want the term's text %q", q, i+1, args[i], term.Text)
			}
		}
		if want, _ := tsQuery(blank); sql != want {
			t.Errorf("query %q: SQL depends on the terms' text:\n%s\n%s", q, sql, want)
		}
	}
}

func FuzzSearch(f *testing.F) {
	for _, q := range storetest.HostileQueries {
		f.Add(q)
	}
	requireServer(f)
	db := openURL(f, newDatabase(f))
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

// cpuTime is the process's user and system CPU time (the client's share;
// the server's work is in wall time only).
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
	db := openURL(b, newDatabase(b))
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
	b.ReportMetric(float64(b.N*batch)/cpu.Seconds(), "reviews/client-cpu-s")
}

// BenchmarkSearch queries 5,000 generated reviews. The generated text has
// a small vocabulary, so "common word" matches every review: the worst
// case, where ranking all matches dominates.
func BenchmarkSearch(b *testing.B) {
	db := openURL(b, newDatabase(b))
	ctx := context.Background()
	for i := range 10 {
		if _, err := db.AddReviews(ctx, storetest.GenerateReviews(500, uint64(2000+i))); err != nil {
			b.Fatal(err)
		}
	}
	// What autovacuum does soon after an ingest: merge the GIN index's
	// pending list, without which the planner prefers a sequential scan.
	if _, err := db.pool.Exec(ctx, `VACUUM ANALYZE reviews`); err != nil {
		b.Fatal(err)
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
			for b.Loop() {
				if _, err := db.Search(ctx, bc.query, 20); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestLongValuesUseLZ4 checks migration 00008 on a server built with LZ4:
// reviews' long values are compressed with it.
func TestLongValuesUseLZ4(t *testing.T) {
	db := openURL(t, newDatabase(t))
	ctx := context.Background()
	if _, err := db.pool.Exec(ctx, "SET default_toast_compression = lz4"); err != nil {
		t.Skipf("this server has no LZ4: %v", err)
	}
	rows, err := db.pool.Query(ctx, `SELECT attname, attcompression FROM pg_attribute
		WHERE attrelid = 'reviews'::regclass AND attname IN ('body', 'doc', 'search') ORDER BY attname`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var name, method string
		if err := rows.Scan(&name, &method); err != nil {
			t.Fatal(err)
		}
		got = append(got, name+"="+method)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if want := "body=l doc=l search=l"; strings.Join(got, " ") != want {
		t.Errorf("compression %v, want %s", got, want)
	}
}
