package main

import (
	"bufio"
	"cmp"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/marquee-film/marquee/internal/aggregate"
	"github.com/marquee-film/marquee/internal/extract/credit"
	"github.com/marquee-film/marquee/internal/ingest"
	"github.com/marquee-film/marquee/internal/pipeline"
	"github.com/marquee-film/marquee/internal/rating"
	"github.com/marquee-film/marquee/internal/resolve"
	"github.com/marquee-film/marquee/internal/review"
)

func init() {
	registerMeasurement(&measurement{
		name:    "films",
		summary: "film reports against a real peer: Tomatometer and critics' mean rating (Rotten Tomatoes), casts (Frank's Movie Log)",
		run:     runMeasureFilms,
	})
}

// filmsOptions are the knobs of the films measurement.
type filmsOptions struct {
	// minReviews is how many reviews with a quote a Rotten Tomatoes film
	// needs to be compared at all; minRated how many of them must carry a
	// rating that rating.Parse normalises for the critics' mean to be a
	// peer figure.
	minReviews, minRated int
	workers              int
	// skipCast leaves out the Frank's Movie Log part.
	skipCast bool
}

func runMeasureFilms(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "measure films", "")
	opts := filmsOptions{}
	fs.IntVar(&opts.minReviews, "min-reviews", 20, "compare Rotten Tomatoes films with at least this many reviews with a quote")
	fs.IntVar(&opts.minRated, "min-rated", 10, "compare a film's score with the critics' mean only when this many reviews have a normalisable rating")
	fs.IntVar(&opts.workers, "workers", 2, "goroutines running the pipeline")
	fs.BoolVar(&opts.skipCast, "no-cast", false, "leave out the cast reconciliation on Frank's Movie Log")
	worst := fs.Int("worst", 5, "films with the largest errors to list per comparison")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	started := time.Now()
	res, err := measureFilms(ctx, sharedDataDir(env), opts)
	if err != nil {
		return fmt.Errorf("measure films: %w", err)
	}
	printFilmsResult(env.stdout, res, *worst)
	fmt.Fprintf(env.stdout, "\nruntime %s with %d workers\n", time.Since(started).Round(100*time.Millisecond), max(opts.workers, 1))
	return nil
}

// peerComparison is one of Marquee's per-film figures against a peer's.
type peerComparison struct {
	name      string
	agreement aggregate.Agreement
	points    []peerPoint
}

type peerPoint struct {
	film       string
	ours, peer float64
}

func newComparison(name string, points []peerPoint) peerComparison {
	ours := make([]float64, len(points))
	peer := make([]float64, len(points))
	for i, p := range points {
		ours[i], peer[i] = p.ours, p.peer
	}
	return peerComparison{name: name, agreement: aggregate.Agree(ours, peer), points: points}
}

// worst lists the n points furthest from the peer, the furthest first.
func (c peerComparison) worst(n int) []peerPoint {
	out := slices.Clone(c.points)
	slices.SortStableFunc(out, func(a, b peerPoint) int {
		if d := cmp.Compare(math.Abs(b.ours-b.peer), math.Abs(a.ours-a.peer)); d != 0 {
			return d
		}
		return cmp.Compare(a.film, b.film)
	})
	return out[:min(n, len(out))]
}

type filmsResult struct {
	// Rotten Tomatoes.
	rtDocuments, rtSkipped, rtFilms, rtCompared, rtUnscored int
	rtUnscoredExample                                       string
	// rtFailures are the reviews the pipeline failed on, left out.
	rtFailures []error
	// thresholds are the cut-offs fitted for the text-only scores on
	// each half of the films, shownThresholds those for the scores as
	// shown.
	thresholds, shownThresholds [2]float64
	comparisons                 []peerComparison
	// Frank's Movie Log.
	cast castResult
}

// Names of the comparisons, also used by the test.
const (
	cmpTomatoFresh     = "RT fresh labels' share vs Tomatometer (check)"
	cmpTextPositive    = "positive share, text only vs Tomatometer"
	cmpTextNotNegative = "positive+mixed share, text only vs Tomatometer"
	cmpTextThreshold   = "share scoring >= t (2-fold CV), text only vs Tomatometer"
	cmpShownPositive   = "positive share as shown vs Tomatometer"
	cmpShownThreshold  = "share scoring >= t (2-fold CV) as shown vs Tomatometer"
	cmpTextScore       = "film score, text only vs critics' mean rating"
	cmpShownScore      = "film score as shown vs critics' mean rating"
)

func (r filmsResult) comparison(name string) (peerComparison, bool) {
	for _, c := range r.comparisons {
		if c.name == name {
			return c, true
		}
	}
	return peerComparison{}, false
}

func measureFilms(ctx context.Context, dataDir string, opts filmsOptions) (filmsResult, error) {
	var res filmsResult
	if err := measureRottenTomatoes(ctx, filepath.Join(dataDir, "rotten-tomatoes-top-movies-critic-reviews"), opts, &res); err != nil {
		return res, err
	}
	if !opts.skipCast {
		cast, err := measureCast(ctx, filepath.Join(dataDir, "franks-movielog"), opts.workers)
		if err != nil {
			return res, err
		}
		res.cast = cast
	}
	return res, nil
}

// processAll runs the pipeline over docs on workers goroutines. Results
// keep the documents' order, so the measurement does not depend on
// scheduling; review IDs are positions from 1. A document on which a stage
// fails has a nil review and its error in failures, in document order;
// failing on more than 1% of the documents is an error.
func processAll(ctx context.Context, docs []review.Document, workers int) (reviews []*review.Review, failures []error, err error) {
	reviews = make([]*review.Review, len(docs))
	errs := make([]error, len(docs))
	err = forEachIndex(ctx, len(docs), workers, func(i int) {
		r, err := pipeline.ProcessSafe(docs[i])
		if err != nil {
			errs[i] = err
			return
		}
		r.ID = int64(i + 1)
		reviews[i] = &r
	})
	for _, e := range errs {
		if e != nil {
			failures = append(failures, e)
		}
	}
	if err == nil && 100*len(failures) > len(docs) {
		// Beyond a stray defect the figures would describe another
		// sample: a broken stage (or score model) must not pass as a
		// measurement.
		err = fmt.Errorf("the pipeline failed on %d of %d reviews, first: %w", len(failures), len(docs), failures[0])
	}
	return reviews, failures, err
}

// forEachIndex calls fn(i) for every i below n on workers goroutines and
// stops handing out work once ctx is done.
func forEachIndex(ctx context.Context, n, workers int, fn func(i int)) error {
	workers = max(1, min(workers, n))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				fn(i)
			}
		})
	}
	var err error
feed:
	for i := range n {
		// select picks at random among ready cases: look at ctx first so
		// that no work starts after cancellation.
		if err = ctx.Err(); err != nil {
			break
		}
		select {
		case next <- i:
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(next)
	wg.Wait()
	return err
}

// rtFilm is one Rotten Tomatoes film: its reviews as Marquee reads them
// and the peer's figures.
type rtFilm struct {
	id, title   string
	year        int
	reviews     []*review.Review
	tomatometer float64
	// fresh counts the reviews RT labels fresh, over labelled.
	fresh, labelled int
	// ratedScores are the critics' own ratings normalised by rating.Parse.
	ratedScores []float64
}

func measureRottenTomatoes(ctx context.Context, dir string, opts filmsOptions, res *filmsResult) error {
	tomatometers, err := readTomatometers(filepath.Join(dir, "movies.csv"))
	if err != nil {
		return err
	}
	var docs []review.Document
	in := ingest.Input{Path: filepath.Join(dir, "critic_reviews.csv.gz")}
	err = ingest.Read(ctx, in, nil, nil, func(it ingest.Item) error {
		if it.Doc != nil {
			docs = append(docs, *it.Doc)
		} else {
			res.rtSkipped++
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("read %s: %w", in.Path, err)
	}
	if len(docs) == 0 {
		return fmt.Errorf("read %s: no reviews (%d skipped)", in.Path, res.rtSkipped)
	}
	res.rtDocuments = len(docs)
	reviews, failures, err := processAll(ctx, docs, opts.workers)
	if err != nil {
		return err
	}
	res.rtFailures = failures

	byID := map[string]*rtFilm{}
	for i, d := range docs {
		if reviews[i] == nil {
			continue
		}
		id := d.FilmIDs["rt"]
		f := byID[id]
		if f == nil {
			f = &rtFilm{id: id, title: d.FilmTitle, year: d.FilmYear}
			byID[id] = f
		}
		f.reviews = append(f.reviews, reviews[i])
		if reviews[i].Score == nil {
			res.rtUnscored++
			if res.rtUnscoredExample == "" {
				res.rtUnscoredExample = fmt.Sprintf("%s (language %q)", d.Source, reviews[i].Language)
			}
		}
		switch strings.ToLower(d.Verdict) {
		case "fresh":
			f.fresh++
			f.labelled++
		case "rotten":
			f.labelled++
		}
		if d.RatingRaw != "" {
			if r, err := rating.Parse(d.RatingRaw); err == nil {
				f.ratedScores = append(f.ratedScores, r.Score)
			}
		}
	}
	res.rtFilms = len(byID)
	var films []*rtFilm
	for id, f := range byID {
		t, ok := tomatometers[id]
		if !ok || len(f.reviews) < opts.minReviews {
			continue
		}
		f.tomatometer = t
		films = append(films, f)
	}
	slices.SortFunc(films, func(a, b *rtFilm) int { return cmp.Compare(a.id, b.id) })
	res.rtCompared = len(films)
	if len(films) == 0 {
		return errors.New("no Rotten Tomatoes film to compare")
	}

	text := make([]aggregate.FilmReport, len(films))
	shown := make([]aggregate.FilmReport, len(films))
	err = forEachIndex(ctx, len(films), opts.workers, func(i int) {
		f := films[i]
		text[i] = aggregate.Build(int64(i+1), f.title, f.year, "", aggregate.TextOnly(f.reviews))
		shown[i] = aggregate.Build(int64(i+1), f.title, f.year, "", f.reviews)
	})
	if err != nil {
		return err
	}

	// The threshold for "fresh" is fitted on one half of the films and
	// judged on the other, halves split by a hash of RT's movieId.
	fold := make([]int, len(films))
	for i, f := range films {
		h := fnv.New32a()
		h.Write([]byte(f.id))
		fold[i] = int(h.Sum32() % 2)
	}
	inferred := make([][]float64, len(films))
	shownScores := make([][]float64, len(films))
	for i, f := range films {
		inferred[i] = aggregate.InferredScores(f.reviews)
		for _, s := range shown[i].ReviewList {
			if s.Score != nil {
				shownScores[i] = append(shownScores[i], *s.Score)
			}
		}
	}
	var textCVShare, shownCVShare []float64
	res.thresholds, textCVShare = crossValidatedShares(inferred, films, fold)
	res.shownThresholds, shownCVShare = crossValidatedShares(shownScores, films, fold)

	var check, textPos, textNotNeg, textCV, shownPos, shownCV, textScore, shownScore []peerPoint
	for i, f := range films {
		name := fmt.Sprintf("%s (%d)", f.title, f.year)
		point := func(ours float64) peerPoint { return peerPoint{film: name, ours: ours, peer: f.tomatometer} }
		if f.labelled > 0 {
			check = append(check, point(100*float64(f.fresh)/float64(f.labelled)))
		}
		if t := text[i]; t.PositiveShare != nil {
			scored := float64(t.Counts.Positive + t.Counts.Mixed + t.Counts.Negative)
			textPos = append(textPos, point(100**t.PositiveShare))
			textNotNeg = append(textNotNeg, point(100*float64(t.Counts.Positive+t.Counts.Mixed)/scored))
		}
		if len(inferred[i]) > 0 {
			textCV = append(textCV, point(textCVShare[i]))
		}
		if s := shown[i]; s.PositiveShare != nil {
			shownPos = append(shownPos, point(100**s.PositiveShare))
		}
		if len(shownScores[i]) > 0 {
			shownCV = append(shownCV, point(shownCVShare[i]))
		}
		if len(f.ratedScores) >= opts.minRated {
			var sum float64
			for _, s := range f.ratedScores {
				sum += s
			}
			mean := sum / float64(len(f.ratedScores))
			if t := text[i]; t.Score != nil {
				textScore = append(textScore, peerPoint{film: name, ours: *t.Score, peer: mean})
			}
			if s := shown[i]; s.Score != nil {
				shownScore = append(shownScore, peerPoint{film: name, ours: *s.Score, peer: mean})
			}
		}
	}
	res.comparisons = []peerComparison{
		newComparison(cmpTomatoFresh, check),
		newComparison(cmpTextPositive, textPos),
		newComparison(cmpTextNotNegative, textNotNeg),
		newComparison(cmpTextThreshold, textCV),
		newComparison(cmpShownPositive, shownPos),
		newComparison(cmpShownThreshold, shownCV),
		newComparison(cmpTextScore, textScore),
		newComparison(cmpShownScore, shownScore),
	}
	return nil
}

// crossValidatedShares fits, for each half k of the films, the threshold
// on the other half's Tomatometers, and returns both thresholds and every
// film's share (in points) of scores at or above its half's threshold.
func crossValidatedShares(scores [][]float64, films []*rtFilm, fold []int) ([2]float64, []float64) {
	var thresholds [2]float64
	for k := range 2 {
		var train [][]float64
		var target []float64
		for i, f := range films {
			if fold[i] != k {
				train = append(train, scores[i])
				target = append(target, f.tomatometer)
			}
		}
		thresholds[k] = aggregate.FitShareThreshold(train, target)
	}
	shares := make([]float64, len(films))
	for i := range films {
		shares[i] = 100 * aggregate.ShareAtLeast(scores[i], thresholds[fold[i]])
	}
	return thresholds, shares
}

// readTomatometers reads movies.csv: movieId to critic_score in points
// ("97%" is 97). A film listed in two subsets keeps its first score.
func readTomatometers(path string) (map[string]float64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	idCol, scoreCol := slices.Index(header, "movieId"), slices.Index(header, "critic_score")
	if idCol < 0 || scoreCol < 0 {
		return nil, fmt.Errorf("read %s: no movieId and critic_score columns", path)
	}
	out := map[string]float64{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		id := rec[idCol]
		if _, seen := out[id]; seen {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rec[scoreCol]), "%"), 64)
		if err != nil || v < 0 || v > 100 {
			continue // no Tomatometer: the film is not compared
		}
		out[id] = v
	}
}

// castResult is how the credits of film reports fare against the films'
// credited casts.
type castResult struct {
	reviews, skipped, films, multiReviewFilms int
	// failures are the reviews the pipeline failed on, left out.
	failures []error
	// reviewCredits counts the actor credits the reviews state one by one;
	// clusters the actor credits of the film reports, of which
	// withCharacter name a character.
	reviewCredits, clusters, withCharacter int
	// personInCast counts clusters with a character whose person (any
	// spelling) resolve.SamePerson takes for a performer of the film.
	personInCast int
	// evaluation scores the clusters with a character against the casts
	// with the credit package's lenient matching, recall against the gold
	// pairs the films' reviews name.
	evaluation credit.Evaluation
	// conflictFilms counts films with at least one conflict, by kind;
	// "" counts films with any.
	conflictFilms      map[string]int
	multiConflictFilms int
}

func measureCast(ctx context.Context, dir string, workers int) (castResult, error) {
	res := castResult{conflictFilms: map[string]int{}}
	type performer struct {
		Name  string   `json:"name"`
		Roles []string `json:"roles"`
	}
	type title struct {
		IMDbID     string      `json:"imdbId"`
		Title      string      `json:"title"`
		Year       string      `json:"year"`
		Performers []performer `json:"performers"`
	}
	titles := map[string]title{}
	err := eachJSONLine(ctx, filepath.Join(dir, "titles.jsonl.gz"), func(line []byte) error {
		var t title
		if err := json.Unmarshal(line, &t); err != nil {
			return err
		}
		titles[t.IMDbID] = t
		return nil
	})
	if err != nil {
		return res, err
	}

	var docs []review.Document
	var filmOf []string
	err = eachJSONLine(ctx, filepath.Join(dir, "reviews.jsonl.gz"), func(line []byte) error {
		var rec struct {
			Slug    string `json:"slug"`
			IMDbID  string `json:"imdb_id"`
			RawFile string `json:"raw_file"`
		}
		if err := json.Unmarshal(line, &rec); err != nil {
			return err
		}
		res.reviews++
		var doc *review.Document
		in := ingest.Input{Path: ingest.StdinPath}
		err := ingest.Read(ctx, in, strings.NewReader(rec.RawFile), nil, func(it ingest.Item) error {
			if it.Doc != nil && doc == nil {
				doc = it.Doc
			}
			return nil
		})
		if err != nil {
			return err
		}
		if doc == nil {
			res.skipped++
			return nil
		}
		docs = append(docs, *doc)
		filmOf = append(filmOf, rec.IMDbID)
		return nil
	})
	if err != nil {
		return res, err
	}
	reviews, failures, err := processAll(ctx, docs, workers)
	if err != nil {
		return res, err
	}
	res.failures = failures
	byFilm := map[string][]*review.Review{}
	for i, r := range reviews {
		if r == nil {
			continue
		}
		byFilm[filmOf[i]] = append(byFilm[filmOf[i]], r)
		for _, c := range r.Credits {
			if c.Role == "actor" || c.Role == "" {
				res.reviewCredits++
			}
		}
	}
	ids := make([]string, 0, len(byFilm))
	for id := range byFilm {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	res.films = len(ids)

	reports := make([]aggregate.FilmReport, len(ids))
	err = forEachIndex(ctx, len(ids), workers, func(i int) {
		t := titles[ids[i]]
		year, _ := strconv.Atoi(t.Year)
		reports[i] = aggregate.Build(int64(i+1), t.Title, year, "", byFilm[ids[i]])
	})
	if err != nil {
		return res, err
	}

	evalFilms := make([]credit.EvalReview, len(ids))
	pairs := make([][]review.Credit, len(ids))
	for i, id := range ids {
		t := titles[id]
		cast := make([]credit.CastMember, 0, len(t.Performers))
		for _, p := range t.Performers {
			cast = append(cast, credit.CastMember{Person: p.Name, Characters: p.Roles})
		}
		var texts, sentences []string
		for _, r := range byFilm[id] {
			texts = append(texts, strings.Join(r.Body, " "))
			sentences = append(sentences, r.Body...)
		}
		evalFilms[i] = credit.EvalReview{ID: t.Title + " (" + id + ")", FilmTitle: t.Title, Text: strings.Join(texts, "\n"), Sentences: sentences, Cast: cast}

		rep := reports[i]
		if len(byFilm[id]) > 1 {
			res.multiReviewFilms++
		}
		for _, c := range rep.Credits {
			if c.Role != "actor" {
				continue
			}
			res.clusters++
			// A credit without a character is no pair: the credit
			// package's character match would take "" for any role.
			if c.Character == "" {
				continue
			}
			res.withCharacter++
			pairs[i] = append(pairs[i], review.Credit{Person: c.Person, Character: c.Character, Role: "actor"})
			if anySamePerson(c.PersonVariants, cast) {
				res.personInCast++
			}
		}
		kinds := map[string]bool{}
		for _, c := range rep.Conflicts {
			kinds[c.Kind] = true
		}
		for k := range kinds {
			res.conflictFilms[k]++
		}
		if len(kinds) > 0 {
			res.conflictFilms[""]++
			if len(byFilm[id]) > 1 {
				res.multiConflictFilms++
			}
		}
	}
	// EvaluateAgainstCast asks for each film's credits in the order of
	// the films it is given, one call per film.
	next := 0
	res.evaluation = credit.EvaluateAgainstCast(evalFilms, func([]string, string) []review.Credit {
		p := pairs[next]
		next++
		return p
	})
	return res, nil
}

func anySamePerson(variants []string, cast []credit.CastMember) bool {
	for _, v := range variants {
		for _, m := range cast {
			if resolve.SamePerson(v, m.Person) {
				return true
			}
		}
	}
	return false
}

func eachJSONLine(ctx context.Context, path string, each func([]byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	defer zr.Close()
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := each(sc.Bytes()); err != nil {
			return fmt.Errorf("%s line %d: %w", path, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return nil
}

func printFilmsResult(w io.Writer, res filmsResult, worst int) {
	fmt.Fprintf(w, "Rotten Tomatoes: %d reviews with a quote (%d rows skipped), %d films, %d with at least the minimum reviews compared; %d reviews have no inferred score",
		res.rtDocuments, res.rtSkipped, res.rtFilms, res.rtCompared, res.rtUnscored)
	if res.rtUnscoredExample != "" {
		fmt.Fprintf(w, " (e.g. %s)", res.rtUnscoredExample)
	}
	printFailures(w, res.rtFailures)
	fmt.Fprintf(w, "\nthreshold t, fitted on the other half of the films (halves by a hash of movieId): text only %.0f and %.0f, as shown %.0f and %.0f\n\n",
		res.thresholds[0], res.thresholds[1], res.shownThresholds[0], res.shownThresholds[1])
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "comparison\tfilms\tMAE (points)\tPearson r\tSpearman ρ\n")
	for _, c := range res.comparisons {
		a := c.agreement
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.3f\t%.3f\n", c.name, a.Films, a.MAE, a.Pearson, a.Spearman)
	}
	tw.Flush()
	if worst > 0 {
		for _, c := range res.comparisons[1:] {
			fmt.Fprintf(w, "\nlargest errors, %s:\n", c.name)
			for _, p := range c.worst(worst) {
				fmt.Fprintf(w, "  %-50s ours %5.1f  peer %5.1f  error %+6.1f\n", p.film, p.ours, p.peer, p.ours-p.peer)
			}
		}
	}

	c := res.cast
	if c.films == 0 {
		return
	}
	ev := c.evaluation
	fmt.Fprintf(w, "\nFrank's Movie Log: %d reviews (%d skipped by ingest), %d films, %d with more than one review\n", c.reviews, c.skipped, c.films, c.multiReviewFilms)
	printFailures(w, c.failures)
	fmt.Fprintf(w, "actor credits stated by the reviews  %d\n", c.reviewCredits)
	fmt.Fprintf(w, "actor clusters in the film reports   %d (%d with a character)\n", c.clusters, c.withCharacter)
	fmt.Fprintf(w, "person is a performer of the film    %.4f (%d of %d, resolve.SamePerson on any spelling)\n", fractionOf(c.personInCast, c.withCharacter), c.personInCast, c.withCharacter)
	fmt.Fprintf(w, "cluster precision                    %.4f (%d of %d: person and character match a credited pair, lenient)\n", ev.Precision, ev.TruePositives, ev.Extracted)
	fmt.Fprintf(w, "cluster precision, strict character  %.4f\n", ev.StrictPrecision)
	fmt.Fprintf(w, "recall of gold pairs, literal        %.4f (%d of %d)\n", ev.Gold.Recall, ev.Gold.GoldFound, ev.Gold.GoldPairs)
	fmt.Fprintf(w, "recall of gold pairs, lenient        %.4f (%d of %d)\n", ev.LenientGold.Recall, ev.LenientGold.GoldFound, ev.LenientGold.GoldPairs)
	kinds := make([]string, 0, len(c.conflictFilms))
	for k := range c.conflictFilms {
		if k != "" {
			kinds = append(kinds, k)
		}
	}
	slices.Sort(kinds)
	fmt.Fprintf(w, "films with a conflict                %d (%d of them with more than one review)\n", c.conflictFilms[""], c.multiConflictFilms)
	for _, k := range kinds {
		fmt.Fprintf(w, "  %-34s %d\n", k, c.conflictFilms[k])
	}
	fmt.Fprintf(w, "\nfalse positive clusters (%d, sample):\n", len(ev.FalsePositives))
	for _, p := range spread(ev.FalsePositives, 10) {
		fmt.Fprintf(w, "  %-45s %s as %s\n", p.Review, p.Person, p.Character)
	}
}

// printFailures says how many documents the pipeline failed on, and the
// first few errors.
func printFailures(w io.Writer, failures []error) {
	if len(failures) == 0 {
		return
	}
	fmt.Fprintf(w, "\npipeline failed on %d reviews, left out:\n", len(failures))
	for _, err := range failures[:min(len(failures), 5)] {
		fmt.Fprintf(w, "  %v\n", err)
	}
}

func fractionOf(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
