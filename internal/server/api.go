package server

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/marquee-film/marquee/internal/aggregate"
	"github.com/marquee-film/marquee/internal/review"
	"github.com/marquee-film/marquee/internal/store"
)

// filmItem is a film in the films list: the store's summary with the
// score of its report.
type filmItem struct {
	store.FilmSummary
	Score *float64 `json:"score"`
}

type filmList struct {
	Films []filmItem `json:"films"`
	Total int        `json:"total"`
	Sort  string     `json:"sort"`
	page
}

// listFilms selects a page of films in the order sort names.
func (s *Server) listFilms(r *http.Request, sortBy string, p page) (filmList, error) {
	ctx := r.Context()
	if sortBy == "" {
		sortBy = "reviews"
	}
	if !slices.Contains(filmSorts, sortBy) {
		return filmList{}, errorf(http.StatusBadRequest, "sort must be one of %s, not %q", strings.Join(filmSorts, ", "), sortBy)
	}
	films, err := s.data.Films(ctx)
	if err != nil {
		return filmList{}, err
	}
	scores := map[int64]float64{}
	if sortBy == "score" {
		// Sorting by score needs every film's report; the cache keeps
		// them until the store changes.
		for _, f := range films {
			fd, err := s.data.Film(ctx, f.ID)
			if err != nil {
				return filmList{}, err
			}
			if sc := filmScore(&fd.report); sc != nil {
				scores[f.ID] = *sc
			}
		}
	}
	sorted := sortFilms(films, sortBy, scores)
	from, to := p.window(len(sorted))
	out := filmList{Films: make([]filmItem, 0, to-from), Total: len(sorted), Sort: sortBy, page: p}
	for _, f := range sorted[from:to] {
		fd, err := s.data.Film(ctx, f.ID)
		if err != nil {
			return filmList{}, err
		}
		out.Films = append(out.Films, filmItem{FilmSummary: f, Score: filmScore(&fd.report)})
	}
	return out, nil
}

func (s *Server) apiFilms(w http.ResponseWriter, r *http.Request) {
	p, err := parsePage(r, defaultPageSize)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	list, err := s.listFilms(r, r.URL.Query().Get("sort"), p)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	s.writeJSON(w, r, list)
}

func (s *Server) apiFilm(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	fd, err := s.data.Film(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	body, etag, err := fd.encodedReport()
	if err != nil {
		s.apiError(w, r, fmt.Errorf("encode report of film %d: %w", id, err))
		return
	}
	s.writeTagged(w, r, "application/json; charset=utf-8", body, etag)
}

// reviewItem is a review in a list: who wrote it, when, and what both the
// critic and Marquee made of the film.
//
// Score and Verdict are what the review contributes to its film's score
// (the critic's rating when there is one, else Marquee's reading; see
// ScoreBasis), as in the film report; InferredScore and Confidence are
// Marquee's own reading of the text.
type reviewItem struct {
	ID            int64          `json:"id"`
	FilmID        int64          `json:"film_id,omitempty"`
	Headline      string         `json:"headline"`
	Author        string         `json:"author"`
	Publication   string         `json:"publication"`
	Published     *string        `json:"published"`
	URL           string         `json:"url,omitempty"`
	Rating        *review.Rating `json:"rating"`
	Score         *float64       `json:"score"`
	Verdict       string         `json:"verdict,omitempty"`
	ScoreBasis    string         `json:"score_basis,omitempty"`
	InferredScore *float64       `json:"inferred_score"`
	Confidence    *float64       `json:"confidence"`
}

func itemOf(r *review.Review, filmID int64, sketch aggregate.ReviewSketch) reviewItem {
	return reviewItem{
		ID: r.ID, FilmID: filmID, Headline: r.Headline, Author: r.Author, Publication: r.Publication,
		Published: r.Published, URL: r.URL, Rating: r.Rating, Score: sketch.Score, Verdict: sketch.Verdict,
		ScoreBasis: sketch.ScoreBasis, InferredScore: r.Score, Confidence: r.Confidence,
	}
}

// reviewFilter is what /api/films/{id}/reviews (and the film page) can
// narrow a film's reviews by.
type reviewFilter struct {
	Critic      string `json:"critic,omitempty"`
	Publication string `json:"publication,omitempty"`
	Verdict     string `json:"verdict,omitempty"`
	From        string `json:"from,omitempty"`
	To          string `json:"to,omitempty"`
	Sort        string `json:"sort,omitempty"`
}

var (
	verdicts    = []string{"positive", "mixed", "negative"}
	reviewSorts = []string{"stored", "published", "-published", "score", "-score", "rating", "-rating"}
)

func parseReviewFilter(r *http.Request) (reviewFilter, error) {
	q := r.URL.Query()
	f := reviewFilter{
		Critic:      strings.TrimSpace(q.Get("critic")),
		Publication: strings.TrimSpace(q.Get("publication")),
		Verdict:     strings.TrimSpace(q.Get("verdict")),
		From:        strings.TrimSpace(q.Get("from")),
		To:          strings.TrimSpace(q.Get("to")),
		Sort:        strings.TrimSpace(q.Get("sort")),
	}
	if f.Verdict != "" && !slices.Contains(verdicts, f.Verdict) {
		return f, errorf(http.StatusBadRequest, "verdict must be one of %s, not %q", strings.Join(verdicts, ", "), f.Verdict)
	}
	if f.Sort != "" && !slices.Contains(reviewSorts, f.Sort) {
		return f, errorf(http.StatusBadRequest, "sort must be one of %s, not %q", strings.Join(reviewSorts, ", "), f.Sort)
	}
	for name, v := range map[string]string{"from": f.From, "to": f.To} {
		if v == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return f, errorf(http.StatusBadRequest, "%s must be a date like 2024-03-01, not %q", name, v)
		}
	}
	return f, nil
}

// apply filters and sorts a film's reviews (which it does not modify).
// Verdicts and scores are the film report's.
func (f reviewFilter) apply(fd *filmData) []*review.Review {
	out := make([]*review.Review, 0, len(fd.reviews))
	for _, r := range fd.reviews {
		if f.Critic != "" && !containsFold(r.Author, f.Critic) {
			continue
		}
		if f.Publication != "" && !containsFold(r.Publication, f.Publication) {
			continue
		}
		if f.Verdict != "" && fd.sketches[r.ID].Verdict != f.Verdict {
			continue
		}
		if f.From != "" || f.To != "" {
			day := publishedDay(r)
			if day == "" || (f.From != "" && day < f.From) || (f.To != "" && day > f.To) {
				continue
			}
		}
		out = append(out, r)
	}
	desc := strings.HasPrefix(f.Sort, "-")
	var key func(*review.Review) (float64, bool)
	switch strings.TrimPrefix(f.Sort, "-") {
	case "published":
		key = func(r *review.Review) (float64, bool) {
			t, err := time.Parse(time.DateOnly, publishedDay(r))
			return float64(t.Unix()), err == nil
		}
	case "score":
		key = func(r *review.Review) (float64, bool) {
			sc := fd.sketches[r.ID].Score
			if sc == nil {
				return 0, false
			}
			return *sc, true
		}
	case "rating":
		key = func(r *review.Review) (float64, bool) {
			if r.Rating == nil {
				return 0, false
			}
			return r.Rating.Score, true
		}
	default:
		return out
	}
	slices.SortStableFunc(out, func(a, b *review.Review) int {
		ka, oka := key(a)
		kb, okb := key(b)
		if oka != okb { // reviews without the key last, whichever the direction
			if oka {
				return -1
			}
			return 1
		}
		if desc {
			return cmp.Compare(kb, ka)
		}
		return cmp.Compare(ka, kb)
	})
	return out
}

// publishedDay is the review's publication date as YYYY-MM-DD, or "" when
// it has no full date.
func publishedDay(r *review.Review) string {
	if r.Published == nil || len(*r.Published) < len(time.DateOnly) {
		return ""
	}
	day := (*r.Published)[:len(time.DateOnly)]
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		return ""
	}
	return day
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

type reviewList struct {
	FilmID  int64        `json:"film_id"`
	Reviews []reviewItem `json:"reviews"`
	Total   int          `json:"total"`
	Filter  reviewFilter `json:"filter"`
	page
}

func (s *Server) apiFilmReviews(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	p, err := parsePage(r, defaultPageSize)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	f, err := parseReviewFilter(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	fd, err := s.data.Film(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	selected := f.apply(fd)
	from, to := p.window(len(selected))
	out := reviewList{FilmID: id, Reviews: make([]reviewItem, 0, to-from), Total: len(selected), Filter: f, page: p}
	for _, rv := range selected[from:to] {
		out.Reviews = append(out.Reviews, fd.item(rv))
	}
	s.writeJSON(w, r, out)
}

// reviewDetail is a stored review with the parts its JSON contract leaves
// out: the body sentences and which of them give the plot away.
type reviewDetail struct {
	*review.Review
	Body     []string `json:"body"`
	Spoilers []bool   `json:"spoilers"`
}

func (s *Server) apiReview(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	rv, err := s.store.Review(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	body := rv.Body
	if body == nil {
		body = []string{}
	}
	s.writeJSON(w, r, reviewDetail{Review: rv, Body: body, Spoilers: spoilerSentences(rv, s.reviewFilmCharacters(r.Context(), rv)...)})
}

// maxSearchDepth caps how far down the ranking a search can page
// (offset + limit): each hit above the page costs a snippet too.
const maxSearchDepth = 200

type searchResult struct {
	Query string      `json:"query"`
	Hits  []store.Hit `json:"hits"`
	// More tells whether hits past this page may exist.
	More bool `json:"more"`
	page
}

func (s *Server) search(r *http.Request) (searchResult, error) {
	q := r.URL.Query()
	query := strings.TrimSpace(q.Get("q"))
	p, err := parsePage(r, store.DefaultSearchLimit)
	if err != nil {
		return searchResult{}, err
	}
	if p.Offset+p.Limit > maxSearchDepth {
		return searchResult{}, errorf(http.StatusBadRequest, "a search pages at most %d hits deep", maxSearchDepth)
	}
	if len(query) > 500 {
		return searchResult{}, errorf(http.StatusBadRequest, "query longer than 500 bytes")
	}
	res := searchResult{Query: query, Hits: []store.Hit{}, page: p}
	if query == "" {
		return res, nil
	}
	version, err := s.data.Version(r.Context())
	if err != nil {
		return res, err
	}
	// The store has no offset: ask for everything down to the page's
	// end, and one more to tell whether there is a next page.
	depth := p.Offset + p.Limit + 1
	hits, cached, err := s.data.searches.search(r.Context(), searchKey{query: query, limit: depth, version: version},
		func(ctx context.Context) ([]store.Hit, error) { return s.store.Search(ctx, query, depth) })
	if err != nil {
		return res, err
	}
	result := "miss"
	if cached {
		result = "hit"
	}
	s.data.count("search", result)
	from, to := p.window(len(hits))
	res.Hits = append(res.Hits, hits[from:to]...)
	res.More = len(hits) > to
	return res, nil
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	if strings.TrimSpace(r.URL.Query().Get("q")) == "" {
		s.apiError(w, r, errorf(http.StatusBadRequest, "missing q"))
		return
	}
	res, err := s.search(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	s.writeJSON(w, r, res)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if _, err := s.store.Stats(r.Context()); err != nil {
		s.log.Error("health check", "err", err)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"status":"unavailable"}` + "\n"))
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write([]byte(`{"status":"ok"}` + "\n"))
}

// reviewFilm finds the stored film a review belongs to (nil when none).
// The store does not say, so the review's film is looked up by the
// store's own grouping key (normalised title and year) among the films.
func (s *Server) reviewFilm(ctx context.Context, rv *review.Review) *filmData {
	films, err := s.data.Films(ctx)
	if err != nil {
		return nil
	}
	id := filmIDOf(films, rv)
	if id == 0 {
		return nil
	}
	fd, err := s.data.Film(ctx, id)
	if err != nil {
		return nil
	}
	if _, ok := fd.byID[rv.ID]; !ok {
		return nil
	}
	return fd
}

// reviewFilmCharacters is the character names the other reviews of rv's
// film give, which spoiler detection uses.
func (s *Server) reviewFilmCharacters(ctx context.Context, rv *review.Review) []string {
	if fd := s.reviewFilm(ctx, rv); fd != nil {
		return fd.characters
	}
	return nil
}
