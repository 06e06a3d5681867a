package server

import (
	"context"
	"fmt"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/marquee-film/marquee/internal/store"
)

var (
	svgRE        = regexp.MustCompile(`<svg\b[^>]*>`)
	labelledByRE = regexp.MustCompile(`aria-labelledby="([^"]+)"`)
	thRE         = regexp.MustCompile(`<th\b[^>]*>`)
	linkRE       = regexp.MustCompile(`(?s)<a\b[^>]*>(.*?)</a>`)
	buttonRE     = regexp.MustCompile(`(?s)<(button|summary)\b[^>]*>(.*?)</(?:button|summary)>`)
	tagRE        = regexp.MustCompile(`<[^>]*>`)
	imgRE        = regexp.MustCompile(`<img\b[^>]*>`)
	landmarkRE   = regexp.MustCompile(`<main\b[^>]*id="main"`)
)

// reporter is the part of *testing.T the page checks use, so that a test
// can run them on a page it made wrong on purpose.
type reporter interface {
	Helper()
	Errorf(format string, args ...any)
}

// failures records what a check reported.
type reported struct{ errors []string }

func (f *reported) Helper() {}
func (f *reported) Errorf(format string, args ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}

// checkAccessible adds to checkPageStructure (one h1, no skipped heading
// level, a label for every control) what a screen reader needs of the
// rest: a language, a main landmark the skip link reaches, charts with a
// title and description that exist, header cells with a scope, links and
// buttons with words, images with alt text.
func checkAccessible(t reporter, path, body string) {
	t.Helper()
	checkPageStructure(t, body)
	if !strings.Contains(body, `<html lang="en">`) {
		t.Errorf("%s: no document language", path)
	}
	if !landmarkRE.MatchString(body) || !strings.Contains(body, `href="#main"`) {
		t.Errorf("%s: no main landmark with a skip link to it", path)
	}
	for _, svg := range svgRE.FindAllString(body, -1) {
		if !strings.Contains(svg, `role="img"`) {
			t.Errorf("%s: chart without role=img: %s", path, svg)
			continue
		}
		m := labelledByRE.FindStringSubmatch(svg)
		if m == nil {
			t.Errorf("%s: chart without aria-labelledby: %s", path, svg)
			continue
		}
		for _, id := range strings.Fields(m[1]) {
			if !strings.Contains(body, `id="`+id+`"`) {
				t.Errorf("%s: chart labelled by missing #%s", path, id)
			}
		}
	}
	for _, th := range thRE.FindAllString(body, -1) {
		if !strings.Contains(th, "scope=") {
			t.Errorf("%s: header cell without scope: %s", path, th)
		}
	}
	for _, m := range linkRE.FindAllStringSubmatch(body, -1) {
		if strings.TrimSpace(tagRE.ReplaceAllString(m[1], "")) == "" && !strings.Contains(m[0], "aria-label=") {
			t.Errorf("%s: link without words: %s", path, m[0])
		}
	}
	for _, m := range buttonRE.FindAllStringSubmatch(body, -1) {
		if strings.TrimSpace(tagRE.ReplaceAllString(m[2], "")) == "" {
			t.Errorf("%s: %s without words: %s", path, m[1], m[0])
		}
	}
	for _, img := range imgRE.FindAllString(body, -1) {
		if !strings.Contains(img, "alt=") {
			t.Errorf("%s: image without alt: %s", path, img)
		}
	}
}

// TestAccessibility checks every page a reader can reach on the example
// store — each film, each review, searches, the forms signed in and out,
// errors — and a film whose reviews carry scores and aspects, so the
// charts are drawn. The colours' contrast is TestContrast's.
func TestAccessibility(t *testing.T) {
	_, ts, st := newTestServer(t, Config{})
	films, err := st.Films(context.Background(), store.FilmQuery{})
	if err != nil {
		t.Fatal(err)
	}
	stats, err := st.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{"/", "/?sort=score", "/?sort=title&limit=2&offset=2", "/search", "/search?q=lighthouse",
		"/search?q=film&limit=2&page=2", "/search?q=zzzznothing", "/ingest", "/login", "/nowhere", "/films/999999"}
	for _, f := range films {
		paths = append(paths, fmt.Sprintf("/films/%d", f.ID), fmt.Sprintf("/films/%d?verdict=positive&sort=-score", f.ID))
	}
	for id := 1; id <= stats.Reviews; id++ {
		paths = append(paths, fmt.Sprintf("/reviews/%d", id))
	}
	for _, p := range paths {
		resp := get(t, ts, p)
		if resp.status >= 500 || !strings.HasPrefix(resp.header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: %d %s", p, resp.status, resp.header.Get("Content-Type"))
			continue
		}
		checkAccessible(t, p, resp.body)
	}

	// Signed in: the ingest form itself, then its result.
	cookies := login(t, ts, testToken)
	checkAccessible(t, "/ingest (signed in)", get(t, ts, "/ingest", "Cookie", cookies).body)

	srv, id := benchFilmServer(t, 40)
	scored := httptest.NewServer(srv)
	defer scored.Close()
	body := get(t, scored, fmt.Sprintf("/films/%d", id)).body
	if strings.Count(body, `role="img"`) < 2 {
		t.Fatal("the scored film page lacks its charts")
	}
	checkAccessible(t, "scored film", body)
}

// TestAccessibilityCheck makes sure the checks above can fail.
func TestAccessibilityCheck(t *testing.T) {
	page := func(content string) string {
		return `<!doctype html><html lang="en"><body><a class="skip" href="#main">Skip</a><main id="main"><h1>T</h1>` +
			content + `</main></body></html>`
	}
	for _, tc := range []struct {
		name string
		body string
		bad  bool
	}{
		{"fine", page(`<svg role="img" aria-labelledby="a"><title id="a">x</title></svg><table><tr><th scope="col">A</th></tr></table><a href="/">Home</a>`), false},
		{"chart without title", page(`<svg role="img" aria-labelledby="missing"></svg>`), true},
		{"chart without role", page(`<svg viewBox="0 0 1 1"></svg>`), true},
		{"header without scope", page(`<table><tr><th>A</th></tr></table>`), true},
		{"empty link", page(`<a href="/x"><span></span></a>`), true},
		{"empty button", page(`<button type="submit"> </button>`), true},
		{"image without alt", page(`<img src="/static/x.svg">`), true},
		{"no language", strings.Replace(page(""), ` lang="en"`, "", 1), true},
		{"skipped heading", page(`<h3>x</h3>`), true},
		{"unlabelled input", page(`<input id="q" name="q">`), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var f reported
			checkAccessible(&f, tc.name, tc.body)
			if (len(f.errors) > 0) != tc.bad {
				t.Errorf("check reported %q; want a failure: %v", f.errors, tc.bad)
			}
		})
	}
}
