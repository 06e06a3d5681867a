package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/marquee-film/marquee/internal/store"
)

// The tests here hold the promises of security.go and auth.go: slow,
// large, many and malformed requests get bounded, clear answers; every
// answer carries the security headers; every form that writes needs its
// CSRF token; guessing the token is rate-limited.

// serveReal runs srv with Serve on a loopback listener, as `marquee serve`
// does (with the connection cap and the timeouts, which httptest.Server
// lacks), and returns its base URL.
func serveReal(t testing.TB, srv *Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return "http://" + ln.Addr().String()
}

func newRealServer(t testing.TB, cfg Config) (*Server, string, store.Store) {
	t.Helper()
	st := openExampleStore(t)
	if cfg.Token == "" {
		cfg.Token = testToken
	}
	srv, err := New(st, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return srv, serveReal(t, srv), st
}

// rawResponse sends raw bytes as a request on a new connection and reads
// one response. It fails the test when the server closes the connection
// without answering (which is what net/http does after a handler panics).
func rawResponse(t *testing.T, base, raw string) testResponse {
	t.Helper()
	resp, ok := rawResponseOrReset(t, base, raw, false)
	if !ok {
		t.Fatalf("no answer to %.80q: the connection was reset", raw)
	}
	return resp
}

// rawResponseOrReset is rawResponse for requests the server may refuse
// before reading them whole: it writes while it reads, and reports a
// connection reset before the status line (the server closing on unread
// bytes) as !ok. With halfClose the client ends its side after the
// request, as a client that was cut off does.
func rawResponseOrReset(t *testing.T, base, raw string, halfClose bool) (testResponse, bool) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	go func() {
		io.WriteString(conn, raw)
		if halfClose {
			conn.(*net.TCPConn).CloseWrite()
		}
	}()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if errors.Is(err, syscall.ECONNRESET) {
		return testResponse{}, false
	}
	if err != nil {
		t.Fatalf("no answer to %.80q: %v", raw, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil && !errors.Is(err, syscall.ECONNRESET) { // a reset after the answer cuts only its body
		t.Fatalf("read answer to %.80q: %v", raw, err)
	}
	return testResponse{resp.StatusCode, resp.Header, string(body)}, true
}

// TestSlowHeadersAreCutOff is the slowloris test: a client that sends
// its headers a byte at a time must lose its connection once
// ReadHeaderTimeout has passed, however steadily it keeps sending.
func TestSlowHeadersAreCutOff(t *testing.T) {
	const timeout = 400 * time.Millisecond
	_, base, _ := newRealServer(t, Config{ReadHeaderTimeout: timeout})
	// The server's clock starts when it accepts, which may be before Dial
	// returns here: start ours before dialling.
	start := time.Now()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	closed := make(chan time.Time, 1)
	var answer bytes.Buffer
	go func() {
		io.Copy(&answer, conn) // returns when the server closes the connection
		closed <- time.Now()
	}()
	if _, err := io.WriteString(conn, "GET / HTTP/1.1\r\nHost: marquee\r\nX-Slow: "); err != nil {
		t.Fatal(err)
	}
	// Dribble for up to 25 times the timeout: a server that waits for the
	// headers to end lets this go on to the end.
	tick := time.NewTicker(timeout / 8)
	defer tick.Stop()
	deadline := time.After(25 * timeout)
	for {
		select {
		case at := <-closed:
			took := at.Sub(start)
			if took < timeout {
				t.Errorf("cut off after %v, before the %v timeout", took, timeout)
			}
			if strings.Contains(answer.String(), "200 OK") {
				t.Errorf("the slow client was answered: %.200s", answer.String())
			}
			t.Logf("a client sending a header byte every %v was cut off after %v (ReadHeaderTimeout %v)", timeout/8, took.Round(time.Millisecond), timeout)
			return
		case <-deadline:
			t.Fatalf("a client still sending its headers a byte at a time after %v was not cut off (ReadHeaderTimeout %v)", 25*timeout, timeout)
		case <-tick.C:
			conn.SetWriteDeadline(time.Now().Add(time.Second))
			if _, err := conn.Write([]byte("a")); err != nil {
				// A reset shows up here before the reader sees it.
				continue
			}
		}
	}
}

// TestSlowBodyIsCutOff sends a write's headers at once and its body a
// byte at a time: ReadTimeout ends it with 408 or a closed connection,
// never a 500, and nothing is stored.
func TestSlowBodyIsCutOff(t *testing.T) {
	const timeout = 500 * time.Millisecond
	_, base, _ := newRealServer(t, Config{ReadTimeout: timeout, ReadHeaderTimeout: timeout})
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := inventedReview("Sluggard Reach", "Ivo Tamm")
	fmt.Fprintf(conn, "POST /api/ingest HTTP/1.1\r\nHost: marquee\r\nAuthorization: Bearer %s\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n",
		testToken, len(body))
	type result struct {
		resp *http.Response
		err  error
		at   time.Time
	}
	done := make(chan result, 1)
	go func() {
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		done <- result{resp, err, time.Now()}
	}()
	start := time.Now()
	for i := 0; ; i++ {
		select {
		case r := <-done:
			if r.err == nil {
				defer r.resp.Body.Close()
				msg, _ := io.ReadAll(r.resp.Body)
				if r.resp.StatusCode != http.StatusRequestTimeout {
					t.Errorf("slow body answered %d, want 408: %s", r.resp.StatusCode, msg)
				}
			}
			t.Logf("a body sent a byte every %v ended after %v (ReadTimeout %v): %v", timeout/10, r.at.Sub(start).Round(time.Millisecond), timeout, statusOrErr(r.resp, r.err))
			return
		case <-time.After(timeout / 10):
		}
		if i >= len(body) {
			t.Fatalf("the whole body went through a byte every %v without being cut off", timeout/10)
		}
		if time.Since(start) > 20*timeout {
			t.Fatalf("a body still arriving a byte at a time after %v was not cut off (ReadTimeout %v)", 20*timeout, timeout)
		}
		conn.SetWriteDeadline(time.Now().Add(time.Second))
		conn.Write([]byte{body[i]})
	}
}

func statusOrErr(resp *http.Response, err error) string {
	if err != nil {
		return "connection closed (" + err.Error() + ")"
	}
	return resp.Status
}

// TestDefaultLimits checks that a Config without limits gets the
// defaults, which `marquee serve` also uses for its flags.
func TestDefaultLimits(t *testing.T) {
	srv, err := New(nil, Config{})
	if err != nil {
		t.Fatal(err)
	}
	hs := srv.HTTPServer(":0")
	if hs.ReadHeaderTimeout != DefaultReadHeaderTimeout || hs.ReadTimeout != DefaultReadTimeout || hs.MaxHeaderBytes != maxHeaderBytes {
		t.Errorf("http.Server limits: header timeout %v, read timeout %v, header bytes %d", hs.ReadHeaderTimeout, hs.ReadTimeout, hs.MaxHeaderBytes)
	}
	if srv.cfg.MaxConns != DefaultMaxConns || srv.cfg.MaxInFlight != DefaultMaxInFlight || cap(srv.load.slots) != DefaultMaxInFlight {
		t.Errorf("caps: %d connections, %d in flight (%d slots)", srv.cfg.MaxConns, srv.cfg.MaxInFlight, cap(srv.load.slots))
	}
}

// TestConnectionCap opens MaxConns idle connections: the next one is not
// served until one of them closes.
func TestConnectionCap(t *testing.T) {
	const maxConns = 3
	_, base, _ := newRealServer(t, Config{MaxConns: maxConns})
	addr := strings.TrimPrefix(base, "http://")
	var held []net.Conn
	for range maxConns {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		held = append(held, c)
	}
	// The kernel completes the handshake of the next connection (it
	// waits in the listen backlog), but the server does not read it.
	extra, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer extra.Close()
	io.WriteString(extra, "GET /healthz HTTP/1.1\r\nHost: marquee\r\n\r\n")
	answered := make(chan string, 1)
	go func() {
		resp, err := http.ReadResponse(bufio.NewReader(extra), nil)
		if err != nil {
			answered <- err.Error()
			return
		}
		resp.Body.Close()
		answered <- resp.Status
	}()
	select {
	case status := <-answered:
		t.Fatalf("connection %d was served (%s) while %d were open", maxConns+1, status, maxConns)
	case <-time.After(500 * time.Millisecond):
	}
	held[0].Close()
	select {
	case status := <-answered:
		if status != "200 OK" {
			t.Errorf("once a connection closed, the waiting one got %s", status)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the waiting connection was not served after another closed")
	}
}

// TestInFlightCap holds MaxInFlight uploads half sent: further requests
// get 503 with Retry-After (JSON for the API, a page otherwise), health
// checks still pass, and once the uploads finish the server serves again.
func TestInFlightCap(t *testing.T) {
	const maxInFlight = 2
	srv, ts, _ := newTestServer(t, Config{MaxInFlight: maxInFlight})
	var writers []*io.PipeWriter
	results := make(chan int, maxInFlight)
	for i := range maxInFlight {
		pr, pw := io.Pipe()
		writers = append(writers, pw)
		req, _ := http.NewRequest("POST", ts.URL+"/api/ingest", pr)
		req.Header.Set("Authorization", "Bearer "+testToken)
		req.Header.Set("Content-Type", "text/plain")
		go func() {
			resp, err := ts.Client().Do(req)
			if err != nil {
				results <- 0
				return
			}
			resp.Body.Close()
			results <- resp.StatusCode
		}()
		io.WriteString(pw, inventedReview(fmt.Sprintf("Held Gate %c", 'A'+i), "Uma Reyes")[:30])
	}
	// On failure, end the held uploads before the server is closed
	// (which waits for them).
	t.Cleanup(func() {
		for _, pw := range writers {
			pw.CloseWithError(errors.New("test over"))
		}
	})
	// Wait until both uploads are inside the handler.
	for deadline := time.Now().Add(10 * time.Second); len(srv.load.slots) < maxInFlight; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d uploads got in", len(srv.load.slots), maxInFlight)
		}
	}
	for _, tc := range []struct{ path, contentType string }{
		{"/api/films", "application/json"}, {"/", "text/html"}, {"/films/1", "text/html"},
	} {
		resp := get(t, ts, tc.path)
		if resp.status != http.StatusServiceUnavailable || resp.header.Get("Retry-After") == "" ||
			!strings.HasPrefix(resp.header.Get("Content-Type"), tc.contentType) || !strings.Contains(resp.body, "busy") {
			t.Errorf("%s while full: %d Retry-After %q %s: %.200s", tc.path, resp.status, resp.header.Get("Retry-After"),
				resp.header.Get("Content-Type"), resp.body)
		}
		checkAllSecurityHeaders(t, tc.path+" (503)", resp.header)
	}
	if resp := get(t, ts, "/healthz"); resp.status != http.StatusOK {
		t.Errorf("health check while full: %d", resp.status)
	}
	if m := get(t, ts, "/metrics").body; !strings.Contains(m, "marquee_http_overload_rejections_total 3") {
		t.Error("the metrics do not count the 3 rejections")
	}
	for i, pw := range writers {
		io.WriteString(pw, inventedReview(fmt.Sprintf("Held Gate %c", 'A'+i), "Uma Reyes")[30:])
		pw.Close()
	}
	for range maxInFlight {
		if status := <-results; status != http.StatusCreated {
			t.Errorf("held upload: %d", status)
		}
	}
	if resp := get(t, ts, "/api/films"); resp.status != http.StatusOK {
		t.Errorf("after the uploads finished: %d", resp.status)
	}
}

// TestOversizedBodies: every route that reads a body answers one over
// the limit with 413 and a message naming the limit — JSON for the API, a
// page for the forms — and stores nothing.
func TestOversizedBodies(t *testing.T) {
	const limit = 64 << 10
	_, ts, _ := newTestServer(t, Config{MaxBodyBytes: limit})
	cookies := login(t, ts, testToken)
	csrf := csrfInputRE.FindStringSubmatch(get(t, ts, "/ingest", "Cookie", cookies).body)[1]
	big := strings.Repeat("Oversized quokka review. ", 2*limit/25)

	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	mw.WriteField("csrf", csrf)
	mw.WriteField("text", big)
	mw.Close()
	var apiForm bytes.Buffer
	amw := multipart.NewWriter(&apiForm)
	fw, _ := amw.CreateFormFile("files", "big.txt")
	io.WriteString(fw, big)
	amw.Close()

	tests := []struct {
		name, path, contentType, body string
		header                        []string
		json                          bool
		want                          string
	}{
		{"api text", "/api/ingest", "text/plain", big, []string{"Authorization", "Bearer " + testToken}, true, "64 KiB"},
		{"api multipart", "/api/ingest", amw.FormDataContentType(), apiForm.String(), []string{"Authorization", "Bearer " + testToken}, true, "64 KiB"},
		{"ingest form", "/ingest", mw.FormDataContentType(), form.String(), []string{"Cookie", cookies}, false, "64 KiB"},
		{"login form", "/login", "application/x-www-form-urlencoded", "token=" + big, []string{"Cookie", cookies}, false, "64 KiB"},
		{"logout form", "/logout", "application/x-www-form-urlencoded", "csrf=" + big, []string{"Cookie", cookies}, false, "64 KiB"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp := post(t, ts, tc.path, tc.contentType, tc.body, tc.header...)
			if resp.status != http.StatusRequestEntityTooLarge {
				t.Fatalf("status %d, want 413: %.300s", resp.status, resp.body)
			}
			if tc.json {
				msg := decode[map[string]string](t, resp.body)["error"]
				if !strings.Contains(msg, tc.want) {
					t.Errorf("error %q does not name the limit (%s)", msg, tc.want)
				}
			} else {
				if !strings.HasPrefix(resp.header.Get("Content-Type"), "text/html") || !strings.Contains(resp.body, "<h1>413") ||
					!strings.Contains(resp.body, tc.want) {
					t.Errorf("not a page naming the limit: %s %.400s", resp.header.Get("Content-Type"), resp.body)
				}
			}
			checkAllSecurityHeaders(t, tc.path+" (413)", resp.header)
		})
	}
	if hits := get(t, ts, "/api/search?q=quokka").body; strings.Contains(hits, "review_id") {
		t.Errorf("an oversized body was stored: %.200s", hits)
	}
}

// TestMalformedRequests sends bad methods, query parameters, JSON, ids,
// encodings and request lines. Each gets a client error (or a harmless
// success), never a 5xx or a dropped connection (a panic), with a body
// that is bounded, valid UTF-8, and JSON with an "error" for the API.
func TestMalformedRequests(t *testing.T) {
	_, base, _ := newRealServer(t, Config{MaxBodyBytes: 1 << 20})
	auth := "Authorization: Bearer " + testToken + "\r\n"
	reqLine := func(method, target string) string {
		return method + " " + target + " HTTP/1.1\r\nHost: marquee\r\nConnection: close\r\n\r\n"
	}
	withBody := func(target, contentType, body string) string {
		return fmt.Sprintf("POST %s HTTP/1.1\r\nHost: marquee\r\nConnection: close\r\n%sContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s",
			target, auth, contentType, len(body), body)
	}
	type tc struct {
		name string
		raw  string
		// ok lists the acceptable statuses; nil means any 4xx.
		ok []int
		// mayReset allows the server to refuse by closing the
		// connection before it has read the request.
		mayReset bool
		// halfClose ends the client's side after the request.
		halfClose bool
	}
	var tests []tc
	for _, method := range []string{"PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO", "get", "M-SEARCH"} {
		for _, target := range []string{"/", "/api/films", "/films/1", "/ingest", "/api/ingest", "/static/style.css"} {
			tests = append(tests, tc{"method " + method + " " + target, reqLine(method, target), nil, false, false})
		}
	}
	tests = append(tests, tc{"CONNECT", "CONNECT marquee:443 HTTP/1.1\r\nHost: marquee:443\r\nConnection: close\r\n\r\n", nil, false, false})
	for _, target := range []string{
		"/?limit=abc", "/?limit=-1", "/?limit=0", "/?limit=99999999999999999999", "/?offset=-5", "/?offset=1e9",
		"/?page=0", "/?page=x", "/?page=2&offset=3", "/?page=99999999", "/?sort=zzz", "/?sort=%ff",
		"/api/films?limit=0", "/api/films?offset=x", "/api/films?sort=%00",
		"/api/films/1/reviews?verdict=great", "/api/films/1/reviews?from=2024-13-45", "/api/films/1/reviews?to=yesterday",
		"/api/films/1/reviews?sort=-bogus", "/films/1?verdict=%ff", "/films/1?from=%00",
		"/api/search", "/api/search?q=", "/api/search?q=a&limit=x", "/api/search?q=a&limit=-3",
		"/api/search?q=" + strings.Repeat("long", 200), "/search?q=" + strings.Repeat("x", 600),
		"/films/0", "/films/-1", "/films/99999999999999999999", "/films/1.5", "/films/0x10", "/reviews/%00", "/api/reviews/abc",
		"/api/films/%ff/reviews", "/api/reviews/1%00",
		"/%ff", "/%ff%fe%fd", "/films/%ff%fe", "/static/%ff", "/static/..%2f..%2fgo.mod", "/api/%ff%fe",
		"/%c3%28", "/%ed%a0%80", "/%00", "/%zz", "/api/%zz", "/search?q=%zz", "/search?q=a&%zz", "/films/%",
	} {
		tests = append(tests, tc{"query " + target, reqLine("GET", target), nil, false, false})
	}
	// Dot segments: ServeMux redirects to the clean path, which is then
	// a 404; nothing outside static/ is served.
	for _, target := range []string{"/static/../server.go", "/static/./../../go.mod", "/api/../ingest"} {
		tests = append(tests, tc{"dots " + target, reqLine("GET", target), []int{301, 307, 308, 404}, false, false})
	}
	// Search input is the user's to write: odd queries are searches, not
	// errors, and answer 200 or 400.
	for _, q := range []string{"%ff%fe", "%c3%28", "%00", "%22", "AND", "*", "NEAR(", "a:b", "%5E", "(((", "-x", "'", "%22%22%22", "a%2A%2A%2A", "%E2%9F%A6"} {
		for _, p := range []string{"/search?q=", "/api/search?q="} {
			tests = append(tests, tc{"search " + p + q, reqLine("GET", p+q), []int{200, 400}, false, false})
		}
	}
	// Raw bytes that are not UTF-8, and control characters, in the target.
	for _, target := range []string{"/\xff\xfe", "/films/\xc3\x28", "/search?q=\xff", "/api/search?q=\xc0\xaf", "/\x7f"} {
		tests = append(tests, tc{fmt.Sprintf("raw %q", target), reqLine("GET", target), []int{200, 400, 404}, false, false})
	}
	// Bodies of writes. Ingest sniffs the format whatever the
	// Content-Type, as the CLI does: what it can read is a review (201),
	// what it cannot is reported as skipped with its reason (200); a body
	// it cannot even take apart (a broken multipart form, an unknown
	// type) is a 4xx.
	deep := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
	for _, body := range []struct{ name, contentType, body string }{
		{"truncated json", "application/json", `{"text": "A review`},
		{"json array unclosed", "application/json", `[`},
		{"json wrong types", "application/json", `{"text": 5, "year": "abc", "rating": [1, 2]}`},
		{"json string", "application/json", `"just a string"`},
		{"json null", "application/json", `null`},
		{"json deep", "application/json", deep},
		{"json invalid utf8", "application/json", "{\"text\": \"\xff\xfe caf\xe9\"}"},
		{"json huge number", "application/json", `{"text": "x", "year": 1e999999}`},
		{"jsonl garbage", "application/x-ndjson", "{\n}\n{{{\n"},
		{"multipart without boundary", "multipart/form-data", "--x\r\n"},
		{"multipart bad boundary", "multipart/form-data; boundary=zz", "garbage"},
		{"unterminated content type", `text/plain; charset="`, "x"},
		{"unsupported type", "image/png", "\x89PNG"},
		{"binary", "application/octet-stream", "\x00\x01\x02\x00\x00\xff"},
		{"gzip garbage", "application/gzip", "\x1f\x8b\x08garbage"},
		{"csv quotes", "text/csv", "text,film\n\"unterminated,x\n"},
		{"xml bomb-ish", "application/rss+xml", `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss><channel><item><description>&b;</description></item></channel></rss>`},
	} {
		tests = append(tests, tc{"ingest " + body.name, withBody("/api/ingest", body.contentType, body.body), []int{200, 201, 400, 413, 415}, false, false})
	}
	tests = append(tests,
		tc{"form not a form", withBody("/login", "application/x-www-form-urlencoded", "%zz=%zz&csrf"), []int{400, 403}, false, false},
		tc{"form bad multipart", withBody("/ingest", "multipart/form-data; boundary=q", "--q\r\nbroken"), []int{400, 403}, false, false},
		// The body is the first 5 bytes; what follows is a next request.
		tc{"content-length shorter than body", "POST /api/ingest HTTP/1.1\r\nHost: marquee\r\n" + auth + "Content-Type: text/plain\r\nContent-Length: 5\r\nConnection: close\r\n\r\n0123456789", []int{201}, false, false},
		// RFC 9112 §6.1: chunked wins over Content-Length.
		tc{"content-length and chunked", "POST /api/ingest HTTP/1.1\r\nHost: marquee\r\n" + auth + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", []int{200, 400}, false, false},
		tc{"bad chunked", "POST /api/ingest HTTP/1.1\r\nHost: marquee\r\n" + auth + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nabc\r\n", []int{400}, false, false},
		tc{"chunked cut off", "POST /api/ingest HTTP/1.1\r\nHost: marquee\r\n" + auth + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nab", []int{400}, false, true},
		tc{"body cut off", "POST /api/ingest HTTP/1.1\r\nHost: marquee\r\n" + auth + "Content-Type: text/plain\r\nContent-Length: 500\r\n\r\nA film", []int{400}, false, true},
	)
	// Request lines and headers that net/http itself refuses.
	tests = append(tests,
		tc{"garbage line", "GARBAGE\r\n\r\n", nil, false, false},
		tc{"no version", "GET /\r\n\r\n", nil, false, false},
		tc{"bad version", "GET / HTTP/1.x\r\nHost: marquee\r\n\r\n", nil, false, false},
		tc{"header without colon", "GET / HTTP/1.1\r\nHost: marquee\r\nNoColonHere\r\n\r\n", nil, false, false},
		tc{"no host", "GET / HTTP/1.1\r\n\r\n", nil, false, false},
		tc{"two hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", nil, false, false},
		tc{"header too large", "GET / HTTP/1.1\r\nHost: marquee\r\nX-Big: " + strings.Repeat("b", 2*maxHeaderBytes) + "\r\n\r\n", []int{431}, true, false},
		tc{"huge cookie", "GET /ingest HTTP/1.1\r\nHost: marquee\r\nCookie: " + strings.Repeat("c=1; ", 20000) + "\r\n\r\n", []int{431}, true, false},
		tc{"NUL in cookie", "GET /ingest HTTP/1.1\r\nHost: marquee\r\nConnection: close\r\nCookie: " + csrfCookie + "=\xff\x00;;;=\r\n\r\n", []int{400}, false, false},
		tc{"bad cookie", "GET /ingest HTTP/1.1\r\nHost: marquee\r\nConnection: close\r\nCookie: " + csrfCookie + "=\xff\xfe;;;=; " + sessionCookie + "=a.b.c\r\n\r\n", []int{200}, false, false},
		tc{"bad authorization", "GET /api/films HTTP/1.1\r\nHost: marquee\r\nConnection: close\r\nAuthorization: Bearer\r\n\r\n", []int{200}, false, false},
		tc{"bad if-none-match", "GET /api/films HTTP/1.1\r\nHost: marquee\r\nConnection: close\r\nIf-None-Match: ,,,\"\r\n\r\n", []int{200}, false, false},
	)

	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, ok := rawResponseOrReset(t, base, tc.raw, tc.halfClose)
			if !ok {
				if !tc.mayReset {
					t.Fatal("the connection was reset without an answer")
				}
				return
			}
			switch {
			case tc.ok == nil && (resp.status < 400 || resp.status >= 500):
				t.Errorf("status %d, want a 4xx: %.200s", resp.status, resp.body)
			case tc.ok != nil && !slices.Contains(tc.ok, resp.status):
				t.Errorf("status %d, want one of %v: %.200s", resp.status, tc.ok, resp.body)
			}
			if len(resp.body) > 64<<10 && resp.status >= 400 {
				t.Errorf("error answer of %d bytes", len(resp.body))
			}
			if !utf8.ValidString(resp.body) {
				t.Errorf("answer is not valid UTF-8: %.200q", resp.body)
			}
			if resp.status >= 400 && strings.Contains(tc.raw[:strings.Index(tc.raw, "\r\n")+1], " /api/") &&
				resp.header.Get("X-Content-Type-Options") != "" { // answered by Marquee, not by net/http itself
				var e struct{ Error string }
				if json.Unmarshal([]byte(resp.body), &e) != nil || e.Error == "" {
					t.Errorf("API error is not JSON with an error: %.200s", resp.body)
				}
			}
		})
	}
	// The server is still up and serving.
	if resp := rawResponse(t, base, reqLine("GET", "/healthz")); resp.status != 200 {
		t.Errorf("after the malformed requests, /healthz answers %d", resp.status)
	}
}

// ---- security headers ----

// cspDirectives parses a Content-Security-Policy into its directives.
func cspDirectives(csp string) map[string][]string {
	out := map[string][]string{}
	for _, d := range strings.Split(csp, ";") {
		fields := strings.Fields(d)
		if len(fields) > 0 {
			out[strings.ToLower(fields[0])] = fields[1:]
		}
	}
	return out
}

// checkAllSecurityHeaders checks the headers every answer must carry:
// a CSP that allows no inline or foreign script and no framing, nosniff,
// a referrer policy that keeps paths on this site, and frame denial for
// browsers that predate frame-ancestors.
func checkAllSecurityHeaders(t *testing.T, what string, h http.Header) {
	t.Helper()
	csp := cspDirectives(h.Get("Content-Security-Policy"))
	scripts, ok := csp["script-src"]
	if !ok {
		scripts, ok = csp["default-src"]
	}
	if !ok {
		t.Errorf("%s: CSP %q sets no script source", what, h.Get("Content-Security-Policy"))
	}
	for _, src := range scripts {
		if l := strings.ToLower(src); l == "'unsafe-inline'" || l == "'unsafe-eval'" || l == "*" || strings.HasSuffix(l, ":") ||
			strings.Contains(l, "unsafe-hashes") || strings.HasPrefix(l, "http") {
			t.Errorf("%s: script-src allows %s", what, src)
		}
	}
	if got := csp["default-src"]; !slices.Equal(got, []string{"'none'"}) {
		t.Errorf("%s: default-src %v, want 'none'", what, got)
	}
	if got := csp["frame-ancestors"]; !slices.Equal(got, []string{"'none'"}) {
		t.Errorf("%s: frame-ancestors %v, want 'none'", what, got)
	}
	if got := csp["base-uri"]; len(got) == 0 {
		t.Errorf("%s: no base-uri", what)
	}
	if got := csp["form-action"]; !slices.Equal(got, []string{"'self'"}) {
		t.Errorf("%s: form-action %v, want 'self'", what, got)
	}
	if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("%s: X-Content-Type-Options %q", what, got)
	}
	if got := h.Get("X-Frame-Options"); got != "DENY" {
		t.Errorf("%s: X-Frame-Options %q", what, got)
	}
	if got := h.Get("Referrer-Policy"); !slices.Contains([]string{"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}, got) {
		t.Errorf("%s: Referrer-Policy %q", what, got)
	}
}

// TestSecurityHeadersEveryRoute walks the route table (which the OpenAPI
// document is checked against in TestOpenAPIInSync) and the documented
// operations, asks each for its success and its errors, and checks the
// headers of every answer: pages, API, static files, redirects, 304s,
// 401/403/404/405/413/429/503.
func TestSecurityHeadersEveryRoute(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	srv, ts, st := newTestServer(t, Config{MaxBodyBytes: 1 << 20, Now: func() time.Time { return now }})
	film := firstFilm(t, st)
	cookies := login(t, ts, testToken)
	client := noRedirect(ts)
	send := func(method, path string, body io.Reader, header ...string) testResponse {
		req, err := http.NewRequest(method, ts.URL+path, body)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		return do(t, client, req)
	}
	fill := func(pattern, id, file string) string {
		return strings.NewReplacer("{id}", id, "{file}", file, "{$}", "").Replace(pattern)
	}
	seen := map[string]bool{} // "route status"
	checked := 0
	check := func(what string, resp testResponse) {
		t.Helper()
		checkAllSecurityHeaders(t, what, resp.header)
		checked++
	}
	documented := decode[struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}](t, get(t, ts, "/openapi.json").body).Paths
	routes := slices.Clone(srv.routes)
	for path, ops := range documented {
		for method := range ops {
			if !slices.ContainsFunc(routes, func(rt route) bool { return rt.path == path && strings.EqualFold(rt.method, method) }) {
				t.Errorf("documented %s %s has no route", method, path)
			}
		}
	}
	for _, rt := range routes {
		ids := []string{fmt.Sprint(film.ID), "999999", "x"}
		files := []string{"style.css", "favicon.svg", "missing.css"}
		for i := range ids {
			path := fill(rt.path, ids[i], files[i])
			if rt.path == "/api/search" || rt.path == "/search" {
				path += "?q=lighthouse"
			}
			if rt.path == "/reviews/{id}" || rt.path == "/api/reviews/{id}" {
				path = fill(rt.path, []string{"1", "999999", "x"}[i], "")
			}
			var resps []testResponse
			if rt.method == "GET" {
				r := send("GET", path, nil)
				resps = append(resps, r, send("HEAD", path, nil))
				if etag := r.header.Get("ETag"); etag != "" {
					if nm := send("GET", path, nil, "If-None-Match", etag); nm.status == http.StatusNotModified {
						resps = append(resps, nm)
					} else {
						t.Errorf("%s: If-None-Match of its own ETag answered %d", path, nm.status)
					}
				}
				resps = append(resps, send("GET", path, nil, "Cookie", cookies))
			} else {
				resps = append(resps,
					send("POST", path, strings.NewReader("x"), "Content-Type", "text/plain"),
					send("POST", path, strings.NewReader("x"), "Content-Type", "application/x-www-form-urlencoded", "Cookie", cookies),
					send("POST", path, strings.NewReader(inventedReview("Header Hollow", "Kai Brandt")), "Content-Type", "text/plain",
						"Authorization", "Bearer "+testToken),
					send("POST", path, strings.NewReader(strings.Repeat("x", 2<<20)), "Content-Type", "text/plain",
						"Authorization", "Bearer "+testToken, "Cookie", cookies))
			}
			resps = append(resps, send("DELETE", path, nil)) // 405 or 404
			if rt.method == "GET" {
				resps = append(resps, send("GET", path+"?limit=-1&sort=bogus&verdict=bogus", nil)) // 400 where parameters are read
			}
			for _, r := range resps {
				check(fmt.Sprintf("%s %s → %d", rt.method, path, r.status), r)
				seen[fmt.Sprint(r.status)] = true
			}
		}
	}
	check("unmatched page", send("GET", "/no/such/page", nil))
	check("unmatched API", send("GET", "/api/no/such", nil))
	// 429: a client over its limit of wrong tokens.
	for range maxTokenFailures + 1 {
		send("POST", "/api/ingest", strings.NewReader("x"), "Authorization", "Bearer wrong")
	}
	for _, path := range []string{"/api/ingest"} {
		r := send("POST", path, strings.NewReader("x"), "Authorization", "Bearer wrong")
		if r.status != http.StatusTooManyRequests {
			t.Errorf("%s: %d after the failure limit", path, r.status)
		}
		check(path+" (429)", r)
		seen["429"] = true
	}
	// A private server: 401 for the API, a redirect to sign in for pages.
	_, private, _ := newTestServer(t, Config{Private: true})
	for _, path := range []string{"/api/films", "/films/1", "/"} {
		r := get(t, private, path)
		check("private "+path, r)
		seen[fmt.Sprint(r.status)] = true
	}
	for _, want := range []string{"200", "201", "303", "304", "400", "401", "403", "404", "405", "413", "429"} {
		if !seen[want] {
			t.Errorf("no answer with status %s was checked", want)
		}
	}
	statuses := make([]string, 0, len(seen))
	for s := range seen {
		statuses = append(statuses, s)
	}
	slices.Sort(statuses)
	t.Logf("checked the headers of %d answers from %d routes; statuses %v (503 in TestInFlightCap)", checked, len(routes), statuses)
}

var (
	inlineScriptRE = regexp.MustCompile(`(?is)<script\b([^>]*)>`)
	handlerAttrRE  = regexp.MustCompile(`(?i)<[a-z][^>]*\son[a-z]+\s*=`)
	jsURLRE        = regexp.MustCompile(`(?i)(href|src|action|formaction)\s*=\s*["']?\s*javascript:`)
	styleAttrRE    = regexp.MustCompile(`(?i)<[a-z][^>]*\sstyle\s*=`)
)

// TestTemplatesHaveNoInlineScript reads the templates themselves: no
// inline script, no event handler attributes, no javascript: URLs and no
// style attributes — all of which the CSP would block, so a page that
// needed one would break. Scripts, if any, come from /static/.
func TestTemplatesHaveNoInlineScript(t *testing.T) {
	files, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil || len(files) < len(pageNames) {
		t.Fatalf("templates: %v %v", files, err)
	}
	for _, name := range files {
		b, err := fs.ReadFile(templateFiles, name)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		for _, m := range inlineScriptRE.FindAllStringSubmatch(text, -1) {
			if !regexp.MustCompile(`\bsrc="/static/[^"]+\.js"`).MatchString(m[1]) {
				t.Errorf("%s: inline script %s", name, m[0])
			}
		}
		for _, re := range []*regexp.Regexp{handlerAttrRE, jsURLRE, styleAttrRE} {
			if m := re.FindString(text); m != "" {
				t.Errorf("%s: %s", name, m)
			}
		}
	}
	scripts, _ := fs.Glob(staticFiles, "static/*.js")
	t.Logf("%d templates without inline script; %d static scripts", len(files), len(scripts))
}

// ---- CSRF and rate limits ----

// TestCSRFEveryPostForm finds every form that writes (each POST route
// that is not the bearer-token API) and checks that it refuses a missing,
// wrong, or unpaired token and does nothing then, and that every POST
// form the pages render carries the token.
func TestCSRFEveryPostForm(t *testing.T) {
	srv, ts, _ := newTestServer(t, Config{})
	var forms []string
	for _, rt := range srv.routes {
		if rt.method == "POST" && !rt.api {
			forms = append(forms, rt.path)
		}
	}
	if len(forms) < 3 {
		t.Fatalf("POST form routes %v, want at least /ingest, /login and /logout", forms)
	}

	// Every POST form on the pages posts to one of these routes and has
	// the token field.
	cookies := login(t, ts, testToken)
	formRE := regexp.MustCompile(`(?is)<form\b([^>]*)>(.*?)</form>`)
	postForms := 0
	for _, page := range []struct{ path, cookie string }{{"/login", ""}, {"/ingest", ""}, {"/ingest", cookies}, {"/login", cookies}} {
		body := get(t, ts, page.path, "Cookie", page.cookie).body
		for _, m := range formRE.FindAllStringSubmatch(body, -1) {
			if !regexp.MustCompile(`(?i)method="post"`).MatchString(m[1]) {
				continue
			}
			postForms++
			action := regexp.MustCompile(`action="([^"]*)"`).FindStringSubmatch(m[1])
			if action == nil || !slices.Contains(forms, action[1]) {
				t.Errorf("%s: POST form with action %v, not a known form route", page.path, action)
			}
			if !csrfInputRE.MatchString(m[2]) {
				t.Errorf("%s: POST form to %v without a csrf field", page.path, action)
			}
		}
	}
	if postForms < 3 {
		t.Errorf("found %d POST forms on the pages", postForms)
	}

	csrf := csrfInputRE.FindStringSubmatch(get(t, ts, "/ingest", "Cookie", cookies).body)[1]
	session := sessionOnly(cookies)
	other := strings.Repeat("b", len(csrf))
	attempts := []struct {
		name          string
		field, cookie string // the csrf form field and the csrf cookie; "-" leaves one out
	}{
		{"no token at all", "-", "-"},
		{"cookie but no field", "-", csrf},
		{"field but no cookie", csrf, "-"},
		{"field and cookie differ", other, csrf},
		{"empty field", "", csrf},
		{"empty field and cookie", "", ""},
		{"field is a prefix", csrf[:len(csrf)-1], csrf},
	}
	for _, path := range forms {
		for _, a := range attempts {
			t.Run(path+"/"+a.name, func(t *testing.T) {
				form := url.Values{"token": {testToken}, "next": {"/"}, "text": {inventedReview("Forged Lantern", "Eve Sato")}}
				if a.field != "-" {
					form.Set("csrf", a.field)
				}
				cookie := session
				if a.cookie != "-" {
					cookie += "; " + csrfCookie + "=" + a.cookie
				}
				var body, contentType string
				if path == "/ingest" {
					var b bytes.Buffer
					mw := multipart.NewWriter(&b)
					for k, vs := range form {
						mw.WriteField(k, vs[0])
					}
					mw.Close()
					body, contentType = b.String(), mw.FormDataContentType()
				} else {
					body, contentType = form.Encode(), "application/x-www-form-urlencoded"
				}
				resp := post(t, ts, path, contentType, body, "Cookie", cookie)
				if resp.status != http.StatusForbidden || !strings.Contains(resp.body, "did not come from this site") {
					t.Errorf("status %d, want 403 with the CSRF message: %.200s", resp.status, resp.body)
				}
				if c := resp.header.Values("Set-Cookie"); slices.ContainsFunc(c, func(v string) bool { return strings.HasPrefix(v, sessionCookie+"=") }) {
					t.Errorf("a refused form changed the session: %v", c)
				}
			})
		}
	}
	if hits := get(t, ts, "/api/search?q=forged").body; strings.Contains(hits, "review_id") {
		t.Error("a forged form stored its review")
	}
	// The same forms with the token pass (the test can fail both ways).
	form := url.Values{"csrf": {csrf}}
	if resp := post(t, ts, "/logout", "application/x-www-form-urlencoded", form.Encode(), "Cookie", cookies); resp.status != http.StatusSeeOther {
		t.Errorf("logout with its token: %d", resp.status)
	}
}

// TestCSRFCompareIsConstantTime checks the token comparisons go through
// crypto/subtle (a timing test would be flaky; reading the code is not).
func TestCSRFCompareIsConstantTime(t *testing.T) {
	for _, fn := range []string{"func checkCSRF(", "func (s *Server) tokenMatches(", "func (s *Server) validSession("} {
		src := funcSource(t, "auth.go", fn)
		if !strings.Contains(src, "subtle.ConstantTimeCompare") {
			t.Errorf("%s… does not use subtle.ConstantTimeCompare", fn)
		}
		// Any other comparison must be with a constant (an emptiness or
		// error check), never between two strings that hold secrets.
		for _, m := range comparisonRE.FindAllStringSubmatch(src, -1) {
			if !regexp.MustCompile(`^("|nil\b|[0-9])`).MatchString(m[2]) {
				t.Errorf("%s… compares %s with ==", fn, m[0])
			}
		}
	}
}

var comparisonRE = regexp.MustCompile(`([\w.()\[\]]+)\s*[!=]=\s*(\S+)`)

// funcSource returns the text of the function that starts with prefix in
// the package file name.
func funcSource(t *testing.T, name, prefix string) string {
	t.Helper()
	b, err := os.ReadFile(name) // tests run in the package directory
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	i := strings.Index(src, prefix)
	if i < 0 {
		t.Fatalf("%s has no %s", name, prefix)
	}
	end := strings.Index(src[i:], "\n}\n")
	return src[i : i+end]
}

// TestLoginRateLimit: wrong tokens on the sign-in form and in the upload
// form count per client IP; past the limit the client gets 429 with
// Retry-After until the window ends, other clients are unaffected, and
// the right token still signs in.
func TestLoginRateLimit(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	srv, ts, _ := newTestServer(t, Config{Now: func() time.Time { return now }})
	page := get(t, ts, "/login")
	cookie := cookieHeader(page.header)
	csrf := csrfInputRE.FindStringSubmatch(page.body)[1]
	try := func(token string) testResponse {
		form := url.Values{"csrf": {csrf}, "token": {token}, "next": {"/ingest"}}
		return post(t, ts, "/login", "application/x-www-form-urlencoded", form.Encode(), "Cookie", cookie)
	}
	for i := range maxTokenFailures - 1 {
		if resp := try(fmt.Sprintf("guess %d", i)); resp.status != http.StatusForbidden {
			t.Fatalf("guess %d: %d", i, resp.status)
		}
	}
	// A wrong token in the upload form counts too.
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("csrf", csrf)
	mw.WriteField("token", "guess in the upload form")
	mw.WriteField("text", "x")
	mw.Close()
	if resp := post(t, ts, "/ingest", mw.FormDataContentType(), b.String(), "Cookie", cookie); resp.status != http.StatusForbidden {
		t.Fatalf("wrong token in the upload form: %d", resp.status)
	}
	resp := try("one guess too many")
	if resp.status != http.StatusTooManyRequests || resp.header.Get("Retry-After") == "" || !strings.Contains(resp.body, "too many failed") {
		t.Fatalf("after %d failures: %d Retry-After %q", maxTokenFailures, resp.status, resp.header.Get("Retry-After"))
	}
	// Another client is not limited (ServeHTTP directly, with another
	// remote address).
	form := url.Values{"csrf": {csrf}, "token": {"guess"}}
	req := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Cookie", cookie)
	req.RemoteAddr = "192.0.2.7:4321"
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Errorf("another client's first guess: %d, want 403", rec.Code)
	}
	if resp := try(testToken); resp.status != http.StatusSeeOther {
		t.Errorf("the right token while limited: %d", resp.status)
	}
	now = now.Add(tokenFailureWindow)
	if resp := try("guess after the window"); resp.status != http.StatusForbidden {
		t.Errorf("after the window: %d, want 403 again", resp.status)
	}
}
