package server

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/chromedp"
)

// Browser tests drive a headless Chromium through the pages a reader
// uses. They skip when no Chromium is installed, except in CI (CI=true),
// where a missing browser fails them. Screenshots go to
// $MARQUEE_SCREENSHOTS, else to the test's temporary directory.

func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no Chromium found, and CI=true: browser tests must run")
	}
	t.Skip("no Chromium found; install chromium to run the browser tests")
	return ""
}

type browser struct {
	ctx  context.Context
	ts   *httptest.Server
	dir  string // screenshots
	film int64  // the example film with most reviews

	mu         sync.Mutex
	violations []string // what the browser logged about the CSP or errors
}

// newBrowser serves the example store and starts a headless Chromium
// with its own profile directory.
func newBrowser(t *testing.T) *browser {
	t.Helper()
	exe := chromiumPath(t)
	_, ts, st := newTestServer(t, Config{})
	dir := os.Getenv("MARQUEE_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	b := &browser{ctx: ctx, ts: ts, dir: dir, film: firstFilm(t, st).ID}
	// Collect what the browser logs: a page that breaks its own Content
	// Security Policy (an inline style or script) shows up here.
	entries := chromedp.Events(ctx, cdplog.EntryAdded)
	b.do(t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, cdplog.Enable, cdp.Empty{})
		return err
	}))
	go func() {
		for ev, err := range entries {
			if err != nil {
				return
			}
			if ev.Entry.Level == cdplog.EntryLevelError || strings.Contains(ev.Entry.Text, "Content Security Policy") {
				b.mu.Lock()
				b.violations = append(b.violations, ev.Entry.URL+": "+ev.Entry.Text)
				b.mu.Unlock()
			}
		}
	}()
	return b
}

// checkLog fails the test for anything the browser logged as an error.
func (b *browser) checkLog(t *testing.T) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, v := range b.violations {
		t.Errorf("browser logged: %s", v)
	}
	b.violations = nil
}

func (b *browser) do(t *testing.T, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

func (b *browser) text(t *testing.T, sel string) string {
	t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func (b *browser) screenshot(t *testing.T, name string) {
	t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100)) // 100 makes a PNG; lower qualities make JPEG
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(b.dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

func TestBrowser(t *testing.T) {
	if testing.Short() && os.Getenv("CI") != "true" {
		t.Skip("browser tests are slow; skipped with -short")
	}
	b := newBrowser(t)

	t.Run("Home", func(t *testing.T) {
		b.do(t, chromedp.Navigate(b.ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS("ul.films")))
		if h1 := b.text(t, "h1"); h1 != "Films" {
			t.Errorf("h1 %q", h1)
		}
		badge := b.text(t, "ul.films li .badge")
		if !strings.ContainsAny(badge, "0123456789–") || !strings.ContainsAny(badge, "abcdefghijklmnopqrstuvwxyz") {
			t.Errorf("badge %q lacks a number and words", badge)
		}
		b.screenshot(t, "home")
		b.do(t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
			})
			return err
		}), chromedp.Reload())
		bg, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor`))
		if err != nil {
			t.Fatal(err)
		}
		if bg != "rgb(18, 18, 22)" {
			t.Errorf("dark mode background %q", bg)
		}
		b.screenshot(t, "home-dark")
		b.do(t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
			return err
		}))
	})

	t.Run("Film", func(t *testing.T) {
		b.do(t, chromedp.Navigate(b.ts.URL+"/"), chromedp.Click(chromedp.CSS("ul.films li a")),
			chromedp.WaitVisible(chromedp.CSS("svg.chart")))
		if loc, _ := chromedp.Run(b.ctx, chromedp.Location()); !strings.Contains(loc, fmt.Sprintf("/films/%d", b.film)) {
			t.Errorf("clicking the first film went to %s", loc)
		}
		title, err := chromedp.Run(b.ctx, chromedp.TextContent(chromedp.CSS("#hist-title")))
		if err != nil || !strings.HasPrefix(title, "Review scores of") {
			t.Errorf("histogram title %q", title)
		}
		if cast := b.text(t, "#cast-h"); cast != "Cast" {
			t.Errorf("cast heading %q", cast)
		}
		b.screenshot(t, "film")
		// A phone-sized window: the layout must not need sideways scrolling.
		b.do(t, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)), chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("h1")))
		overflow, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if err != nil {
			t.Fatal(err)
		}
		if overflow {
			t.Error("the film page scrolls sideways on a phone")
		}
		b.screenshot(t, "film-phone")
		b.do(t, chromedp.EmulateViewport(1280, 900))
	})

	t.Run("ScoredFilm", func(t *testing.T) {
		// A film whose reviews carry Marquee's scores and aspects.
		srv, id := benchFilmServer(t, 40)
		scored := httptest.NewServer(srv)
		defer scored.Close()
		b.do(t, chromedp.Navigate(fmt.Sprintf("%s/films/%d", scored.URL, id)), chromedp.WaitVisible(chromedp.CSS("#aspects-h")))
		bars, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll("svg.chart rect.bar").length`))
		if err != nil || bars < 12 {
			t.Errorf("%d chart bars (%v), want the histogram's 10 and the aspects'", bars, err)
		}
		b.screenshot(t, "film-scored")
	})

	t.Run("Spoiler", func(t *testing.T) {
		// Find a review whose page hides a spoiler, open it and reveal it.
		var found string
		for id := 1; id <= 25 && found == ""; id++ {
			resp := get(t, b.ts, fmt.Sprintf("/reviews/%d", id))
			if strings.Contains(resp.body, `details class="spoiler"`) {
				found = fmt.Sprintf("/reviews/%d", id)
			}
		}
		if found == "" {
			t.Fatal("no example review has a spoiler sentence")
		}
		b.do(t, chromedp.Navigate(b.ts.URL+found), chromedp.WaitVisible(chromedp.CSS("details.spoiler summary")))
		hidden, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`!document.querySelector("details.spoiler p").checkVisibility()`))
		if err != nil {
			t.Fatal(err)
		}
		if !hidden {
			t.Error("the spoiler is visible before the reader asks")
		}
		// In its place the reader sees the same text blurred.
		blur, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](
			`(e => e.checkVisibility() ? getComputedStyle(e).filter : "hidden")(document.querySelector("details.spoiler .spoiler-blur"))`))
		if err != nil || !strings.HasPrefix(blur, "blur(") {
			t.Errorf("closed spoiler's text: filter %q (%v), want it shown blurred", blur, err)
		}
		b.screenshot(t, "review-spoiler-hidden")
		b.do(t, chromedp.Click(chromedp.CSS("details.spoiler summary")), chromedp.WaitVisible(chromedp.CSS("details.spoiler[open] p")))
		open, err := chromedp.Run(b.ctx, chromedp.AttributeValue(chromedp.CSS("details.spoiler"), "open"))
		if err != nil || !open.Exists {
			t.Errorf("the spoiler did not open: %v", err)
		}
		if blurred, _ := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.querySelector("details.spoiler .spoiler-blur").checkVisibility()`)); blurred {
			t.Error("the blurred copy is still shown after the spoiler was opened")
		}
		b.screenshot(t, "review-spoiler-shown")
	})

	t.Run("Phone", func(t *testing.T) {
		// Every kind of page fits a phone's width in both themes: no
		// sideways scrolling (tables and charts scroll or shrink within
		// the page).
		b.do(t, chromedp.EmulateViewport(360, 740, chromedp.EmulateScale(2)))
		defer b.do(t, chromedp.EmulateViewport(1280, 900))
		for _, path := range []string{"/", fmt.Sprintf("/films/%d", b.film), "/reviews/1", "/search?q=film", "/ingest", "/login"} {
			for _, scheme := range []string{"light", "dark"} {
				b.do(t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
						Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
					})
					return err
				}), chromedp.Navigate(b.ts.URL+path), chromedp.WaitVisible(chromedp.CSS("h1")))
				overflow, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
				if err != nil {
					t.Fatal(err)
				}
				if overflow {
					t.Errorf("%s (%s) scrolls sideways on a phone", path, scheme)
				}
			}
		}
		b.screenshot(t, "phone-login-dark")
		b.do(t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
			return err
		}))
	})

	t.Run("Search", func(t *testing.T) {
		b.do(t, chromedp.Navigate(b.ts.URL+"/"),
			chromedp.SendKeys(chromedp.ID("site-q"), "lighthouse"),
			chromedp.Submit(chromedp.ID("site-q")),
			chromedp.WaitVisible(chromedp.CSS("ol.hits")))
		if mark := b.text(t, "ol.hits mark"); !strings.EqualFold(mark, "lighthouse") {
			t.Errorf("first highlighted word %q", mark)
		}
		b.screenshot(t, "search")
	})

	t.Run("Ingest", func(t *testing.T) {
		review := inventedReview("Gullwing Parish", "Tove Amberly")
		b.do(t, chromedp.Navigate(b.ts.URL+"/ingest"),
			chromedp.SendKeys(chromedp.ID("token"), testToken),
			chromedp.Submit(chromedp.ID("token")),
			chromedp.WaitVisible(chromedp.ID("text")),
			chromedp.SetValue(chromedp.ID("text"), review),
			chromedp.Submit(chromedp.ID("text")),
			chromedp.WaitVisible(chromedp.ID("result-h")))
		if got := b.text(t, "#result-h"); !strings.Contains(got, "1 added") {
			t.Fatalf("result %q", got)
		}
		b.screenshot(t, "ingest-result")
		// And a file through the upload field.
		file := filepath.Join(t.TempDir(), "upload.txt")
		if err := os.WriteFile(file, []byte(inventedReview("Pewter Coast", "Lio Marchetti")), 0o644); err != nil {
			t.Fatal(err)
		}
		b.do(t, chromedp.SetUploadFiles(chromedp.ID("files"), []string{file}),
			chromedp.Submit(chromedp.ID("files")),
			chromedp.WaitVisible(chromedp.ID("result-h")))
		// The result heading was on the previous page too, so the proof
		// that the upload worked is finding what it added.
		b.do(t, chromedp.Navigate(b.ts.URL+"/search?q=pewter"), chromedp.WaitVisible(chromedp.CSS("ol.hits")))
		if hit := b.text(t, "ol.hits li a"); !strings.Contains(hit, "Pewter Coast") {
			t.Errorf("the uploaded review is not found: %q", hit)
		}
		b.do(t, chromedp.Navigate(b.ts.URL+"/search?q=gullwing"), chromedp.WaitVisible(chromedp.CSS("ol.hits")))
		if hit := b.text(t, "ol.hits li a"); !strings.Contains(hit, "Gullwing Parish") {
			t.Errorf("the new review is not found: %q", hit)
		}
		b.do(t, chromedp.Navigate(b.ts.URL+"/?sort=title&limit=100"), chromedp.WaitVisible(chromedp.CSS("ul.films")))
		if films := b.text(t, "ul.films"); !strings.Contains(films, "Gullwing Parish") {
			t.Error("the new film is not on the home page")
		}
		b.screenshot(t, "home-after-ingest")
	})
	b.checkLog(t)
}
