package server

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/sync/singleflight"

	"github.com/marquee-film/marquee/internal/aggregate"
	"github.com/marquee-film/marquee/internal/filmreport"
	"github.com/marquee-film/marquee/internal/review"
	"github.com/marquee-film/marquee/internal/store"
)

// dataCache answers the questions the pages ask that the Store has no
// method for (a film by ID, films sorted by something else than review
// count, the newest reviews) and keeps film reports, so that a film page
// does not decode every review of the film on each request.
//
// The store has no change counter, so the cache builds one: the review and
// film counts from Stats. Reviews are only ever added (the Store cannot
// delete), and every add that stores something raises the review count, so
// the pair changes whenever what the pages show can change — also when
// another process writes into the same database. Then the film list is
// read again, and each film's report is kept if the film's summary
// (review count, newest review) is unchanged.
//
// Counting the reviews costs milliseconds on a large database, so the
// counts are read at most once per checkEvery: writes through this server
// show at once (they call invalidate), another process's writes within
// checkEvery.
//
// Reports are kept up to a budget of reviews. Building the report of a film
// with a thousand reviews takes seconds, of a film with five a millisecond,
// so eviction spares the large films (see evictLocked), the largest are
// built ahead of any request (warm), and when a write touches a large film
// its old report is served while the new one is built (stale).
type dataCache struct {
	store      store.Store
	keeper     *filmreport.Keeper
	now        func() time.Time
	checkEvery time.Duration
	budget     int // most reviews held by the kept reports

	mu      sync.Mutex
	version store.Stats
	checked time.Time           // when version was read
	films   []store.FilmSummary // Films order: most reviewed first
	byID    map[int64]int       // film ID → index in films
	reports map[int64]*filmData // film ID → report of the film as listed in films
	held    int                 // reviews of the kept reports
	// stale holds the previous report of large films a write has
	// touched, served until the new report is built.
	stale map[int64]*filmData

	building singleflight.Group
	searches *searchCache
	// lookups counts hits and misses; nil counts nothing.
	lookups *prometheus.CounterVec
}

// count records a lookup in one of the caches.
func (c *dataCache) count(cache, result string) {
	if c.lookups != nil {
		c.lookups.WithLabelValues(cache, result).Inc()
	}
}

// largeFilm is the review count from which a film's report is slow enough
// to build (tens of milliseconds and up) to be spared by eviction and
// served stale while rebuilt.
const largeFilm = 100

// filmData is a film's report together with the reviews it was built from.
type filmData struct {
	summary store.FilmSummary // what the report was built from
	report  aggregate.FilmReport
	reviews []*review.Review // in store order
	byID    map[int64]*review.Review
	// sketches holds each review's line of the report (its contribution
	// to the film's score and its verdict), by review ID.
	sketches   map[int64]aggregate.ReviewSketch
	characters []string

	viewOnce sync.Once
	view     filmView // the request-independent part of the film page

	jsonOnce   sync.Once
	reportJSON []byte
	reportTag  string
	jsonErr    error

	// pages keeps rendered film pages by query string: a film page
	// depends only on the film's data and the query, and the whole
	// filmData is dropped when the store changes.
	pagesMu sync.Mutex
	pages   map[string]cachedBody
}

// cachedBody is a rendered answer with its ETag.
type cachedBody struct {
	body []byte
	etag string
}

// maxCachedPages bounds the rendered variants (filters, pages) kept per
// film.
const maxCachedPages = 32

func (fd *filmData) cachedPage(query string) (cachedBody, bool) {
	fd.pagesMu.Lock()
	defer fd.pagesMu.Unlock()
	page, ok := fd.pages[query]
	return page, ok
}

func (fd *filmData) keepPage(query string, body []byte) cachedBody {
	page := cachedBody{body: body, etag: etagOf(body)}
	fd.pagesMu.Lock()
	defer fd.pagesMu.Unlock()
	if fd.pages == nil || len(fd.pages) >= maxCachedPages {
		fd.pages = map[string]cachedBody{}
	}
	fd.pages[query] = page
	return page
}

// encodedReport returns the report as the API sends it, encoded once, and
// its ETag.
func (fd *filmData) encodedReport() ([]byte, string, error) {
	fd.jsonOnce.Do(func() {
		var buf bytes.Buffer
		fd.jsonErr = jsonEncode(&buf, &fd.report)
		fd.reportJSON = buf.Bytes()
		fd.reportTag = etagOf(fd.reportJSON)
	})
	return fd.reportJSON, fd.reportTag, fd.jsonErr
}

// filmView returns the request-independent part of the film page, built
// once per filmData.
func (fd *filmData) filmView() filmView {
	fd.viewOnce.Do(func() { fd.view = buildFilmView(fd, nil) })
	return fd.view
}

// item is the list entry of one of the film's reviews.
func (fd *filmData) item(r *review.Review) reviewItem {
	return itemOf(r, fd.report.ID, fd.sketches[r.ID])
}

func newDataCache(st store.Store, now func() time.Time, checkEvery time.Duration, budget int) *dataCache {
	return &dataCache{store: st, keeper: filmreport.New(st), now: now, checkEvery: checkEvery, budget: budget,
		version: store.Stats{Reviews: -1}, searches: newSearchCache(maxCachedSearches)}
}

// invalidate makes the next request read the store's state: this server
// has just written.
func (c *dataCache) invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.checked = time.Time{}
}

// refresh drops what the store's changes have made wrong. The caller
// holds mu.
func (c *dataCache) refreshLocked(ctx context.Context) error {
	if c.films != nil && !c.checked.IsZero() && c.now().Sub(c.checked) < c.checkEvery {
		return nil
	}
	st, err := c.store.Stats(ctx)
	if err != nil {
		return fmt.Errorf("store state: %w", err)
	}
	c.checked = c.now()
	if st == c.version && c.films != nil {
		return nil
	}
	films, err := c.store.Films(ctx, store.FilmQuery{})
	if err != nil {
		return fmt.Errorf("list films: %w", err)
	}
	if films == nil {
		films = []store.FilmSummary{}
	}
	c.version = st
	c.films = films
	c.byID = make(map[int64]int, len(films))
	kept := map[int64]*filmData{}
	held := 0
	for i, f := range films {
		c.byID[f.ID] = i
		// A film whose summary (review count, newest review, title…)
		// is unchanged has the same reviews, so its report stands: a
		// write invalidates only the films it touched.
		fd, ok := c.reports[f.ID]
		switch {
		case !ok:
		case sameSummary(fd.summary, f):
			kept[f.ID] = fd
			held += len(fd.reviews)
		case len(fd.reviews) >= largeFilm:
			if c.stale == nil {
				c.stale = map[int64]*filmData{}
			}
			c.stale[f.ID] = fd
		}
	}
	c.reports, c.held = kept, held
	return nil
}

func sameSummary(a, b store.FilmSummary) bool {
	sameMean := (a.MeanRating == nil) == (b.MeanRating == nil) &&
		(a.MeanRating == nil || *a.MeanRating == *b.MeanRating)
	return a.ID == b.ID && a.Title == b.Title && a.Year == b.Year && a.Director == b.Director &&
		a.Reviews == b.Reviews && a.Rated == b.Rated && a.LastReview.Equal(b.LastReview) && sameMean
}

// Version returns the store state the cache reflects, refreshed.
func (c *dataCache) Version(ctx context.Context) (store.Stats, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.refreshLocked(ctx); err != nil {
		return store.Stats{}, err
	}
	return c.version, nil
}

// Films returns every film summary in the store's order. The slice is
// shared: callers must not modify it.
func (c *dataCache) Films(ctx context.Context) ([]store.FilmSummary, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.refreshLocked(ctx); err != nil {
		return nil, err
	}
	return c.films, nil
}

// Film returns the data of one film, or store.ErrNotFound.
func (c *dataCache) Film(ctx context.Context, id int64) (*filmData, error) {
	c.mu.Lock()
	if err := c.refreshLocked(ctx); err != nil {
		c.mu.Unlock()
		return nil, err
	}
	if fd, ok := c.reports[id]; ok {
		c.mu.Unlock()
		c.count("film_report", "hit")
		return fd, nil
	}
	i, ok := c.byID[id]
	if !ok {
		c.mu.Unlock()
		return nil, fmt.Errorf("film %d: %w", id, store.ErrNotFound)
	}
	summary := c.films[i]
	version := c.version
	old := c.stale[id]
	c.mu.Unlock()

	// Build outside the lock, so requests for other films do not wait,
	// and once for all concurrent requests of this film and version: a
	// report of a few hundred reviews takes a noticeable fraction of a
	// second to build.
	key := fmt.Sprintf("%d@%d/%d", id, version.Reviews, version.Films)
	// One requester giving up must not fail the others.
	buildCtx := context.WithoutCancel(ctx)
	build := func() (any, error) { return c.build(buildCtx, summary) }
	if old != nil {
		// A large film a write has touched: answer with the report
		// before the write while the new one is built.
		c.building.DoChan(key, build)
		c.count("film_report", "stale")
		return old, nil
	}
	c.count("film_report", "miss")
	v, err, _ := c.building.Do(key, build)
	if err != nil {
		return nil, err
	}
	return v.(*filmData), nil
}

// warm builds the reports of the largest films, most reviewed first, one
// at a time, until n are built (n < 0: every film), the budget is half
// spent or ctx ends, and returns how many it built: the first reader of a
// large film would otherwise wait seconds.
func (c *dataCache) warm(ctx context.Context, n int) (int, error) {
	films, err := c.Films(ctx)
	if err != nil {
		return 0, err
	}
	if n < 0 || n > len(films) {
		n = len(films)
	}
	spent, built := 0, 0
	for _, f := range films[:n] {
		if ctx.Err() != nil || spent+f.Reviews > c.budget/2 {
			break
		}
		if _, err := c.Film(ctx, f.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
			return built, err
		}
		spent += f.Reviews
		built++
	}
	return built, ctx.Err()
}

func (c *dataCache) build(ctx context.Context, summary store.FilmSummary) (*filmData, error) {
	id := summary.ID
	// The report the store has saved when it is current, else one built
	// from the reviews (and saved): a saved report holds everything the
	// film page lists of each review, so the reviews themselves are read
	// only for the spoiler check of the pull quotes.
	res, err := c.keeper.Report(ctx, summary)
	if err != nil {
		return nil, fmt.Errorf("report of film %d: %w", id, err)
	}
	fd := &filmData{
		summary: summary,
		report:  res.Report,
		reviews: make([]*review.Review, len(res.Report.ReviewList)),
		byID:    make(map[int64]*review.Review, len(res.Report.ReviewList)),
	}
	fd.sketches = make(map[int64]aggregate.ReviewSketch, len(fd.report.ReviewList))
	for i, sk := range fd.report.ReviewList {
		fd.sketches[sk.ID] = sk
		fd.reviews[i] = sketchedReview(sk)
		fd.byID[sk.ID] = fd.reviews[i]
	}
	fd.characters = filmCharacters(&fd.report)
	quoted := map[int64]*review.Review{}
	for _, q := range fd.report.Quotes {
		if _, ok := quoted[q.ReviewID]; ok {
			continue
		}
		r, err := c.store.Review(ctx, q.ReviewID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, fmt.Errorf("quoted review %d: %w", q.ReviewID, err)
		}
		quoted[q.ReviewID] = r
	}
	fd.viewOnce.Do(func() { fd.view = buildFilmView(fd, quoted) })
	c.mu.Lock()
	defer c.mu.Unlock()
	if i, ok := c.byID[id]; ok && sameSummary(c.films[i], summary) {
		if prev, ok := c.reports[id]; ok {
			c.held -= len(prev.reviews)
		}
		c.reports[id] = fd
		c.held += len(fd.reviews)
		delete(c.stale, id)
		c.evictLocked(id)
	}
	return fd, nil
}

// sketchedReview is what the film page and the review lists show of a
// review, from its line of the film's report.
func sketchedReview(sk aggregate.ReviewSketch) *review.Review {
	return &review.Review{
		ID: sk.ID, Source: sk.Source, Headline: sk.Headline, Author: sk.Author, Publication: sk.Publication,
		Published: sk.Published, URL: sk.URL, Rating: sk.Rating, Score: sk.InferredScore, Confidence: sk.Confidence,
	}
}

// evictLocked drops reports until the kept ones hold at most the budget of
// reviews, sparing keep (just built). It drops small films first: any one
// the map's random iteration order comes to, as a small film rebuilds in
// a millisecond; large films only when no small one is left.
func (c *dataCache) evictLocked(keep int64) {
	for c.held > c.budget && len(c.reports) > 1 {
		victim, fallback := int64(0), int64(0)
		for id, fd := range c.reports {
			if id == keep {
				continue
			}
			if len(fd.reviews) < largeFilm {
				victim = id
				break
			}
			if fallback == 0 || len(fd.reviews) < len(c.reports[fallback].reviews) {
				fallback = id
			}
		}
		if victim == 0 {
			victim = fallback
		}
		if victim == 0 {
			return
		}
		c.held -= len(c.reports[victim].reviews)
		delete(c.reports, victim)
	}
}

// NewestReviews returns up to n reviews, newest stored first. The store
// cannot list reviews by date, so this reads the reviews of the films
// whose latest review is newest — enough films to hold the n newest
// reviews, since each of those films contributes at least one.
func (c *dataCache) NewestReviews(ctx context.Context, n int) ([]reviewItem, error) {
	films, err := c.Films(ctx)
	if err != nil {
		return nil, err
	}
	recent := slices.Clone(films)
	slices.SortStableFunc(recent, func(a, b store.FilmSummary) int {
		return cmp.Or(b.LastReview.Compare(a.LastReview), cmp.Compare(b.ID, a.ID))
	})
	var out []reviewItem
	for _, f := range recent[:min(n, len(recent))] {
		fd, err := c.Film(ctx, f.ID)
		if err != nil {
			return nil, err
		}
		for _, r := range fd.reviews {
			out = append(out, fd.item(r))
		}
	}
	// IDs grow with storage order, so the highest IDs are the newest.
	slices.SortFunc(out, func(a, b reviewItem) int { return cmp.Compare(b.ID, a.ID) })
	return out[:min(n, len(out))], nil
}

// sortFilms orders films for the films list. by is one of filmSorts; the
// store's order (most reviewed) breaks ties. scores gives each film's score
// for "score" (films without one go last).
func sortFilms(films []store.FilmSummary, by string, scores map[int64]float64) []store.FilmSummary {
	out := slices.Clone(films)
	switch by {
	case "title":
		slices.SortStableFunc(out, func(a, b store.FilmSummary) int {
			return cmp.Or(strings.Compare(store.NormalizeTitle(a.Title), store.NormalizeTitle(b.Title)), cmp.Compare(a.Year, b.Year))
		})
	case "year":
		slices.SortStableFunc(out, func(a, b store.FilmSummary) int {
			// Newest first; films without a year last.
			if (a.Year == 0) != (b.Year == 0) {
				if a.Year == 0 {
					return 1
				}
				return -1
			}
			return cmp.Compare(b.Year, a.Year)
		})
	case "score":
		slices.SortStableFunc(out, func(a, b store.FilmSummary) int {
			sa, oka := scores[a.ID]
			sb, okb := scores[b.ID]
			if oka != okb {
				if oka {
					return -1
				}
				return 1
			}
			return cmp.Compare(sb, sa)
		})
	}
	return out
}

// filmSorts are the accepted values of sort= on the films list.
var filmSorts = []string{"reviews", "title", "score", "year"}
