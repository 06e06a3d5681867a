package sqlite

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/marquee-film/marquee/internal/review"
	"github.com/marquee-film/marquee/internal/store/storetest"
)

// TestBackupWhileAnotherProcessWrites backs up a database while a writer
// process commits batches into it: the copy must pass Check and hold
// exactly the reviews of the batches committed when the copy began (a
// prefix of the writer's reviews, a whole number of batches).
func TestBackupWhileAnotherProcessWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a writer process")
	}
	const seed, total, batch = 7, 1500, 25
	dir := t.TempDir()
	path := filepath.Join(dir, "live.db")
	db := openPath(t, path)
	cmd, acks := startChild(t, path, seed, 0, total, batch)
	// Wait for a few commits so the copy is taken mid-run.
	for range 3 {
		if !acks.Scan() {
			t.Fatalf("writer stopped before 3 batches: %v", cmd.Wait())
		}
	}
	ctx := context.Background()
	copyPath := filepath.Join(dir, "copy.db")
	if err := db.Backup(ctx, copyPath); err != nil {
		t.Fatalf("Backup: %v", err)
	}
	for acks.Scan() {
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("writer: %v", err)
	}

	cp := openPath(t, copyPath)
	if err := cp.Check(ctx); err != nil {
		t.Fatalf("Check of the copy: %v", err)
	}
	want := storetest.GenerateReviews(total, seed)
	var got []string
	if err := cp.Export(ctx, func(r *review.Review) error {
		got = append(got, r.ContentHash)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || len(got) == total || len(got)%batch != 0 {
		t.Fatalf("the copy holds %d reviews; want whole batches of %d, taken mid-run (some, not all %d)", len(got), batch, total)
	}
	for i, h := range got {
		if h != want[i].ContentHash {
			t.Fatalf("review %d of the copy is %s, want the writer's %s", i+1, h, want[i].ContentHash)
		}
	}
	if s, err := db.Stats(ctx); err != nil || s.Reviews != total {
		t.Fatalf("the source holds %d reviews (%v), want %d", s.Reviews, err, total)
	}
	t.Logf("copy taken with %d of %d reviews committed", len(got), total)
}

func TestBackupRefusesExistingFile(t *testing.T) {
	dir := t.TempDir()
	db := openPath(t, filepath.Join(dir, "m.db"))
	storetest.Add(t, db, storetest.GenerateReviews(3, 1)...)
	dest := filepath.Join(dir, "taken")
	if err := os.WriteFile(dest, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := db.Backup(context.Background(), dest)
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("Backup over an existing file = %v, want ErrExist", err)
	}
	if b, _ := os.ReadFile(dest); string(b) != "keep me" {
		t.Fatalf("the existing file was changed to %q", b)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), "partial") {
			t.Errorf("left a temporary file %s", e.Name())
		}
	}
}
