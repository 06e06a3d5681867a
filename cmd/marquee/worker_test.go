package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/marquee-film/marquee/internal/store"
)

// pgAdminURL is the local test server's maintenance database; override with
// MARQUEE_TEST_PG (a URL of a database the role may CREATE DATABASE from).
func pgAdminURL() string {
	if u := os.Getenv("MARQUEE_TEST_PG"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

// newPostgresDatabase creates a database of its own for the test, dropped
// when it ends, and returns its URL. Without a server the test is skipped,
// except under CI=true.
func newPostgresDatabase(t *testing.T) string {
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

func queueStatus(t *testing.T, dsn string, flags ...string) statusReport {
	t.Helper()
	var rep statusReport
	var stdout, stderr bytes.Buffer
	env := &environment{stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }}
	if code := run(context.Background(), env, append([]string{"status", "--json", "--db", dsn}, flags...)); code != 0 {
		t.Fatalf("status exited %d: %s", code, stderr.String())
	}
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("status --json: %v\n%s", err, stdout.String())
	}
	return rep
}

// TestWorkerKilledMidwayRecovers queues a corpus, SIGKILLs the worker once
// some reviews are stored but jobs remain, starts another worker and checks
// that every document ends up stored exactly once.
func TestWorkerKilledMidwayRecovers(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and processes 3,000 reviews")
	}
	dsn := newPostgresDatabase(t)
	bin := buildMarquee(t)
	corpus := filepath.Join(t.TempDir(), "corpus.jsonl")
	const n = 3000
	writeCorpus(t, corpus, n)

	out, err := exec.Command(bin, "ingest", "-q", "--db", dsn, corpus).CombinedOutput()
	if err != nil {
		t.Fatalf("ingest: %v\n%s", err, out)
	}
	t.Logf("%s", bytes.TrimSpace(out))
	if !strings.Contains(string(out), "queued 3000 documents in 30 jobs") {
		t.Fatalf("ingest summary: %s", out)
	}
	// A second identical ingest finds every job already queued.
	out, err = exec.Command(bin, "ingest", "-q", "--db", dsn, corpus).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "queued 0 documents in 0 jobs, 3000 already queued (30 jobs)") {
		t.Fatalf("re-ingest: %v\n%s", err, out)
	}

	// Short rescue: a job left running by the killed worker is run again
	// after 8s instead of river's hour.
	workerArgs := []string{"worker", "--db", dsn, "--concurrency", "2", "--rescue-after", "8s"}
	first := exec.Command(bin, workerArgs...)
	var firstLog bytes.Buffer
	first.Stderr = &firstLog
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		time.Sleep(50 * time.Millisecond)
		s := queueStatus(t, dsn)
		if s.Store.Reviews > 0 {
			if s.Store.Reviews >= n {
				t.Fatalf("worker stored all %d reviews before it could be killed", s.Store.Reviews)
			}
			break
		}
		if time.Now().After(deadline) {
			_ = first.Process.Kill()
			t.Fatalf("worker stored nothing within 2 minutes:\n%s", firstLog.String())
		}
	}
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()
	killed := queueStatus(t, dsn)
	t.Logf("killed the worker with %d reviews stored; jobs: %v", killed.Store.Reviews, killed.Queue.Jobs)

	second := exec.Command(bin, workerArgs...)
	var secondLog bytes.Buffer
	second.Stderr = &secondLog
	if err := second.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if second.ProcessState == nil {
			_ = second.Process.Kill()
			_ = second.Wait()
		}
	}()
	deadline = time.Now().Add(3 * time.Minute)
	for {
		time.Sleep(500 * time.Millisecond)
		s := queueStatus(t, dsn)
		if s.Queue.Jobs["completed"] == 30 {
			t.Logf("drained: %+v", s)
			break
		}
		if s.Queue.Jobs["discarded"] > 0 || s.Queue.Jobs["cancelled"] > 0 {
			t.Fatalf("jobs failed for good: %v\n%s", s.Queue.Jobs, secondLog.String())
		}
		if time.Now().After(deadline) {
			t.Fatalf("queue did not drain within 3 minutes: %v\n%s", s.Queue.Jobs, secondLog.String())
		}
	}
	if err := second.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := second.Wait(); err != nil {
		t.Fatalf("second worker did not stop cleanly: %v\n%s", err, secondLog.String())
	}
	t.Logf("second worker: %s", strings.TrimSpace(secondLog.String()))

	// The jobs the kill left running were rescued and run a second time.
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	var rerun int64
	err = conn.QueryRow(context.Background(), "SELECT count(*) FROM river_job WHERE attempt > 1").Scan(&rerun)
	conn.Close(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rerun < killed.Queue.Jobs["running"] {
		t.Errorf("%d jobs ran more than once; the kill left %d running", rerun, killed.Queue.Jobs["running"])
	}
	t.Logf("%d jobs were rescued and run again", rerun)

	hashes := storedHashes(t, dsn) // runs Store.Check, fails on duplicate hashes
	if len(hashes) != n {
		t.Fatalf("%d reviews stored, want %d", len(hashes), n)
	}
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stats, err := st.Stats(context.Background())
	if err != nil || stats.Reviews != n {
		t.Fatalf("stats %+v, %v; want %d reviews", stats, err, n)
	}
	final := queueStatus(t, dsn)
	if final.Queue.LastHour.Documents != n || final.Queue.LastHour.Jobs != 30 {
		t.Errorf("throughput over the last hour %+v, want 30 jobs of %d documents", final.Queue.LastHour, n)
	}
	if final.Queue.PendingDocuments != 0 {
		t.Errorf("%d documents still pending", final.Queue.PendingDocuments)
	}
	if final.Store == nil || final.Store.Reviews != n {
		t.Errorf("status stored %+v, want %d reviews", final.Store, n)
	}
	// --queue reports the same queue and leaves the store out.
	if q := queueStatus(t, dsn, "--queue"); q.Store != nil || q.Queue.LastHour != final.Queue.LastHour || q.Queue.PendingDocuments != 0 {
		t.Errorf("status --queue: %+v", q)
	}
}
