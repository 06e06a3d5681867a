package corpus

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/marquee-film/marquee/internal/score"
)

func TestNormaliseScore(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"3.5/4", 0.875, true},
		{"4/5", 0.8, true},
		{" 8 / 10 ", 0.8, true},
		{"7 out of 10", 0.7, true},
		{"3 of 5", 0.6, true},
		{"'2.5/4'", 0.625, true},
		{"85/100", 0.85, true},
		{"B+", 0.83, true},
		{"C-plus", 0, false}, // long tail: not read rather than guessed
		{"A minus", 0.91, true},
		{"f", 0, true},
		{"3/3", 0, false}, // unusual scale: dropped
		{"6/5", 0, false}, // above the maximum
		{"2.5", 0, false}, // bare number: scale unknown
		{"***", 0, false},
		{"Recommended", 0, false},
		{"", 0, false},
		{"E", 0, false},
	} {
		got, ok := NormaliseScore(tc.in)
		if ok != tc.ok || math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("NormaliseScore(%q) = %g, %v; want %g, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func FuzzNormaliseScore(f *testing.F) {
	for _, s := range []string{"3.5/4", "B+", "7 out of 10", "0/0", "1e308/10", "A minus", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := NormaliseScore(s)
		if ok && (v < 0 || v > 1 || math.IsNaN(v)) {
			t.Fatalf("NormaliseScore(%q) = %g outside 0..1", s, v)
		}
	})
}

func TestStripMarkup(t *testing.T) {
	in := `A <span data-imdb-id="tt0000001">_Invented Film_</span> homage to [another](https://example.com) **classic**.`
	want := "A Invented Film homage to another classic."
	if got := StripMarkup(in); got != want {
		t.Errorf("StripMarkup = %q, want %q", got, want)
	}
}

func TestRootWalksUp(t *testing.T) {
	top := t.TempDir()
	want := filepath.Join(top, "shared", "data")
	deep := filepath.Join(top, "main", "internal", "score")
	for _, d := range []string{want, deep} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Root(deep)
	if err != nil || got != want {
		t.Errorf("Root(%s) = %q, %v; want %q", deep, got, err, want)
	}
}

// dataRoot returns shared/data, skipping when absent unless CI=true.
func dataRoot(t *testing.T) string {
	t.Helper()
	root, err := Root(".")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared data missing in CI: %v", err)
		}
		t.Skipf("shared data not present: %v", err)
	}
	return root
}

func TestLoadersReadTheDatasets(t *testing.T) {
	root := dataRoot(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		load func() ([]Record, error)
		want int
	}{
		{"sentence polarity", func() ([]Record, error) { return SentencePolarity(ctx, root) }, 10662},
		{"polarity v2.0", func() ([]Record, error) { return PolarityV2(ctx, root) }, 2000},
		{"scale", func() ([]Record, error) { return Scale(ctx, root) }, 4104},
		{"sst-2 test", func() ([]Record, error) { return SST2(ctx, root, "test") }, 1821},
		{"sst sentences", func() ([]Record, error) { return SSTSentences(ctx, root) }, 11855},
		{"frank", func() ([]Record, error) { return FranksMovieLog(ctx, root) }, 1568},
	} {
		recs, err := tc.load()
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if len(recs) != tc.want {
			t.Errorf("%s: %d records, want %d", tc.name, len(recs), tc.want)
		}
		ids := map[string]bool{}
		for _, r := range recs {
			if ids[r.ID] {
				t.Errorf("%s: duplicate ID %s", tc.name, r.ID)
				break
			}
			ids[r.ID] = true
			if r.HasRating && (r.Rating < 0 || r.Rating > 1) {
				t.Errorf("%s: rating %g outside 0..1", tc.name, r.Rating)
				break
			}
		}
	}
	frank, err := FranksMovieLog(ctx, root)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range frank {
		// The grade must not leak into the text the scorer reads.
		if strings.Contains(r.Text, "grade:") {
			t.Errorf("%s: body still holds front matter", r.ID)
			break
		}
	}
}

func TestRootFindsShared(t *testing.T) {
	root := dataRoot(t)
	if filepath.Base(root) != "data" {
		t.Errorf("Root = %s", root)
	}
}

// TestTrainingIsDeterministic trains twice on a small slice of the real
// training data and compares the bytes, as `marquee train` must reproduce
// the committed model.
func TestTrainingIsDeterministic(t *testing.T) {
	root := dataRoot(t)
	data, summary, err := TrainingData(context.Background(), root)
	if err != nil {
		t.Fatal(err)
	}
	if len(summary) != 6 {
		t.Errorf("summary %v", summary)
	}
	// The short path's held-out snippets must not train the sentence model.
	trained := map[string]bool{}
	for _, e := range data.Sentences {
		trained[Fingerprint(e.Text)] = true
	}
	leaked := 0
	for _, e := range data.ShortHeldOut {
		if trained[Fingerprint(e.Text)] {
			leaked++
		}
	}
	if leaked > 0 || len(data.ShortHeldOut) < 500 {
		t.Errorf("%d short-path snippets, %d of them also training sentences", len(data.ShortHeldOut), leaked)
	}
	every := func(n int) func(i int) bool { return func(i int) bool { return i%n == 0 } }
	small := score.TrainingData{
		Documents: keep(data.Documents, every(50)),
		Sentences: keep(data.Sentences, every(40)),
		Rated:     keep(data.Rated, every(8)),
		// Every snippet: fewer make the quantile map coarse but no faster.
		ShortHeldOut: data.ShortHeldOut,
	}
	cfg := score.DefaultConfig(3)
	cfg.Document.HashBits, cfg.Sentence.HashBits = 18, 16
	var first []byte
	for i := 0; i < 2; i++ {
		m, err := score.Train(context.Background(), small, cfg)
		if err != nil {
			t.Fatal(err)
		}
		b, err := m.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = b
		} else if !bytes.Equal(first, b) {
			t.Fatal("training twice on the same data gave different bytes")
		}
	}
}

func keep[T any](xs []T, pred func(int) bool) []T {
	var out []T
	for i, x := range xs {
		if pred(i) {
			out = append(out, x)
		}
	}
	return out
}
