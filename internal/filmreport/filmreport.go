// Package filmreport keeps film reports: it builds a film's report once,
// saves it in the store, and serves it from there until the film changes.
// The report of a film with thousands of reviews takes a second to build
// (every review's sentences, every credit compared); a saved one is read
// in milliseconds.
//
// A saved report carries a key: what it was built from — the film's
// reviews (fingerprinted by store.ReviewSet), its title, year and
// director, the catalogue title it is linked to, and Version. A report is
// served only while the key of the film as it is now equals the saved one,
// so a report is never older than the data it shows; the first request
// after a change builds it again, and Refresh rebuilds every changed film
// ahead of requests.
package filmreport

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/marquee-film/marquee/internal/aggregate"
	"github.com/marquee-film/marquee/internal/review"
	"github.com/marquee-film/marquee/internal/store"
)

// Version is part of every key: raising it when package aggregate builds
// reports differently makes every saved report out of date.
const Version = 2

// PageSize is how many reviews a saved page of a report's review list
// holds, the number a film page shows at once.
const PageSize = 50

// Origin says where a report came from.
type Origin string

const (
	// Saved: read from the store, current.
	Saved Origin = "saved"
	// Built: built from the reviews, because no current report was saved
	// (or the store keeps none).
	Built Origin = "built"
)

// Keeper reads and saves the reports of one store.
type Keeper struct {
	st store.Store
	// keep is nil when the store keeps no reports: every report is built.
	keep store.ReportKeeper
}

// New returns a Keeper for st.
func New(st store.Store) *Keeper {
	k, _ := st.(store.ReportKeeper)
	return &Keeper{st: st, keep: k}
}

// Result is a report with where it came from. SaveErr is set when the
// report was built but could not be saved: the report is still good.
type Result struct {
	Report  aggregate.FilmReport
	Origin  Origin
	SaveErr error
}

// Report returns the film's whole report.
func (k *Keeper) Report(ctx context.Context, f store.FilmSummary) (Result, error) {
	return k.get(ctx, f, 0, -1)
}

// Page returns the film's report with only the page-th page (from 0) of
// its review list: what a film page shows. A page past the last has an
// empty review list.
func (k *Keeper) Page(ctx context.Context, f store.FilmSummary, page int) (Result, error) {
	if page < 0 {
		page = 0
	}
	return k.get(ctx, f, page, page+1)
}

// get returns the report with pages [from, to) of its review list (to < 0:
// all of them).
func (k *Keeper) get(ctx context.Context, f store.FilmSummary, from, to int) (Result, error) {
	cat, err := Catalogue(ctx, k.st, f.ID)
	if err != nil {
		return Result{}, fmt.Errorf("catalogue of film %d: %w", f.ID, err)
	}
	if k.keep != nil {
		set, err := k.keep.ReviewSet(ctx, f.ID)
		if err != nil {
			return Result{}, err
		}
		saved, err := k.keep.SavedReport(ctx, f.ID, from, to)
		switch {
		case err == nil && saved.Key == Key(f, set, cat):
			// A saved report that does not decode (written by a
			// broken build, or damaged) is rebuilt and overwritten
			// like an out-of-date one.
			if rep, err := decode(saved); err == nil {
				return Result{Report: rep, Origin: Saved}, nil
			}
		case err != nil && !errors.Is(err, store.ErrNotFound):
			return Result{}, err
		}
	}
	reviews, err := k.st.FilmReviews(ctx, f.ID)
	if err != nil {
		return Result{}, err
	}
	rep := aggregate.BuildWithCatalogue(f.ID, f.Title, f.Year, f.Director, reviews, cat)
	res := Result{Report: rep, Origin: Built}
	if k.keep != nil {
		saved, err := encode(&rep, Key(f, SetOf(reviews), cat))
		if err == nil {
			err = k.keep.SaveReports(ctx, []store.SavedReport{saved})
		}
		res.SaveErr = err
	}
	if to >= 0 {
		res.Report.ReviewList = pageOf(rep.ReviewList, from, to)
	}
	return res, nil
}

func pageOf(list []aggregate.ReviewSketch, from, to int) []aggregate.ReviewSketch {
	lo, hi := min(from*PageSize, len(list)), min(to*PageSize, len(list))
	return list[lo:hi]
}

// SetOf fingerprints reviews as store.ReportKeeper.ReviewSet does the
// stored ones. A report's key is made from the reviews it was built from,
// not from a separate look at the store, so that it cannot claim reviews
// stored after its own were read.
func SetOf(reviews []*review.Review) store.ReviewSet {
	var s store.ReviewSet
	for _, r := range reviews {
		s.Count++
		s.IDSum += r.ID
		s.MaxID = max(s.MaxID, r.ID)
	}
	return s
}

// Key says what a report of f is built from.
func Key(f store.FilmSummary, set store.ReviewSet, cat *aggregate.Catalogue) string {
	h := sha256.New()
	fmt.Fprintf(h, "v%d\x00%d\x00%d\x00%d\x00%d\x00%q\x00%d\x00%q\x00", Version,
		f.ID, set.Count, set.IDSum, set.MaxID, f.Title, f.Year, f.Director)
	if cat != nil {
		// Catalogue holds only strings, ints and slices of them: its JSON
		// cannot fail.
		b, _ := json.Marshal(cat)
		h.Write(b)
	}
	return fmt.Sprintf("%d:", Version) + hex.EncodeToString(h.Sum(nil)[:16])
}

// encode splits a report into the head (everything but the review list)
// and pages of PageSize reviews, each JSON.
func encode(rep *aggregate.FilmReport, key string) (store.SavedReport, error) {
	head := *rep
	head.ReviewList = nil
	out := store.SavedReport{FilmID: rep.ID, Key: key}
	var err error
	if out.Head, err = json.Marshal(&head); err != nil {
		return out, fmt.Errorf("encode report of film %d: %w", rep.ID, err)
	}
	for lo := 0; lo < len(rep.ReviewList); lo += PageSize {
		page, err := json.Marshal(rep.ReviewList[lo:min(lo+PageSize, len(rep.ReviewList))])
		if err != nil {
			return out, fmt.Errorf("encode report of film %d: %w", rep.ID, err)
		}
		out.Pages = append(out.Pages, page)
	}
	out.PageCount = len(out.Pages)
	return out, nil
}

// decode joins a saved head and the pages read with it.
func decode(saved store.SavedReport) (aggregate.FilmReport, error) {
	var rep aggregate.FilmReport
	if err := json.Unmarshal(saved.Head, &rep); err != nil {
		return rep, fmt.Errorf("decode head: %w", err)
	}
	rep.ReviewList = []aggregate.ReviewSketch{}
	for i, page := range saved.Pages {
		var list []aggregate.ReviewSketch
		if err := json.Unmarshal(page, &list); err != nil {
			return rep, fmt.Errorf("decode page %d: %w", i, err)
		}
		rep.ReviewList = append(rep.ReviewList, list...)
	}
	return rep, nil
}

// Catalogue reads the catalogue title a film is linked to (the first in
// store.CatalogSources order) with its credits, for a report; nil when
// the store holds no catalogue or the film is linked to none.
func Catalogue(ctx context.Context, st store.Store, filmID int64) (*aggregate.Catalogue, error) {
	cat, ok := st.(store.Catalog)
	if !ok {
		return nil, nil
	}
	linked, err := cat.FilmCatalog(ctx, filmID)
	if err != nil || len(linked) == 0 {
		return nil, err
	}
	t := linked[0]
	credits, err := cat.CatalogCredits(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	out := &aggregate.Catalogue{
		Source: t.Source, ID: t.LocalID(), Title: t.Title, Year: t.Year,
		RuntimeMinutes: t.RuntimeMinutes, Directors: t.Directors, Genres: t.Genres,
	}
	for _, c := range credits {
		if c.Person == "" {
			continue // the person's name was not imported: nothing to compare
		}
		role := strings.ReplaceAll(c.Category, "_", " ")
		// IMDb joins a person's several parts; each is a credit.
		for _, character := range strings.Split(c.Character, " / ") {
			out.Credits = append(out.Credits, aggregate.CatalogueCredit{Person: c.Person, Character: character, Role: role})
		}
	}
	return out, nil
}

// RefreshStats says what Refresh did.
type RefreshStats struct {
	Films   int `json:"films"`   // films looked at
	Current int `json:"current"` // whose saved report was current
	Built   int `json:"built"`   // whose report was built and saved
	// Reviews counts the reviews of the built reports; Gone the films
	// that lost their last review while Refresh ran.
	Reviews int `json:"reviews"`
	Gone    int `json:"gone"`
}

// saveBatch bounds the reports saved in one transaction: enough to make
// the commits cheap, few enough that a report waits little for its save.
const (
	saveBatchFilms   = 200
	saveBatchReviews = 5000
)

// Refresh builds and saves the report of every film whose saved report is
// missing or out of date, with workers builders at once (< 1: one),
// calling progress (if not nil) after each film. It returns an error for
// a store that keeps no reports.
func (k *Keeper) Refresh(ctx context.Context, workers int, progress func(done, total int)) (RefreshStats, error) {
	var stats RefreshStats
	if k.keep == nil {
		return stats, errors.New("this database does not keep film reports")
	}
	films, err := k.st.Films(ctx, store.FilmQuery{})
	if err != nil {
		return stats, err
	}
	saved, err := k.keep.SavedReportKeys(ctx)
	if err != nil {
		return stats, err
	}
	stats.Films = len(films)

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	// Films come most reviewed first: the slowest builds start first and
	// the workers end together.
	todo := make(chan store.FilmSummary)
	go func() {
		defer close(todo)
		for _, f := range films {
			select {
			case todo <- f:
			case <-ctx.Done():
				return
			}
		}
	}()
	results := make(chan refreshed)
	workers = max(workers, 1)
	done := make(chan struct{})
	for range workers {
		go func() {
			defer func() { done <- struct{}{} }()
			for f := range todo {
				out, err := k.refreshOne(ctx, f, saved[f.ID])
				if err != nil {
					cancel(err)
					return
				}
				select {
				case results <- out:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		for range workers {
			<-done
		}
		close(results)
	}()

	var batch []store.SavedReport
	batchReviews, n := 0, 0
	flush := func() error {
		if err := k.keep.SaveReports(ctx, batch); err != nil {
			return err
		}
		batch, batchReviews = batch[:0], 0
		return nil
	}
	for out := range results {
		n++
		switch {
		case out.gone:
			stats.Gone++
		case out.report == nil:
			stats.Current++
		default:
			stats.Built++
			stats.Reviews += out.reviews
			batch = append(batch, *out.report)
			batchReviews += out.reviews
			if len(batch) >= saveBatchFilms || batchReviews >= saveBatchReviews {
				if err := flush(); err != nil {
					cancel(err)
					for range results {
					}
					return stats, err
				}
			}
		}
		if progress != nil {
			progress(n, len(films))
		}
	}
	if err := context.Cause(ctx); err != nil {
		return stats, err
	}
	if err := flush(); err != nil {
		return stats, err
	}
	return stats, nil
}

// refreshed is what Refresh did with one film.
type refreshed struct {
	report  *store.SavedReport // nil: current or gone
	reviews int
	gone    bool // the film has no reviews left
}

// refreshOne builds f's report unless savedKey is its current key.
func (k *Keeper) refreshOne(ctx context.Context, f store.FilmSummary, savedKey string) (refreshed, error) {
	var out refreshed
	cat, err := Catalogue(ctx, k.st, f.ID)
	if err != nil {
		return out, fmt.Errorf("catalogue of film %d: %w", f.ID, err)
	}
	if savedKey != "" {
		set, err := k.keep.ReviewSet(ctx, f.ID)
		if err != nil {
			return out, err
		}
		if savedKey == Key(f, set, cat) {
			return out, nil
		}
	}
	reviews, err := k.st.FilmReviews(ctx, f.ID)
	if errors.Is(err, store.ErrNotFound) {
		out.gone = true
		return out, nil
	}
	if err != nil {
		return out, err
	}
	rep := aggregate.BuildWithCatalogue(f.ID, f.Title, f.Year, f.Director, reviews, cat)
	saved, err := encode(&rep, Key(f, SetOf(reviews), cat))
	if err != nil {
		return out, err
	}
	out.report, out.reviews = &saved, len(reviews)
	return out, nil
}
