package server

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Cookie names. Both cookies are HttpOnly and SameSite=Strict: a page on
// another site can neither read them nor make the browser send them along
// with a forged form.
const (
	sessionCookie = "marquee_session"
	csrfCookie    = "marquee_csrf"
	csrfField     = "csrf"
	sessionMaxAge = 7 * 24 * time.Hour
)

// Failed token attempts allowed per client IP and window before the IP
// gets 429 for the rest of the window.
const (
	maxTokenFailures   = 10
	tokenFailureWindow = 5 * time.Minute
)

// credential is what a request proved about its sender.
type credential int

const (
	credNone credential = iota // no token and no session offered
	credBad                    // a token or session was offered and is wrong
	credOK
)

func deriveKey(secret, purpose string) []byte {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(purpose))
	return mac.Sum(nil)
}

// tokenMatches compares a presented token with the server's in constant
// time (of the token's hash, so the length leaks nothing either).
func (s *Server) tokenMatches(presented string) bool {
	if s.cfg.Token == "" {
		return false
	}
	a := sha256.Sum256([]byte(presented))
	b := sha256.Sum256([]byte(s.cfg.Token))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}

// bearer returns the token of an "Authorization: Bearer" header.
func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	return strings.TrimSpace(token), true
}

// bearerCredential checks the Authorization header only; API writes take
// no cookie, so a cross-site form cannot ride on a logged-in browser.
func (s *Server) bearerCredential(r *http.Request) credential {
	token, ok := bearer(r)
	switch {
	case !ok:
		return credNone
	case s.tokenMatches(token):
		return credOK
	}
	return credBad
}

// readCredential accepts a bearer token or a session cookie. A session
// that does not verify (expired, or signed with an earlier token) counts
// as none, so its reader is sent to sign in again; guessing sessions is
// pointless, they are signed.
func (s *Server) readCredential(r *http.Request) credential {
	if c := s.bearerCredential(r); c != credNone {
		return c
	}
	ck, err := r.Cookie(sessionCookie)
	if err == nil && s.cfg.Token != "" && s.validSession(ck.Value) {
		return credOK
	}
	return credNone
}

// newSession returns a signed session value: expiry and random nonce,
// then an HMAC of both under a key derived from the token.
func (s *Server) newSession() string {
	payload := strconv.FormatInt(s.now().Add(sessionMaxAge).Unix(), 10) + "." + randomToken()
	return payload + "." + s.sign(payload)
}

func (s *Server) sign(payload string) string {
	mac := hmac.New(sha256.New, s.sessionKey)
	mac.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

func (s *Server) validSession(value string) bool {
	i := strings.LastIndexByte(value, '.')
	if i < 0 {
		return false
	}
	payload, sig := value[:i], value[i+1:]
	if subtle.ConstantTimeCompare([]byte(sig), []byte(s.sign(payload))) != 1 {
		return false
	}
	expiry, _, _ := strings.Cut(payload, ".")
	unix, err := strconv.ParseInt(expiry, 10, 64)
	return err == nil && s.now().Unix() < unix
}

func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}

// clientIP is the connection's address. Forwarding headers are not
// trusted: behind a proxy all clients share the proxy's limit, which is
// the safe side.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// guard enforces a route's access rule before its handler runs.
func (s *Server) guard(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case rt.write && rt.api:
			if !s.admit(w, r, s.bearerCredential(r), true) {
				return
			}
		case s.cfg.Private && !rt.public:
			if !s.admit(w, r, s.readCredential(r), rt.api) {
				return
			}
		}
		rt.handler(w, r)
	})
}

// admit answers the request itself (and returns false) unless c is
// credOK: 429 for a client over its failure limit, 401 without
// credentials (pages redirect to the login form), 403 with wrong ones.
func (s *Server) admit(w http.ResponseWriter, r *http.Request, c credential, api bool) bool {
	ip := clientIP(r)
	if c != credOK && s.limiter.blocked(ip) {
		s.tooManyFailures(w, r, api)
		return false
	}
	switch c {
	case credOK:
		return true
	case credBad:
		s.limiter.fail(ip)
		s.deny(w, r, api, errorf(http.StatusForbidden, "invalid token"))
		return false
	}
	if s.cfg.Token == "" {
		s.deny(w, r, api, errorf(http.StatusForbidden, "writes are disabled: the server was started without a token"))
		return false
	}
	if !api {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return false
	}
	w.Header().Set("WWW-Authenticate", `Bearer realm="marquee"`)
	s.deny(w, r, api, errorf(http.StatusUnauthorized, "token required: send Authorization: Bearer <token>"))
	return false
}

func (s *Server) deny(w http.ResponseWriter, r *http.Request, api bool, err error) {
	if api {
		s.apiError(w, r, err)
		return
	}
	s.pageError(w, r, err)
}

func (s *Server) tooManyFailures(w http.ResponseWriter, r *http.Request, api bool) {
	w.Header().Set("Retry-After", strconv.Itoa(int(tokenFailureWindow.Seconds())))
	s.deny(w, r, api, errorf(http.StatusTooManyRequests, "too many failed token attempts; try again later"))
}

// csrfToken returns the reader's CSRF token, setting the cookie that
// carries it when the reader has none yet.
func (s *Server) csrfToken(w http.ResponseWriter, r *http.Request) string {
	if ck, err := r.Cookie(csrfCookie); err == nil && len(ck.Value) >= 32 {
		return ck.Value
	}
	token := randomToken()
	http.SetCookie(w, &http.Cookie{
		Name: csrfCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode,
	})
	return token
}

// checkCSRF compares the form's token with the cookie's (double submit).
// The form must already be parsed.
func checkCSRF(r *http.Request) error {
	ck, err := r.Cookie(csrfCookie)
	field := r.PostFormValue(csrfField)
	if err != nil || ck.Value == "" || field == "" ||
		subtle.ConstantTimeCompare([]byte(ck.Value), []byte(field)) != 1 {
		return errorf(http.StatusForbidden, "the form has expired or did not come from this site; reload the page and try again")
	}
	return nil
}

func (s *Server) setSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: s.newSession(), Path: "/", HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode, MaxAge: int(sessionMaxAge.Seconds()),
	})
}

func clearSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: "", Path: "/", HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode, MaxAge: -1,
	})
}

// failureLimiter counts failed token attempts per client in fixed
// windows.
type failureLimiter struct {
	max    int
	window time.Duration
	now    func() time.Time

	mu      sync.Mutex
	clients map[string]*failures
}

type failures struct {
	count int
	start time.Time
}

// maxTrackedClients bounds the limiter's memory; past it, expired entries
// are dropped.
const maxTrackedClients = 10000

func newFailureLimiter(max int, window time.Duration, now func() time.Time) *failureLimiter {
	return &failureLimiter{max: max, window: window, now: now, clients: map[string]*failures{}}
}

func (l *failureLimiter) blocked(ip string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	f, ok := l.clients[ip]
	return ok && f.count >= l.max && l.now().Sub(f.start) < l.window
}

func (l *failureLimiter) fail(ip string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	f, ok := l.clients[ip]
	if !ok || now.Sub(f.start) >= l.window {
		if len(l.clients) >= maxTrackedClients {
			for k, v := range l.clients {
				if now.Sub(v.start) >= l.window {
					delete(l.clients, k)
				}
			}
		}
		f = &failures{start: now}
		l.clients[ip] = f
	}
	f.count++
}
