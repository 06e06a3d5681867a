package extract

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/marquee-film/marquee/internal/review"
)

// TestDumpSharedOutput is a tool, not a check: with MARQUEE_EXTRACT_DUMP
// set to a file path it writes Extract's output (body included) for the
// seeds and a few thousand reviews of the shared datasets, as plain and
// mangled text, one JSON line per input. Run it before and after a change
// that must not change output and diff the two files. The file holds
// text derived from /work/shared, so it must stay outside the repository.
func TestDumpSharedOutput(t *testing.T) {
	path := os.Getenv("MARQUEE_EXTRACT_DUMP")
	if path == "" {
		t.Skip("set MARQUEE_EXTRACT_DUMP=/tmp/file.jsonl to dump Extract output")
	}
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	w := bufio.NewWriter(out)
	defer w.Flush()
	enc := json.NewEncoder(w)
	n := 0
	emit := func(key string, doc review.Document) {
		n++
		r := Extract(doc)
		if err := enc.Encode(struct {
			Key    string
			Body   []string
			Review review.Review
		}{key, r.Body, r}); err != nil {
			t.Fatal(err)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	variants := func(key string, doc review.Document, mangle bool) {
		emit(key, doc)
		if !mangle {
			return
		}
		upper := doc
		upper.Text = strings.ToUpper(doc.Text)
		emit(key+"#upper", upper)
		b := []byte(doc.Text)
		for range 1 + len(b)/300 {
			if len(b) == 0 {
				break
			}
			b[rng.IntN(len(b))] = byte(rng.IntN(256))
		}
		flipped := doc
		flipped.Text = string(b)
		emit(key+"#flipped", flipped)
		if len(doc.Text) > 10 {
			cut := doc
			cut.Text = doc.Text[:rng.IntN(len(doc.Text))]
			emit(key+"#cut", cut)
		}
	}

	shared := filepath.Join("..", "..", "..", "shared")
	seeds, _ := filepath.Glob(filepath.Join(shared, "seeds", "*.txt"))
	for _, f := range seeds {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc := review.Document{Source: f, Format: review.FormatText, Text: string(data)}
		variants(f, doc, true)
		crlf := doc
		crlf.Text = strings.ReplaceAll(doc.Text, "\n", "\r\n")
		emit(f+"#crlf", crlf)
		md := doc
		md.Format = review.FormatMarkdown
		md.Text = strings.ReplaceAll(doc.Text, "\n", "\n\n")
		emit(f+"#markdown", md)
	}

	htmlTag := regexp.MustCompile(`</?span[^>]*>`)
	emphasis := regexp.MustCompile(`_([^_\n]+)_`)
	i := 0
	readLines(t, filepath.Join(shared, "data", "franks-movielog", "reviews.jsonl.gz"), func(line []byte) {
		var rec struct {
			Body string `json:"body_markdown"`
		}
		if err := json.Unmarshal(line, &rec); err != nil {
			t.Fatal(err)
		}
		body := htmlTag.ReplaceAllString(rec.Body, "")
		key := "franks#" + strconv.Itoa(i)
		variants(key+"#md", review.Document{Format: review.FormatMarkdown, Text: body}, i%5 == 0)
		variants(key+"#text", review.Document{Format: review.FormatText, Text: emphasis.ReplaceAllString(body, "$1")}, i%7 == 0)
		i++
	})
	readCSV(t, filepath.Join(shared, "data", "pang-lee-polarity-v2.0", "polarity_v2.csv.gz"), "text", 2000, func(i int, s string) {
		variants("polarity#"+strconv.Itoa(i), review.Document{Format: review.FormatText, Text: s}, i%10 == 0)
	})
	readCSV(t, filepath.Join(shared, "data", "imdb-large-movie-review-v1.0", "imdb_labeled_50k.csv.gz"), "text", 3000, func(i int, s string) {
		variants("imdb#"+strconv.Itoa(i), review.Document{Format: review.FormatText, Text: s}, i%10 == 0)
	})
	readCSV(t, filepath.Join(shared, "data", "rotten-tomatoes-top-movies-critic-reviews", "critic_reviews.csv.gz"), "quote", 3000, func(i int, s string) {
		variants("rt#"+strconv.Itoa(i), review.Document{Format: review.FormatText, Text: s}, i%10 == 0)
	})
	t.Logf("%d documents dumped to %s", n, path)
}

func openGzip(t *testing.T, path string) io.ReadCloser {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("gunzip %s: %v", path, err)
	}
	return struct {
		io.Reader
		io.Closer
	}{gz, f}
}

func readLines(t *testing.T, path string, fn func([]byte)) {
	r := openGzip(t, path)
	defer r.Close()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		fn(sc.Bytes())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}

func readCSV(t *testing.T, path, column string, limit int, fn func(int, string)) {
	r := openGzip(t, path)
	defer r.Close()
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, h := range header {
		if h == column {
			col = i
		}
	}
	if col < 0 {
		t.Fatalf("%s: no column %q", path, column)
	}
	for i := 0; i < limit; i++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		fn(i, rec[col])
	}
}
