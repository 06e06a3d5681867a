package server

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"math"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/marquee-film/marquee/internal/aggregate"
	"github.com/marquee-film/marquee/internal/review"
	"github.com/marquee-film/marquee/internal/store"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// pageTemplates holds one template set per page: the layout plus the
// page's own "title" and "content".
type pageTemplates struct {
	pages map[string]*template.Template
}

var pageNames = []string{"home", "film", "review", "search", "ingest", "login", "error"}

var templateFuncs = template.FuncMap{
	"band":      scoreBand,
	"bandLabel": bandLabel,
	"scoreText": scoreText,
	"highlight": highlightSnippet,
	"pct":       func(f float64) string { return strconv.FormatFloat(f, 'f', 0, 64) },
	"sub":       func(a, b int) int { return a - b },
	"add1":      func(a, b float64) float64 { return a + b },
	"mul100":    func(f *float64) float64 { return *f * 100 },
	"join":      strings.Join,
	"others":    otherSpellings,
	"conflict":  conflictLabel,
}

func parsePages() (*pageTemplates, error) {
	layout, err := template.New("layout.html").Funcs(templateFuncs).ParseFS(templateFiles, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	pt := &pageTemplates{pages: map[string]*template.Template{}}
	for _, name := range pageNames {
		t, err := template.Must(layout.Clone()).ParseFS(templateFiles, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("parse page %s: %w", name, err)
		}
		pt.pages[name] = t
	}
	return pt, nil
}

// pageData is what the layout gets: the page's title, which nav entry is
// current, and the page's own data.
type pageData struct {
	Title string
	Nav   string
	Query string // the search box's value
	Data  any
}

// render executes a page into memory first, so a template error becomes a
// clean 500 instead of half a page.
func (s *Server) render(name string, pd pageData) ([]byte, error) {
	var buf bytes.Buffer
	if err := s.pages.pages[name].ExecuteTemplate(&buf, "layout.html", pd); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

const htmlType = "text/html; charset=utf-8"

// servePage renders a public read page with ETag handling.
func (s *Server) servePage(w http.ResponseWriter, r *http.Request, name string, pd pageData) {
	body, err := s.render(name, pd)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.writeCacheable(w, r, htmlType, body)
}

// serveFormPage renders a page that holds a per-reader CSRF token: never
// cached.
func (s *Server) serveFormPage(w http.ResponseWriter, r *http.Request, status int, name string, pd pageData) {
	body, err := s.render(name, pd)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", htmlType)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

type errorView struct {
	Status  int
	Message string
}

func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := statusOf(err)
	if status >= 500 {
		s.log.Error("page failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	body, rerr := s.render("error", pageData{Title: http.StatusText(status), Data: errorView{status, msg}})
	w.Header().Set("Cache-Control", "no-store")
	if rerr != nil {
		s.log.Error("render error page", "err", rerr)
		http.Error(w, msg, status)
		return
	}
	w.Header().Set("Content-Type", htmlType)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	err := errorf(http.StatusNotFound, "no page at %s", r.URL.Path)
	if allow := s.allowedMethods(r); len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		err = errorf(http.StatusMethodNotAllowed, "%s is not allowed here; use %s", r.Method, strings.Join(allow, " or "))
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.apiError(w, r, err)
		return
	}
	s.pageError(w, r, err)
}

func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	data, err := fs.ReadFile(staticFiles, "static/"+path.Clean("/" + name)[1:])
	if err != nil {
		s.notFound(w, r)
		return
	}
	ctype := "application/octet-stream"
	switch path.Ext(name) {
	case ".css":
		ctype = "text/css; charset=utf-8"
	case ".js":
		ctype = "text/javascript; charset=utf-8"
	case ".svg":
		ctype = "image/svg+xml"
	}
	s.writeCacheable(w, r, ctype, data)
}

// Score bands: the colour of a badge, always shown with its words too.
func scoreBand(score *float64) string {
	switch {
	case score == nil:
		return "none"
	case *score >= 60:
		return "high"
	case *score >= 40:
		return "mid"
	}
	return "low"
}

func bandLabel(score *float64) string {
	switch scoreBand(score) {
	case "high":
		return "favourable"
	case "mid":
		return "mixed"
	case "low":
		return "unfavourable"
	}
	return "no score"
}

func scoreText(score *float64) string {
	if score == nil {
		return "–"
	}
	return strconv.Itoa(int(math.Round(*score)))
}

// highlightSnippet makes a search snippet HTML: the snippet is escaped
// first, and only then are the store's markers (which escaping leaves
// alone) turned into <mark> elements, so nothing in review text can open
// a tag. Unbalanced markers are closed at the end.
func highlightSnippet(snippet string) template.HTML {
	escaped := html.EscapeString(snippet)
	var b strings.Builder
	open := false
	for {
		i := strings.IndexAny(escaped, store.MarkStart+store.MarkEnd)
		if i < 0 {
			b.WriteString(escaped)
			break
		}
		b.WriteString(escaped[:i])
		switch {
		case strings.HasPrefix(escaped[i:], store.MarkStart):
			if !open {
				b.WriteString("<mark>")
				open = true
			}
			escaped = escaped[i+len(store.MarkStart):]
		default:
			if open {
				b.WriteString("</mark>")
				open = false
			}
			escaped = escaped[i+len(store.MarkEnd):]
		}
	}
	if open {
		b.WriteString("</mark>")
	}
	return template.HTML(b.String()) //nolint:gosec // built from escaped text and literal tags only
}

// ---- home ----

type homeView struct {
	Films   filmList
	Sorts   []string
	Newest  []reviewItem
	Prev    string
	Next    string
	Reviews int
}

const homeFilms = 24

func (s *Server) homePage(w http.ResponseWriter, r *http.Request) {
	p, err := parsePage(r, homeFilms)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	sortBy := r.URL.Query().Get("sort")
	list, err := s.listFilms(r, sortBy, p)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	newest, err := s.data.NewestReviews(r.Context(), 8)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	st, err := s.data.Version(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := homeView{Films: list, Sorts: filmSorts, Reviews: st.Reviews}
	v.Newest = newest
	v.Prev, v.Next = pageLinks(r.URL, p, list.Total)
	s.servePage(w, r, "home", pageData{Title: "Films", Nav: "home", Data: v})
}

// pageLinks returns the URLs of the previous and next pages ("" when
// there is none), keeping the other query parameters.
func pageLinks(u *url.URL, p page, total int) (prev, next string) {
	link := func(offset int) string {
		q := u.Query()
		q.Del("page")
		q.Set("offset", strconv.Itoa(offset))
		q.Set("limit", strconv.Itoa(p.Limit))
		return u.Path + "?" + q.Encode()
	}
	if p.Offset > 0 {
		prev = link(max(p.Offset-p.Limit, 0))
	}
	if p.Offset+p.Limit < total {
		next = link(p.Offset + p.Limit)
	}
	return prev, next
}

// ---- review ----

type sentenceView struct {
	Text    string
	Mark    string // "up", "down" or ""
	Spoiler bool
}

// passage is a run of body sentences that are all spoilers or all not, so
// a run of spoilers sits behind one disclosure.
type passage struct {
	Spoiler   bool
	Sentences []sentenceView
}

type reviewView struct {
	Review *review.Review
	FilmID int64
	// Score, Verdict and Basis are what the review counts for in its
	// film's score: the critic's rating, else Marquee's reading.
	Score    *float64
	Verdict  string
	Basis    string
	Passages []passage
	Cast     []review.Credit
	Crew     []review.Credit
	Evidence []review.Evidence
}

func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	rv, err := s.store.Review(r.Context(), id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	fd := s.reviewFilm(r.Context(), rv)
	var characters []string
	if fd != nil {
		characters = fd.characters
	}
	v := reviewView{Review: rv, Passages: reviewPassages(rv, characters), Evidence: rv.Evidence}
	for _, c := range rv.Credits {
		if c.Role == "actor" {
			v.Cast = append(v.Cast, c)
		} else {
			v.Crew = append(v.Crew, c)
		}
	}
	v.Score, v.Verdict = rv.Score, rv.Verdict
	if rv.Score != nil {
		v.Basis = "inferred"
	}
	if fd != nil {
		sk := fd.sketches[rv.ID]
		v.FilmID = fd.report.ID
		v.Score, v.Verdict, v.Basis = sk.Score, sk.Verdict, sk.ScoreBasis
	}
	title := rv.Headline
	if title == "" {
		title = "Review of " + rv.Film.Title
	}
	s.servePage(w, r, "review", pageData{Title: title, Data: v})
}

// filmIDOf returns the ID of the film among films that the store's
// grouping rule (normalised title, then year) puts rv in, or 0.
func filmIDOf(films []store.FilmSummary, rv *review.Review) int64 {
	norm := store.NormalizeTitle(rv.Film.Title)
	if norm == "" {
		return 0
	}
	var best int64
	for _, f := range films {
		if store.NormalizeTitle(f.Title) != norm {
			continue
		}
		if f.Year == rv.Film.Year {
			return f.ID
		}
		if best == 0 && (rv.Film.Year == 0 || f.Year == 0) {
			best = f.ID
		}
	}
	return best
}

// reviewPassages marks the evidence sentences of a review's body and
// groups its spoiler sentences.
func reviewPassages(rv *review.Review, characters []string) []passage {
	polarity := map[string]float64{}
	for _, e := range rv.Evidence {
		polarity[e.Text] = e.Polarity
	}
	spoilers := spoilerSentences(rv, characters...)
	var out []passage
	for i, text := range rv.Body {
		sv := sentenceView{Text: text, Spoiler: i < len(spoilers) && spoilers[i]}
		if p, ok := polarity[text]; ok {
			sv.Mark = "down"
			if p >= 0 {
				sv.Mark = "up"
			}
		}
		if n := len(out); n > 0 && out[n-1].Spoiler == sv.Spoiler {
			out[n-1].Sentences = append(out[n-1].Sentences, sv)
			continue
		}
		out = append(out, passage{Spoiler: sv.Spoiler, Sentences: []sentenceView{sv}})
	}
	return out
}

// ---- search ----

type searchView struct {
	searchResult
	First, Last int // the hits' ranks on this page
	Prev, Next  string
}

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) {
	res, err := s.search(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	title := "Search"
	if res.Query != "" {
		title = "Search: " + res.Query
	}
	v := searchView{searchResult: res, First: res.Offset + 1, Last: res.Offset + len(res.Hits)}
	known := res.Offset + len(res.Hits)
	if res.More {
		known++ // pageLinks offers a next page when the total exceeds this page
	}
	v.Prev, v.Next = pageLinks(r.URL, res.page, known)
	s.servePage(w, r, "search", pageData{Title: title, Nav: "search", Query: res.Query, Data: v})
}

// ---- ingest and login ----

type ingestView struct {
	CSRF     string
	LoggedIn bool
	Result   *ingestSummary
	Error    string
	MaxMB    int64
}

func (s *Server) loggedIn(r *http.Request) bool {
	return s.cfg.Token != "" && s.readCredential(r) == credOK
}

func (s *Server) ingestPage(w http.ResponseWriter, r *http.Request) {
	v := ingestView{CSRF: s.csrfToken(w, r), LoggedIn: s.loggedIn(r), MaxMB: s.cfg.MaxBodyBytes >> 20}
	s.serveFormPage(w, r, http.StatusOK, "ingest", pageData{Title: "Add reviews", Nav: "ingest", Data: v})
}

func (s *Server) ingestSubmit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
	if err := r.ParseMultipartForm(s.cfg.MaxBodyBytes); err != nil && !errorsIsNotMultipart(err) {
		s.pageError(w, r, formError(err))
		return
	}
	if err := checkCSRF(r); err != nil {
		s.pageError(w, r, err)
		return
	}
	c := s.readCredential(r)
	if token := r.PostFormValue("token"); token != "" {
		c = credBad
		if s.tokenMatches(token) {
			c = credOK
		}
	}
	if !s.admit(w, r, c, false) {
		return
	}
	v := ingestView{CSRF: s.csrfToken(w, r), LoggedIn: true, MaxMB: s.cfg.MaxBodyBytes >> 20}
	uploads, err := formUploads(r.MultipartForm)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	status := http.StatusOK
	if len(uploads) == 0 {
		v.Error = "Nothing to add: paste a review or choose files."
		status = http.StatusBadRequest
	} else {
		sum, err := s.ingestUploads(r.Context(), uploads)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		v.Result = &sum
	}
	s.serveFormPage(w, r, status, "ingest", pageData{Title: "Add reviews", Nav: "ingest", Data: v})
}

type loginView struct {
	CSRF     string
	Next     string
	Error    string
	LoggedIn bool
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/ingest"
	}
	return next
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	v := loginView{CSRF: s.csrfToken(w, r), Next: safeNext(r.URL.Query().Get("next")), LoggedIn: s.loggedIn(r)}
	s.serveFormPage(w, r, http.StatusOK, "login", pageData{Title: "Sign in", Nav: "login", Data: v})
}

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.pageError(w, r, formError(err))
		return
	}
	if err := checkCSRF(r); err != nil {
		s.pageError(w, r, err)
		return
	}
	next := safeNext(r.PostFormValue("next"))
	c := credNone
	if token := r.PostFormValue("token"); token != "" {
		c = credBad
		if s.tokenMatches(token) {
			c = credOK
		}
	}
	ip := clientIP(r)
	if c != credOK && s.limiter.blocked(ip) {
		s.tooManyFailures(w, r, false)
		return
	}
	if c != credOK {
		if c == credBad {
			s.limiter.fail(ip)
		}
		v := loginView{CSRF: s.csrfToken(w, r), Next: next, Error: "That token is not right."}
		if s.cfg.Token == "" {
			v.Error = "This server was started without a token, so nobody can sign in."
		}
		s.serveFormPage(w, r, http.StatusForbidden, "login", pageData{Title: "Sign in", Nav: "login", Data: v})
		return
	}
	s.setSession(w, r)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logoutSubmit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.pageError(w, r, formError(err))
		return
	}
	if err := checkCSRF(r); err != nil {
		s.pageError(w, r, err)
		return
	}
	clearSession(w, r)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// errorsIsNotMultipart tells a urlencoded form (which ParseMultipartForm
// refuses but has already parsed into PostForm) from a broken body.
func errorsIsNotMultipart(err error) bool {
	return errors.Is(err, http.ErrNotMultipart)
}

// sortedKeys returns m's keys in order, for stable pages.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// otherSpellings lists the variants of a name other than the name itself.
func otherSpellings(name string, variants []string) []string {
	var out []string
	for _, v := range variants {
		if v != name && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// allowedMethods lists the methods the routes serve at r's path, for a
// request that matched none of them with its own method. (The catch-all
// route makes the mux answer 404 where it would otherwise say 405.)
func (s *Server) allowedMethods(r *http.Request) []string {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost} {
		if m == r.Method || (m == http.MethodGet && r.Method == http.MethodHead) {
			continue
		}
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); pattern != "/" && pattern != "" {
			allow = append(allow, m)
		}
	}
	return allow
}

// conflictLabel words a conflict kind for readers.
func conflictLabel(kind string) string {
	switch kind {
	case aggregate.ConflictRuntime:
		return "runtime (minutes)"
	case aggregate.ConflictDirector:
		return "director"
	}
	return kind
}
