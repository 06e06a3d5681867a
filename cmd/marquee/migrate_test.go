package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

func ingestExamples(t *testing.T, db, dir string) {
	t.Helper()
	if _, stderr, code := cli(t, "", "ingest", "--db", db, "-q", dir); code != 0 {
		t.Fatalf("ingest %s exited %d: %s", dir, code, stderr)
	}
}

func migrateJSON(t *testing.T, from, to string) (migrateReport, int) {
	t.Helper()
	stdout, stderr, code := cli(t, "", "migrate", "--json", "--batch", "7", "--from", from, "--to", to)
	var r migrateReport
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("migrate --json output (exit %d, %s): %v\n%s", code, stderr, err, stdout)
	}
	return r, code
}

func TestMigrateBetweenSQLiteFiles(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "src.db"), filepath.Join(dir, "dst.db")
	ingestExamples(t, src, "../../examples")

	stdout, stderr, code := cli(t, "", "migrate", "--from", src, "--to", "sqlite://"+dst)
	if code != 0 {
		t.Fatalf("migrate exited %d: %s\n%s", code, stderr, stdout)
	}
	for _, want := range []string{"reviews", "films", "credits", "checksum", "the copy matches"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("migrate output lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "MISMATCH") {
		t.Errorf("migrate reports a mismatch:\n%s", stdout)
	}

	r, code := migrateJSON(t, src, dst)
	if code != 0 || !r.Match || r.Added != 0 || r.Copied < 15 {
		t.Errorf("second migrate: exit %d, %+v; want a match and nothing added", code, r)
	}
	if r.From.Counts != r.To.Counts || r.From.Counts.Credits == 0 || r.From.Checksum != r.To.Checksum {
		t.Errorf("second migrate: counts %+v / %+v, checksums %s / %s", r.From.Counts, r.To.Counts, r.From.Checksum, r.To.Checksum)
	}
}

func TestMigrateReportsMismatch(t *testing.T) {
	dir := t.TempDir()
	all, part := filepath.Join(dir, "all.db"), filepath.Join(dir, "part.db")
	ingestExamples(t, all, "../../examples")
	ingestExamples(t, part, "../../examples/markdown")
	// Copying the part into the whole adds nothing and leaves the whole
	// different from the part: the verification must say so.
	r, code := migrateJSON(t, part, all)
	if code != 1 || r.Match || r.Added != 0 {
		t.Errorf("migrate into a database holding more: exit %d, %+v; want exit 1 and no match", code, r)
	}
	if r.From.Checksum == r.To.Checksum {
		t.Errorf("different databases have the same checksum %s", r.From.Checksum)
	}
}

func TestMigrateRefusesBadArguments(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	ingestExamples(t, db, "../../examples/markdown")
	missing := filepath.Join(dir, "missing.db")
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"no --to", []string{"--from", db}, 2},
		{"no --from", []string{"--to", db}, 2},
		{"same file", []string{"--from", db, "--to", "sqlite://" + db}, 2},
		{"missing source", []string{"--from", missing, "--to", filepath.Join(dir, "out.db")}, 1},
		{"bad scheme", []string{"--from", "mysql://x/y", "--to", db}, 2},
		{"extra argument", []string{"--from", db, "--to", filepath.Join(dir, "o.db"), "more"}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := cli(t, "", append([]string{"migrate"}, tc.args...)...)
			if code != tc.code {
				t.Errorf("exit %d, want %d: %s", code, tc.code, stderr)
			}
		})
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("migrate created the missing source database")
	}
}

// postgresDatabase creates a database for the test on the server
// MARQUEE_TEST_POSTGRES names (default: the local one) and drops it
// afterwards. It skips when no server answers, except under CI.
func postgresDatabase(t *testing.T) string {
	t.Helper()
	admin := os.Getenv("MARQUEE_TEST_POSTGRES")
	if admin == "" {
		admin = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no PostgreSQL server: %v", err)
		}
		t.Skipf("no PostgreSQL server (set MARQUEE_TEST_POSTGRES): %v", err)
	}
	defer conn.Close(ctx)
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	name := "marquee_test_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Errorf("drop database %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// TestMigrateThroughPostgres copies SQLite → PostgreSQL → SQLite: every
// step verifies, and all three databases have the same checksum.
func TestMigrateThroughPostgres(t *testing.T) {
	pg := postgresDatabase(t)
	dir := t.TempDir()
	src, back := filepath.Join(dir, "src.db"), filepath.Join(dir, "back.db")
	ingestExamples(t, src, "../../examples")

	there, code := migrateJSON(t, src, pg)
	if code != 0 || !there.Match || there.Added != there.Copied {
		t.Fatalf("SQLite → PostgreSQL: exit %d, %+v", code, there)
	}
	again, code := migrateJSON(t, src, pg)
	if code != 0 || !again.Match || again.Added != 0 {
		t.Errorf("SQLite → PostgreSQL again: exit %d, %+v; want nothing added", code, again)
	}
	home, code := migrateJSON(t, pg, back)
	if code != 0 || !home.Match {
		t.Fatalf("PostgreSQL → SQLite: exit %d, %+v", code, home)
	}
	if there.From.Checksum != home.To.Checksum || there.From.Counts != home.To.Counts {
		t.Errorf("the round trip changed the data: %+v vs %+v", there.From, home.To)
	}
	// The commands read the PostgreSQL copy as they read the file. Film
	// IDs may differ: the first column goes.
	withoutIDs := func(out string) string {
		var b strings.Builder
		for _, line := range strings.Split(out, "\n") {
			_, rest, _ := strings.Cut(strings.TrimSpace(line), " ")
			b.WriteString(strings.TrimSpace(rest) + "\n")
		}
		return b.String()
	}
	filmsSQLite, _, _ := cli(t, "", "films", "--db", src)
	filmsPG, stderr, code := cli(t, "", "films", "--db", pg)
	if code != 0 || len(filmsPG) < 100 || withoutIDs(filmsSQLite) != withoutIDs(filmsPG) {
		t.Errorf("films differ between the backends (exit %d, %s):\n%s\n%s", code, stderr, filmsSQLite, filmsPG)
	}
}
