package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/marquee-film/marquee/internal/store"
)

// httpError is an error with the status it should be answered with and a
// message that is safe to show the client.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func errorf(status int, format string, args ...any) error {
	return &httpError{status: status, msg: fmt.Sprintf(format, args...)}
}

// statusOf maps an error to the status and client message to answer with.
// Internal errors are not shown: their text may name files or queries.
func statusOf(err error) (int, string) {
	var he *httpError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &he):
		return he.status, he.msg
	case errors.As(err, &mbe):
		return http.StatusRequestEntityTooLarge, fmt.Sprintf("request body too large: the limit is %s", byteSize(mbe.Limit))
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound, "not found"
	case isTimeout(err):
		// The read timeout cut off a body sent too slowly.
		return http.StatusRequestTimeout, "the request body came too slowly"
	}
	return http.StatusInternalServerError, "internal error"
}

// apiError answers with {"error": "..."} and logs internal errors.
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := statusOf(err)
	if status >= 500 {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	body, _ := json.Marshal(map[string]string{"error": msg})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}

// writeJSON answers a read with v as JSON, with an ETag and conditional
// request handling.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		s.apiError(w, r, fmt.Errorf("encode response: %w", err))
		return
	}
	s.writeCacheable(w, r, "application/json; charset=utf-8", buf.Bytes())
}

// writeCacheable answers a read with body. The ETag is a hash of the body
// itself, so it is right whatever the body depends on; a matching
// If-None-Match gets 304 without the body.
func (s *Server) writeCacheable(w http.ResponseWriter, r *http.Request, contentType string, body []byte) {
	s.writeTagged(w, r, contentType, body, etagOf(body))
}

// etagOf is the ETag of a body: a hash of it.
func etagOf(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
}

// writeTagged is writeCacheable for a body whose ETag (etagOf) is known.
func (s *Server) writeTagged(w http.ResponseWriter, r *http.Request, contentType string, body []byte, etag string) {
	h := w.Header()
	h.Set("ETag", etag)
	if s.cfg.Private {
		// Answers depend on the reader's credentials: no shared caches.
		h.Set("Cache-Control", "private, no-cache")
		h.Set("Vary", "Cookie, Authorization")
	} else {
		h.Set("Cache-Control", "public, max-age=0, must-revalidate")
	}
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(body)
}

// etagMatches reports whether an If-None-Match header value matches etag
// (weak comparison, as RFC 9110 asks for If-None-Match).
func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, candidate := range strings.Split(header, ",") {
		candidate = strings.TrimSpace(candidate)
		if candidate == "*" || strings.TrimPrefix(candidate, "W/") == etag {
			return true
		}
	}
	return false
}

// page is a window on a list: offset and limit, from ?limit=&offset= or
// ?page= (1-based, pages of limit items).
type page struct {
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

const (
	defaultPageSize = 20
	maxPageSize     = 100
)

func parsePage(r *http.Request, defaultLimit int) (page, error) {
	q := r.URL.Query()
	p := page{Limit: defaultLimit}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return p, errorf(http.StatusBadRequest, "limit must be a positive integer, not %q", v)
		}
		p.Limit = min(n, maxPageSize)
	}
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return p, errorf(http.StatusBadRequest, "offset must be a non-negative integer, not %q", v)
		}
		p.Offset = n
	}
	if v := q.Get("page"); v != "" {
		if q.Get("offset") != "" {
			return p, errorf(http.StatusBadRequest, "give page or offset, not both")
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1_000_000 {
			return p, errorf(http.StatusBadRequest, "page must be a positive integer, not %q", v)
		}
		p.Offset = (n - 1) * p.Limit
	}
	return p, nil
}

// window returns the part of a list of n items that p selects.
func (p page) window(n int) (from, to int) {
	from = min(p.Offset, n)
	return from, min(from+p.Limit, n)
}

// pathID parses the {id} path value.
func pathID(r *http.Request) (int64, error) {
	v := r.PathValue("id")
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id < 1 {
		return 0, errorf(http.StatusNotFound, "no such id %q", v)
	}
	return id, nil
}

// jsonEncode writes v as indented JSON.
func jsonEncode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
