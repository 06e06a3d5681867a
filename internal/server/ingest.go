package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"strings"

	"github.com/marquee-film/marquee/internal/ingest"
	"github.com/marquee-film/marquee/internal/pipeline"
	"github.com/marquee-film/marquee/internal/review"
)

// ingestSummary is what one upload did. Its JSON names follow the CLI's
// ingest summary, plus the stored reviews' IDs.
type ingestSummary struct {
	Added      int            `json:"added"`
	Duplicates int            `json:"duplicates"`
	Skipped    int            `json:"skipped"`
	Reasons    map[string]int `json:"skip_reasons"`
	// Skips lists the first maxListedSkips skips; Skipped counts them all.
	Skips []ingest.Skip `json:"skips"`
	// IDs lists the stored review of every document, new or duplicate,
	// in input order.
	IDs []int64 `json:"ids"`
}

// upload is one input of a request: the raw body, a pasted text or a file.
type upload struct {
	name string // shown as the reviews' source
	r    io.Reader
}

// maxUploadParts bounds the parts of a multipart body, so a body of a
// million empty parts cannot keep the server busy.
const maxUploadParts = 1000

// maxListedSkips bounds the skips an ingest summary lists one by one; the
// counts stay exact. A small file of a million bad records would otherwise
// make a response (and the memory behind it) of a million entries.
const maxListedSkips = 1000

// ingestUploads reads every upload through ingest and the pipeline and
// stores the reviews in one transaction, so a request either stores all of
// its reviews or none.
func (s *Server) ingestUploads(ctx context.Context, uploads []upload) (ingestSummary, error) {
	sum := ingestSummary{Reasons: map[string]int{}, Skips: []ingest.Skip{}, IDs: []int64{}}
	var batch []*review.Review
	for _, up := range uploads {
		err := ingest.Read(ctx, ingest.Input{Path: ingest.StdinPath}, up.r, nil, func(it ingest.Item) error {
			if it.Skip != nil {
				sk := *it.Skip
				sk.Source = renameSource(sk.Source, up.name)
				sum.Skipped++
				sum.Reasons[reasonKind(sk.Reason)]++
				if len(sum.Skips) < maxListedSkips {
					sum.Skips = append(sum.Skips, sk)
				}
				return nil
			}
			doc := *it.Doc
			doc.Source = renameSource(doc.Source, up.name)
			r := pipeline.Process(doc)
			batch = append(batch, &r)
			return ctx.Err()
		})
		if err != nil {
			// A body that broke off (too large, too slow) is the cause
			// of whatever ingest made of it.
			if rerr := uploadsReadError(uploads); rerr != nil {
				return sum, rerr
			}
			return sum, fmt.Errorf("read %s: %w", up.name, err)
		}
	}
	// A body cut off by the size limit is refused whole, before anything
	// is stored.
	if err := uploadsReadError(uploads); err != nil {
		return sum, err
	}
	if len(batch) == 0 {
		return sum, nil
	}
	results, err := s.store.AddReviews(ctx, batch)
	// The cache looks at the store again on the next read, so the new
	// reviews show at once.
	s.data.invalidate()
	if err != nil {
		return sum, fmt.Errorf("store %d reviews: %w", len(batch), err)
	}
	for _, res := range results {
		if res.Added {
			sum.Added++
		} else {
			sum.Duplicates++
		}
		sum.IDs = append(sum.IDs, res.ID)
	}
	s.metrics.ingested.WithLabelValues("added").Add(float64(sum.Added))
	s.metrics.ingested.WithLabelValues("duplicate").Add(float64(sum.Duplicates))
	s.metrics.ingested.WithLabelValues("skipped").Add(float64(sum.Skipped))
	return sum, nil
}

// renameSource replaces ingest's name for standard input ("-", or
// "-#row=3" for a record) with the upload's name.
func renameSource(source, name string) string {
	if rest, ok := strings.CutPrefix(source, ingest.StdinPath); ok {
		return name + rest
	}
	return source
}

// reasonKind shortens a skip reason to its first clause ("binary file",
// "empty file") so the summary can count alike skips together.
func reasonKind(reason string) string {
	for _, sep := range []string{":", " at ", " ("} {
		if i := strings.Index(reason, sep); i > 0 {
			reason = reason[:i]
		}
	}
	return reason
}

// requestUploads turns a request body into uploads: each file (and a
// non-empty "text" field) of a multipart form, or the whole body.
// The body must already be limited by MaxBytesReader.
func requestUploads(r *http.Request, maxBytes int64) ([]upload, error) {
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil && r.Header.Get("Content-Type") != "" {
		return nil, errorf(http.StatusUnsupportedMediaType, "unreadable Content-Type: %v", err)
	}
	switch mediaType {
	case "multipart/form-data":
		// The whole body is at most maxBytes, so it may stay in memory.
		if err := r.ParseMultipartForm(maxBytes); err != nil {
			return nil, formError(err)
		}
		return formUploads(r.MultipartForm)
	case "", "text/plain", "text/markdown", "text/html", "text/csv", "application/json",
		"application/x-ndjson", "application/jsonl", "application/xml", "text/xml",
		"application/rss+xml", "application/atom+xml", "application/gzip", "application/octet-stream":
		return []upload{{name: "api:body", r: &watchedReader{r: r.Body}}}, nil
	}
	return nil, errorf(http.StatusUnsupportedMediaType,
		"unsupported Content-Type %q: send text/plain, application/json or multipart/form-data", mediaType)
}

// formError tells a body over the limit (413) from a malformed form (400).
func formError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return err
	}
	return errorf(http.StatusBadRequest, "malformed form: %v", err)
}

func formUploads(form *multipart.Form) ([]upload, error) {
	var uploads []upload
	if form == nil {
		return nil, nil
	}
	for _, text := range form.Value["text"] {
		if strings.TrimSpace(text) != "" {
			uploads = append(uploads, upload{name: "web:paste", r: strings.NewReader(text)})
		}
	}
	for _, files := range form.File {
		for _, fh := range files {
			if len(uploads) >= maxUploadParts {
				return nil, errorf(http.StatusBadRequest, "more than %d files in one request", maxUploadParts)
			}
			f, err := fh.Open()
			if err != nil {
				return nil, fmt.Errorf("open uploaded %q: %w", fh.Filename, err)
			}
			// The form holds the parts in memory, so closing can wait for
			// the request to end.
			uploads = append(uploads, upload{name: "upload:" + path.Base(fh.Filename), r: f})
		}
	}
	return uploads, nil
}

func (s *Server) apiIngest(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
	uploads, err := requestUploads(r, s.cfg.MaxBodyBytes)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if len(uploads) == 0 {
		s.apiError(w, r, errorf(http.StatusBadRequest, "nothing to ingest: the request has no body, text or file"))
		return
	}
	sum, err := s.ingestUploads(r.Context(), uploads)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	status := http.StatusOK
	if sum.Added > 0 {
		status = http.StatusCreated
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = jsonEncode(w, sum)
}

// watchedReader remembers the read error that ingest turns into a skip,
// so that a body over the size limit is answered with 413 rather than
// reported as an unreadable input.
type watchedReader struct {
	r   io.Reader
	err error
}

func (w *watchedReader) Read(p []byte) (int, error) {
	n, err := w.r.Read(p)
	if err != nil && err != io.EOF {
		w.err = err
	}
	return n, err
}

// uploadsReadError returns the first read error (a MaxBytesError above
// all) that an upload's reader met.
func uploadsReadError(uploads []upload) error {
	for _, up := range uploads {
		if wr, ok := up.r.(*watchedReader); ok && wr.err != nil {
			return fmt.Errorf("read %s: %w", up.name, bodyReadError(wr.err))
		}
	}
	return nil
}
