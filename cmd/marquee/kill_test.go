package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/marquee-film/marquee/internal/store"
	_ "github.com/marquee-film/marquee/internal/store/sqlite"
)

// built is the marquee binary the tests run, compiled once per test binary
// run into a directory TestMain removes.
var built struct {
	once sync.Once
	dir  string
	bin  string
	err  error
}

// buildMarquee compiles the command once per test binary run.
func buildMarquee(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "marquee-test-bin-"); built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "marquee")
		cmd := exec.Command("go", "build", "-o", built.bin, ".")
		cmd.Stderr = os.Stderr
		built.err = cmd.Run()
	})
	if built.err != nil {
		t.Fatalf("build marquee: %v", built.err)
	}
	return built.bin
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		_ = os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// writeCorpus writes n invented reviews as JSON Lines, each unique.
func writeCorpus(t *testing.T, path string, n int) {
	t.Helper()
	writeCorpusFrom(t, path, 0, n)
}

// writeCorpusFrom writes n invented reviews numbered from first; each text
// says "Review number N.", which tests search for.
func writeCorpusFrom(t *testing.T, path string, first, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	moods := []string{"luminous", "tedious", "tender", "overlong", "sly", "clumsy", "gorgeous", "muddled"}
	for i := first; i < first+n; i++ {
		rec := map[string]any{
			"film":   fmt.Sprintf("Test Film %d", i%97),
			"year":   2000 + i%20,
			"critic": fmt.Sprintf("Critic %d", i%31),
			"rating": fmt.Sprintf("%d/10", 1+i%10),
			"text": fmt.Sprintf("Review number %d. The film is %s from start to finish, and its lead gives a %s performance. "+
				"The second act drags a little, but the photography is %s and the score by Ana Ruiz lingers. "+
				"Overall it is a %s piece of work that rewards patience.",
				i, moods[i%8], moods[(i+3)%8], moods[(i+5)%8], moods[(i+1)%8]),
		}
		if err := enc.Encode(rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// storedHashes lists the content hashes of every stored review, sorted.
func storedHashes(t *testing.T, db string) []string {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Check(ctx); err != nil {
		t.Fatalf("check %s: %v", db, err)
	}
	films, err := st.Films(ctx, store.FilmQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var hashes []string
	for _, f := range films {
		reviews, err := st.FilmReviews(ctx, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range reviews {
			hashes = append(hashes, r.ContentHash)
		}
	}
	slices.Sort(hashes)
	if n := len(slices.Compact(slices.Clone(hashes))); n != len(hashes) {
		t.Fatalf("%s holds %d reviews but only %d distinct hashes", db, len(hashes), n)
	}
	return hashes
}

// TestIngestKilledMidwayRecovers kills an ingest with SIGKILL while it is
// storing, re-runs it, and checks that the database ends with exactly the
// rows of one clean run: nothing lost, nothing stored twice.
func TestIngestKilledMidwayRecovers(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and ingests 6,000 reviews")
	}
	bin := buildMarquee(t)
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus.jsonl")
	const n = 6000
	writeCorpus(t, corpus, n)

	clean := filepath.Join(dir, "clean.db")
	if out, err := exec.Command(bin, "ingest", "-q", "--db", clean, corpus).CombinedOutput(); err != nil {
		t.Fatalf("clean ingest: %v\n%s", err, out)
	}
	want := storedHashes(t, clean)
	if len(want) != n {
		t.Fatalf("clean run stored %d reviews, want %d", len(want), n)
	}

	killed := filepath.Join(dir, "killed.db")
	cmd := exec.Command(bin, "ingest", "-q", "--db", killed, corpus)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill once at least one batch has committed but well before the end.
	deadline := time.Now().Add(60 * time.Second)
	for {
		time.Sleep(20 * time.Millisecond)
		if st, err := store.Open(context.Background(), killed); err == nil {
			s, err := st.Stats(context.Background())
			st.Close()
			if err == nil && s.Reviews > 0 {
				if s.Reviews >= n {
					t.Fatalf("ingest finished (%d reviews) before it could be killed", s.Reviews)
				}
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("ingest stored nothing within 60s")
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	partial := storedHashes(t, killed)
	if len(partial) == 0 || len(partial) >= n {
		t.Fatalf("after the kill %d reviews were stored; want some, not all", len(partial))
	}
	t.Logf("killed after %d of %d reviews were stored", len(partial), n)

	if out, err := exec.Command(bin, "ingest", "-q", "--db", killed, corpus).CombinedOutput(); err != nil {
		t.Fatalf("re-run: %v\n%s", err, out)
	}
	got := storedHashes(t, killed)
	if !slices.Equal(got, want) {
		t.Fatalf("after the re-run %d reviews, want the clean run's %d (same hashes: %v)", len(got), len(want), slices.Equal(got, want))
	}
}
