package server

import (
	"context"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/marquee-film/marquee/internal/review"
	"github.com/marquee-film/marquee/internal/store"
)

// otherProcessReview is a review stored straight into the store, as
// another process writing into the same database would, of a film of its
// own.
func otherProcessReview(n int) *review.Review {
	return &review.Review{
		Source: fmt.Sprintf("other-process-%d", n), Format: review.FormatText, Headline: "From elsewhere",
		Author: "Corin Vale", Film: review.Film{Title: fmt.Sprintf("Quillon Reach %d", n), Year: 2011},
		Language: "en", Body: []string{"A review written by another process."},
		ContentHash: fmt.Sprintf("other-process-%d", n),
	}
}

// TestStoreCheckEvery checks when writes show: this server's at once,
// another process's once the check interval has passed, and on every
// request with a negative interval.
func TestStoreCheckEvery(t *testing.T) {
	for _, tc := range []struct {
		name      string
		every     time.Duration
		advance   time.Duration
		wantShown bool
	}{
		{"within the interval", time.Second, 999 * time.Millisecond, false},
		{"after the interval", time.Second, time.Second, true},
		{"long interval", time.Minute, 30 * time.Second, false},
		{"every request", -1, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			_, ts, st := newTestServer(t, Config{StoreCheckEvery: tc.every, Now: func() time.Time { return now }})
			before := decode[filmListJSON](t, get(t, ts, "/api/films").body).Total
			if _, err := st.AddReviews(context.Background(), []*review.Review{otherProcessReview(1)}); err != nil {
				t.Fatal(err)
			}
			now = now.Add(tc.advance)
			after := decode[filmListJSON](t, get(t, ts, "/api/films").body).Total
			if shown := after == before+1; shown != tc.wantShown || (!shown && after != before) {
				t.Errorf("films %d → %d after %s with a check every %s; want the new film shown: %v",
					before, after, tc.advance, tc.every, tc.wantShown)
			}
			// A write through this server shows at once, whatever the
			// interval.
			resp := post(t, ts, "/api/ingest", "text/plain", inventedReview("Velvet Causeway", "Mira Holm"), "Authorization", "Bearer "+testToken)
			if resp.status != 201 {
				t.Fatalf("ingest: %d %s", resp.status, resp.body)
			}
			if total := decode[filmListJSON](t, get(t, ts, "/api/films").body).Total; total != before+2 {
				t.Errorf("films after an ingest through the server: %d, want %d", total, before+2)
			}
		})
	}
}

// TestEvictSparesLargeFilms checks which reports the budget drops.
func TestEvictSparesLargeFilms(t *testing.T) {
	withReviews := func(n int) *filmData { return &filmData{reviews: make([]*review.Review, n)} }
	for _, tc := range []struct {
		name   string
		sizes  map[int64]int // film ID → reviews of its kept report
		budget int
		keep   int64
		want   []int64 // IDs left
	}{
		{"under budget", map[int64]int{1: 10, 2: 20}, 100, 2, []int64{1, 2}},
		{"small ones go first", map[int64]int{1: 150, 2: 10, 3: 10, 4: 10}, 165, 4, []int64{1, 4}},
		{"then the smallest large ones", map[int64]int{1: 150, 2: 120, 3: 110}, 270, 3, []int64{1, 3}},
		{"the new one stays even over budget", map[int64]int{1: 5, 2: 500}, 100, 2, []int64{2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &dataCache{budget: tc.budget, reports: map[int64]*filmData{}}
			for id, n := range tc.sizes {
				c.reports[id] = withReviews(n)
				c.held += n
			}
			c.evictLocked(tc.keep)
			var left []int64
			held := 0
			for id, fd := range c.reports {
				left = append(left, id)
				held += len(fd.reviews)
			}
			slices.Sort(left)
			if !slices.Equal(left, tc.want) || held != c.held {
				t.Errorf("left %v holding %d (counted %d), want %v", left, held, c.held, tc.want)
			}
		})
	}
}

// TestStaleLargeFilm checks that a write to a large film does not make its
// next reader wait for the rebuild: the report before the write answers
// until the new one is built.
func TestStaleLargeFilm(t *testing.T) {
	srv, id := benchFilmServer(t, largeFilm+10)
	srv.data.checkEvery = -1
	ctx := context.Background()
	old, err := srv.data.Film(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	added := otherProcessReview(2)
	added.Film = review.Film{Title: old.report.Title, Year: old.report.Year}
	if _, err := srv.store.AddReviews(ctx, []*review.Review{added}); err != nil {
		t.Fatal(err)
	}
	got, err := srv.data.Film(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got != old {
		// The rebuild may already have finished; then it must be new.
		if got.report.Reviews != old.report.Reviews+1 {
			t.Fatalf("after the write: %d reviews, want the old report's %d or %d", got.report.Reviews, old.report.Reviews, old.report.Reviews+1)
		}
		return
	}
	// The rebuild runs in the background; wait for it (no duration is
	// checked, only that it ends).
	deadline := time.Now().Add(time.Minute)
	for got == old && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		if got, err = srv.data.Film(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if got.report.Reviews != old.report.Reviews+1 {
		t.Errorf("rebuilt report has %d reviews, want %d", got.report.Reviews, old.report.Reviews+1)
	}
	srv.data.mu.Lock()
	defer srv.data.mu.Unlock()
	if len(srv.data.stale) != 0 {
		t.Errorf("%d stale reports left after the rebuild", len(srv.data.stale))
	}
}

// TestWarm checks that warming builds the largest films' reports, and
// that the page then comes from them.
func TestWarm(t *testing.T) {
	srv, ts, st := newTestServer(t, Config{})
	films, err := st.Films(context.Background(), store.FilmQuery{})
	if err != nil || len(films) < 3 {
		t.Fatalf("films: %v (%d)", err, len(films))
	}
	if built, err := srv.data.warm(context.Background(), 2); err != nil || built != 2 {
		t.Fatalf("warm(2) built %d: %v", built, err)
	}
	srv.data.mu.Lock()
	kept := len(srv.data.reports)
	first, second := srv.data.reports[films[0].ID], srv.data.reports[films[1].ID]
	srv.data.mu.Unlock()
	if kept != 2 || first == nil || second == nil {
		t.Fatalf("warm(2) kept %d reports (largest: %v, second: %v)", kept, first != nil, second != nil)
	}
	if resp := get(t, ts, fmt.Sprintf("/films/%d", films[0].ID)); resp.status != 200 {
		t.Errorf("warmed film page: %d", resp.status)
	}
	// Slimmed reviews still carry what the page shows.
	for _, r := range first.reviews {
		if r.Body != nil || r.ID == 0 {
			t.Errorf("kept review %d has a body or no ID", r.ID)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := srv.data.warm(ctx, 5); err == nil {
		t.Error("warm with a cancelled context reported no error")
	}
	// Every film, within half the budget.
	srv.data.budget = 2 * (films[0].Reviews + films[1].Reviews + films[2].Reviews)
	if built, err := srv.data.warm(context.Background(), -1); err != nil || built != 3 {
		t.Errorf("warm(-1) with room for the three largest films built %d: %v", built, err)
	}
}

// countingStore counts the searches that reach the store.
type countingStore struct {
	store.Store
	searches atomic.Int32
}

func (c *countingStore) Search(ctx context.Context, q string, limit int) ([]store.Hit, error) {
	c.searches.Add(1)
	return c.Store.Search(ctx, q, limit)
}

func TestSearchCache(t *testing.T) {
	st := &countingStore{Store: openExampleStore(t)}
	srv, err := New(st, Config{Token: testToken, StoreCheckEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	steps := []struct {
		do         func()
		path       string
		wantStored int32 // searches that reached the store so far
	}{
		{nil, "/search?q=lighthouse", 1},
		{nil, "/api/search?q=lighthouse", 1},         // same query and limit: cached
		{nil, "/api/search?q=lighthouse&limit=3", 2}, // another limit
		{nil, "/search?q=harbour", 3},
		{nil, "/search?q=lighthouse", 3},
		{func() { // a write: every entry is out of date
			if _, err := st.AddReviews(context.Background(), []*review.Review{otherProcessReview(3)}); err != nil {
				t.Fatal(err)
			}
		}, "/search?q=lighthouse", 4},
	}
	for i, step := range steps {
		if step.do != nil {
			step.do()
		}
		if resp := get(t, ts, step.path); resp.status != 200 {
			t.Fatalf("step %d %s: %d", i, step.path, resp.status)
		}
		if got := st.searches.Load(); got != step.wantStored {
			t.Errorf("step %d %s: %d searches reached the store, want %d", i, step.path, got, step.wantStored)
		}
	}
	metrics := get(t, ts, "/metrics").body
	for _, want := range []string{
		`marquee_cache_lookups_total{cache="search",result="hit"} 2`,
		`marquee_cache_lookups_total{cache="search",result="miss"} 4`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	// The cache is bounded.
	small := newSearchCache(2)
	for i := range 5 {
		small.put(searchKey{query: fmt.Sprint(i)}, nil)
	}
	if _, ok := small.get(searchKey{query: "4"}); !ok || small.len() != 2 {
		t.Errorf("bounded cache holds %d entries (newest kept: %v), want 2", small.len(), ok)
	}
	if _, ok := small.get(searchKey{query: "0"}); ok {
		t.Error("the oldest entry survived")
	}
}

func TestSearchPages(t *testing.T) {
	_, ts, _ := newTestServer(t, Config{})
	type hitsJSON struct {
		Hits []struct {
			ReviewID int64 `json:"review_id"`
		} `json:"hits"`
		More   bool `json:"more"`
		Limit  int  `json:"limit"`
		Offset int  `json:"offset"`
	}
	all := decode[hitsJSON](t, get(t, ts, "/api/search?q=film&limit=100").body)
	n := len(all.Hits)
	if n < 5 || all.More {
		t.Fatalf("%d hits for film (more: %v); the test wants at least 5, all on one page", n, all.More)
	}
	for _, tc := range []struct {
		query      string
		from, to   int // the hits of all expected
		more       bool
		status     int
		pageLinks  []string // rel values the HTML page shows
		noPageLink []string
	}{
		{"limit=2", 0, 2, true, 200, []string{`rel="next"`}, []string{`rel="prev"`}},
		{"limit=2&page=2", 2, 4, true, 200, []string{`rel="next"`, `rel="prev"`}, nil},
		{fmt.Sprintf("limit=2&offset=%d", n-1), n - 1, n, false, 200, []string{`rel="prev"`}, []string{`rel="next"`}},
		{fmt.Sprintf("limit=3&offset=%d", n+5), n, n, false, 200, nil, []string{`rel="next"`}},
		{"limit=100&offset=101", 0, 0, false, 400, nil, nil},
		{"offset=-1", 0, 0, false, 400, nil, nil},
	} {
		t.Run(tc.query, func(t *testing.T) {
			resp := get(t, ts, "/api/search?q=film&"+tc.query)
			if resp.status != tc.status {
				t.Fatalf("status %d, want %d: %s", resp.status, tc.status, resp.body)
			}
			if tc.status != 200 {
				return
			}
			got := decode[hitsJSON](t, resp.body)
			if len(got.Hits) != tc.to-tc.from || got.More != tc.more {
				t.Fatalf("%d hits (more %v), want %d (more %v)", len(got.Hits), got.More, tc.to-tc.from, tc.more)
			}
			for i, h := range got.Hits {
				if h.ReviewID != all.Hits[tc.from+i].ReviewID {
					t.Errorf("hit %d is review %d, want %d", i, h.ReviewID, all.Hits[tc.from+i].ReviewID)
				}
			}
			page := get(t, ts, "/search?q=film&"+tc.query).body
			for _, want := range tc.pageLinks {
				if !strings.Contains(page, want) {
					t.Errorf("search page lacks %s", want)
				}
			}
			for _, unwanted := range tc.noPageLink {
				if strings.Contains(page, unwanted) {
					t.Errorf("search page has %s", unwanted)
				}
			}
			checkPageStructure(t, page)
		})
	}
}
