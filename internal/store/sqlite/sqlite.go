// Package sqlite is the SQLite backend of store: one database file that
// several Marquee processes can read and write at once (WAL journal, busy
// timeout, one writer connection per process). Importing it registers it
// with store.Open.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"github.com/marquee-film/marquee/internal/store"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

func init() {
	store.Register(store.SQLite, func(ctx context.Context, path string) (store.Store, error) {
		return Open(ctx, path)
	})
}

// busyTimeout is how long a write waits for another process's transaction
// to finish before failing. Batches commit in well under a second, so a
// long wait only happens behind a stuck process.
const busyTimeout = 30 * time.Second

// maxPageCountEnv is a test hook, not a setting: when the variable holds a
// number, the writer may grow the file to that many pages only (PRAGMA
// max_page_count), so that a test can fill the "disk" without a small file
// system of its own and check that a full disk gives a clear error and
// leaves the database sound.
const maxPageCountEnv = "MARQUEE_TEST_SQLITE_MAX_PAGE_COUNT"

// readConns bounds the read pool; reads never block each other in WAL mode.
const readConns = 4

// DB is a Marquee database in one SQLite file.
type DB struct {
	// write has a single connection: SQLite allows one writer at a time,
	// so this process's writers queue here rather than fail with
	// SQLITE_BUSY. Other processes are serialised by BEGIN IMMEDIATE and
	// the busy timeout.
	write *sql.DB
	read  *sql.DB
	// readDSN opens a new reader for Check.
	readDSN string
	// path is the database file's absolute path.
	path string
}

var (
	_ store.Store      = (*DB)(nil)
	_ store.RowCounter = (*DB)(nil)
)

// Open opens the database file at path, creating it and its directory when
// missing, and brings its schema up to date.
func Open(ctx context.Context, path string) (*DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("database path %q: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, fmt.Errorf("create database directory: %w", err)
	}
	write, err := sql.Open("sqlite", dsn(abs, true))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", abs, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxIdleTime(0)
	write.SetConnMaxLifetime(0)
	if err := migrate(ctx, write); err != nil {
		write.Close()
		return nil, fmt.Errorf("%s: %w", abs, err)
	}
	readDSN := dsn(abs, false)
	read, err := sql.Open("sqlite", readDSN)
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open %s: %w", abs, err)
	}
	read.SetMaxOpenConns(readConns)
	read.SetMaxIdleConns(readConns)
	return &DB{write: write, read: read, readDSN: readDSN, path: abs}, nil
}

// dsn builds the driver's connection string. Every connection gets the
// busy timeout; the writer also gets the WAL journal (a persistent
// property of the file, set once), synchronous=NORMAL (safe in WAL mode:
// a crash of the process loses nothing committed, a power cut at most the
// last transactions) and BEGIN IMMEDIATE, which takes the write lock when
// a transaction starts instead of failing when it upgrades. Readers are
// query-only so a bug cannot write through them.
// writerCheckpointPages is the WAL size, in pages, at which the writer
// checkpoints: 262,144 pages of 4 KB, 1 GB.
const writerCheckpointPages = 262144

func dsn(absPath string, writer bool) string {
	p := filepath.ToSlash(absPath)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: file:///C:/...
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	if writer {
		// The writer's batches touch random pages of every index (a
		// content hash lands anywhere): on a database of millions of
		// reviews a small cache turns each into a read, and frequent
		// checkpoints write the same hot pages again and again. The WAL
		// may grow to 1 GB between checkpoints; the last connection to
		// close checkpoints and removes it. A million-review ingest took
		// 327 and 337 s with checkpoints every 64 MB, 315 s every 256 MB,
		// 301 s every 1 GB, and 327 s every 4 GB (the final checkpoint
		// then copies the whole 4 GB).
		q.Add("_pragma", "cache_size(-262144)")
		q.Add("_pragma", "mmap_size(2147418112)")
		q.Add("_pragma", fmt.Sprintf("wal_autocheckpoint(%d)", writerCheckpointPages))
		if pages, err := strconv.Atoi(os.Getenv(maxPageCountEnv)); err == nil && pages > 0 {
			q.Add("_pragma", fmt.Sprintf("max_page_count(%d)", pages))
		}
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(NORMAL)")
		q.Set("_txlock", "immediate")
	} else {
		q.Add("_pragma", "cache_size(-32768)")
		q.Add("_pragma", "mmap_size(2147418112)")
		q.Add("_pragma", "query_only(1)")
	}
	u := url.URL{Scheme: "file", Path: p, RawQuery: q.Encode()}
	return u.String()
}

// migrate applies the embedded schema migrations. Two processes opening a
// new file at once may both find a migration pending; the second one's
// transaction then fails on the tables the first created, and on the
// retry it finds nothing pending.
func migrate(ctx context.Context, db *sql.DB) error {
	const attempts = 5
	for attempt := 1; ; attempt++ {
		err := migrateOnce(ctx, db)
		if err == nil || errors.Is(err, errNewerSchema) || attempt == attempts || ctx.Err() != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("migrate schema: %w", ctx.Err())
		case <-time.After(time.Duration(attempt) * 50 * time.Millisecond):
		}
	}
}

var errNewerSchema = errors.New("the database was written by a newer Marquee")

// migrateOnce uses a new provider each time because a provider remembers
// a failure to create goose's version table.
func migrateOnce(ctx context.Context, db *sql.DB) error {
	files, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, files)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	current, target, err := p.GetVersions(ctx)
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if current > target {
		return fmt.Errorf("%w (schema version %d, this one knows up to %d)", errNewerSchema, current, target)
	}
	if current == target {
		return nil
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate schema from version %d: %w", current, err)
	}
	return nil
}

// Close closes the database.
func (db *DB) Close() error {
	return errors.Join(db.read.Close(), db.write.Close())
}
