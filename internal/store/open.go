package store

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
)

// Kind names a database backend.
type Kind string

const (
	SQLite   Kind = "sqlite"
	Postgres Kind = "postgres"
)

// Backend opens a database of one Kind. target is what ParseDSN made of the
// DSN: a file path for SQLite, the URL unchanged for PostgreSQL.
type Backend func(ctx context.Context, target string) (Store, error)

var (
	backendsMu sync.RWMutex
	backends   = map[Kind]Backend{}
)

// Register makes a backend available to Open. Backends call it from init,
// so a program links a backend in by importing its package (for SQLite,
// internal/store/sqlite).
func Register(kind Kind, open Backend) {
	backendsMu.Lock()
	defer backendsMu.Unlock()
	backends[kind] = open
}

// Open opens (creating when needed) the database dsn names: a file path, a
// sqlite://path or file:path URL, or a postgres:// URL.
func Open(ctx context.Context, dsn string) (Store, error) {
	kind, target, err := ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	backendsMu.RLock()
	open := backends[kind]
	backendsMu.RUnlock()
	if open == nil {
		if kind == Postgres {
			return nil, fmt.Errorf("open %s: PostgreSQL databases are not supported yet; use a SQLite file path", Redact(dsn))
		}
		return nil, fmt.Errorf("open %s: the %s backend is not linked into this program (import internal/store/%s)", Redact(dsn), kind, kind)
	}
	st, err := open(ctx, target)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", Redact(dsn), err)
	}
	return st, nil
}

var schemeRE = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*)://`)

// ParseDSN tells which backend dsn is for and what to hand it. A DSN with no
// URL scheme is a SQLite file path.
func ParseDSN(dsn string) (Kind, string, error) {
	if strings.TrimSpace(dsn) == "" {
		return "", "", fmt.Errorf("empty database name")
	}
	if strings.HasPrefix(dsn, "file:") {
		path, err := fileURLPath(dsn)
		if err != nil {
			return "", "", err
		}
		return SQLite, path, nil
	}
	m := schemeRE.FindStringSubmatch(dsn)
	if m == nil {
		if dsn == ":memory:" {
			return "", "", fmt.Errorf("in-memory databases are not supported: give a file path")
		}
		return SQLite, dsn, nil
	}
	switch strings.ToLower(m[1]) {
	case "sqlite", "sqlite3":
		path := dsn[len(m[0]):]
		if path == "" {
			return "", "", fmt.Errorf("database %q names no file", dsn)
		}
		if strings.ContainsAny(path, "?#") {
			return "", "", fmt.Errorf("database %q: parameters are not supported (Marquee sets its own)", dsn)
		}
		return SQLite, path, nil
	case "postgres", "postgresql":
		return Postgres, dsn, nil
	default:
		return "", "", fmt.Errorf("database %s: unknown scheme %q (want a file path, sqlite:// or postgres://)", Redact(dsn), m[1])
	}
}

// fileURLPath reads the path out of a file: URL, in its opaque
// ("file:rel/x.db") or hierarchical ("file:///abs/x.db") form.
func fileURLPath(dsn string) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", fmt.Errorf("database %q: %w", dsn, err)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("database %q: parameters are not supported (Marquee sets its own)", dsn)
	}
	if u.Host != "" && u.Host != "localhost" {
		return "", fmt.Errorf("database %q: file URLs on another host are not supported", dsn)
	}
	path := u.Path
	if u.Opaque != "" {
		if path, err = url.PathUnescape(u.Opaque); err != nil {
			return "", fmt.Errorf("database %q: %w", dsn, err)
		}
	}
	if path == "" || path == ":memory:" {
		return "", fmt.Errorf("database %q names no file", dsn)
	}
	return filepath.FromSlash(path), nil
}

// queryPassword matches libpq's password parameters in a URL's query.
var queryPassword = regexp.MustCompile(`(?i)([?&](?:ssl)?password=)[^&#]*`)

// Redact hides a password in a URL DSN so it never reaches an error
// message: the user information's and libpq's password parameters. A URL
// too broken to parse loses all its user information.
func Redact(dsn string) string {
	dsn = queryPassword.ReplaceAllString(dsn, "${1}xxxxx")
	u, err := url.Parse(dsn)
	if err == nil {
		if u.User == nil {
			return dsn
		}
		return u.Redacted()
	}
	if scheme, rest, ok := strings.Cut(dsn, "://"); ok {
		if at := strings.LastIndex(rest, "@"); at >= 0 {
			return scheme + "://xxxxx@" + rest[at+1:]
		}
	}
	return dsn
}

// DefaultPath is where the database lives when the user names none:
// $XDG_DATA_HOME/marquee/marquee.db, else ~/.local/share/marquee/marquee.db.
// getenv is os.Getenv or a test's stand-in.
func DefaultPath(getenv func(string) string) string {
	// The XDG spec says to ignore a relative XDG_DATA_HOME.
	if dir := getenv("XDG_DATA_HOME"); dir != "" && filepath.IsAbs(dir) {
		return filepath.Join(dir, "marquee", "marquee.db")
	}
	home := getenv("HOME")
	if home == "" {
		if h, err := os.UserHomeDir(); err == nil {
			home = h
		}
	}
	return filepath.Join(home, ".local", "share", "marquee", "marquee.db")
}
