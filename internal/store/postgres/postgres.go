// Package postgres is the PostgreSQL backend of store: one database that
// Marquee processes on many machines can read and write at once. Importing
// it registers it with store.Open for postgres:// URLs.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/marquee-film/marquee/internal/store"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

func init() {
	store.Register(store.Postgres, func(ctx context.Context, url string) (store.Store, error) {
		return Open(ctx, url)
	})
}

// DB is a Marquee database on a PostgreSQL server.
type DB struct {
	pool *pgxpool.Pool
}

var (
	_ store.Store      = (*DB)(nil)
	_ store.RowCounter = (*DB)(nil)
)

// Open connects to the database url names (a postgres:// URL or a
// key=value connection string, as libpq reads them) and brings its schema
// up to date. The database must exist; Marquee creates its tables in it.
func Open(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, parseError(err)
	}
	// Every statement is planned for its own arguments and the tables as
	// they are now. pgx prepares statements, and PostgreSQL switches a
	// prepared statement to a generic plan after five runs and keeps it:
	// a plan made while the tables were small (films, film_counts, right
	// after a bulk load begins) scans them whole, and went on doing so at
	// 50,000 films, each batch comparing every film's title with each of
	// its own. Planning is cheap next to that. A setting in the URL's
	// options wins.
	if _, ok := cfg.ConnConfig.RuntimeParams["plan_cache_mode"]; !ok {
		cfg.ConnConfig.RuntimeParams["plan_cache_mode"] = "force_custom_plan"
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect: %w", err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	return &DB{pool: pool}, nil
}

// parseError says what is wrong with a connection string without quoting
// it: pgx's message quotes the string (masking the password as best it
// can) and may wrap an error quoting it again (url.Parse's). Only the
// reason after the quoted string is kept, and only when it shows no part
// of a URL.
func parseError(err error) error {
	const generic = "invalid PostgreSQL connection string"
	var pce *pgconn.ParseConfigError
	if !errors.As(err, &pce) {
		return errors.New(generic)
	}
	msg := pce.Error()
	i := strings.LastIndex(msg, "`: ")
	if i < 0 {
		return errors.New(generic)
	}
	reason := msg[i+len("`: "):]
	if strings.ContainsAny(reason, "@/`") || strings.Contains(strings.ToLower(reason), "password") {
		return errors.New(generic)
	}
	return fmt.Errorf("%s: %s", generic, reason)
}

var errNewerSchema = errors.New("the database was written by a newer Marquee")

// migrate applies the embedded schema migrations. goose serialises
// processes that migrate at once with a session advisory lock; the retry
// covers the one step it runs before taking the lock (creating its
// version table), where two processes can still collide.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	const attempts = 5
	for attempt := 1; ; attempt++ {
		err := migrateOnce(ctx, pool)
		if err == nil || errors.Is(err, errNewerSchema) || attempt == attempts || ctx.Err() != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("migrate schema: %w", ctx.Err())
		case <-time.After(time.Duration(attempt) * 100 * time.Millisecond):
		}
	}
}

// migrateOnce uses a new provider each time because a provider remembers
// a failure to create goose's version table.
func migrateOnce(ctx context.Context, pool *pgxpool.Pool) error {
	files, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	// Poll for the lock every second for up to five minutes: a first
	// migration takes well under a second.
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	db := stdlib.OpenDBFromPool(pool)
	defer db.Close()
	p, err := goose.NewProvider(goose.DialectPostgres, db, files, goose.WithSessionLocker(locker))
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate schema: %w", err)
	}
	current, target, err := p.GetVersions(ctx)
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if current > target {
		return fmt.Errorf("%w (schema version %d, this one knows up to %d)", errNewerSchema, current, target)
	}
	return nil
}

// Close closes the connections.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}
