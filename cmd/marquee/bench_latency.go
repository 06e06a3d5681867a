package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"runtime/pprof"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"github.com/marquee-film/marquee/internal/aggregate"
	"github.com/marquee-film/marquee/internal/corpus"
	"github.com/marquee-film/marquee/internal/filmreport"
	"github.com/marquee-film/marquee/internal/store"
)

// largestFilms is how many of the most reviewed films every film sample
// includes: they are the slowest pages, and a random sample of a long
// tail of small films would almost never draw them.
const largestFilms = 10

// vocabularySample is how many stored reviews the search queries' words
// are drawn from.
const vocabularySample = 1000

// Query kinds of the search benchmark, in the order queries cycle through
// them.
var queryKinds = []string{"common word", "two words", "phrase", "prefix", "critic name", "rare word"}

// latencyStats summarises the durations of one measured operation.
type latencyStats struct {
	N    int     `json:"n"`
	Mean float64 `json:"mean_ms"`
	P50  float64 `json:"p50_ms"`
	P99  float64 `json:"p99_ms"`
	Max  float64 `json:"max_ms"`
}

// latencyReport is what bench latency prints with --json.
type latencyReport struct {
	Reviews int `json:"reviews"`
	Films   int `json:"films"`
	// FilmPageCold is FindFilms + FilmReviews + aggregate.Build, the
	// first time the process builds a film's page; FilmPageWarm is the
	// same work again right after. The CLI caches no report, so warm
	// differs from cold only by what the database and the OS cache.
	FilmPageCold latencyStats `json:"film_page_cold"`
	FilmPageWarm latencyStats `json:"film_page_warm"`
	// The parts of the cold film page, to show where its time goes.
	FindFilms   latencyStats `json:"find_films_cold"`
	FilmReviews latencyStats `json:"film_reviews_cold"`
	Build       latencyStats `json:"build_cold"`
	// FilmPageSaved is what a film page reads when the store keeps
	// reports: FindFilms + filmreport's Page (the catalogue link, the
	// review fingerprint, the saved head and first page of reviews),
	// timed before the film's reviews are read for the build. Saved
	// counts the pages served from a current saved report; the others
	// were built (and saved).
	FilmPageSaved latencyStats `json:"film_page_saved"`
	Saved         int          `json:"saved"`
	// Largest is the film page of the most reviewed film, cold.
	LargestFilm        string                  `json:"largest_film"`
	LargestFilmReviews int                     `json:"largest_film_reviews"`
	LargestFilmCold    float64                 `json:"largest_film_cold_ms"`
	Search             latencyStats            `json:"search"`
	SearchByKind       map[string]latencyStats `json:"search_by_kind"`
	// Queries are the search queries, in the order they ran.
	Queries []benchQuery `json:"queries"`
	// Elapsed is the whole run, sample selection included.
	Elapsed string `json:"elapsed"`
}

type benchQuery struct {
	Kind  string  `json:"kind"`
	Query string  `json:"query"`
	Hits  int     `json:"hits"`
	Ms    float64 `json:"ms"`
}

func runBenchLatency(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "bench latency", "")
	db := dbFlag(fs)
	films := fs.Int("films", 200, "film pages to build (the most reviewed ones plus a random sample)")
	queries := fs.Int("queries", 200, "searches to run, cycling through the query kinds")
	seed := fs.Uint64("seed", 1, "random seed for the film sample and the queries")
	asJSON := fs.Bool("json", false, "print JSON")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the measured work to this file")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *films < 1 || *queries < 1 {
		return fmt.Errorf("%w: --films and --queries must be positive", errUsage)
	}
	st, err := openStore(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	rep, err := measureLatency(ctx, st, *films, *queries, *seed)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env, rep)
	}
	printLatencyReport(env, rep)
	return nil
}

// measureLatency runs the benchmark: everything one operation after the
// other, so each duration is one request's, not a share of a busy pool.
func measureLatency(ctx context.Context, st store.Store, nFilms, nQueries int, seed uint64) (*latencyReport, error) {
	start := time.Now()
	stats, err := st.Stats(ctx)
	if err != nil {
		return nil, err
	}
	if stats.Reviews == 0 {
		return nil, errors.New("the database holds no reviews")
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x6d61727175656521))
	all, err := st.Films(ctx, store.FilmQuery{})
	if err != nil {
		return nil, err
	}
	sample := sampleFilms(all, nFilms, rng)
	rep := &latencyReport{Reviews: stats.Reviews, Films: stats.Films}
	var cold, warm, find, fetch, build, saved []time.Duration
	keeper := filmreport.New(st)
	for i, f := range sample {
		d, origin, err := timeSavedFilmPage(ctx, st, keeper, f)
		if err != nil {
			return nil, err
		}
		saved = append(saved, d)
		if origin == filmreport.Saved {
			rep.Saved++
		}
		var t filmPageTiming
		for pass := 0; pass < 2; pass++ {
			if t, err = timeFilmPage(ctx, st, f); err != nil {
				return nil, err
			}
			if pass == 0 {
				cold, find, fetch, build = append(cold, t.total), append(find, t.find), append(fetch, t.fetch), append(build, t.build)
				if i == 0 {
					rep.LargestFilm, rep.LargestFilmReviews, rep.LargestFilmCold = f.Title, f.Reviews, ms(t.total)
				}
			} else {
				warm = append(warm, t.total)
			}
		}
	}
	rep.FilmPageCold, rep.FilmPageWarm, rep.FilmPageSaved = summarise(cold), summarise(warm), summarise(saved)
	rep.FindFilms, rep.FilmReviews, rep.Build = summarise(find), summarise(fetch), summarise(build)

	vocab, err := readVocabulary(ctx, st, stats.Reviews, rng)
	if err != nil {
		return nil, err
	}
	byKind := map[string][]time.Duration{}
	var searches []time.Duration
	for i := 0; i < nQueries; i++ {
		kind := queryKinds[i%len(queryKinds)]
		q := vocab.query(kind, rng)
		if q == "" {
			continue // the sample has no word of this kind
		}
		t0 := time.Now()
		hits, err := st.Search(ctx, q, store.DefaultSearchLimit)
		d := time.Since(t0)
		if err != nil {
			return nil, err
		}
		searches = append(searches, d)
		byKind[kind] = append(byKind[kind], d)
		rep.Queries = append(rep.Queries, benchQuery{Kind: kind, Query: q, Hits: len(hits), Ms: ms(d)})
	}
	rep.Search = summarise(searches)
	rep.SearchByKind = map[string]latencyStats{}
	for k, ds := range byKind {
		rep.SearchByKind[k] = summarise(ds)
	}
	rep.Elapsed = time.Since(start).Round(time.Millisecond).String()
	return rep, nil
}

// sampleFilms picks the largestFilms most reviewed films (films is most
// reviewed first) and fills up to n with a random sample of the others.
func sampleFilms(films []store.FilmSummary, n int, rng *rand.Rand) []store.FilmSummary {
	if n >= len(films) {
		return films
	}
	top := min(largestFilms, n)
	out := append([]store.FilmSummary(nil), films[:top]...)
	rest := films[top:]
	for _, i := range rng.Perm(len(rest))[:n-top] {
		out = append(out, rest[i])
	}
	return out
}

type filmPageTiming struct {
	find, fetch, build, total time.Duration
}

// timeFilmPage does what `marquee film TITLE --year YEAR` does before
// printing (see filmReports), timing each part.
func timeFilmPage(ctx context.Context, st store.Store, f store.FilmSummary) (filmPageTiming, error) {
	var t filmPageTiming
	t0 := time.Now()
	found, err := st.FindFilms(ctx, f.Title)
	if err != nil {
		return t, fmt.Errorf("find film %q: %w", f.Title, err)
	}
	t.find = time.Since(t0)
	built := 0
	for _, m := range found {
		if m.Year != f.Year {
			continue
		}
		t1 := time.Now()
		reviews, err := st.FilmReviews(ctx, m.ID)
		if err != nil {
			return t, fmt.Errorf("reviews of film %d: %w", m.ID, err)
		}
		t2 := time.Now()
		rep := aggregate.Build(m.ID, m.Title, m.Year, m.Director, reviews)
		t.fetch += t2.Sub(t1)
		t.build += time.Since(t2)
		if rep.Reviews != len(reviews) {
			return t, fmt.Errorf("film %d: report counts %d reviews of %d", m.ID, rep.Reviews, len(reviews))
		}
		built++
	}
	t.total = time.Since(t0)
	if built == 0 {
		return t, fmt.Errorf("film %q (%d) is listed but FindFilms does not return it", f.Title, f.Year)
	}
	return t, nil
}

// timeSavedFilmPage times what a film page reads with saved reports: the
// film found by its title, its report's head and first page of reviews.
func timeSavedFilmPage(ctx context.Context, st store.Store, keeper *filmreport.Keeper, f store.FilmSummary) (time.Duration, filmreport.Origin, error) {
	t0 := time.Now()
	found, err := st.FindFilms(ctx, f.Title)
	if err != nil {
		return 0, "", fmt.Errorf("find film %q: %w", f.Title, err)
	}
	for _, m := range found {
		if m.ID != f.ID {
			continue
		}
		res, err := keeper.Page(ctx, m, 0)
		if err != nil {
			return 0, "", fmt.Errorf("report of film %d: %w", m.ID, err)
		}
		if res.Report.Reviews != f.Reviews || len(res.Report.ReviewList) != min(f.Reviews, filmreport.PageSize) {
			return 0, "", fmt.Errorf("film %d: report counts %d reviews and lists %d of %d",
				m.ID, res.Report.Reviews, len(res.Report.ReviewList), f.Reviews)
		}
		return time.Since(t0), res.Origin, nil
	}
	return 0, "", fmt.Errorf("film %q (%d) is listed but FindFilms does not return it", f.Title, f.Year)
}

// vocabulary holds words of a random sample of stored reviews, from which
// the search queries are drawn, so every query kind finds what a user of
// this database would look for.
type vocabulary struct {
	// docFreq counts the sampled reviews each word occurs in.
	docFreq map[string]int
	common  []string   // among the most frequent words, stop words left out
	middle  []string   // neither common nor rare: for pairs and prefixes
	rare    []string   // in exactly one sampled review
	pairs   [][]string // middle words that occur in the same review
	phrases []string   // two adjacent words of a review
	critics []string
	sampled int
}

// stopWords are left out of the common words: a search for "the" is no
// user's query.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`the and a an of to in is it that this was for with as but on be are his her
		he she they its by at not from have has had one all so or who which film movie there their what you
		than more out about just like can an when if into been would were we also only very some even much
		them him up no my any how most other i me will do does did these those then too could being`) {
		stopWords[w] = true
	}
}

func readVocabulary(ctx context.Context, st store.Store, reviews int, rng *rand.Rand) (*vocabulary, error) {
	v := &vocabulary{docFreq: map[string]int{}}
	words := map[int][]string{} // per sampled review, its words in order
	critics := map[string]bool{}
	// IDs are dense for a database filled by one ingest; a missing ID
	// (a rejected duplicate) just costs an attempt.
	maxID := int64(reviews)
	for attempts := 0; v.sampled < min(vocabularySample, reviews) && attempts < 4*vocabularySample; attempts++ {
		r, err := st.Review(ctx, 1+rng.Int64N(maxID))
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if r.Author != "" && !critics[r.Author] && hasLetters(r.Author) {
			critics[r.Author] = true
			v.critics = append(v.critics, r.Author)
		}
		// The generator's marker sentence puts its words in every review
		// of a bench corpus: as query words they would measure the
		// corpus, not searching.
		body := make([]string, 0, len(r.Body))
		for _, s := range r.Body {
			if !corpus.IsMarker(s) {
				body = append(body, s)
			}
		}
		ws := searchWords(strings.Join(body, " "))
		words[v.sampled] = ws
		seen := map[string]bool{}
		for _, w := range ws {
			if !seen[w] {
				seen[w] = true
				v.docFreq[w]++
			}
		}
		v.sampled++
	}
	if v.sampled == 0 {
		return nil, errors.New("no stored review could be read for the query vocabulary")
	}
	type wordCount struct {
		word  string
		count int
	}
	var ranked []wordCount
	for w, c := range v.docFreq {
		ranked = append(ranked, wordCount{w, c})
	}
	sort.Slice(ranked, func(i, j int) bool {
		if ranked[i].count != ranked[j].count {
			return ranked[i].count > ranked[j].count
		}
		return ranked[i].word < ranked[j].word
	})
	// The common words are the top tenth (at most 30) of the words that
	// occur in more than one sampled review; the middle ones the rest of
	// those, less a floor that keeps out words too rare to pair.
	repeated := 0
	for _, wc := range ranked {
		if wc.count > 1 && !stopWords[wc.word] && len(wc.word) >= 3 {
			repeated++
		}
	}
	nCommon := max(1, min(30, repeated/10))
	middleFloor := max(2, v.sampled/200)
	for _, wc := range ranked {
		switch {
		case stopWords[wc.word] || len(wc.word) < 3:
		case len(v.common) < nCommon && wc.count > 1:
			v.common = append(v.common, wc.word)
		case wc.count >= middleFloor && len([]rune(wc.word)) >= 5:
			v.middle = append(v.middle, wc.word)
		case wc.count == 1 && len([]rune(wc.word)) >= 6:
			v.rare = append(v.rare, wc.word)
		}
	}
	middle := map[string]bool{}
	for _, w := range v.middle {
		middle[w] = true
	}
	for i := 0; i < v.sampled; i++ {
		ws := words[i]
		var inReview []string
		for j, w := range ws {
			if middle[w] {
				inReview = append(inReview, w)
			}
			if j > 0 && !stopWords[ws[j-1]] && !stopWords[w] && len(ws[j-1]) >= 3 && len(w) >= 3 {
				v.phrases = append(v.phrases, ws[j-1]+" "+w)
			}
		}
		for j := 1; j < len(inReview); j++ {
			if inReview[j] != inReview[0] {
				v.pairs = append(v.pairs, []string{inReview[0], inReview[j]})
				break
			}
		}
	}
	// Map iteration order must not leak into the queries: sort what came
	// from maps, so a seed always gives the same queries.
	sort.Strings(v.rare)
	return v, nil
}

// query draws one query of kind, or "" when the sample has no material
// for it.
func (v *vocabulary) query(kind string, rng *rand.Rand) string {
	pick := func(list []string) string {
		if len(list) == 0 {
			return ""
		}
		return list[rng.IntN(len(list))]
	}
	switch kind {
	case "common word":
		return pick(v.common)
	case "two words":
		if len(v.pairs) == 0 {
			return ""
		}
		p := v.pairs[rng.IntN(len(v.pairs))]
		return p[0] + " " + p[1]
	case "phrase":
		if p := pick(v.phrases); p != "" {
			return `"` + p + `"`
		}
	case "prefix":
		if w := []rune(pick(v.middle)); len(w) >= 5 {
			return string(w[:4]) + "*"
		}
	case "critic name":
		return pick(v.critics)
	case "rare word":
		return pick(v.rare)
	}
	return ""
}

// searchWords lower-cases s and splits it into runs of letters, the words
// a user would type; words with digits or apostrophes are left out so
// every backend's tokenizer sees the same word.
func searchWords(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }) {
		if !strings.ContainsRune(f, '\'') && len(f) <= 24 {
			out = append(out, f)
		}
	}
	return out
}

func hasLetters(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// summarise gives count, mean, nearest-rank p50 and p99, and max.
func summarise(ds []time.Duration) latencyStats {
	if len(ds) == 0 {
		return latencyStats{}
	}
	sorted := append([]time.Duration(nil), ds...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	var sum time.Duration
	for _, d := range sorted {
		sum += d
	}
	return latencyStats{
		N:    len(sorted),
		Mean: round3(ms(sum) / float64(len(sorted))),
		P50:  ms(percentile(sorted, 50)),
		P99:  ms(percentile(sorted, 99)),
		Max:  ms(sorted[len(sorted)-1]),
	}
}

// percentile is the nearest-rank percentile of sorted, which is not
// empty: the smallest value at or above p percent of the values.
func percentile(sorted []time.Duration, p float64) time.Duration {
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

func printLatencyReport(env *environment, rep *latencyReport) {
	w := env.stdout
	fmt.Fprintf(w, "database: %d reviews, %d films\n", rep.Reviews, rep.Films)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "operation\tn\tmean ms\tp50 ms\tp99 ms\tmax ms\t")
	row := func(name string, s latencyStats) {
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t\n", name, s.N, s.Mean, s.P50, s.P99, s.Max)
	}
	row("film page, saved report", rep.FilmPageSaved)
	row("film page, built cold", rep.FilmPageCold)
	row("  FindFilms", rep.FindFilms)
	row("  FilmReviews", rep.FilmReviews)
	row("  aggregate.Build", rep.Build)
	row("film page, built warm", rep.FilmPageWarm)
	row("search", rep.Search)
	for _, k := range queryKinds {
		if s, ok := rep.SearchByKind[k]; ok {
			row("  "+k, s)
		}
	}
	tw.Flush()
	fmt.Fprintf(w, "largest film: %s, %d reviews, cold page %.1f ms\n", rep.LargestFilm, rep.LargestFilmReviews, rep.LargestFilmCold)
	fmt.Fprintf(w, "saved report: %d of %d film pages read a current saved report (the others built and saved one).\n", rep.Saved, rep.FilmPageSaved.N)
	fmt.Fprintln(w, "built: the report built from every review, as without saved reports; cold the first time in this")
	fmt.Fprintln(w, "process, warm the same build again (warm gains only what the database and the OS cache).")
	fmt.Fprintf(w, "elapsed %s\n", rep.Elapsed)
}
