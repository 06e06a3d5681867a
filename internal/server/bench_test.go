package server

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/marquee-film/marquee/internal/aggregate"
	"github.com/marquee-film/marquee/internal/review"
	"github.com/marquee-film/marquee/internal/store/sqlite"
	"github.com/marquee-film/marquee/internal/store/storetest"
)

// benchFilmServer serves a store whose one film has n generated reviews,
// each with a score, evidence and aspects as the scorer would leave them.
func benchFilmServer(b testing.TB, n int) (*Server, int64) {
	b.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	reviews := storetest.GenerateReviews(n, 7)
	for i, r := range reviews {
		r.Film = review.Film{Title: "The Lantern Keepers", Year: 1998}
		score := float64((i * 37) % 101)
		conf := 0.7
		r.Score, r.Confidence = &score, &conf
		r.Verdict = []string{"negative", "mixed", "positive"}[min(int(score)/34, 2)]
		r.Evidence = []review.Evidence{{Text: r.Body[0], Polarity: 0.6}, {Text: r.Body[1], Polarity: -0.4}}
		r.Aspects = map[string]review.AspectSummary{
			"acting": {Polarity: score/50 - 1, Sentences: 3}, "direction": {Polarity: 0.2, Sentences: 2},
		}
		r.SentenceScores = []review.SentenceScore{{Text: r.Body[0], Polarity: 0.6, Aspects: []string{"acting"}}}
	}
	if _, err := st.AddReviews(ctx, reviews); err != nil {
		b.Fatal(err)
	}
	films, err := st.FindFilms(ctx, "The Lantern Keepers")
	if err != nil || len(films) == 0 {
		b.Fatalf("find film: %v", err)
	}
	var id int64
	for _, f := range films {
		if f.Reviews >= n/2 {
			id = f.ID
		}
	}
	if id == 0 {
		b.Fatalf("no film holds the generated reviews: %+v", films)
	}
	srv, err := New(st, Config{Token: testToken})
	if err != nil {
		b.Fatal(err)
	}
	return srv, id
}

// BenchmarkFilmPage renders the page of a film with 300 reviews: "cached"
// is the steady state (the report is kept until the store changes),
// "cold" builds the report from the store on every request, "304" is a
// revalidation by a browser that has the page.
func BenchmarkFilmPage(b *testing.B) {
	srv, id := benchFilmServer(b, 300)
	path := fmt.Sprintf("/films/%d", id)
	serve := func(b *testing.B, req *http.Request, want int) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != want {
			b.Fatalf("status %d, want %d", rec.Code, want)
		}
		return rec
	}
	first := serve(b, httptest.NewRequest("GET", path, nil), http.StatusOK)
	b.Logf("film page: %d bytes", first.Body.Len())

	b.Run("cached", func(b *testing.B) {
		for b.Loop() {
			serve(b, httptest.NewRequest("GET", path, nil), http.StatusOK)
		}
	})
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			srv.data.mu.Lock()
			srv.data.reports = map[int64]*filmData{}
			srv.data.mu.Unlock()
			serve(b, httptest.NewRequest("GET", path, nil), http.StatusOK)
		}
	})
	b.Run("304", func(b *testing.B) {
		etag := first.Header().Get("ETag")
		for b.Loop() {
			req := httptest.NewRequest("GET", path, nil)
			req.Header.Set("If-None-Match", etag)
			serve(b, req, http.StatusNotModified)
		}
	})
	b.Run("api", func(b *testing.B) {
		for b.Loop() {
			serve(b, httptest.NewRequest("GET", "/api"+path, nil), http.StatusOK)
		}
	})
}

// BenchmarkBuildReport isolates the aggregate step the cache saves.
func BenchmarkBuildReport(b *testing.B) {
	srv, id := benchFilmServer(b, 300)
	reviews, err := srv.store.FilmReviews(context.Background(), id)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		aggregate.Build(id, "The Lantern Keepers", 1998, "", reviews)
	}
}
