package server

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/prometheus/client_golang/prometheus"
)

// Defaults of the limits that keep one client, or many, from taking the
// server down: slow headers and bodies, floods of connections and of
// requests. Each can be changed through Config (and `marquee serve`
// flags).
const (
	// DefaultReadHeaderTimeout is how long a client may take to send a
	// request's headers. A client that dribbles them a byte at a time
	// (slowloris) is cut off then.
	DefaultReadHeaderTimeout = 10 * time.Second
	// DefaultReadTimeout bounds reading a whole request, body included,
	// so a body sent a byte at a time cannot hold a connection either.
	// It is generous because an upload may be 20 MB.
	DefaultReadTimeout = 60 * time.Second
	// DefaultMaxConns caps open connections. Past it the server stops
	// accepting, and new connections wait in the kernel's listen backlog
	// until one closes; idle keep-alive connections close after
	// idleTimeout, slow ones after the read timeouts.
	DefaultMaxConns = 1024
	// DefaultMaxInFlight caps requests being handled at once. Past it a
	// request is answered at once with 503 and Retry-After instead of
	// queueing: a page costs little, but an upload may hold its body (up
	// to MaxBodyBytes) in memory while it is processed, so this is also
	// the bound on the memory requests can take.
	DefaultMaxInFlight = 128
	// maxHeaderBytes bounds a request's header block (the net/http
	// default is 1 MB); browsers send a few KB, cookies included.
	maxHeaderBytes = 64 << 10
	// overloadRetryAfter is what a 503 tells the client to wait.
	overloadRetryAfter = 1 * time.Second
)

// applyLimitDefaults fills the limits a Config leaves at zero.
func applyLimitDefaults(cfg *Config) {
	if cfg.ReadHeaderTimeout <= 0 {
		cfg.ReadHeaderTimeout = DefaultReadHeaderTimeout
	}
	if cfg.ReadTimeout <= 0 {
		cfg.ReadTimeout = DefaultReadTimeout
	}
	if cfg.MaxConns == 0 {
		cfg.MaxConns = DefaultMaxConns
	}
	if cfg.MaxInFlight == 0 {
		cfg.MaxInFlight = DefaultMaxInFlight
	}
}

// loadLimiter admits at most cap requests at once. Health checks and
// metrics bypass it, so that monitoring still sees a busy server as alive
// (and sees the 503s it answers).
type loadLimiter struct {
	slots    chan struct{} // nil: no cap
	rejected prometheus.Counter
}

func newLoadLimiter(capacity int, reg prometheus.Registerer) *loadLimiter {
	l := &loadLimiter{rejected: prometheus.NewCounter(prometheus.CounterOpts{
		Name: "marquee_http_overload_rejections_total",
		Help: "Requests answered 503 because the server was already handling its maximum of requests at once.",
	})}
	reg.MustRegister(l.rejected)
	if capacity > 0 {
		l.slots = make(chan struct{}, capacity)
	}
	return l
}

// exemptFromLoadLimit lists the paths served whatever the load.
func exemptFromLoadLimit(r *http.Request) bool {
	return r.URL.Path == "/healthz" || r.URL.Path == "/metrics"
}

// acquire takes a slot for r, or answers 503 itself and returns false.
// The caller must call the returned release when done.
func (s *Server) acquire(w http.ResponseWriter, r *http.Request) (release func(), ok bool) {
	l := s.load
	if l.slots == nil || exemptFromLoadLimit(r) {
		return func() {}, true
	}
	select {
	case l.slots <- struct{}{}:
		return func() { <-l.slots }, true
	default:
	}
	l.rejected.Inc()
	w.Header().Set("Retry-After", strconv.Itoa(int(overloadRetryAfter.Seconds())))
	// Close the connection: a client that floods should reconnect, and a
	// connection slot is freed for someone else meanwhile.
	w.Header().Set("Connection", "close")
	w.Header().Set("Cache-Control", "no-store")
	// Answered without logging (a flood would flood the log too) and
	// without touching the store, so a refusal costs little.
	const msg = "the server is busy; try again in a moment"
	if isAPIPath(r.URL.Path) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"error":"` + msg + `"}` + "\n"))
		return nil, false
	}
	body, err := s.render("error", pageData{Title: http.StatusText(http.StatusServiceUnavailable),
		Data: errorView{http.StatusServiceUnavailable, msg}})
	if err != nil {
		http.Error(w, msg, http.StatusServiceUnavailable)
		return nil, false
	}
	w.Header().Set("Content-Type", htmlType)
	w.WriteHeader(http.StatusServiceUnavailable)
	_, _ = w.Write(body)
	return nil, false
}

// isAPIPath tells the paths answered in JSON from those answered with
// pages, for answers given before routing.
func isAPIPath(p string) bool {
	return len(p) >= 5 && p[:5] == "/api/" || p == "/healthz" || p == "/openapi.json"
}

// limitListener accepts at most max connections at once: Accept blocks
// while max are open and resumes when one closes.
type limitListener struct {
	net.Listener
	slots chan struct{}
	done  chan struct{}
	once  sync.Once
}

// limitConns wraps ln with a connection cap; max < 0 means none.
func limitConns(ln net.Listener, max int) net.Listener {
	if max < 0 {
		return ln
	}
	return &limitListener{Listener: ln, slots: make(chan struct{}, max), done: make(chan struct{})}
}

func (l *limitListener) Accept() (net.Conn, error) {
	select {
	case l.slots <- struct{}{}:
	case <-l.done:
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &limitedConn{Conn: c, release: func() { <-l.slots }}, nil
}

func (l *limitListener) Close() error {
	err := l.Listener.Close()
	l.once.Do(func() { close(l.done) })
	return err
}

// limitedConn gives its slot back when closed, once.
type limitedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

// isTimeout reports whether err is the connection's read deadline
// passing while a handler read the body. (Not any timeout: a context
// deadline in the store is the server's failure, not the client's.)
func isTimeout(err error) bool {
	return errors.Is(err, os.ErrDeadlineExceeded)
}

// byteSize words a size limit for people: "20 MiB", "64 KiB", "100 bytes".
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// bodyReadError classifies an error met reading a request body. Over the
// size limit (413) and too slow (408) keep their own answers; anything
// else — malformed chunked encoding, a body shorter than its
// Content-Length, a connection the client dropped — is the client's
// doing too, so it is a 400, not an internal error.
func bodyReadError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) || isTimeout(err) {
		return err
	}
	return &httpError{status: http.StatusBadRequest, msg: "the request body could not be read: it is malformed or was cut off"}
}

// wellFormed checks what every route reads from a request before it is
// routed: a path and query parameters that are valid UTF-8 (so nothing
// echoes broken text back, and the store is never asked for it), and a
// query string that parses (url.Values.Get would silently drop a broken
// pair, and a search for "%zz" would quietly become no search).
func wellFormed(r *http.Request) error {
	if !utf8.ValidString(r.URL.Path) {
		return errorf(http.StatusBadRequest, "the path is not valid UTF-8")
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return errorf(http.StatusBadRequest, "malformed query string: %v", err)
	}
	for k, vs := range q {
		if !utf8.ValidString(k) || slices.ContainsFunc(vs, func(v string) bool { return !utf8.ValidString(v) }) {
			return errorf(http.StatusBadRequest, "query parameter %q is not valid UTF-8", strings.ToValidUTF8(k, "\uFFFD"))
		}
	}
	return nil
}

// refuseMalformed answers a request that is not well formed with 400
// (counted in the metrics under the route "malformed") and returns
// false.
func (s *Server) refuseMalformed(w http.ResponseWriter, r *http.Request) bool {
	err := wellFormed(r)
	if err == nil {
		return true
	}
	s.instrument("malformed", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.deny(w, r, isAPIPath(r.URL.Path), err)
	})).ServeHTTP(w, r)
	return false
}
