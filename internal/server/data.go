package server

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"golang.org/x/sync/singleflight"

	"github.com/marquee-film/marquee/internal/aggregate"
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
type dataCache struct {
	store store.Store

	mu      sync.Mutex
	version store.Stats
	films   []store.FilmSummary // Films order: most reviewed first
	byID    map[int64]int       // film ID → index in films
	reports map[int64]*filmData // film ID → report of the film as listed in films

	building singleflight.Group
}

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
	jsonErr    error

	// pages keeps rendered film pages by query string: a film page
	// depends only on the film's data and the query, and the whole
	// filmData is dropped when the store changes.
	pagesMu sync.Mutex
	pages   map[string][]byte
}

// maxCachedPages bounds the rendered variants (filters, pages) kept per
// film.
const maxCachedPages = 32

func (fd *filmData) cachedPage(query string) ([]byte, bool) {
	fd.pagesMu.Lock()
	defer fd.pagesMu.Unlock()
	body, ok := fd.pages[query]
	return body, ok
}

func (fd *filmData) keepPage(query string, body []byte) {
	fd.pagesMu.Lock()
	defer fd.pagesMu.Unlock()
	if fd.pages == nil || len(fd.pages) >= maxCachedPages {
		fd.pages = map[string][]byte{}
	}
	fd.pages[query] = body
}

// encodedReport returns the report as the API sends it, encoded once.
func (fd *filmData) encodedReport() ([]byte, error) {
	fd.jsonOnce.Do(func() {
		var buf bytes.Buffer
		fd.jsonErr = jsonEncode(&buf, &fd.report)
		fd.reportJSON = buf.Bytes()
	})
	return fd.reportJSON, fd.jsonErr
}

// filmView returns the request-independent part of the film page, built
// once per filmData.
func (fd *filmData) filmView() filmView {
	fd.viewOnce.Do(func() { fd.view = buildFilmView(fd) })
	return fd.view
}

// item is the list entry of one of the film's reviews.
func (fd *filmData) item(r *review.Review) reviewItem {
	return itemOf(r, fd.report.ID, fd.sketches[r.ID])
}

// maxCachedReports bounds the report cache; when full it starts over,
// which is crude but keeps memory bounded and the hot films come back at
// once.
const maxCachedReports = 512

func newDataCache(st store.Store) *dataCache {
	return &dataCache{store: st, version: store.Stats{Reviews: -1}}
}

// refresh drops everything cached when the store has changed. The caller
// holds mu.
func (c *dataCache) refreshLocked(ctx context.Context) error {
	st, err := c.store.Stats(ctx)
	if err != nil {
		return fmt.Errorf("store state: %w", err)
	}
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
	for i, f := range films {
		c.byID[f.ID] = i
		// A film whose summary (review count, newest review, title…)
		// is unchanged has the same reviews, so its report stands: a
		// write invalidates only the films it touched.
		if fd, ok := c.reports[f.ID]; ok && sameSummary(fd.summary, f) {
			kept[f.ID] = fd
		}
	}
	c.reports = kept
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
		return fd, nil
	}
	i, ok := c.byID[id]
	if !ok {
		c.mu.Unlock()
		return nil, fmt.Errorf("film %d: %w", id, store.ErrNotFound)
	}
	summary := c.films[i]
	version := c.version
	c.mu.Unlock()

	// Build outside the lock, so requests for other films do not wait,
	// and once for all concurrent requests of this film and version: a
	// report of a few hundred reviews takes a noticeable fraction of a
	// second to build.
	key := fmt.Sprintf("%d@%d/%d", id, version.Reviews, version.Films)
	v, err, _ := c.building.Do(key, func() (any, error) {
		// One requester giving up must not fail the others.
		return c.build(context.WithoutCancel(ctx), summary)
	})
	if err != nil {
		return nil, err
	}
	return v.(*filmData), nil
}

func (c *dataCache) build(ctx context.Context, summary store.FilmSummary) (*filmData, error) {
	id := summary.ID
	reviews, err := c.store.FilmReviews(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("reviews of film %d: %w", id, err)
	}
	fd := &filmData{
		summary: summary,
		report:  aggregate.Build(summary.ID, summary.Title, summary.Year, summary.Director, reviews),
		reviews: reviews,
		byID:    make(map[int64]*review.Review, len(reviews)),
	}
	for _, r := range reviews {
		fd.byID[r.ID] = r
	}
	fd.sketches = make(map[int64]aggregate.ReviewSketch, len(fd.report.ReviewList))
	for _, sk := range fd.report.ReviewList {
		fd.sketches[sk.ID] = sk
	}
	fd.characters = filmCharacters(&fd.report)
	c.mu.Lock()
	defer c.mu.Unlock()
	if i, ok := c.byID[id]; ok && sameSummary(c.films[i], summary) {
		if len(c.reports) >= maxCachedReports {
			c.reports = map[int64]*filmData{}
		}
		c.reports[id] = fd
	}
	return fd, nil
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
