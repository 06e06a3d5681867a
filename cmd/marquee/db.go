package main

import (
	"context"
	"flag"

	"github.com/marquee-film/marquee/internal/store"
	// The embedded default backend.
	_ "github.com/marquee-film/marquee/internal/store/sqlite"
	// PostgreSQL, for --db postgres://… and MARQUEE_DB=postgres://….
	_ "github.com/marquee-film/marquee/internal/store/postgres"
)

// dbFlag adds the --db flag every storing command shares.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", "", "database: a SQLite file path or a postgres:// URL (default $MARQUEE_DB, else a file in the XDG data directory)")
}

// openStore resolves the database from --db, then MARQUEE_DB, then the
// default file, and opens it.
func openStore(ctx context.Context, env *environment, flagValue string) (store.Store, error) {
	return store.Open(ctx, resolveDSN(env, flagValue))
}

func resolveDSN(env *environment, flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	if v := env.getenv("MARQUEE_DB"); v != "" {
		return v
	}
	return store.DefaultPath(env.getenv)
}
