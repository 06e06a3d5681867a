package server

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/marquee-film/marquee/internal/review"
)

// The XSS corpus: payloads written for this test, each of which, if a
// page let it through as markup, would call the canary — set
// top.__pwned, set the title to PWNED, and request /__canary from the
// test server — or load something from /__canary without script at all
// (an image, a style sheet, a same-origin script, a refresh). JS and N
// are replaced per payload by the canary script and the payload's number.
var xssCorpus = []string{
	// Script elements.
	`<script>JS</script>`,
	`<SCRIPT>JS</SCRIPT>`,
	`<script src="/__canary.js?p=N"></script>`,
	`<script/src=/__canary.js?p=N></script>`,
	`<scr<script>ipt>JS</scr</script>ipt>`,
	`<script>/*</script><svg onload=JS>*/</script>`,
	// Event handlers.
	`<img src=x onerror=JS>`,
	`<img src="x" onerror="JS">`,
	`<IMG SRC=x OnErRoR=JS>`,
	`<img/src/onerror=JS>`,
	`<img src=x onerror=JS//`,
	`<img src=x onerror="&#x74;op.__pwned=1;fetch('/__canary?p=N')">`,
	`<img src=x onerror=eval(atob('B64'))>`,
	`<svg onload=JS>`,
	`<svg/onload=JS>`,
	`<svg><animate onbegin=JS attributeName=x dur=1s>`,
	`<svg><set attributeName=onmouseover to=JS>`,
	`<body onload=JS>`,
	`<details open ontoggle=JS>`,
	`<input autofocus onfocus=JS>`,
	`<x contenteditable onfocus=JS autofocus>x</x>`,
	`<video><source onerror=JS></video>`,
	`<marquee onstart=JS>x</marquee>`,
	`<b data-pwn=1 onmouseover=JS>bold</b>`,
	// Attribute breakouts.
	`"><script>JS</script>`,
	`'><script>JS</script>`,
	`" autofocus onfocus="JS" x="`,
	`' autofocus onfocus='JS' x='`,
	`" onmouseover="JS" data-pwn="1`,
	`"><img src=x onerror=JS>`,
	// Breaking out of raw-text and RCDATA elements.
	`</title><script>JS</script>`,
	`</textarea><script>JS</script>`,
	`</script><script>JS</script>`,
	`</style><img src=x onerror=JS>`,
	// javascript: and data: URLs.
	`javascript:JS`,
	`JaVaScRiPt:JS`,
	` javascript:JS`,
	`data:text/html;base64,B64HTML`,
	`<a href="javascript:JS">x</a>`,
	`<a href="jav&#x09;ascript:JS">x</a>`,
	`<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;JS">x</a>`,
	`<svg><a xlink:href="javascript:JS"><text x="20" y="20">x</text></a></svg>`,
	`<form action="/__canary?p=N"><button formaction="javascript:JS">x</button></form>`,
	`<object data="javascript:JS"></object>`,
	// Frames.
	`<iframe src="javascript:JS"></iframe>`,
	"<iframe srcdoc=\"<script>JS</script>\"></iframe>",
	`<iframe srcdoc="&lt;img src=x onerror=JS&gt;"></iframe>`,
	`<iframe src="/__canary?p=N"></iframe>`,
	`<embed src="/__canary?p=N">`,
	// Loads without script.
	`<img src="/__canary?p=N">`,
	`<svg><image href="/__canary?p=N"/></svg>`,
	`<link rel=stylesheet href="/__canary?p=N">`,
	`<style>@import "/__canary?p=N";</style>`,
	`<meta http-equiv="refresh" content="0;url=/__canary?p=N">`,
	`<base href="/__canary/">`,
	`<div style="background:url(/__canary?p=N)">x</div>`,
	`<div style="width:expression(JS)">x</div>`,
	// Parser differentials (mutation XSS).
	`<!--<img src="--><img src=x onerror=JS>">`,
	`<noscript><p title="</noscript><img src=x onerror=JS>">`,
	`<svg><style><img src=x onerror=JS></style></svg>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=JS>`,
	`<template><img src=x onerror=JS></template><img src=x onerror=JS>`,
	// Text that becomes markup if something decodes it after escaping.
	`&lt;script&gt;JS&lt;/script&gt;`,
	`&#60;img src=x onerror=JS&#62;`,
	`\u003cscript\u003eJS\u003c/script\u003e`,
	`\x3cimg src=x onerror=JS\x3e`,
	`%3Cscript%3EJS%3C%2Fscript%3E`,
	`＜script＞JS＜/script＞`,
	// Template syntax, for a page that would evaluate it.
	`{{constructor.constructor('JS')()}}`,
	`${JS}`,
	`{{.}}{{template "layout.html" .}}`,
}

// canaryJS is what a payload's script does: everything the test checks.
const canaryJS = "top.__pwned=1;top.document.title=`PWNED`;fetch(`/__canary?p=N`)"

// xssPayloads returns the corpus with the placeholders filled in.
func xssPayloads() []string {
	out := make([]string, len(xssCorpus))
	for i, p := range xssCorpus {
		n := fmt.Sprint(i)
		js := strings.ReplaceAll(canaryJS, "p=N", "p="+n)
		p = strings.ReplaceAll(p, "B64HTML", base64.StdEncoding.EncodeToString([]byte("<script>"+js+"</script>")))
		p = strings.ReplaceAll(p, "B64", base64.StdEncoding.EncodeToString([]byte(js)))
		p = strings.ReplaceAll(p, "JS", js)
		out[i] = strings.ReplaceAll(p, "p=N", "p="+n)
	}
	return out
}

// canary records requests to /__canary on the test server.
type canary struct {
	mu   sync.Mutex
	hits []string
}

func (c *canary) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/__canary") {
			h.ServeHTTP(w, r)
			return
		}
		c.mu.Lock()
		c.hits = append(c.hits, r.Host+r.URL.RequestURI())
		c.mu.Unlock()
		if strings.HasSuffix(r.URL.Path, ".js") {
			w.Header().Set("Content-Type", "text/javascript")
			fmt.Fprint(w, "top.__pwned=1;")
		}
	})
}

func (c *canary) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.hits)
}

// since returns the hits on host after the first n.
func (c *canary) since(n int, host string) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, h := range c.hits[n:] {
		if strings.HasPrefix(h, host+"/") {
			out = append(out, h)
		}
	}
	return out
}

// xssReviews makes the two reviews of payload i: one sent through the
// ingest API as a JSON document (headline, author, publication, film
// title, director, URL and body go through ingest and extraction as they
// do for a real upload), and one stored directly, because extraction only
// ever takes names of capitalised words — a payload cannot survive into a
// credit, award or aspect through it — so those fields are filled in the
// store the pages read from.
func xssReviews(i int, p string) (doc map[string]any, stored *review.Review) {
	film := fmt.Sprintf("Xssfilm%02d %s", i, p)
	doc = map[string]any{
		"headline": "Headline " + p, "author": fmt.Sprintf("Critic%02d %s", i, p), "publication": "Pub " + p,
		"film": film, "year": 2020, "director": "Dir " + p, "rating": "3/4", "url": p,
		"text": fmt.Sprintf("Xssmarker Xssfilm%02d is a tender, beautiful film about %s and its makers. "+
			"Nadia Quill is wonderful as the lighthouse keeper, and the score is glorious %s. "+
			"The ending is a dull, tedious mess %s.", i, p, p, p),
	}
	published := "2024-05-06"
	director := "Crewdir " + p
	spoiler := "Spoiler warning " + p
	runtime := 101
	score, conf := 64.0, 0.7
	body := []string{
		fmt.Sprintf("Xssmarker Xssfilm%02d is wonderful %s.", i, p),
		"The lead is superb " + p + ".",
		"The ending is a dreadful bore " + p + ".",
	}
	stored = &review.Review{
		Source: fmt.Sprintf("xss/%d/%s", i, p), Format: review.FormatText,
		Headline: "Stored headline " + p, Author: fmt.Sprintf("Storedcritic%02d %s", i, p), Publication: "Stored pub " + p,
		URL: p, Published: &published,
		Film:     review.Film{Title: film, Year: 2020},
		Director: &director, Rating: &review.Rating{Raw: "Rating " + p, Value: 3, Max: 4, Score: 75},
		SpoilerWarning: &spoiler,
		Credits: []review.Credit{
			{Person: "Actor " + p, Character: "Character " + p, Role: "actor"},
			{Person: "Nadia Quill", Character: "Keeper " + p, Role: "actor"},
			{Person: "Crewperson " + p, Role: "composer"},
		},
		RuntimeMinutes: &runtime,
		ReleaseDates:   []review.ReleaseDate{{Region: "Region " + p, Date: "2020-01-01"}},
		Awards:         []string{"Award " + p},
		MentionedFilms: []string{"Mentioned " + p},
		Language:       "en", Scorable: true, Sentences: len(body), Words: 30, Body: body,
		ContentHash: fmt.Sprintf("xss-stored-%d", i),
		Score:       &score, Verdict: "positive", Confidence: &conf,
		Evidence: []review.Evidence{{Text: body[1], Polarity: 0.8}, {Text: body[2], Polarity: -0.7}},
		Aspects:  map[string]review.AspectSummary{"acting " + p: {Polarity: 0.6, Sentences: 1}},
		SentenceScores: []review.SentenceScore{
			{Text: body[1], Polarity: 0.8, Aspects: []string{"acting " + p}},
			{Text: body[2], Polarity: -0.7},
		},
	}
	return doc, stored
}

// pageCheckJS inspects a loaded page: did the canary fire, and is there
// any element or attribute that the templates do not write (which is
// what an escaping failure leaves behind, even where the CSP stops it
// from running), or a link to a script URL. ALLOWED_TAGS and
// ALLOWED_ATTRS are filled in from the templates.
const pageCheckJS = `(() => {
  const tags = new Set(ALLOWED_TAGS), attrs = new Set(ALLOWED_ATTRS);
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    const tag = el.localName.toLowerCase();
    if (!tags.has(tag)) found.push('element <' + tag + '>');
    for (const a of el.attributes) {
      const n = a.name.toLowerCase();
      if (!attrs.has(n)) found.push('attribute ' + n + ' on <' + tag + '>');
    }
    for (const n of ['href', 'src', 'action', 'formaction', 'xlink:href', 'data']) {
      const v = el.getAttribute(n);
      if (v !== null && /^\s*(javascript|vbscript|data):/i.test(v.replace(/[\x00-\x20]/g, ''))) found.push(n + '=' + v.slice(0, 60) + ' on <' + tag + '>');
    }
  }
  for (const a of document.querySelectorAll('a[href]')) {
    if (!/^(https?:|about:)/.test(a.href)) found.push('link to ' + a.href.slice(0, 60));
  }
  return {pwned: !!window.__pwned, title: document.title, href: location.href, found: found, text: document.body ? document.body.innerText : ''};
})()`

type pageCheck struct {
	Pwned bool     `json:"pwned"`
	Title string   `json:"title"`
	Href  string   `json:"href"`
	Found []string `json:"found"`
	Text  string   `json:"text"`
}

// templateVocabulary lists the element and attribute names the templates
// write, which are all a page may contain.
func templateVocabulary(t *testing.T) (tags, attrs []string) {
	t.Helper()
	files, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	tagSet, attrSet := map[string]bool{"html": true, "head": true, "body": true}, map[string]bool{}
	tagRE := regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>`)
	attrRE := regexp.MustCompile(`\s([a-zA-Z][a-zA-Z0-9:-]*)(=|\s|$)`)
	for _, f := range files {
		b, _ := fs.ReadFile(templateFiles, f)
		// Drop template actions so "{{if .X}} selected{{end}}" reads as
		// the attribute it writes.
		text := regexp.MustCompile(`\{\{[^}]*\}\}`).ReplaceAllString(string(b), " ")
		for _, m := range tagRE.FindAllStringSubmatch(text, -1) {
			tagSet[strings.ToLower(m[1])] = true
			for _, a := range attrRE.FindAllStringSubmatch(m[2]+" ", -1) {
				attrSet[strings.ToLower(a[1])] = true
			}
		}
	}
	// Set by the browser, not the page: <details> opened by a reader.
	attrSet["open"] = true
	for k := range tagSet {
		tags = append(tags, k)
	}
	for k := range attrSet {
		attrs = append(attrs, k)
	}
	slices.Sort(tags)
	slices.Sort(attrs)
	for _, bad := range []string{"script", "iframe", "img", "object", "embed", "base", "style"} {
		if slices.Contains(tags, bad) {
			t.Fatalf("the templates write <%s>; the XSS check cannot tell it from an injected one", bad)
		}
	}
	return tags, attrs
}

// xssTab is a browser tab that visits pages and reports what fired.
// Each tab reaches the server under its own host name, so the canary's
// hits tell the tabs apart.
type xssTab struct {
	name    string
	base    string // the server's URL as this tab reaches it
	ctx     context.Context
	mu      sync.Mutex
	dialogs []string
	logs    []string // CSP violations and errors the browser logged
}

func newXSSTab(t *testing.T, parent context.Context, name, base string, bypassCSP bool) *xssTab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(parent)
	t.Cleanup(cancel)
	tab := &xssTab{name: name, base: base, ctx: ctx}
	// The first Run starts the tab; subscribe before any navigation.
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, cdplog.Enable, cdp.Empty{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, cdppage.SetBypassCSP, cdppage.SetBypassCSPParams{Enabled: bypassCSP})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	dialogs := chromedp.Events(ctx, cdppage.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			tab.mu.Lock()
			tab.dialogs = append(tab.dialogs, string(ev.Type)+": "+ev.Message)
			tab.mu.Unlock()
			// An open dialog blocks the page; close it so the test goes on.
			chromedp.Call(ctx, cdppage.HandleJavaScriptDialog, cdppage.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	entries := chromedp.Events(ctx, cdplog.EntryAdded)
	go func() {
		for ev, err := range entries {
			if err != nil {
				return
			}
			if ev.Entry.Level == cdplog.EntryLevelError || strings.Contains(ev.Entry.Text, "Content Security Policy") {
				tab.mu.Lock()
				tab.logs = append(tab.logs, ev.Entry.Text)
				tab.mu.Unlock()
			}
		}
	}()
	return tab
}

func (tab *xssTab) events() (dialogs, logs []string) {
	tab.mu.Lock()
	defer tab.mu.Unlock()
	dialogs, logs = tab.dialogs, tab.logs
	tab.dialogs, tab.logs = nil, nil
	return dialogs, logs
}

// TestXSSCorpusInBrowser stores every payload of the corpus in every
// review field, then has headless Chromium load every page that shows
// review data — and the pages that reflect a query — twice: once as
// served, and once with the CSP switched off, so that the escaping alone
// is tested and the CSP is a second wall, not the only one. On no page
// may the canary fire (flag, title, canary request, dialog), any element
// or attribute appear that the templates do not write, a script URL be
// linked, or (with the CSP on) the browser report a CSP violation.
func TestXSSCorpusInBrowser(t *testing.T) {
	if testing.Short() && os.Getenv("CI") != "true" {
		t.Skip("browser tests are slow; skipped with -short")
	}
	exe := chromiumPath(t)
	payloads := xssPayloads()
	if len(payloads) < 50 {
		t.Fatalf("%d payloads, want at least 50", len(payloads))
	}
	st := openExampleStore(t)
	srv, err := New(st, Config{Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	var can canary
	ts := httptest.NewServer(can.wrap(srv))
	t.Cleanup(ts.Close)

	// Store the payloads: per payload one ingested and one stored review.
	type payloadReviews struct{ ingested, stored int64 }
	ids := make([]payloadReviews, len(payloads))
	var docs []map[string]any
	var direct []*review.Review
	for i, p := range payloads {
		doc, stored := xssReviews(i, p)
		docs = append(docs, doc)
		direct = append(direct, stored)
	}
	body, _ := json.Marshal(docs)
	resp := post(t, ts, "/api/ingest", "application/json", string(body), "Authorization", "Bearer "+testToken)
	sum := decode[ingestJSON](t, resp.body)
	if resp.status != http.StatusCreated || sum.Added != len(payloads) {
		t.Fatalf("ingest of %d payload reviews: %d, %d added: %.500s", len(payloads), resp.status, sum.Added, resp.body)
	}
	results, err := st.AddReviews(context.Background(), direct)
	if err != nil {
		t.Fatal(err)
	}
	for i := range payloads {
		ids[i] = payloadReviews{sum.IDs[i], results[i].ID}
	}

	// The stored fields hold the payloads exactly: the test is about
	// what the pages make of them, so nothing may have blunted them.
	fieldsChecked := 0
	for i, p := range payloads {
		var got struct {
			Headline, Author, Publication string
			Director                      *string
			Film                          struct{ Title string }
			Body                          []string
			Credits                       []review.Credit
			Awards                        []string
		}
		if err := json.Unmarshal([]byte(get(t, ts, fmt.Sprintf("/api/reviews/%d", ids[i].ingested)).body), &got); err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"headline": got.Headline, "author": got.Author, "publication": got.Publication,
			"film title": got.Film.Title, "body": strings.Join(got.Body, " ")}
		if got.Director != nil {
			want["director"] = *got.Director
		}
		for field, v := range want {
			fieldsChecked++
			if !strings.Contains(v, strings.TrimSpace(p)) {
				t.Errorf("payload %d: the ingested %s %.120q lacks the payload %.120q", i, field, v, p)
			}
		}
		if len(want) != 6 {
			t.Errorf("payload %d: ingested review without a director", i)
		}
		if err := json.Unmarshal([]byte(get(t, ts, fmt.Sprintf("/api/reviews/%d", ids[i].stored)).body), &got); err != nil {
			t.Fatal(err)
		}
		if len(got.Credits) != 3 || len(got.Awards) != 1 || got.Credits[0].Person != "Actor "+p || got.Credits[0].Character != "Character "+p || got.Awards[0] != "Award "+p {
			t.Errorf("payload %d: stored credits %+v", i, got.Credits)
		}
		fieldsChecked += 3
	}

	// The pages.
	var pages []string
	films := map[int]int64{}
	for offset := 0; ; offset += 100 {
		list := decode[filmListJSON](t, get(t, ts, fmt.Sprintf("/api/films?sort=title&limit=100&offset=%d", offset)).body)
		for _, f := range list.Films {
			var n int
			if _, err := fmt.Sscanf(f.Title, "Xssfilm%02d", &n); err == nil {
				films[n] = f.ID
			}
		}
		if offset+100 >= list.Total {
			break
		}
	}
	if len(films) != len(payloads) {
		t.Fatalf("%d payload films, want %d", len(films), len(payloads))
	}
	for _, sortBy := range filmSorts {
		for offset := 0; offset < len(payloads)+30; offset += 100 {
			pages = append(pages, fmt.Sprintf("/?sort=%s&limit=100&offset=%d", sortBy, offset))
		}
	}
	pages = append(pages, "/", "/search?q=xssmarker&limit=100")
	for i, p := range payloads {
		q := url.QueryEscape(p)
		pages = append(pages,
			// The film page, with the payload in its filter too: it
			// matches both reviews' publications, so both are listed.
			fmt.Sprintf("/films/%d?publication=%s", films[i], q),
			fmt.Sprintf("/reviews/%d", ids[i].ingested),
			fmt.Sprintf("/reviews/%d", ids[i].stored),
			// Search for the payload: reflected, and it finds reviews
			// whose snippets hold it.
			"/search?q="+q,
			"/login?next="+url.QueryEscape("/"+p),
			"/no/such/"+url.PathEscape(p),
		)
	}

	tags, attrs := templateVocabulary(t)
	tagsJSON, _ := json.Marshal(tags)
	attrsJSON, _ := json.Marshal(attrs)
	check := strings.NewReplacer("ALLOWED_TAGS", string(tagsJSON), "ALLOWED_ATTRS", string(attrsJSON)).Replace(pageCheckJS)

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	browserCtx, cancelTimeout := context.WithTimeout(browserCtx, 15*time.Minute)
	defer cancelTimeout()
	if err := chromedp.Do(browserCtx); err != nil { // start the browser
		t.Fatal(err)
	}
	tabs := []*xssTab{
		newXSSTab(t, browserCtx, "csp", ts.URL, false),
		newXSSTab(t, browserCtx, "no-csp", strings.Replace(ts.URL, "127.0.0.1", "localhost", 1), true),
	}

	// Files whose names are payloads, for the upload form: its answer
	// lists each file it skipped by name. (The server keeps the part of a
	// name after its last slash, as multipart file names are bases.)
	var names []string
	for i, p := range payloads {
		names = append(names, fmt.Sprintf("xss%02d %s.bin", i, p))
	}
	namesJSON, _ := json.Marshal(names)
	uploadJS := `(() => {
	  const dt = new DataTransfer();
	  for (const n of ` + string(namesJSON) + `) dt.items.add(new File([new Uint8Array([0, 1, 2, 0, 0, 0, 255, 254, 0, 0])], n));
	  const f = document.getElementById("files");
	  f.files = dt.files;
	  f.form.requestSubmit();
	})()`

	var (
		mu            sync.Mutex
		visits, shown int
		slowest       time.Duration
		slowestPage   string
	)
	visit := func(t *testing.T, tab *xssTab, path string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		start := time.Now()
		hits := can.count()
		if len(steps) == 0 {
			steps = []chromedp.Action[chromedp.Void]{chromedp.Navigate(tab.base + path)}
		}
		// A short pause lets asynchronous handlers (autofocus, toggle,
		// animation) run before the page is inspected.
		steps = append(steps, chromedp.Sleep(30*time.Millisecond))
		if err := chromedp.Do(tab.ctx, steps...); err != nil {
			t.Fatalf("%s %s: %v", tab.name, path, err)
		}
		res, err := chromedp.Run(tab.ctx, chromedp.Evaluate[pageCheck](check))
		if err != nil {
			t.Fatalf("%s %s: inspect: %v", tab.name, path, err)
		}
		dialogs, logs := tab.events()
		switch {
		case res.Pwned, res.Title == "PWNED":
			t.Errorf("%s %s: the canary fired (flag %v, title %q)", tab.name, path, res.Pwned, res.Title)
		case len(dialogs) > 0:
			t.Errorf("%s %s: dialogs opened: %q", tab.name, path, dialogs)
		}
		if got := can.since(hits, strings.TrimPrefix(tab.base, "http://")); len(got) > 0 {
			t.Errorf("%s %s: canary requested: %q", tab.name, path, got)
		}
		if len(res.Found) > 0 {
			t.Errorf("%s %s: injected markup: %q", tab.name, path, res.Found)
		}
		if !strings.HasPrefix(res.Href, tab.base+"/") {
			t.Errorf("%s %s: the page went to %s", tab.name, path, res.Href)
		}
		for _, l := range logs {
			// An error page is loaded with its 404, as it should be.
			if strings.HasPrefix(path, "/no/such/") && strings.Contains(l, "status of 404") {
				continue
			}
			t.Errorf("%s %s: the browser logged %q", tab.name, path, l)
		}
		mu.Lock()
		defer mu.Unlock()
		visits++
		for _, p := range payloads {
			if strings.Contains(res.Text, strings.TrimSpace(p)) {
				shown++
			}
		}
		if took := time.Since(start); took > slowest {
			slowest, slowestPage = took, tab.name+" "+path
		}
	}

	// The two tabs work at once: the time goes into waiting for page
	// loads, not into work.
	t.Run("modes", func(t *testing.T) {
		for _, tab := range tabs {
			t.Run(tab.name, func(t *testing.T) {
				t.Parallel()
				for _, path := range pages {
					visit(t, tab, path)
				}
				// The upload form's answer names each file it skipped.
				visit(t, tab, "/ingest (upload result)",
					chromedp.Navigate(tab.base+"/login"),
					chromedp.SendKeys(chromedp.ID("token"), testToken),
					chromedp.Submit(chromedp.ID("token")),
					chromedp.WaitVisible(chromedp.ID("files")),
					chromedp.Evaluate[chromedp.Void](uploadJS),
					chromedp.WaitVisible(chromedp.ID("result-h")))
				got, err := chromedp.Run(tab.ctx, chromedp.Evaluate[int](`document.querySelectorAll("ul.skips li").length`))
				if err != nil || got != len(names) {
					t.Errorf("upload result lists %d skipped files (%v), want %d", got, err, len(names))
				}
			})
		}
	})
	// The payloads must have been on the pages, as text, for the test to
	// mean anything: each page of a payload's film, reviews and search
	// shows it.
	if shown < 2*4*len(payloads) {
		t.Errorf("payloads shown as text only %d times", shown)
	}
	t.Logf("%d payloads × %d pages (+ the upload result of %d payload file names) in 2 modes (CSP on, CSP bypassed) = %d page loads "+
		"(slowest %v: %.80s); %d stored fields checked to hold their payload; payloads shown as text %d times; "+
		"canary requests %d, dialogs 0 unless reported",
		len(payloads), len(pages), len(names), visits, slowest.Round(time.Millisecond), slowestPage, fieldsChecked, shown, can.count())
}
