package queue

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/marquee-film/marquee/internal/filmreport"
	"github.com/marquee-film/marquee/internal/review"
	"github.com/marquee-film/marquee/internal/store"
	_ "github.com/marquee-film/marquee/internal/store/postgres"
)

// pgAdminURL is the local test server's maintenance database; override with
// MARQUEE_TEST_PG.
func pgAdminURL() string {
	if u := os.Getenv("MARQUEE_TEST_PG"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

// newDatabase creates a database for the test, dropped when it ends, and
// returns its URL. Without a server the test is skipped, except under
// CI=true.
func newDatabase(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, pgAdminURL())
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but PostgreSQL is unreachable: %v", err)
		}
		t.Skipf("PostgreSQL unreachable: %v", err)
	}
	defer admin.Close(context.Background())
	var suffix [6]byte
	_, _ = rand.Read(suffix[:])
	name := "marquee_q_" + hex.EncodeToString(suffix[:])
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		admin, err := pgx.Connect(ctx, pgAdminURL())
		if err != nil {
			t.Errorf("drop database %s: %v", name, err)
			return
		}
		defer admin.Close(ctx)
		if _, err := admin.Exec(ctx, "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	cfg, err := pgx.ParseConfig(pgAdminURL())
	if err != nil {
		t.Fatal(err)
	}
	return strings.Replace(pgAdminURL(), "/"+cfg.Database+"?", "/"+name+"?", 1)
}

var quietLogger = slog.New(slog.NewTextHandler(io.Discard, nil))

func TestConcurrentMigrations(t *testing.T) {
	dsn := newDatabase(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			pool, err := Connect(ctx, dsn, 2)
			if err != nil {
				errs <- err
				return
			}
			pool.Close()
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent Connect: %v", err)
	}
}

// enqueueAll queues docs and returns what the enqueue did.
func enqueueAll(t *testing.T, pool *pgxpool.Pool, docs []review.Document) EnqueueSummary {
	t.Helper()
	ctx := context.Background()
	enq, err := NewEnqueuer(pool, quietLogger)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if err := enq.Add(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	if err := enq.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	return enq.Summary()
}

func TestEnqueueWorkStatus(t *testing.T) {
	dsn := newDatabase(t)
	ctx := context.Background()
	pool, err := Connect(ctx, dsn, 8)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()

	const n = 250 // three jobs: 100, 100, 50
	docs := inventedDocuments(n)
	enqueue := func() EnqueueSummary { return enqueueAll(t, pool, docs) }
	if got, want := enqueue(), (EnqueueSummary{Documents: n, Jobs: 3}); got != want {
		t.Fatalf("first enqueue %+v, want %+v", got, want)
	}
	if got, want := enqueue(), (EnqueueSummary{DuplicateJobs: 3, DuplicateDocuments: n}); got != want {
		t.Fatalf("second enqueue %+v, want %+v", got, want)
	}
	status, err := ReadStatus(ctx, pool)
	if err != nil {
		t.Fatal(err)
	}
	if status.Jobs[rivertype.JobStateAvailable] != 3 || status.PendingDocuments != n {
		t.Fatalf("queued status %+v", status)
	}

	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	workCtx, stop := context.WithCancel(ctx)
	done := make(chan WorkerTotals, 1)
	go func() {
		totals, err := RunWorker(workCtx, pool, st, WorkerConfig{Concurrency: 2, Logger: quietLogger})
		if err != nil {
			t.Errorf("RunWorker: %v", err)
		}
		done <- totals
	}()
	deadline := time.Now().Add(time.Minute)
	for {
		time.Sleep(100 * time.Millisecond)
		if status, err = ReadStatus(ctx, pool); err != nil {
			t.Fatal(err)
		}
		if status.Jobs[rivertype.JobStateCompleted] == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("queue not drained: %+v", status)
		}
	}
	stop()
	if totals := <-done; totals != (WorkerTotals{Jobs: 3, Added: n}) {
		t.Errorf("worker totals %+v", totals)
	}
	want := Throughput{Jobs: 3, Documents: n, Added: n}
	if status.LastMinute != want || status.LastHour != want || status.PendingDocuments != 0 {
		t.Errorf("drained status %+v, want throughput %+v", status, want)
	}
	stats, err := st.Stats(ctx)
	if err != nil || stats.Reviews != n {
		t.Fatalf("stored %+v, %v; want %d reviews", stats, err, n)
	}

	// A job that runs again (rescued after its worker died past the
	// commit) stores nothing twice.
	args, err := NewProcessArgs(docs[:BatchSize])
	if err != nil {
		t.Fatal(err)
	}
	w := &processWorker{store: st}
	if err := w.Work(ctx, &river.Job[ProcessArgs]{JobRow: &rivertype.JobRow{}, Args: args}); err != nil {
		t.Fatal(err)
	}
	if w.added.Load() != 0 || w.duplicates.Load() != BatchSize {
		t.Errorf("re-run added %d, %d duplicates; want 0 and %d", w.added.Load(), w.duplicates.Load(), BatchSize)
	}
	if err := st.Check(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestWorkersRefreshReports: a refresh that finds documents waiting leaves
// the reports for later; once the queue is drained, the periodic job saves
// every film's report.
func TestWorkersRefreshReports(t *testing.T) {
	dsn := newDatabase(t)
	ctx := context.Background()
	pool, err := Connect(ctx, dsn, 8)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	enqueueAll(t, pool, inventedDocuments(150))
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	keep := st.(store.ReportKeeper)

	// Documents wait: the refresh defers.
	rw := &reportsWorker{keeper: filmreport.New(st), pool: pool}
	if err := rw.Work(ctx, &river.Job[RefreshReportsArgs]{JobRow: &rivertype.JobRow{}}); err != nil {
		t.Fatal(err)
	}
	if keys, err := keep.SavedReportKeys(ctx); err != nil || len(keys) != 0 {
		t.Fatalf("a refresh with documents waiting saved %d reports (%v)", len(keys), err)
	}

	workCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if _, err := RunWorker(workCtx, pool, st, WorkerConfig{Concurrency: 2, ReportsEvery: time.Second, Logger: quietLogger}); err != nil {
			t.Errorf("RunWorker: %v", err)
		}
	}()
	defer func() { stop(); <-done }()
	deadline := time.Now().Add(time.Minute)
	for {
		time.Sleep(200 * time.Millisecond)
		stats, err := st.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		keys, err := keep.SavedReportKeys(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if stats.Reviews == 150 && len(keys) == stats.Films {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after a minute: %d reviews of %d films, %d reports saved", stats.Reviews, stats.Films, len(keys))
		}
	}
	// What the workers saved is current: a refresh now builds nothing.
	refreshed, err := filmreport.New(st).Refresh(ctx, 1, nil)
	if err != nil || refreshed.Built != 0 || refreshed.Current != refreshed.Films {
		t.Errorf("refresh after the workers' = %+v, %v; want every film current", refreshed, err)
	}
}
