package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/marquee-film/marquee/internal/store"
)

var _ store.Backuper = (*DB)(nil)

// Backup implements store.Backuper with VACUUM INTO, which copies the
// database as one read transaction sees it: writers in this and other
// processes go on (WAL readers block no one), and the copy holds exactly
// the transactions committed when it started. The copy is written under a
// temporary name and renamed into place, so a failed or interrupted backup
// leaves no file at dest.
func (db *DB) Backup(ctx context.Context, dest string) error {
	abs, err := filepath.Abs(dest)
	if err != nil {
		return fmt.Errorf("backup path %q: %w", dest, err)
	}
	if _, err := os.Lstat(abs); err == nil {
		return fmt.Errorf("back up into %s: %w", dest, fs.ErrExist)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("back up into %s: %w", dest, err)
	}
	tmp := fmt.Sprintf("%s.partial-%d", abs, os.Getpid())
	_ = os.Remove(tmp) // left by an earlier run of this process id
	if err := vacuumInto(ctx, db.path, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("back up into %s: %w", dest, err)
	}
	// os.Link fails when dest appeared meanwhile, where a rename would
	// silently replace it.
	err = os.Link(tmp, abs)
	switch {
	case err == nil:
		if err := os.Remove(tmp); err != nil {
			return fmt.Errorf("back up into %s: remove the temporary copy: %w", dest, err)
		}
		return nil
	case errors.Is(err, fs.ErrExist):
		os.Remove(tmp)
		return fmt.Errorf("back up into %s: %w", dest, err)
	}
	// A file system without hard links: rename, checked just above.
	if err := os.Rename(tmp, abs); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("back up into %s: %w", dest, err)
	}
	return nil
}

// vacuumInto runs VACUUM INTO on a connection of its own: the readers are
// query-only, which SQLite takes to forbid VACUUM INTO too, and the writer
// would hold up this process's writes for the whole copy.
func vacuumInto(ctx context.Context, path, dest string) error {
	u, err := url.Parse(dsn(path, false))
	if err != nil {
		return err
	}
	q := u.Query()
	pragmas := slices.DeleteFunc(q["_pragma"], func(p string) bool { return strings.HasPrefix(p, "query_only") })
	q["_pragma"] = pragmas
	u.RawQuery = q.Encode()
	conn, err := sql.Open("sqlite", u.String())
	if err != nil {
		return err
	}
	defer conn.Close()
	_, err = conn.ExecContext(ctx, `VACUUM INTO ?`, dest)
	return err
}
