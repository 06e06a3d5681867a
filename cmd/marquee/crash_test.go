package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/marquee-film/marquee/internal/queue"
	"github.com/marquee-film/marquee/internal/store"
)

// crashSeed makes the kill points reproducible; MARQUEE_CRASH_SEED picks
// others.
func crashSeed(t *testing.T) uint64 {
	seed := uint64(20261124)
	if s := os.Getenv("MARQUEE_CRASH_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("MARQUEE_CRASH_SEED: %v", err)
		}
		seed = v
	}
	t.Logf("kill points from seed %d (set MARQUEE_CRASH_SEED to change)", seed)
	return seed
}

// crashPoints is how many times each crash test kills: 50, or 5 with -short.
func crashPoints() int {
	if testing.Short() {
		return 5
	}
	return 50
}

// ackedRun is a marquee process started with --ack-log -, whose acks are
// read as it prints them.
type ackedRun struct {
	cmd    *exec.Cmd
	stderr bytes.Buffer
	mu     sync.Mutex
	acks   []ack
	// firstAck and lastAck are when the first and the last ack line came.
	firstAck, lastAck time.Time
	more              chan struct{} // signalled on every ack line
	exited            chan struct{} // closed once the process has been waited for
	err               error         // from Wait
}

func startAcked(t *testing.T, bin string, env []string, args ...string) *ackedRun {
	t.Helper()
	r := &ackedRun{cmd: exec.Command(bin, args...), more: make(chan struct{}, 1), exited: make(chan struct{})}
	r.cmd.Env = append(os.Environ(), env...)
	r.cmd.Stderr = &r.stderr
	out, err := r.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			var a ack
			if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
				// A torn line would break the promise that acks are
				// written whole; record it as an ack without a source.
				a = ack{Source: "torn line: " + sc.Text()}
			}
			r.mu.Lock()
			r.acks = append(r.acks, a)
			r.lastAck = time.Now()
			if r.firstAck.IsZero() {
				r.firstAck = r.lastAck
			}
			r.mu.Unlock()
			select {
			case r.more <- struct{}{}:
			default:
			}
		}
		r.err = r.cmd.Wait()
		close(r.exited)
	}()
	return r
}

func (r *ackedRun) ackCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.acks)
}

// killPlan says when to SIGKILL a run: once it has acknowledged afterAcks
// reviews and delay has passed since, or, when afterAcks is negative, delay
// after it started (which reaches into start-up and schema migration).
type killPlan struct {
	afterAcks int
	delay     time.Duration
}

func (k killPlan) String() string {
	if k.afterAcks < 0 {
		return fmt.Sprintf("%s after start", k.delay.Round(time.Millisecond))
	}
	return fmt.Sprintf("%s after ack %d", k.delay.Round(time.Millisecond), k.afterAcks)
}

func randomKill(rng *rand.Rand, maxAcks int, maxStart, maxDelay time.Duration) killPlan {
	if rng.IntN(4) == 0 {
		return killPlan{afterAcks: -1, delay: time.Duration(rng.Int64N(int64(maxStart)))}
	}
	return killPlan{afterAcks: rng.IntN(maxAcks + 1), delay: time.Duration(rng.Int64N(int64(maxDelay)))}
}

// killAt carries out the plan and reports whether the kill happened (false
// when the process finished first) and what it had acknowledged.
func (r *ackedRun) killAt(t *testing.T, plan killPlan) (killed bool, acks []ack) {
	t.Helper()
	deadline := time.After(2 * time.Minute)
	if plan.afterAcks >= 0 {
	wait:
		for r.ackCount() < plan.afterAcks {
			select {
			case <-r.more:
			case <-r.exited:
				break wait
			case <-deadline:
				t.Fatalf("no ack %d within 2 minutes:\n%s", plan.afterAcks, r.stderr.String())
			}
		}
	}
	select {
	case <-time.After(plan.delay):
		killed = r.cmd.Process.Signal(syscall.SIGKILL) == nil
	case <-r.exited:
	}
	select {
	case <-r.exited:
	case <-deadline:
		t.Fatal("a killed process did not go away")
	}
	if ws, ok := r.cmd.ProcessState.Sys().(syscall.WaitStatus); killed && !(ok && ws.Signaled()) {
		killed = false // the signal came too late to matter
	}
	if !killed && r.err != nil {
		t.Fatalf("%s exited with %v before it was killed:\n%s", r.cmd.Args[1], r.err, r.stderr.String())
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, a := range r.acks {
		if strings.HasPrefix(a.Source, "torn line: ") {
			t.Errorf("ack log line written in part: %q", a.Source)
		}
	}
	return killed, slices.Clone(r.acks)
}

var reviewNumber = regexp.MustCompile(`Review number (\d+)\.`)

// sqliteState is what checkSQLiteCrash found in a database.
type sqliteState struct {
	hashes  map[string]bool
	numbers map[int]int64 // review number -> row id
}

// checkSQLiteCrash checks a SQLite database left by a killed process:
// SQLite's integrity check, the full-text index against the rows (its own
// check, its row count, a count through the index and phrase queries for
// stored and unstored reviews), consistent rows, no review stored twice,
// and every acknowledged review present.
func checkSQLiteCrash(t *testing.T, path string, acked map[string]bool, corpus []int) sqliteState {
	t.Helper()
	ctx := context.Background()
	st := sqliteState{hashes: map[string]bool{}, numbers: map[int]int64{}}
	if _, err := os.Stat(path); os.IsNotExist(err) {
		if len(acked) > 0 {
			t.Fatalf("%d reviews acknowledged but there is no database", len(acked))
		}
		return st // killed before it created the file
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	var integrity []string
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		integrity = append(integrity, s)
	}
	rows.Close()
	if !slices.Equal(integrity, []string{"ok"}) {
		t.Fatalf("PRAGMA integrity_check: %q", integrity)
	}
	var tables int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name = 'reviews'`).Scan(&tables); err != nil || tables == 0 {
		if len(acked) > 0 {
			t.Fatalf("no reviews table (%v) but %d reviews acknowledged", err, len(acked))
		}
		return st // killed while creating the schema
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO reviews_fts (reviews_fts) VALUES ('integrity-check')`); err != nil {
		t.Fatalf("full-text index check: %v", err)
	}
	rows, err = db.QueryContext(ctx, `SELECT id, content_hash, coalesce(body, '') FROM reviews`)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		var id int64
		var hash, body string
		if err := rows.Scan(&id, &hash, &body); err != nil {
			t.Fatal(err)
		}
		n++
		if st.hashes[hash] {
			t.Errorf("review %s stored twice", hash)
		}
		st.hashes[hash] = true
		if m := reviewNumber.FindStringSubmatch(body); m != nil {
			num, _ := strconv.Atoi(m[1])
			if _, dup := st.numbers[num]; dup {
				t.Errorf("review number %d stored twice", num)
			}
			st.numbers[num] = id
		}
	}
	rows.Close()
	var indexed, matched, emptyFilms, orphans, unfiled, fkProblems int
	err = db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM reviews_fts_docsize),
		(SELECT count(*) FROM reviews_fts WHERE reviews_fts MATCH 'review'),
		(SELECT count(*) FROM films f WHERE NOT EXISTS (SELECT 1 FROM reviews r WHERE r.film_id = f.id)),
		(SELECT count(*) FROM credits c WHERE NOT EXISTS (SELECT 1 FROM reviews r WHERE r.id = c.review_id)),
		(SELECT count(*) FROM reviews WHERE film_norm <> '' AND film_id IS NULL),
		(SELECT count(*) FROM pragma_foreign_key_check)`).Scan(&indexed, &matched, &emptyFilms, &orphans, &unfiled, &fkProblems)
	if err != nil {
		t.Fatal(err)
	}
	if indexed != n || matched != n {
		t.Errorf("%d reviews, but the full-text index holds %d and matches %d", n, indexed, matched)
	}
	if emptyFilms+orphans+unfiled+fkProblems > 0 {
		t.Errorf("inconsistent rows: %d films without reviews, %d orphan credits, %d reviews of a named film outside any film, %d foreign key problems",
			emptyFilms, orphans, unfiled, fkProblems)
	}
	// Phrase queries: a few stored reviews are found, as themselves only;
	// a review not stored is not.
	phrase := func(num int) []int64 {
		rows, err := db.QueryContext(ctx, `SELECT rowid FROM reviews_fts WHERE reviews_fts MATCH ?`, fmt.Sprintf(`"review number %d"`, num))
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var ids []int64
		for rows.Next() {
			var id int64
			_ = rows.Scan(&id)
			ids = append(ids, id)
		}
		return ids
	}
	checked := 0
	for _, num := range corpus {
		id, stored := st.numbers[num]
		if !stored && checked%2 == 1 || stored && checked%2 == 0 {
			got := phrase(num)
			if stored && !slices.Equal(got, []int64{id}) || !stored && len(got) > 0 {
				t.Errorf("full-text query for review number %d found %v; stored as %d: %v", num, got, id, stored)
			}
			if checked++; checked == 6 {
				break
			}
		}
	}
	for h := range acked {
		if !st.hashes[h] {
			t.Errorf("acknowledged review %s is not stored", h)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	return st
}

func corpusNumbers(first, n int) []int {
	nums := make([]int, n)
	for i := range nums {
		nums[i] = first + i
	}
	return nums
}

// TestIngestCrashConsistencySQLite kills marquee ingest at random points
// (by time from its start, or a random delay after a random number of
// acknowledged reviews) and checks the database after every kill; each
// run is the restart of the one before, so a database lives through
// several crashes until a run completes. A run that completes must leave
// exactly the corpus.
func TestIngestCrashConsistencySQLite(t *testing.T) {
	t.Parallel()
	bin := buildMarquee(t)
	dir := t.TempDir()
	const n, batch = 240, 8
	corpus := filepath.Join(dir, "corpus.jsonl")
	writeCorpusFrom(t, corpus, 0, n)
	nums := corpusNumbers(0, n)
	args := func(db string) []string {
		return []string{"ingest", "-q", "--ack-log", "-", "--batch-size", strconv.Itoa(batch), "--db", db, corpus}
	}

	// A clean run gives the hashes a complete run must leave, and its
	// pace scales the kill points: ingest processes on every core, so a
	// fixed schedule would kill too late on a fast machine and too early on
	// a loaded one. A kill after an ack waits at most the time between two
	// commits of the clean run (not its whole length over the batches,
	// which counts the start-up too and let most runs finish first).
	cleanStart := time.Now()
	clean := startAcked(t, bin, nil, args(filepath.Join(dir, "clean.db"))...)
	killed, acks := clean.killAt(t, killPlan{afterAcks: n + 1})
	if killed || len(acks) != n {
		t.Fatalf("clean run: killed %v, %d acks:\n%s", killed, len(acks), clean.stderr.String())
	}
	runTime := time.Since(cleanStart)
	batchTime := max(clean.lastAck.Sub(clean.firstAck)/time.Duration(n/batch-1), time.Millisecond)
	want := map[string]bool{}
	for _, a := range acks {
		want[a.Hash] = true
	}
	checkComplete := func(st sqliteState) {
		t.Helper()
		if !maps.Equal(st.hashes, want) {
			t.Fatalf("a completed run left %d reviews, want the corpus's %d", len(st.hashes), len(want))
		}
	}

	rng := rand.New(rand.NewPCG(crashSeed(t), 1))
	var kills, completions, generation int
	db := filepath.Join(dir, "crash0.db")
	acked := map[string]bool{}
	start := time.Now()
	for point := range crashPoints() {
		plan := randomKill(rng, n, runTime, batchTime)
		run := startAcked(t, bin, nil, args(db)...)
		killed, acks := run.killAt(t, plan)
		for _, a := range acks {
			acked[a.Hash] = true
		}
		st := checkSQLiteCrash(t, db, acked, nums)
		if !killed {
			// Completed: the database must hold the corpus; the next
			// point starts a new one.
			completions++
			checkComplete(st)
			generation++
			db = filepath.Join(dir, fmt.Sprintf("crash%d.db", generation))
			acked = map[string]bool{}
			continue
		}
		kills++
		t.Logf("point %d: killed %s with %d acks; %d reviews stored", point+1, plan, len(acks), len(st.hashes))
	}
	// The last database, restarted once more without a kill, ends
	// complete.
	final := startAcked(t, bin, nil, args(db)...)
	if killed, _ := final.killAt(t, killPlan{afterAcks: n + 1}); killed {
		t.Fatal("the final run was killed")
	}
	checkComplete(checkSQLiteCrash(t, db, acked, nums))
	t.Logf("%d kills survived, %d runs completed between them, %s", kills, completions, time.Since(start).Round(time.Second))
	if kills < crashPoints()/2 {
		t.Errorf("only %d of %d runs were killed before they finished", kills, crashPoints())
	}
}

// pgCheck checks a PostgreSQL database after a crash: the store's own
// check, no review stored twice, the search column and its index against
// the rows, and every acknowledged source stored. It returns the stored
// sources.
func pgCheck(t *testing.T, dsn string, ackedSources map[string]bool) map[string]bool {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Check(ctx); err != nil {
		t.Fatalf("store check: %v", err)
	}
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var total, distinct, unsearchable int
	if err := conn.QueryRow(ctx, `SELECT count(*), count(DISTINCT content_hash), count(*) FILTER (WHERE search IS NULL) FROM reviews`).Scan(&total, &distinct, &unsearchable); err != nil {
		t.Fatal(err)
	}
	if total != distinct || unsearchable > 0 {
		t.Fatalf("%d reviews, %d distinct hashes, %d without a search vector", total, distinct, unsearchable)
	}
	// Through the GIN index: every review says "Review number".
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var matched int
	_, _ = tx.Exec(ctx, `SET LOCAL enable_seqscan = off`)
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM reviews WHERE search @@ to_tsquery('marquee', 'review')`).Scan(&matched); err != nil {
		t.Fatal(err)
	}
	_ = tx.Rollback(ctx)
	if matched != total {
		t.Errorf("%d reviews, the search index matches %d", total, matched)
	}
	rows, err := conn.Query(ctx, `SELECT source, id, coalesce(body, '') FROM reviews`)
	if err != nil {
		t.Fatal(err)
	}
	sources := map[string]bool{}
	var sample []struct {
		num int
		id  int64
	}
	for rows.Next() {
		var src, body string
		var id int64
		if err := rows.Scan(&src, &id, &body); err != nil {
			t.Fatal(err)
		}
		if sources[src] {
			t.Errorf("source %s stored twice", src)
		}
		sources[src] = true
		if m := reviewNumber.FindStringSubmatch(body); m != nil && len(sample) < 3 {
			num, _ := strconv.Atoi(m[1])
			sample = append(sample, struct {
				num int
				id  int64
			}{num, id})
		}
	}
	rows.Close()
	for _, s := range sample {
		hits, err := st.Search(ctx, fmt.Sprintf(`"review number %d"`, s.num), 10)
		if err != nil || len(hits) != 1 || hits[0].ReviewID != s.id {
			t.Errorf("search for review number %d: %v %+v, want review %d alone", s.num, err, hits, s.id)
		}
	}
	for src := range ackedSources {
		if !sources[src] {
			t.Errorf("acknowledged document %s is not stored", src)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	return sources
}

// queueState counts the jobs of each state.
func queueState(t *testing.T, dsn string) map[string]int {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT state::text, count(*) FROM river_job GROUP BY state`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			t.Fatal(err)
		}
		out[s] = n
	}
	return out
}

// waitDrained waits until no job is waiting or running, and fails on a
// job that failed for good.
func waitDrained(t *testing.T, dsn string, within time.Duration) map[string]int {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		s := queueState(t, dsn)
		if s["discarded"] > 0 || s["cancelled"] > 0 {
			t.Fatalf("jobs failed for good: %v", s)
		}
		if s["available"]+s["running"]+s["retryable"]+s["scheduled"]+s["pending"] == 0 {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("the queue did not drain within %s: %v", within, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// startWorker starts marquee worker and waits until it says it is
// processing.
func startWorker(t *testing.T, bin, dsn string, extra ...string) (*exec.Cmd, *syncBuffer) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"worker", "--db", dsn, "--concurrency", "2"}, extra...)...)
	log := &syncBuffer{}
	cmd.Stderr = log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for !strings.Contains(log.String(), "worker: processing") {
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("the worker did not start within a minute:\n%s", log.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	return cmd, log
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestIngestCrashConsistencyPostgres kills marquee ingest into PostgreSQL,
// which reads its inputs and enqueues them, at random points, while a
// worker stores what is queued. After every kill, once the worker has
// drained the queue, every document the run acknowledged as queued must be
// stored, once. Each run restarts the one before it, until one completes;
// the next uses a new corpus.
func TestIngestCrashConsistencyPostgres(t *testing.T) {
	t.Parallel()
	dsn := newPostgresDatabase(t)
	bin := buildMarquee(t)
	dir := t.TempDir()
	const n, batch = 60, 5

	worker, workerLog := startWorker(t, bin, dsn)
	defer func() {
		_ = worker.Process.Signal(syscall.SIGTERM)
		if err := worker.Wait(); err != nil {
			t.Errorf("worker: %v\n%s", err, workerLog.String())
		}
	}()

	rng := rand.New(rand.NewPCG(crashSeed(t), 2))
	var kills, completions int
	corpusIndex := 0
	newCorpus := func() string {
		path := filepath.Join(dir, fmt.Sprintf("corpus%d.jsonl", corpusIndex))
		writeCorpusFrom(t, path, 10000*(corpusIndex+1), n)
		corpusIndex++
		return path
	}
	corpus := newCorpus()
	allSources := map[string]bool{}
	acked := map[string]bool{}
	args := func() []string {
		return []string{"ingest", "-q", "--ack-log", "-", "--batch-size", strconv.Itoa(batch), "--db", dsn, corpus}
	}

	// A clean run of the first corpus paces the kill points, as in the
	// SQLite test. A fixed schedule (up to 900 ms from the start, or 20 ms
	// after an ack) let more than half the runs finish before their kill on
	// this machine once the pipeline got faster (20 and 23 kills of 50),
	// and the test then failed its own minimum.
	cleanStart := time.Now()
	clean := startAcked(t, bin, nil, args()...)
	if killed, acks := clean.killAt(t, killPlan{afterAcks: n + 1}); killed || len(acks) != n {
		t.Fatalf("clean run: killed %v, %d acks:\n%s", killed, len(acks), clean.stderr.String())
	}
	runTime := time.Since(cleanStart)
	batchTime := max(clean.lastAck.Sub(clean.firstAck)/time.Duration(n/batch-1), time.Millisecond)
	for i := 1; i <= n; i++ {
		allSources[fmt.Sprintf("%s#line=%d", corpus, i)] = true
	}
	waitDrained(t, dsn, time.Minute)
	if stored := pgCheck(t, dsn, acked); !maps.Equal(stored, allSources) {
		t.Fatalf("after the clean run %d documents are stored, want %d", len(stored), len(allSources))
	}
	corpus = newCorpus()

	start := time.Now()
	for point := range crashPoints() {
		plan := randomKill(rng, n, runTime, batchTime)
		run := startAcked(t, bin, nil, args()...)
		killed, acks := run.killAt(t, plan)
		for _, a := range acks {
			if !a.Queued {
				t.Fatalf("ack %+v does not say the document was queued", a)
			}
			acked[a.Source] = true
		}
		waitDrained(t, dsn, time.Minute)
		stored := pgCheck(t, dsn, acked)
		if !killed {
			completions++
			for i := 1; i <= n; i++ {
				allSources[fmt.Sprintf("%s#line=%d", corpus, i)] = true
			}
			if !maps.Equal(stored, allSources) {
				t.Fatalf("after a completed run %d documents are stored, want %d", len(stored), len(allSources))
			}
			corpus = newCorpus()
			continue
		}
		kills++
		t.Logf("point %d: killed %s with %d acks; %d reviews stored", point+1, plan, len(acks), len(stored))
	}
	final := startAcked(t, bin, nil, args()...)
	if killed, _ := final.killAt(t, killPlan{afterAcks: n + 1}); killed {
		t.Fatal("the final run was killed")
	}
	for i := 1; i <= n; i++ {
		allSources[fmt.Sprintf("%s#line=%d", corpus, i)] = true
	}
	waitDrained(t, dsn, time.Minute)
	if stored := pgCheck(t, dsn, acked); !maps.Equal(stored, allSources) {
		t.Fatalf("at the end %d documents are stored, want %d", len(stored), len(allSources))
	}
	t.Logf("%d kills survived, %d runs completed between them, %d corpora, %s", kills, completions, corpusIndex, time.Since(start).Round(time.Second))
	if kills < crashPoints()/2 {
		t.Errorf("only %d of %d runs were killed before they finished", kills, crashPoints())
	}
}

// completedSources lists the documents of every job river has marked
// completed: those the worker acknowledged, whose reviews must be stored.
func completedSources(t *testing.T, dsn string) map[string]bool {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT args FROM river_job WHERE state = 'completed' AND kind = $1`, queue.Kind)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			t.Fatal(err)
		}
		var args queue.ProcessArgs
		if err := json.Unmarshal(raw, &args); err != nil {
			t.Fatal(err)
		}
		docs, err := args.DecodeDocuments()
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			out[d.Source] = true
		}
	}
	return out
}

// TestWorkerCrashConsistency SIGKILLs marquee worker at random points while
// it works through a queue, checking after each kill that the database is
// sound and holds the reviews of every job marked completed, and at the end
// that a last worker (after river has rescued the jobs the kills left
// running) stores every document exactly once.
func TestWorkerCrashConsistency(t *testing.T) {
	t.Parallel()
	dsn := newPostgresDatabase(t)
	bin := buildMarquee(t)
	const n, batch = 1200, 10
	corpus := filepath.Join(t.TempDir(), "corpus.jsonl")
	writeCorpusFrom(t, corpus, 0, n)
	out, err := exec.Command(bin, "ingest", "-q", "--batch-size", strconv.Itoa(batch), "--db", dsn, corpus).CombinedOutput()
	if err != nil || !strings.Contains(string(out), fmt.Sprintf("queued %d documents in %d jobs", n, n/batch)) {
		t.Fatalf("ingest: %v\n%s", err, out)
	}
	// Jobs left running by a killed worker are run again after 6s (they
	// time out at half of it) instead of river's hour.
	rescue := []string{"--rescue-after", "6s"}
	points := 10
	if testing.Short() {
		points = 3
	}
	rng := rand.New(rand.NewPCG(crashSeed(t), 3))
	for point := range points {
		worker, log := startWorker(t, bin, dsn, rescue...)
		delay := time.Duration(rng.Int64N(int64(700 * time.Millisecond)))
		time.Sleep(delay)
		if err := worker.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = worker.Wait()
		if strings.Contains(log.String(), "level=ERROR") {
			t.Errorf("worker logged errors:\n%s", log.String())
		}
		completed := completedSources(t, dsn)
		stored := pgCheck(t, dsn, completed)
		jobs := queueState(t, dsn)
		t.Logf("point %d: killed %s after start; %d reviews stored, jobs %v", point+1, delay.Round(time.Millisecond), len(stored), jobs)
	}
	worker, log := startWorker(t, bin, dsn, rescue...)
	jobs := waitDrained(t, dsn, 3*time.Minute)
	if err := worker.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := worker.Wait(); err != nil {
		t.Errorf("last worker: %v\n%s", err, log.String())
	}
	stored := pgCheck(t, dsn, completedSources(t, dsn))
	if len(stored) != n || jobs["completed"] != n/batch {
		t.Fatalf("%d reviews stored and %d jobs completed, want %d and %d", len(stored), jobs["completed"], n, n/batch)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var rerun int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE attempt > 1`).Scan(&rerun); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d kills survived; %d jobs ran more than once", points, rerun)
}

// TestIngestDiskFull fills the database's "disk" (SQLite's max_page_count,
// through the test hook) during an ingest: it must stop with a clear
// error, keep every review it acknowledged and leave a sound database, and
// a run with room must then complete it.
func TestIngestDiskFull(t *testing.T) {
	bin := buildMarquee(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	first := filepath.Join(dir, "first.jsonl")
	second := filepath.Join(dir, "second.jsonl")
	writeCorpusFrom(t, first, 0, 40)
	writeCorpusFrom(t, second, 1000, 400)
	if out, err := exec.Command(bin, "ingest", "-q", "--db", db, first).CombinedOutput(); err != nil {
		t.Fatalf("first ingest: %v\n%s", err, out)
	}
	var pages int
	raw, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	limit := fmt.Sprintf("MARQUEE_TEST_SQLITE_MAX_PAGE_COUNT=%d", pages+40)
	run := startAcked(t, bin, []string{limit}, "ingest", "-q", "--ack-log", "-", "--batch-size", "20", "--db", db, second)
	<-run.exited
	stderr := run.stderr.String()
	if run.cmd.ProcessState.ExitCode() != 1 || !strings.Contains(stderr, "database or disk is full") {
		t.Fatalf("ingest into a full database: exit %d, want 1 with \"database or disk is full\":\n%s", run.cmd.ProcessState.ExitCode(), stderr)
	}
	added := 0
	acked := map[string]bool{}
	for _, a := range run.acks {
		acked[a.Hash] = true
		if a.Added {
			added++
		}
	}
	if !strings.Contains(stderr, fmt.Sprintf("ingest: %d added, 0 duplicate", added)) || added == 0 || added >= 400 {
		t.Fatalf("the summary does not report the %d reviews stored before the disk filled:\n%s", added, stderr)
	}
	t.Logf("disk full after %d reviews: %s", added, strings.TrimSpace(stderr))
	st := checkSQLiteCrash(t, db, acked, corpusNumbers(1000, 400))
	if len(st.hashes) != 40+added {
		t.Fatalf("%d reviews stored after the failure, want the %d of the first run and the %d acknowledged", len(st.hashes), 40, added)
	}
	if out, err := exec.Command(bin, "ingest", "-q", "--db", db, second).CombinedOutput(); err != nil {
		t.Fatalf("ingest with room again: %v\n%s", err, out)
	}
	if st := checkSQLiteCrash(t, db, acked, corpusNumbers(1000, 400)); len(st.hashes) != 440 {
		t.Fatalf("%d reviews stored, want 440", len(st.hashes))
	}
}

// TestConcurrentIngestsSQLite runs two ingests of overlapping corpora into
// one new SQLite file at once, in small batches so that their
// transactions interleave: both must finish without a locking error, and
// the database must hold the union once.
func TestConcurrentIngestsSQLite(t *testing.T) {
	bin := buildMarquee(t)
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "b.jsonl")
	writeCorpusFrom(t, a, 0, 200)
	writeCorpusFrom(t, b, 100, 200)
	rounds := 3
	if testing.Short() {
		rounds = 1
	}
	for round := range rounds {
		db := filepath.Join(dir, fmt.Sprintf("m%d.db", round))
		var runs [2]*ackedRun
		for i, corpus := range []string{a, b} {
			runs[i] = startAcked(t, bin, nil, "ingest", "-q", "--ack-log", "-", "--batch-size", "5", "--db", db, corpus)
		}
		acked := map[string]bool{}
		added := 0
		for i, r := range runs {
			<-r.exited
			if r.err != nil || strings.Contains(r.stderr.String(), "locked") || strings.Contains(r.stderr.String(), "busy") {
				t.Fatalf("round %d, ingest %d: %v\n%s", round, i, r.err, r.stderr.String())
			}
			if len(r.acks) != 200 {
				t.Errorf("round %d, ingest %d acknowledged %d reviews, want 200", round, i, len(r.acks))
			}
			for _, ak := range r.acks {
				acked[ak.Hash] = true
				if ak.Added {
					added++
				}
			}
		}
		st := checkSQLiteCrash(t, db, acked, corpusNumbers(0, 300))
		if len(st.hashes) != 300 || added != 300 {
			t.Fatalf("round %d: %d reviews stored, %d added in all; want 300 and 300", round, len(st.hashes), added)
		}
	}
}
