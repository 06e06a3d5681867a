package corpus

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/marquee-film/marquee/internal/ingest"
	"github.com/marquee-film/marquee/internal/pipeline"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// inventedSources are a few made-up texts per source, so that every text
// is drawn many times and only the corpus's own sentence keeps reviews
// apart.
func inventedSources() []Source {
	return []Source{
		{Name: "plain", Texts: []Text{
			{Body: "The Paper Lighthouse drifts for an hour before it finds its nerve. When it does, Wren Halvorsen's performance holds the screen.", Rating: "7/10"},
			{Body: "A slack, shapeless thriller whose twist arrives with a shrug", Rating: "1.5/4"},
		}},
		{Name: "markdown", Texts: []Text{
			{Body: "_The Quarry Bell_ is handsome and empty.\n\nMilo Tallis (as the foreman) tries hard.", Markdown: true, Rating: "C-"},
		}},
		{Name: "bare", Texts: []Text{
			{Body: "a quiet film .\nit earns its ending .\nthe score is lovely ."},
		}},
	}
}

func generate(t testing.TB, opts Options) (Stats, string) {
	t.Helper()
	if opts.OutDir == "" {
		opts.OutDir = t.TempDir()
	}
	st, err := Generate(context.Background(), opts, inventedSources())
	if err != nil {
		t.Fatal(err)
	}
	return st, opts.OutDir
}

func readShards(t *testing.T, dir string, shards []string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, name := range shards {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = data
	}
	return files
}

func TestGenerateIsDeterministic(t *testing.T) {
	base := Options{Reviews: 2500, Films: 300, Seed: 7, ShardSize: 1000}
	tests := []struct {
		name     string
		change   func(*Options)
		wantSame bool
	}{
		{"same options", func(*Options) {}, true},
		{"more goroutines", func(o *Options) { o.Parallel = 3 }, true},
		{"other seed", func(o *Options) { o.Seed = 8 }, false},
	}
	ref, refDir := generate(t, Options{Reviews: base.Reviews, Films: base.Films, Seed: base.Seed, ShardSize: base.ShardSize, Parallel: 1})
	if len(ref.Shards) != 3 {
		t.Fatalf("%d shards, want 3", len(ref.Shards))
	}
	want := readShards(t, refDir, ref.Shards)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts := base
			tc.change(&opts)
			st, dir := generate(t, opts)
			got := readShards(t, dir, st.Shards)
			same := len(got) == len(want)
			for name, data := range want {
				same = same && bytes.Equal(got[name], data)
			}
			if same != tc.wantSame {
				t.Fatalf("identical output: %v, want %v", same, tc.wantSame)
			}
		})
	}
}

// TestGeneratedReviewsAreDistinct reads a corpus back through ingest and
// the pipeline: every record is a document, and no two have the same
// content hash although the sources hold only four texts.
func TestGeneratedReviewsAreDistinct(t *testing.T) {
	const n = 600
	st, dir := generate(t, Options{Reviews: n, Films: 50, Seed: 1, ShardSize: 250})
	hashes := map[string]string{}
	var docs int
	for _, name := range st.Shards {
		path := filepath.Join(dir, name)
		err := ingest.Read(context.Background(), ingest.Input{Path: path}, nil, nil, func(it ingest.Item) error {
			if it.Skip != nil {
				return fmt.Errorf("skip %s: %s", it.Skip.Source, it.Skip.Reason)
			}
			docs++
			d := it.Doc
			if d.FilmTitle == "" || d.FilmYear == 0 || d.Author == "" || d.Publication == "" || d.Published == nil {
				return fmt.Errorf("%s: missing metadata: %+v", d.Source, d)
			}
			r := pipeline.Process(*d)
			if prev, dup := hashes[r.ContentHash]; dup {
				return fmt.Errorf("%s has the content hash of %s", d.Source, prev)
			}
			hashes[r.ContentHash] = d.Source
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if docs != n {
		t.Fatalf("read %d documents, want %d", docs, n)
	}
}

func TestFilmPopularityIsSkewed(t *testing.T) {
	st, _ := generate(t, Options{Reviews: 60_000, Films: 3_000, Seed: 1, ShardSize: 30_000})
	if st.FilmsWithReviews != 3_000 {
		t.Errorf("%d films reviewed, want every one of 3,000", st.FilmsWithReviews)
	}
	if st.TopFilmReviews < 50*int(st.MedianFilm) {
		t.Errorf("top film %d reviews, median %.1f: not skewed", st.TopFilmReviews, st.MedianFilm)
	}
	if st.ShareUnder5 < 0.2 || st.ShareUnder5 > 0.9 {
		t.Errorf("%.2f of films have fewer than 5 reviews", st.ShareUnder5)
	}
	total := 0
	for _, n := range st.PerSource {
		total += n
	}
	if total != 60_000 {
		t.Errorf("per-source counts add up to %d", total)
	}
}

// TestGoldenRecords pins the first records of a small corpus, so a change
// to how reviews are drawn shows up as a diff (run with -update to accept).
func TestGoldenRecords(t *testing.T) {
	st, dir := generate(t, Options{Reviews: 6, Films: 4, Seed: 1, ShardSize: 10})
	var got bytes.Buffer
	err := ingest.Read(context.Background(), ingest.Input{Path: filepath.Join(dir, st.Shards[0])}, nil, nil, func(it ingest.Item) error {
		if it.Skip != nil {
			return fmt.Errorf("skip: %s", it.Skip.Reason)
		}
		d := it.Doc
		fmt.Fprintf(&got, "%s | %s (%d) | %s, %s | %s | %s | %q\n", d.Extra["id"], d.FilmTitle, d.FilmYear,
			d.Author, d.Publication, d.Published.Format("2006-01-02"), d.RatingRaw, lastLine(d.Text))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "seed1.golden.txt")
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != string(want) {
		t.Errorf("records differ from %s:\n got:\n%s\nwant:\n%s", golden, got.String(), want)
	}
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	return s[strings.LastIndex(s, "\n")+1:]
}

func TestGenerateRejectsBadOptions(t *testing.T) {
	for _, opts := range []Options{
		{Reviews: 0, Films: 1, ShardSize: 1},
		{Reviews: 1, Films: 0, ShardSize: 1},
		{Reviews: 1, Films: 1, ShardSize: 0},
	} {
		opts.OutDir = t.TempDir()
		if _, err := Generate(context.Background(), opts, inventedSources()); err == nil {
			t.Errorf("%+v: no error", opts)
		}
	}
	if _, err := Generate(context.Background(), Options{OutDir: t.TempDir(), Reviews: 1, Films: 1, ShardSize: 1}, nil); err == nil {
		t.Error("no sources: no error")
	}
}

// sharedData is the shared datasets directory beside the repository.
func sharedData(t testing.TB) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "data")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is missing", dir)
		}
		t.Skipf("no shared data: %v", err)
	}
	return dir
}

func TestLoadRealSources(t *testing.T) {
	sources, err := LoadSources(sharedData(t))
	if err != nil {
		t.Fatal(err)
	}
	// Sizes the datasets' READMEs state: RT has 27,696 reviews of which
	// 1,462 have no quote.
	want := map[string]int{"imdb": 50_000, "rotten-tomatoes": 27_696 - 1_462, "franks-movielog": 1_568, "polarity-v2": 2_000}
	total := 0
	for _, s := range sources {
		if len(s.Texts) != want[s.Name] {
			t.Errorf("%s: %d texts, want %d", s.Name, len(s.Texts), want[s.Name])
		}
		total += len(s.Texts)
		for _, txt := range s.Texts {
			if strings.Contains(txt.Body, "<br />") {
				t.Fatalf("%s: text still holds <br />", s.Name)
			}
		}
	}
	const n = 20_000
	st, err := Generate(context.Background(), Options{OutDir: t.TempDir(), Reviews: n, Films: 1_000, Seed: 3, ShardSize: n}, sources)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sources {
		share := float64(len(s.Texts)) / float64(total)
		got := float64(st.PerSource[s.Name]) / n
		// Four standard deviations of a binomial share.
		if tol := 4 * math.Sqrt(share*(1-share)/n); math.Abs(got-share) > tol {
			t.Errorf("%s: %.4f of reviews, want %.4f ± %.4f", s.Name, got, share, tol)
		}
	}
}

func FuzzReadSources(f *testing.F) {
	f.Add([]byte("split,label,id,rating,url,text\ntrain,pos,0,9,u,\"Fine <br />film.\"\n"))
	f.Add([]byte("quote,originalScore\n\"Sharp.\",3/4\n,\n"))
	f.Add([]byte(`{"body_markdown":"_X_ is good.","grade":"B"}` + "\n{"))
	f.Add([]byte("label,text\npos,\"unterminated\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, sf := range sourceFiles {
			texts, _ := sf.read(bytes.NewReader(data))
			for _, txt := range texts {
				if strings.TrimSpace(txt.Body) == "" {
					t.Fatalf("%s: empty text kept", sf.name)
				}
			}
		}
	})
}

func BenchmarkGenerate(b *testing.B) {
	const n = 20_000
	dir := b.TempDir()
	for b.Loop() {
		if _, err := Generate(context.Background(), Options{OutDir: dir, Reviews: n, Films: 2_000, Seed: 1, ShardSize: 5_000}, inventedSources()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "reviews/s")
}

func TestIsMarker(t *testing.T) {
	for _, tc := range []struct {
		sentence string
		want     bool
	}{
		{fmt.Sprintf(markerFormat, 12, 1), true},
		{fmt.Sprintf(markerFormat, 1000000, 42), true},
		{"Bench corpus review 3, seed 1. And more.", false},
		{"A corpus review of the seed vault documentary.", false},
		{"", false},
	} {
		if got := IsMarker(tc.sentence); got != tc.want {
			t.Errorf("IsMarker(%q) = %v, want %v", tc.sentence, got, tc.want)
		}
	}
}
