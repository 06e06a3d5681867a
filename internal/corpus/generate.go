package corpus

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sync"
	"time"
)

// Defaults of Options.
const (
	DefaultReviews   = 1_000_000
	DefaultFilms     = 50_000
	DefaultShardSize = 50_000
	// critics is how many invented critics write the reviews.
	critics = 4_000
)

// Zipf-Mandelbrot parameters of film popularity: P(rank k) ∝ (k+v)^-s.
const (
	filmZipfS = 1.1
	filmZipfV = 20
	// Critics are skewed too, more gently: a few write thousands.
	criticZipfS = 1.05
	criticZipfV = 50
)

// Options describe a corpus. The same Options and sources always give the
// same files, byte for byte.
type Options struct {
	OutDir    string
	Reviews   int
	Films     int
	Seed      uint64
	ShardSize int
	// Parallel is how many shards are written at once; it does not change
	// the output. Default the number of CPUs.
	Parallel int
}

// ManifestName is the file Generate writes beside the shards. It is hidden
// so that ingesting the directory skips it.
const ManifestName = ".corpus.json"

// Stats describe a generated corpus.
type Stats struct {
	Options Options  `json:"options"`
	Shards  []string `json:"shards"`
	// Bytes is the size of the shards on disk; RawBytes uncompressed.
	Bytes    int64 `json:"bytes"`
	RawBytes int64 `json:"raw_bytes"`
	// PerSource counts the reviews drawn from each source.
	PerSource map[string]int `json:"per_source"`
	// SourceTexts counts the real texts each source offered.
	SourceTexts map[string]int `json:"source_texts"`
	// Film popularity: the most reviewed film and its count, the median
	// count over all films, the share of films with fewer than five
	// reviews and the number with a thousand or more.
	TopFilm          string  `json:"top_film"`
	TopFilmReviews   int     `json:"top_film_reviews"`
	MedianFilm       float64 `json:"median_film_reviews"`
	ShareUnder5      float64 `json:"share_films_under_5"`
	FilmsOver1000    int     `json:"films_with_1000_or_more"`
	FilmsWithReviews int     `json:"films_with_reviews"`
	Elapsed          string  `json:"elapsed"`
}

// record is one line of a shard. Field names are ones ingest maps to
// Document fields; "id" and "source_dataset" land in Extra.
type record struct {
	ID          string `json:"id"`
	Film        string `json:"film"`
	Year        int    `json:"year"`
	Critic      string `json:"critic"`
	Publication string `json:"publication"`
	Date        string `json:"date"`
	Rating      string `json:"rating,omitempty"`
	Text        string `json:"text,omitempty"`
	Markdown    string `json:"markdown,omitempty"`
	Source      string `json:"source_dataset"`
}

// plan is what every shard shares, all derived from the seed.
type plan struct {
	opts    Options
	sources []Source
	// pool maps a draw in [0, total) to a source: cumulative text counts.
	cumulative []int
	total      int
	films      []film
	// filmByRank[k] is the film of popularity rank k.
	filmByRank []int
	critics    []critic
}

// Generate writes the corpus opts describe into opts.OutDir, drawing texts
// from sources (see LoadSources), and returns its statistics.
func Generate(ctx context.Context, opts Options, sources []Source) (Stats, error) {
	start := time.Now()
	if opts.Reviews <= 0 || opts.Films <= 0 || opts.ShardSize <= 0 {
		return Stats{}, fmt.Errorf("corpus: reviews, films and shard size must be positive (got %d, %d, %d)", opts.Reviews, opts.Films, opts.ShardSize)
	}
	if opts.Parallel <= 0 {
		opts.Parallel = runtime.NumCPU()
	}
	p := plan{opts: opts, sources: sources}
	for _, s := range sources {
		p.total += len(s.Texts)
		p.cumulative = append(p.cumulative, p.total)
	}
	if p.total == 0 {
		return Stats{}, errors.New("corpus: no source texts")
	}
	setup := rand.New(rand.NewPCG(opts.Seed, 0x5e7))
	p.films = inventFilms(setup, opts.Films)
	p.filmByRank = setup.Perm(opts.Films)
	p.critics = inventCritics(setup, critics)
	if err := os.MkdirAll(opts.OutDir, 0o755); err != nil {
		return Stats{}, fmt.Errorf("corpus: %w", err)
	}

	shards := (opts.Reviews + opts.ShardSize - 1) / opts.ShardSize
	results := make([]shardResult, shards)
	errs := make([]error, shards)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(opts.Parallel, shards) {
		wg.Go(func() {
			for i := range next {
				results[i], errs[i] = p.writeShard(ctx, i, shards)
			}
		})
	}
	for i := range shards {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return Stats{}, err
	}

	st := Stats{Options: opts, PerSource: map[string]int{}, SourceTexts: map[string]int{}}
	filmReviews := make([]int, opts.Films)
	for _, r := range results {
		st.Shards = append(st.Shards, r.name)
		st.Bytes += r.bytes
		st.RawBytes += r.rawBytes
		for i, n := range r.perSource {
			st.PerSource[sources[i].Name] += n
		}
		for i, n := range r.filmReviews {
			filmReviews[i] += n
		}
	}
	for _, s := range sources {
		st.SourceTexts[s.Name] = len(s.Texts)
	}
	st.summarizeFilms(p.films, filmReviews)
	st.Elapsed = time.Since(start).Round(time.Millisecond).String()
	manifest, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return st, fmt.Errorf("corpus: %w", err)
	}
	if err := os.WriteFile(filepath.Join(opts.OutDir, ManifestName), append(manifest, '\n'), 0o644); err != nil {
		return st, fmt.Errorf("corpus: %w", err)
	}
	return st, nil
}

func (st *Stats) summarizeFilms(films []film, counts []int) {
	sorted := slices.Clone(counts)
	slices.Sort(sorted)
	top := 0
	for i, n := range counts {
		if n > counts[top] {
			top = i
		}
		if n < 5 {
			st.ShareUnder5++
		}
		if n >= 1000 {
			st.FilmsOver1000++
		}
		if n > 0 {
			st.FilmsWithReviews++
		}
	}
	st.ShareUnder5 /= float64(len(counts))
	st.TopFilm = fmt.Sprintf("%s (%d)", films[top].Title, films[top].Year)
	st.TopFilmReviews = counts[top]
	mid := len(sorted) / 2
	if len(sorted)%2 == 1 {
		st.MedianFilm = float64(sorted[mid])
	} else {
		st.MedianFilm = float64(sorted[mid-1]+sorted[mid]) / 2
	}
}

type shardResult struct {
	name            string
	bytes, rawBytes int64
	perSource       []int
	filmReviews     map[int]int
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w *bufio.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// writeShard writes shard i of shards. Its draws come from a generator
// seeded by (seed, i), so shards can be written in any order and at once.
func (p *plan) writeShard(ctx context.Context, i, shards int) (shardResult, error) {
	res := shardResult{
		name:        fmt.Sprintf("reviews-%05d-of-%05d.jsonl.gz", i+1, shards),
		perSource:   make([]int, len(p.sources)),
		filmReviews: map[int]int{},
	}
	path := filepath.Join(p.opts.OutDir, res.name)
	tmp, err := os.CreateTemp(p.opts.OutDir, ".shard-*")
	if err != nil {
		return res, fmt.Errorf("corpus: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename it is gone already
	fileBuf := bufio.NewWriterSize(tmp, 1<<20)
	zw, err := gzip.NewWriterLevel(fileBuf, gzip.DefaultCompression)
	if err != nil {
		tmp.Close()
		return res, err
	}
	raw := &countingWriter{w: bufio.NewWriterSize(zw, 1<<20)}
	enc := json.NewEncoder(raw)
	enc.SetEscapeHTML(false)

	r := rand.New(rand.NewPCG(p.opts.Seed, uint64(i)+1))
	filmZipf := rand.NewZipf(r, filmZipfS, filmZipfV, uint64(len(p.films)-1))
	criticZipf := rand.NewZipf(r, criticZipfS, criticZipfV, uint64(len(p.critics)-1))
	first := i * p.opts.ShardSize
	last := min(first+p.opts.ShardSize, p.opts.Reviews)
	for n := first; n < last; n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				tmp.Close()
				return res, err
			}
		}
		rec, src, filmIndex := p.review(r, filmZipf, criticZipf, n)
		res.perSource[src]++
		res.filmReviews[filmIndex]++
		if err := enc.Encode(rec); err != nil {
			tmp.Close()
			return res, fmt.Errorf("corpus: write %s: %w", res.name, err)
		}
	}
	err = errors.Join(raw.w.Flush(), zw.Close(), fileBuf.Flush(), tmp.Sync(), tmp.Close())
	if err != nil {
		return res, fmt.Errorf("corpus: write %s: %w", res.name, err)
	}
	// CreateTemp makes the file private; shards are ordinary data.
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return res, fmt.Errorf("corpus: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return res, fmt.Errorf("corpus: %w", err)
	}
	info, err := os.Stat(path)
	if err != nil {
		return res, fmt.Errorf("corpus: %w", err)
	}
	res.bytes, res.rawBytes = info.Size(), raw.n
	return res, nil
}

// review makes review number n (0-based over the whole corpus).
func (p *plan) review(r *rand.Rand, filmZipf, criticZipf *rand.Zipf, n int) (rec record, src, filmIndex int) {
	draw := r.IntN(p.total)
	src, _ = slices.BinarySearch(p.cumulative, draw+1)
	offset := draw
	if src > 0 {
		offset -= p.cumulative[src-1]
	}
	text := p.sources[src].Texts[offset]

	// Every stride-th review goes to the next film in popularity order
	// until each film has one, so every shard has the same mix; the rest
	// follow the Zipf law.
	stride := max(1, p.opts.Reviews/len(p.films))
	var rank int
	if n%stride == 0 && n/stride < len(p.films) {
		rank = n / stride
	} else {
		rank = int(filmZipf.Uint64())
	}
	filmIndex = p.filmByRank[rank]
	f := p.films[filmIndex]
	c := p.critics[criticZipf.Uint64()]

	lastYear := min(f.Year+15, 2025)
	day := time.Date(f.Year, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(365*(lastYear-f.Year+1)))

	body := text.Body + "\n\n" + fmt.Sprintf(markerFormat, n+1, p.opts.Seed)
	rec = record{
		ID:          fmt.Sprintf("bench-%d-%07d", p.opts.Seed, n+1),
		Film:        f.Title,
		Year:        f.Year,
		Critic:      c.Name,
		Publication: c.Publication,
		Date:        day.Format(time.DateOnly),
		Rating:      text.Rating,
		Source:      p.sources[src].Name,
	}
	if text.Markdown {
		rec.Markdown = body
	} else {
		rec.Text = body
	}
	return rec, src, filmIndex
}

// markerFormat is the sentence appended to every generated review: texts
// are drawn with replacement, and the marker keeps each one distinct, so
// that de-duplication by content keeps all of them.
const markerFormat = "Bench corpus review %d, seed %d."

var markerSentence = regexp.MustCompile(`^Bench corpus review \d+, seed \d+\.$`)

// IsMarker reports whether a sentence is the marker the generator appended
// to a review. Its words are in every review of the corpus and in no real
// one: benchmarks that draw query words from stored reviews leave it out.
func IsMarker(sentence string) bool {
	return markerSentence.MatchString(sentence)
}
