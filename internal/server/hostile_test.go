package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	rtmetrics "runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/marquee-film/marquee/internal/ingest/hostile"
	"github.com/marquee-film/marquee/internal/review"
	"github.com/marquee-film/marquee/internal/store"
)

// Bounds on one hostile request: generous, there to catch hangs and
// blow-ups. The server holds an upload in memory (the multipart form) and
// reads it once more; the largest case is a 50 MB line.
const (
	hostileMaxTime = 30 * time.Second
	// hostileMaxHeap bounds the Go heap in use at its peak during one
	// request, beyond what it was before.
	hostileMaxHeap = 768 << 20
)

// hostileUpload is one file of a request.
type hostileUpload struct {
	name string
	data []byte
}

// hostileWebCase is one request: the hostile files and a good review, as
// files of one multipart form.
type hostileWebCase struct {
	name    string
	uploads func(t *testing.T) []hostileUpload
	// skips maps the source shown for a skip ("upload:NAME", with a record
	// fragment) to a pattern its reason must match from the start.
	skips map[string]string
	// docs are the keys (hostile.Review) of the reviews the hostile files
	// hold; each must be stored, as must the good review.
	docs   []string
	forbid []string
	// skipped, when not 0, is the number of skips counted, of which the
	// response lists at most the first 1000.
	skipped int
}

type hostileCanary struct {
	url      string
	requests atomic.Int64
}

func hostileWebCases(c *hostileCanary, secret, marker, passwd string) []hostileWebCase {
	review := hostile.Review
	line := func(text string) []byte {
		b, _ := json.Marshal(map[string]string{"text": text})
		return append(b, '\n')
	}
	forbid := []string{marker, "FETCHED-FROM-CANARY", strings.Repeat("lol", 20)}
	files := []string{secret}
	if passwd != "" {
		forbid = append(forbid, passwd)
		files = append(files, "/etc/passwd")
	}
	return []hostileWebCase{
		{
			name: "binary files",
			uploads: func(t *testing.T) []hostileUpload {
				return []hostileUpload{
					{"photo.png", hostile.WithMagic("\x89PNG\r\n\x1a\n", 4096, 1)},
					{"noise.bin", hostile.Random(64<<10, 2)},
					{"program", hostile.WithMagic("\x7fELF", 4096, 3)},
					{"bells.txt", hostile.ControlText(4096)},
				}
			},
			skips: map[string]string{
				"upload:photo.png": `binary file \(PNG image\)`,
				"upload:noise.bin": `binary file`,
				"upload:program":   `binary file \(ELF executable\)`,
				"upload:bells.txt": `binary file \(\d+% control bytes`,
			},
		},
		{
			name: "invalid UTF-8",
			uploads: func(t *testing.T) []hostileUpload {
				return []hostileUpload{
					{"latin1.txt", []byte("Caf\xe9 society is a " + review("web-latin1"))},
					{"bad.jsonl", append([]byte("{\"text\":\"bad \xff byte\"}\n"), line(review("web-utf8-jsonl"))...)},
					{"bad.html", []byte("<html><body><article>\xff\xfe" + hostile.Paragraphs("web-utf8-html") + "</article></body></html>")},
				}
			},
			skips: map[string]string{
				"upload:latin1.txt":       `invalid UTF-8 at byte offset 3 \(byte 0xe9\)`,
				"upload:bad.jsonl#line=1": `invalid UTF-8 at byte offset 13 \(byte 0xff\) of line 1`,
			},
			docs: []string{"web-utf8-jsonl", "web-utf8-html"},
		},
		{
			name: "UTF-16 with and without BOM",
			uploads: func(t *testing.T) []hostileUpload {
				return []hostileUpload{
					{"le-bom.txt", hostile.UTF16(review("web-utf16-le-bom"), false, true)},
					{"be-bom.txt", hostile.UTF16(review("web-utf16-be-bom"), true, true)},
					{"le.txt", hostile.UTF16(review("web-utf16-le"), false, false)},
					{"be.txt", hostile.UTF16(review("web-utf16-be"), true, false)},
				}
			},
			docs: []string{"web-utf16-le-bom", "web-utf16-be-bom", "web-utf16-le", "web-utf16-be"},
		},
		{
			name: "empty and whitespace-only",
			uploads: func(t *testing.T) []hostileUpload {
				return []hostileUpload{
					{"empty.txt", nil},
					{"blank.txt", []byte("  \n\t\n  \r\n")},
					{"bom.txt", []byte("\xef\xbb\xbf")},
					{"spaces.txt", bytes.Repeat([]byte(" \t\r\n  \n"), 20<<10)},
				}
			},
			skips: map[string]string{
				"upload:empty.txt":  `empty file$`,
				"upload:blank.txt":  `empty file: whitespace only`,
				"upload:bom.txt":    `empty file$`,
				"upload:spaces.txt": `empty file: whitespace only`,
			},
		},
		{
			name: "files over the size limits",
			uploads: func(t *testing.T) []hostileUpload {
				words := hostile.Words(21<<20, 5)
				return []hostileUpload{
					{"huge.txt", words},
					{"near.txt", words[:19<<20]},
				}
			},
			skips: map[string]string{
				"upload:huge.txt": `too large: more than 20971520 bytes, the limit for text files`,
				"upload:near.txt": `text too long: 19922944 bytes of text, the limit for one review is 2097152`,
			},
		},
		{
			name: "gzip bombs",
			uploads: func(t *testing.T) []hostileUpload {
				const gig = 1 << 30
				return []hostileUpload{
					{"bomb.txt.gz", hostile.GzipBomb(nil, []byte("all work and no play "), gig)},
					{"bomb.csv.gz", hostile.GzipBomb([]byte("author,text\n"), []byte("\n"), gig)},
					{"zeros.gz", hostile.GzipBomb(nil, []byte{0}, gig)},
					{"nested.gz", hostile.Gzip(hostile.Gzip([]byte(review("web-nested-gzip"))))},
					{"fine.jsonl.gz", hostile.Gzip(line(review("web-gzipped")))},
				}
			},
			skips: map[string]string{
				"upload:bomb.txt.gz": `too large: more than 20971520 bytes|gzip bomb suspected`,
				"upload:bomb.csv.gz": `gzip bomb suspected: \d+ compressed bytes expanded to \d+ \(more than 100x\)`,
				"upload:zeros.gz":    `binary file \(NUL byte at offset 0\)`,
				"upload:nested.gz":   `binary file \(gzip inside gzip\)`,
			},
			docs: []string{"web-gzipped"},
		},
		{
			name: "HTML nested 100,000 deep",
			uploads: func(t *testing.T) []hostileUpload {
				return []hostileUpload{
					{"divs.html", hostile.DeepHTML("div", 100000, hostile.Paragraphs("web-deep-div"))},
					{"tables.html", hostile.DeepHTML("table><tr><td", 100000, hostile.Paragraphs("web-deep-table"))},
					{"deep.json", []byte(strings.Repeat("[", 100000) + strings.Repeat("]", 100000))},
				}
			},
			skips: map[string]string{
				"upload:divs.html":   `html: htmldoc: elements nested too deep`,
				"upload:tables.html": `html: htmldoc: elements nested too deep`,
				"upload:deep.json":   `invalid JSON: .*exceeded max depth`,
			},
		},
		{
			name: "HTML with a million attributes",
			uploads: func(t *testing.T) []hostileUpload {
				return []hostileUpload{
					{"million.html", hostile.ManyAttributes(1000000, hostile.Paragraphs("web-attrs-million"))},
					{"roots.html", hostile.RepeatedRootAttributes(2000, 500, hostile.Paragraphs("web-attrs-roots"))},
				}
			},
			skips: map[string]string{
				"upload:million.html": `html: htmldoc: too many attributes: a <div> element has more than 1000`,
				"upload:roots.html":   `html: htmldoc: too many attributes: a <html> element has more than 1000`,
			},
		},
		{
			name: "XML entities",
			uploads: func(t *testing.T) []hostileUpload {
				return []hostileUpload{
					{"laughs.xml", hostile.BillionLaughs(9, review("web-billion-laughs"))},
					{"entities.xml", hostile.ExternalEntities(files, c.url, review("web-external-entities"))},
					{"resources.html", hostile.ExternalResources(c.url, hostile.Paragraphs("web-external-resources"))},
				}
			},
			docs:   []string{"web-billion-laughs", "web-external-entities", "web-external-resources"},
			forbid: forbid,
		},
		{
			name: "CSV with unbalanced quotes and ragged rows",
			uploads: func(t *testing.T) []hostileUpload {
				good := []string{strings.ReplaceAll(review("web-csv-1"), "\n", " "), review("web-csv-2")}
				return []hostileUpload{{"ragged.csv", hostile.RaggedCSV(good)}}
			},
			skips: map[string]string{
				"upload:ragged.csv#row=2": `ragged row: line 3 has 2 fields, the header has 4`,
				"upload:ragged.csv#row=3": `ragged row: line 4 has 9 fields, the header has 4`,
				"upload:ragged.csv#row=4": `malformed CSV on line 5: field 2: quote inside an unquoted field`,
				"upload:ragged.csv#row=6": `unbalanced quote: the quoted field opened on line 11 never closes`,
				"upload:ragged.csv#row=7": `ragged row: line 12 has 1 fields, the header has 4`,
				"upload:ragged.csv#row=8": `ragged row: line 13 has 2 fields, the header has 4`,
			},
			docs: []string{"web-csv-1", "web-csv-2"},
		},
		{
			name: "JSON Lines with a 50 MB line",
			uploads: func(t *testing.T) []hostileUpload {
				return []hostileUpload{{"long.jsonl", hostile.LongLineJSONL(review("web-jsonl-before"), review("web-jsonl-after"), 50<<20)}}
			},
			skips: map[string]string{
				"upload:long.jsonl#line=2": `record too large: line 2 is longer than 20971520 bytes`,
			},
			docs: []string{"web-jsonl-before", "web-jsonl-after"},
		},
		{
			name: "file names with path traversal and control characters",
			uploads: func(t *testing.T) []hostileUpload {
				return []hostileUpload{
					{"../../../etc/cron.d/evil.txt", []byte(review("web-name-traversal"))},
					{`..\..\windows\evil.txt`, []byte(review("web-name-backslash"))},
					{"\u202etxt.exe.png", hostile.WithMagic("\x89PNG\r\n\x1a\n", 64, 6)},
				}
			},
			skips: map[string]string{
				// The multipart reader keeps the base name only.
				"upload:\u202etxt.exe.png": `binary file \(PNG image\)`,
			},
			docs: []string{"web-name-traversal", "web-name-backslash"},
		},
		{
			// One bad record per line: the response lists every skip.
			name: "a million bad records",
			uploads: func(t *testing.T) []hostileUpload {
				return []hostileUpload{{"empty-objects.jsonl", bytes.Repeat([]byte("{}\n"), 1000000)}}
			},
			skips: map[string]string{
				"upload:empty-objects.jsonl#line=1":    `no review text`,
				"upload:empty-objects.jsonl#line=1000": `no review text`,
			},
			skipped: 1000000,
		},
	}
}

// hostileResponse is the JSON /api/ingest answers, with the skips listed.
type hostileResponse struct {
	Added      int            `json:"added"`
	Duplicates int            `json:"duplicates"`
	Skipped    int            `json:"skipped"`
	Reasons    map[string]int `json:"skip_reasons"`
	Skips      []struct {
		Source string `json:"Source"`
		Reason string `json:"Reason"`
	} `json:"skips"`
	IDs []int64 `json:"ids"`
}

// hostileHeapPeak samples the heap in use until stop is called, and returns the
// largest value seen. runtime/metrics is read without stopping the world,
// so sampling every few milliseconds costs the request nothing.
func hostileHeapPeak() (stop func() uint64) {
	sample := []rtmetrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak atomic.Uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			rtmetrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		return peak.Load()
	}
}

func hostileMultipart(t *testing.T, uploads []hostileUpload) (string, []byte) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, up := range uploads {
		fw, err := mw.CreateFormFile("files", up.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write(up.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return mw.FormDataContentType(), body.Bytes()
}

// TestHostileUploads sends each case's files, with one good review, to
// /api/ingest as one multipart form: every hostile file must come out as a
// skip with its reason or as the review it holds, the good review must be
// stored, and the request must stay within the time and heap bounds.
func TestHostileUploads(t *testing.T) {
	if testing.Short() {
		t.Skip("sends a few hundred megabytes of hostile uploads")
	}
	c := &hostileCanary{}
	cs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.requests.Add(1)
		t.Errorf("a hostile upload made the server fetch %s", r.URL)
		fmt.Fprint(w, "FETCHED-FROM-CANARY")
	}))
	defer cs.Close()
	c.url = cs.URL
	marker := "CANARY-SECRET-41bd02"
	secret := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(secret, []byte(marker+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var passwd string
	if b, err := os.ReadFile("/etc/passwd"); err == nil {
		passwd, _, _ = strings.Cut(string(b), "\n")
	}

	// Bodies up to 128 MB, so that the 50 MB line and the files over
	// ingest's 20 MB limit reach ingest; the default limit is tested
	// below.
	_, ts, st := newTestServer(t, Config{MaxBodyBytes: 128 << 20})
	auth := []string{"Authorization", "Bearer " + testToken}
	for _, tc := range hostileWebCases(c, secret, marker, passwd) {
		t.Run(tc.name, func(t *testing.T) {
			good := "web good " + tc.name
			uploads := append(tc.uploads(t), hostileUpload{"good.txt", []byte(hostile.Review(good))})
			contentType, body := hostileMultipart(t, uploads)

			runtime.GC()
			stop := hostileHeapPeak()
			base := stop()
			stop = hostileHeapPeak()
			start := time.Now()
			resp := post(t, ts, "/api/ingest", contentType, string(body), auth...)
			elapsed := time.Since(start)
			peak := stop()
			t.Logf("%d MB request: %.1fs, heap peak %d MB over %d MB before", len(body)>>20, elapsed.Seconds(), (peak-min(peak, base))>>20, base>>20)
			if elapsed > hostileMaxTime {
				t.Errorf("the request took %s, the bound is %s", elapsed.Round(time.Millisecond), hostileMaxTime)
			}
			if peak > base && peak-base > hostileMaxHeap {
				t.Errorf("the heap grew by %d MB during the request, the bound is %d MB", (peak-base)>>20, hostileMaxHeap>>20)
			}
			for _, f := range tc.forbid {
				if strings.Contains(resp.body, f) {
					t.Errorf("the response holds %q", f)
				}
			}
			if resp.status != http.StatusCreated {
				t.Fatalf("status %d, want 201: %.2000s", resp.status, resp.body)
			}
			var sum hostileResponse
			if err := json.Unmarshal([]byte(resp.body), &sum); err != nil {
				t.Fatalf("response: %v\n%.2000s", err, resp.body)
			}
			wantDocs := append([]string{good}, tc.docs...)
			wantSkipped, wantListed := len(tc.skips), len(tc.skips)
			if tc.skipped > 0 {
				wantSkipped, wantListed = tc.skipped, min(tc.skipped, 1000)
			}
			if sum.Added != len(wantDocs) || sum.Skipped != wantSkipped || len(sum.Skips) != wantListed {
				t.Errorf("added %d, skipped %d, %d skips listed; want %d, %d and %d:\n%.3000s",
					sum.Added, sum.Skipped, len(sum.Skips), len(wantDocs), wantSkipped, wantListed, resp.body)
			}
			for source, pattern := range tc.skips {
				re := regexp.MustCompile(`^(?:` + pattern + `)`)
				found := false
				for _, sk := range sum.Skips {
					found = found || (sk.Source == source && re.MatchString(sk.Reason))
				}
				if !found {
					t.Errorf("no skip of %q with a reason matching %q in %+v", source, pattern, sum.Skips)
				}
			}
			stored := hostileReviewsByID(t, st, sum.IDs)
			for _, key := range wantDocs {
				r := hostileFindReview(stored, key)
				if r == nil {
					t.Errorf("no stored review of %q", key)
					continue
				}
				if strings.Contains(r.Source, "/") || strings.Contains(r.Source, "..") && !strings.Contains(r.Source, `\`) {
					t.Errorf("review of %q stored under source %q, which keeps a path", key, r.Source)
				}
				for _, f := range tc.forbid {
					if b, _ := json.Marshal(r); bytes.Contains(b, []byte(f)) || strings.Contains(strings.Join(r.Body, "\n"), f) {
						t.Errorf("the stored review of %q holds %q", key, f)
					}
				}
			}
		})
	}

	// A control character in a file name breaks the form's MIME header:
	// the request is refused whole, with the reason.
	t.Run("control characters in a file name", func(t *testing.T) {
		contentType, body := hostileMultipart(t, []hostileUpload{
			{"ctrl\x1b[31mred\a.txt", []byte(hostile.Review("web-name-control"))},
			{"good.txt", []byte(hostile.Review("web good name-control"))},
		})
		before := hostileCountReviews(t, st)
		resp := post(t, ts, "/api/ingest", contentType, string(body), auth...)
		if resp.status != http.StatusBadRequest || !strings.Contains(resp.body, "malformed form: malformed MIME header") {
			t.Errorf("status %d, want 400 for a malformed form: %.500s", resp.status, resp.body)
		}
		if strings.ContainsAny(resp.body, "\x1b\a") {
			t.Errorf("the error repeats the raw control characters: %q", resp.body)
		}
		if n := hostileCountReviews(t, st); n != before {
			t.Errorf("a refused form stored %d reviews", n-before)
		}
	})

	// The web form goes the same way as the API: one case through it.
	t.Run("through the form", func(t *testing.T) {
		cookies := login(t, ts, testToken)
		page := get(t, ts, "/ingest", "Cookie", cookies)
		csrf := csrfInputRE.FindStringSubmatch(page.body)
		if csrf == nil {
			t.Fatal("no CSRF field on the ingest page")
		}
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		_ = mw.WriteField("csrf", csrf[1])
		for _, up := range []hostileUpload{
			{"divs.html", hostile.DeepHTML("div", 100000, hostile.Paragraphs("form-deep"))},
			{"million.html", hostile.ManyAttributes(1000000, hostile.Paragraphs("form-million"))},
			{"laughs.xml", hostile.BillionLaughs(9, hostile.Review("form-laughs"))},
			{"good.txt", []byte(hostile.Review("form-good"))},
		} {
			fw, _ := mw.CreateFormFile("files", up.name)
			_, _ = fw.Write(up.data)
		}
		_ = mw.Close()
		start := time.Now()
		resp := post(t, ts, "/ingest", mw.FormDataContentType(), body.String(), "Cookie", cookies)
		if elapsed := time.Since(start); elapsed > hostileMaxTime {
			t.Errorf("the form took %s", elapsed)
		}
		if resp.status != http.StatusOK || !strings.Contains(resp.body, "2 added") {
			t.Fatalf("form: %d %.3000s", resp.status, resp.body)
		}
		for _, want := range []string{"elements nested too deep", "too many attributes"} {
			if !strings.Contains(resp.body, want) {
				t.Errorf("the form's result page does not say %q", want)
			}
		}
		if hits := get(t, ts, "/api/search?q=form-good").body; !strings.Contains(hits, "review_id") {
			t.Errorf("the good review sent through the form is not found: %s", hits)
		}
	})

	// At the default body limit a body over it is refused whole, with
	// 413, and the server goes on serving.
	t.Run("body over the default limit", func(t *testing.T) {
		_, small, st := newTestServer(t, Config{})
		before := hostileCountReviews(t, st)
		contentType, body := hostileMultipart(t, []hostileUpload{
			{"huge.txt", hostile.Words(21<<20, 9)},
			{"good.txt", []byte(hostile.Review("web over the limit"))},
		})
		resp := post(t, small, "/api/ingest", contentType, string(body), auth...)
		if resp.status != http.StatusRequestEntityTooLarge || !strings.Contains(resp.body, "too large") {
			t.Errorf("status %d, want 413 saying the body is too large: %.500s", resp.status, resp.body)
		}
		if n := hostileCountReviews(t, st); n != before {
			t.Errorf("a refused body stored %d reviews", n-before)
		}
		contentType, body = hostileMultipart(t, []hostileUpload{{"good.txt", []byte(hostile.Review("web after the limit"))}})
		if resp := post(t, small, "/api/ingest", contentType, string(body), auth...); resp.status != http.StatusCreated {
			t.Errorf("after a refused body: %d %s", resp.status, resp.body)
		}
	})
	if n := c.requests.Load(); n > 0 {
		t.Errorf("hostile uploads made %d requests to the canary server", n)
	}
}

func hostileReviewsByID(t *testing.T, st store.Store, ids []int64) []*review.Review {
	t.Helper()
	var out []*review.Review
	for _, id := range ids {
		r, err := st.Review(context.Background(), id)
		if err != nil {
			t.Fatalf("review %d: %v", id, err)
		}
		out = append(out, r)
	}
	return out
}

func hostileFindReview(reviews []*review.Review, key string) *review.Review {
	for _, r := range reviews {
		if strings.Contains(strings.Join(r.Body, " "), "Filed under "+key+".") {
			return r
		}
	}
	return nil
}

func hostileCountReviews(t *testing.T, st store.Store) int {
	t.Helper()
	s, err := st.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s.Reviews
}
