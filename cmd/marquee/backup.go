package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/marquee-film/marquee/internal/store"
)

func init() {
	register(&command{
		name:    "backup",
		summary: "write a consistent copy of the database while it is in use (SQLite: a database file; PostgreSQL: an export)",
		run:     runBackup,
	})
}

func runBackup(ctx context.Context, env *environment, args []string) error {
	flags := newFlagSet(env, "backup", "DEST")
	flags.Usage = func() {
		fmt.Fprintln(env.stderr, "usage: marquee backup [--db DB] DEST")
		fmt.Fprintln(env.stderr)
		fmt.Fprintln(env.stderr, "A SQLite database is copied into the new database file DEST (VACUUM INTO) as")
		fmt.Fprintln(env.stderr, "one read transaction sees it, while other processes go on writing; the copy")
		fmt.Fprintln(env.stderr, "is checked before the command reports success.")
		fmt.Fprintln(env.stderr, "A PostgreSQL database is backed up as an export: DEST is a JSON Lines file")
		fmt.Fprintln(env.stderr, "of every review (as 'marquee export' writes it), which 'marquee import'")
		fmt.Fprintln(env.stderr, "reads back into any database. For PostgreSQL's own format use pg_dump.")
		fmt.Fprintln(env.stderr)
		fmt.Fprintln(env.stderr, "DEST must not exist.")
		fmt.Fprintln(env.stderr)
		fmt.Fprintln(env.stderr, "flags:")
		flags.PrintDefaults()
	}
	db := dbFlag(flags)
	rest, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 || rest[0] == "-" {
		flags.Usage()
		return fmt.Errorf("%w: give one destination file", errUsage)
	}
	dest := rest[0]
	if _, err := os.Lstat(dest); err == nil {
		return fmt.Errorf("%w: %s already exists; back up into a new file", errUsage, dest)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("destination: %w", err)
	}
	dsn := resolveDSN(env, *db)
	if err := requireExisting(dsn); err != nil {
		return err
	}
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer st.Close()

	b, ok := st.(store.Backuper)
	if !ok {
		n, err := exportTo(ctx, env, st, dest)
		if err != nil {
			return fmt.Errorf("backup as an export: %w", err)
		}
		fmt.Fprintf(env.stderr, "backup: %d reviews of %s exported to %s (restore with: marquee import --db DB %s)\n",
			n, store.Redact(dsn), dest, dest)
		return nil
	}
	if err := b.Backup(ctx, dest); err != nil {
		return err
	}
	stats, err := checkBackup(ctx, dest)
	if err != nil {
		return fmt.Errorf("the copy at %s failed its check (it is left for inspection): %w", dest, err)
	}
	fmt.Fprintf(env.stderr, "backup: %s copied to %s (%d reviews, %d films; check ok)\n",
		store.Redact(dsn), dest, stats.Reviews, stats.Films)
	return nil
}

// checkBackup opens the copy and runs Check on it.
func checkBackup(ctx context.Context, path string) (store.Stats, error) {
	cp, err := store.Open(ctx, path)
	if err != nil {
		return store.Stats{}, err
	}
	defer cp.Close()
	if err := cp.Check(ctx); err != nil {
		return store.Stats{}, err
	}
	return cp.Stats(ctx)
}
