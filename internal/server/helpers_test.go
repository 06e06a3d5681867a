package server

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/marquee-film/marquee/internal/ingest"
	"github.com/marquee-film/marquee/internal/pipeline"
	"github.com/marquee-film/marquee/internal/review"
	"github.com/marquee-film/marquee/internal/store"
	"github.com/marquee-film/marquee/internal/store/sqlite"
)

const testToken = "correct horse battery staple"

// openExampleStore opens a new SQLite store in t.TempDir() holding the
// repository's example reviews, read the way `marquee ingest` reads them.
func openExampleStore(t testing.TB) store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "marquee.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	inputs, _, err := ingest.Scan(ctx, []string{filepath.Join("..", "..", "examples")})
	if err != nil {
		t.Fatal(err)
	}
	var batch []*review.Review
	for _, in := range inputs {
		err := ingest.Read(ctx, in, nil, nil, func(it ingest.Item) error {
			if it.Doc != nil {
				r := pipeline.Process(*it.Doc)
				batch = append(batch, &r)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(batch) < 20 {
		t.Fatalf("read %d example reviews, want the 21 of examples/README.md", len(batch))
	}
	if _, err := st.AddReviews(ctx, batch); err != nil {
		t.Fatal(err)
	}
	return st
}

// newTestServer serves the example store with cfg (token defaults to
// testToken).
func newTestServer(t testing.TB, cfg Config) (*Server, *httptest.Server, store.Store) {
	t.Helper()
	st := openExampleStore(t)
	if cfg.Token == "" {
		cfg.Token = testToken
	}
	srv, err := New(st, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts, st
}

// noRedirect is a client that reports redirects instead of following them.
func noRedirect(ts *httptest.Server) *http.Client {
	c := *ts.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

type testResponse struct {
	status int
	header http.Header
	body   string
}

func do(t testing.TB, c *http.Client, req *http.Request) testResponse {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return testResponse{resp.StatusCode, resp.Header, string(b)}
}

func get(t testing.TB, ts *httptest.Server, path string, header ...string) testResponse {
	t.Helper()
	req, err := http.NewRequest("GET", ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return do(t, noRedirect(ts), req)
}

func post(t testing.TB, ts *httptest.Server, path, contentType, body string, header ...string) testResponse {
	t.Helper()
	req, err := http.NewRequest("POST", ts.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return do(t, noRedirect(ts), req)
}

// firstFilm returns the ID of the example film with most reviews.
func firstFilm(t testing.TB, st store.Store) store.FilmSummary {
	t.Helper()
	films, err := st.Films(context.Background(), store.FilmQuery{Limit: 1})
	if err != nil || len(films) == 0 {
		t.Fatalf("films: %v (%d)", err, len(films))
	}
	return films[0]
}
