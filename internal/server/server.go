// Package server is Marquee on the web: a JSON API under /api/ and
// server-rendered HTML pages over the same store. Pages work without
// JavaScript; reads are public unless the server is private, writes need
// the server's token.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/marquee-film/marquee/internal/store"
)

// Config tunes a Server.
type Config struct {
	// Token is the secret that allows writes (and, when Private, reads).
	// Empty means nobody can write.
	Token string
	// Private makes every page and API read need the token too.
	Private bool
	// MaxBodyBytes caps a request body; larger bodies get 413. 0 means
	// DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// Logger receives request errors; nil means slog.Default().
	Logger *slog.Logger
	// Now is the clock, for tests of rate limiting and of the cache;
	// nil means time.Now.
	Now func() time.Time
	// StoreCheckEvery is how often the cache asks the store whether it
	// has changed (counting its reviews takes milliseconds on a large
	// database): another process's writes show within it, this server's
	// at once. 0 means DefaultStoreCheckEvery; negative, on every request.
	StoreCheckEvery time.Duration
	// CacheReviews bounds the film reports kept in memory by the reviews
	// they hold. 0 means DefaultCacheReviews.
	CacheReviews int
	// WarmFilms is how many of the most reviewed films Serve builds the
	// reports of before anyone asks (largest first, in the background,
	// at most half of CacheReviews); negative means as many as fit.
	WarmFilms int
	// ReadHeaderTimeout and ReadTimeout bound how long a client may take
	// to send a request's headers and the whole request; MaxConns caps
	// open connections (negative: no cap) and MaxInFlight requests served
	// at once (negative: no cap). Zero means the Default of each; see
	// security.go.
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	MaxConns          int
	MaxInFlight       int
}

// Defaults of the cache's Config.
const (
	DefaultStoreCheckEvery = time.Second
	// A kept review (without its text) and its line of the report take
	// about a kilobyte.
	DefaultCacheReviews = 200_000
)

// DefaultMaxBodyBytes is the largest request body accepted by default.
const DefaultMaxBodyBytes = 20 << 20

// Server serves one store over HTTP.
type Server struct {
	store   store.Store
	cfg     Config
	log     *slog.Logger
	now     func() time.Time
	mux     *http.ServeMux
	routes  []route
	pages   *pageTemplates
	data    *dataCache
	metrics *metrics
	limiter *failureLimiter
	load    *loadLimiter
	// openAPIDoc is served at /openapi.json.
	openAPIDoc openAPIDoc
	// sessionKey signs session cookies; it is derived from the token so a
	// new token invalidates every session.
	sessionKey []byte
}

// route is one registered handler. The route table is the single source of
// the mux's patterns, the metrics' route label and the OpenAPI sync test.
type route struct {
	method  string
	path    string // a ServeMux path pattern: "/api/films/{id}"
	api     bool   // documented in /openapi.json
	write   bool   // needs the token whatever the server's privacy
	public  bool   // readable even on a private server (health, static)
	handler http.HandlerFunc
}

func (rt route) pattern() string { return rt.method + " " + rt.path }

// New makes a server over st. It does not close st.
func New(st store.Store, cfg Config) (*Server, error) {
	if cfg.Private && cfg.Token == "" {
		return nil, errors.New("a private server needs a token (--token or MARQUEE_TOKEN)")
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.StoreCheckEvery == 0 {
		cfg.StoreCheckEvery = DefaultStoreCheckEvery
	}
	if cfg.CacheReviews <= 0 {
		cfg.CacheReviews = DefaultCacheReviews
	}
	applyLimitDefaults(&cfg)
	s := &Server{store: st, cfg: cfg, log: cfg.Logger, now: cfg.Now}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	s.pages = pages
	s.data = newDataCache(st, s.now, cfg.StoreCheckEvery, cfg.CacheReviews)
	s.metrics = newMetrics()
	s.data.lookups = s.metrics.cache
	s.limiter = newFailureLimiter(maxTokenFailures, tokenFailureWindow, s.now)
	s.load = newLoadLimiter(cfg.MaxInFlight, s.metrics.registry)
	s.sessionKey = deriveKey(cfg.Token, "marquee session v1")
	s.openAPIDoc = buildOpenAPI()
	s.routes = s.routeTable()
	s.mux = http.NewServeMux()
	for _, rt := range s.routes {
		s.mux.Handle(rt.pattern(), s.instrument(rt.pattern(), s.guard(rt)))
	}
	// Anything no route matches still gets an instrumented JSON or HTML 404.
	s.mux.Handle("/", s.instrument("unmatched", http.HandlerFunc(s.notFound)))
	return s, nil
}

func (s *Server) routeTable() []route {
	return []route{
		{method: "GET", path: "/api/films", api: true, handler: s.apiFilms},
		{method: "GET", path: "/api/films/{id}", api: true, handler: s.apiFilm},
		{method: "GET", path: "/api/films/{id}/reviews", api: true, handler: s.apiFilmReviews},
		{method: "GET", path: "/api/reviews/{id}", api: true, handler: s.apiReview},
		{method: "GET", path: "/api/search", api: true, handler: s.apiSearch},
		{method: "POST", path: "/api/ingest", api: true, write: true, handler: s.apiIngest},
		{method: "GET", path: "/healthz", api: true, public: true, handler: s.healthz},
		{method: "GET", path: "/metrics", api: true, handler: s.metricsHandler},
		{method: "GET", path: "/openapi.json", api: true, public: true, handler: s.openAPI},

		{method: "GET", path: "/{$}", handler: s.homePage},
		{method: "GET", path: "/films/{id}", handler: s.filmPage},
		{method: "GET", path: "/reviews/{id}", handler: s.reviewPage},
		{method: "GET", path: "/search", handler: s.searchPage},
		{method: "GET", path: "/ingest", handler: s.ingestPage},
		{method: "POST", path: "/ingest", handler: s.ingestSubmit},
		{method: "GET", path: "/login", public: true, handler: s.loginPage},
		{method: "POST", path: "/login", public: true, handler: s.loginSubmit},
		{method: "POST", path: "/logout", public: true, handler: s.logoutSubmit},
		{method: "GET", path: "/static/{file}", public: true, handler: s.static},
	}
}

// ServeHTTP makes Server an http.Handler: security headers on every
// response, the cap on requests at once, a 400 for a malformed path or
// query, then the routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	setSecurityHeaders(w.Header())
	release, ok := s.acquire(w, r)
	if !ok {
		return
	}
	defer release()
	if !s.refuseMalformed(w, r) {
		return
	}
	s.mux.ServeHTTP(w, r)
}

// Timeouts of the HTTP server. Writes may carry a 20 MB upload being
// processed, so WriteTimeout is generous; the read timeouts are in Config.
const (
	writeTimeout    = 120 * time.Second
	idleTimeout     = 120 * time.Second
	shutdownTimeout = 15 * time.Second
)

// HTTPServer returns an http.Server for s with Marquee's timeouts.
func (s *Server) HTTPServer(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           s,
		ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
		ReadTimeout:       s.cfg.ReadTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// Serve serves on ln until ctx is cancelled, then stops accepting
// connections and waits (up to shutdownTimeout) for requests in flight.
// At most Config.MaxConns connections are open at once.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	ln = limitConns(ln, s.cfg.MaxConns)
	hs := s.HTTPServer(ln.Addr().String())
	hs.BaseContext = func(net.Listener) context.Context { return context.WithoutCancel(ctx) }
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	// Meanwhile build the reports of the largest films; the store stays
	// open until Serve returns, so Serve waits for this too.
	warmCtx, stopWarm := context.WithCancel(ctx)
	warmed := make(chan struct{})
	go func() {
		defer close(warmed)
		s.warm(warmCtx)
	}()
	defer func() {
		stopWarm()
		<-warmed
	}()
	select {
	case err := <-errc:
		return fmt.Errorf("serve %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(shutCtx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve %s: %w", ln.Addr(), err)
	}
	return nil
}

// Registry exposes the server's metrics registry (for tests and for
// callers that add their own collectors).
func (s *Server) Registry() *prometheus.Registry { return s.metrics.registry }

// setSecurityHeaders sets the headers every response carries. Scripts may
// only come from /static/ (no inline script anywhere), and no page may be
// framed.
func setSecurityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
}

// warm builds the reports of the WarmFilms most reviewed films.
func (s *Server) warm(ctx context.Context) {
	if s.cfg.WarmFilms == 0 {
		return
	}
	start := time.Now()
	built, err := s.data.warm(ctx, s.cfg.WarmFilms)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("build the largest films' reports", "err", err)
		}
		return
	}
	s.log.Info("built the largest films' reports", "films", built, "took", time.Since(start).Round(time.Millisecond))
}
