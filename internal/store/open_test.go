package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseDSN(t *testing.T) {
	tests := []struct {
		dsn     string
		kind    Kind
		target  string
		wantErr string
	}{
		{dsn: "marquee.db", kind: SQLite, target: "marquee.db"},
		{dsn: "/var/lib/marquee/m.db", kind: SQLite, target: "/var/lib/marquee/m.db"},
		{dsn: "dir with space/m.db", kind: SQLite, target: "dir with space/m.db"},
		{dsn: "what?.db", kind: SQLite, target: "what?.db"},
		{dsn: "sqlite://rel/m.db", kind: SQLite, target: "rel/m.db"},
		{dsn: "sqlite:///abs/m.db", kind: SQLite, target: "/abs/m.db"},
		{dsn: "SQLite3:///abs/m.db", kind: SQLite, target: "/abs/m.db"},
		{dsn: "file:rel/m.db", kind: SQLite, target: "rel/m.db"},
		{dsn: "file:///abs/m.db", kind: SQLite, target: "/abs/m.db"},
		{dsn: "file://localhost/abs/m.db", kind: SQLite, target: "/abs/m.db"},
		{dsn: "file:///abs/with%20space.db", kind: SQLite, target: "/abs/with space.db"},
		{dsn: "postgres://user:secret@db.example/marquee", kind: Postgres, target: "postgres://user:secret@db.example/marquee"},
		{dsn: "postgresql://db.example/marquee?sslmode=require", kind: Postgres, target: "postgresql://db.example/marquee?sslmode=require"},
		{dsn: "", wantErr: "empty"},
		{dsn: "  ", wantErr: "empty"},
		{dsn: ":memory:", wantErr: "in-memory"},
		{dsn: "file::memory:", wantErr: "names no file"},
		{dsn: "file:m.db?cache=shared", wantErr: "parameters"},
		{dsn: "sqlite://m.db?_pragma=x", wantErr: "parameters"},
		{dsn: "sqlite://", wantErr: "names no file"},
		{dsn: "file://otherhost/m.db", wantErr: "another host"},
		{dsn: "mysql://u:pw@h/db", wantErr: `unknown scheme "mysql"`},
	}
	for _, tc := range tests {
		kind, target, err := ParseDSN(tc.dsn)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ParseDSN(%q) error = %v, want one saying %q", tc.dsn, err, tc.wantErr)
			}
			continue
		}
		if err != nil || kind != tc.kind || target != filepath.FromSlash(tc.target) {
			t.Errorf("ParseDSN(%q) = %q, %q, %v; want %q, %q", tc.dsn, kind, target, err, tc.kind, tc.target)
		}
	}
}

func TestOpenDispatch(t *testing.T) {
	ctx := context.Background()
	_, err := Open(ctx, "postgres://marquee:hunter2@db.example/marquee")
	if err == nil || !strings.Contains(err.Error(), "not supported yet") {
		t.Errorf("Open(postgres://…) error = %v, want “not supported yet”", err)
	}
	if err != nil && strings.Contains(err.Error(), "hunter2") {
		t.Errorf("Open error %q shows the password", err)
	}
	for _, dsn := range []string{
		"postgres://marquee:hunter2@db.example:notaport/marquee",
		"postgres://marquee:hunter2@[::1/marquee",
		"postgres://marquee@db.example/marquee?sslmode=require&password=hunter2",
		"postgresql://db.example/marquee?sslpassword=hunter2&password=hunter2",
	} {
		if _, err := Open(ctx, dsn); err == nil || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("Open(%q) error = %v; want an error without the password", dsn, err)
		}
	}
	if _, err := Open(ctx, "mysql://h/db"); err == nil {
		t.Error("Open(mysql://…) succeeded")
	}

	var got string
	Register(SQLite, func(_ context.Context, target string) (Store, error) {
		got = target
		return nil, nil
	})
	t.Cleanup(func() {
		backendsMu.Lock()
		delete(backends, SQLite)
		backendsMu.Unlock()
	})
	if _, err := Open(ctx, "sqlite:///tmp/x.db"); err != nil || got != filepath.FromSlash("/tmp/x.db") {
		t.Errorf("Open(sqlite:///tmp/x.db) gave the backend %q, %v", got, err)
	}
}

func TestOpenWithoutBackend(t *testing.T) {
	_, err := Open(context.Background(), filepath.Join(t.TempDir(), "m.db"))
	if err == nil || !strings.Contains(err.Error(), "not linked") {
		t.Errorf("Open without the SQLite backend: error = %v, want one naming the missing import", err)
	}
}

func TestDefaultPath(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"XDG_DATA_HOME": "/xdg", "HOME": "/home/u"}, "/xdg/marquee/marquee.db"},
		{map[string]string{"HOME": "/home/u"}, "/home/u/.local/share/marquee/marquee.db"},
		{map[string]string{"XDG_DATA_HOME": "relative/dir", "HOME": "/home/u"}, "/home/u/.local/share/marquee/marquee.db"},
	}
	for _, tc := range tests {
		got := DefaultPath(func(k string) string { return tc.env[k] })
		if got != filepath.FromSlash(tc.want) {
			t.Errorf("DefaultPath(%v) = %q, want %q", tc.env, got, tc.want)
		}
	}
	if got := DefaultPath(func(string) string { return "" }); !strings.HasSuffix(got, filepath.Join(".local", "share", "marquee", "marquee.db")) {
		t.Errorf("DefaultPath with no HOME = %q", got)
	}
}
