package ingest

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/marquee-film/marquee/internal/review"
)

// sharedData returns the path of a file in the shared datasets, which sit in
// "shared/data" next to the repository. Tests skip when it is absent, except
// under CI=true, where missing data is a failure.
func sharedData(t testing.TB, rel string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
	path := filepath.Join(filepath.Dir(dir), "shared", "data", rel)
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared data missing under CI: %v", err)
		}
		t.Skipf("shared data not available: %v", err)
	}
	return path
}

// TestFranksMovieLog reads every raw review file of Frank's Movie Log
// (Markdown with YAML front matter, LF or CRLF) through standard input, so
// the content sniffing is exercised too.
func TestFranksMovieLog(t *testing.T) {
	path := sharedData(t, "franks-movielog/reviews.jsonl.gz")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	type entry struct {
		Slug             string  `json:"slug"`
		IMDbID           string  `json:"imdb_id"`
		Date             string  `json:"date"`
		Grade            string  `json:"grade"`
		FrontMatterTitle *string `json:"front_matter_title"`
		RawFile          string  `json:"raw_file"`
	}
	dec := json.NewDecoder(zr)
	var n, withMentions, crlf int
	for {
		var e entry
		if err := dec.Decode(&e); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		n++
		if strings.Contains(e.RawFile, "\r\n") {
			crlf++
		}
		res := readStdin(t, []byte(e.RawFile))
		if len(res.docs) != 1 || len(res.skips) != 0 {
			t.Errorf("%s: %d docs, skips %q", e.Slug, len(res.docs), res.skipReasons())
			continue
		}
		d := res.docs[0]
		if d.Format != review.FormatMarkdown {
			t.Errorf("%s: format %s", e.Slug, d.Format)
		}
		if d.RatingRaw != e.Grade {
			t.Errorf("%s: RatingRaw %q, want %q", e.Slug, d.RatingRaw, e.Grade)
		}
		if d.Published == nil || d.Published.Format("2006-01-02") != e.Date {
			t.Errorf("%s: Published %v, want %s", e.Slug, d.Published, e.Date)
		}
		if d.FilmIDs["imdb"] != e.IMDbID {
			t.Errorf("%s: imdb id %q, want %q", e.Slug, d.FilmIDs["imdb"], e.IMDbID)
		}
		if e.FrontMatterTitle != nil && d.Headline != *e.FrontMatterTitle {
			t.Errorf("%s: Headline %q, want %q", e.Slug, d.Headline, *e.FrontMatterTitle)
		}
		for _, leftover := range []string{"<span", "</span>", "grade:", "imdb_id:", "](http"} {
			if strings.Contains(d.Text, leftover) {
				t.Errorf("%s: text keeps %q", e.Slug, leftover)
			}
		}
		if strings.HasPrefix(d.Text, "---") {
			t.Errorf("%s: text starts with front matter", e.Slug)
		}
		if d.Extra["mentioned_films"] != "" {
			withMentions++
		}
	}
	if n != 1568 {
		t.Errorf("read %d reviews, want 1568", n)
	}
	if crlf == 0 || withMentions == 0 {
		t.Errorf("expected CRLF files and IMDb-linked mentions in the data, got %d and %d", crlf, withMentions)
	}
	t.Logf("%d reviews, %d with CRLF, %d mention other films", n, crlf, withMentions)
}

// countCSV counts the rows of a gzipped CSV and those whose column is
// empty, with encoding/csv as an independent reader.
func countCSV(t *testing.T, path, column string) (rows, empty int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(zr)
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, h := range header {
		if h == column {
			col = i
		}
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows, empty
		}
		if err != nil {
			t.Fatal(err)
		}
		rows++
		if strings.TrimSpace(rec[col]) == "" {
			empty++
		}
	}
}

func TestRottenTomatoesCSV(t *testing.T) {
	path := sharedData(t, "rotten-tomatoes-top-movies-critic-reviews/critic_reviews.csv.gz")
	rows, emptyQuotes := countCSV(t, path, "quote")
	if rows != 27696 {
		t.Errorf("encoding/csv counts %d rows, the README says 27,696", rows)
	}
	res := readPath(t, path)
	if len(res.docs) != rows-emptyQuotes {
		t.Errorf("%d documents, want %d - %d empty quotes = %d", len(res.docs), rows, emptyQuotes, rows-emptyQuotes)
	}
	if len(res.skips) != emptyQuotes {
		t.Errorf("%d skips, want %d (the empty quotes)", len(res.skips), emptyQuotes)
	}
	for _, s := range res.skips {
		if s.Reason != "empty quote" {
			t.Errorf("unexpected skip %s: %s", s.Source, s.Reason)
			break
		}
	}
	var noTitle, withRating, fresh int
	for _, d := range res.docs {
		if d.FilmTitle == "" || d.FilmYear == 0 || d.FilmIDs["rt"] == "" {
			noTitle++
		}
		if d.RatingRaw != "" {
			withRating++
		}
		if d.Verdict == "fresh" {
			fresh++
		}
		if d.Published != nil && d.Published.Year() < minPlausibleYear {
			t.Errorf("%s: placeholder date %v kept", d.Source, d.Published)
		}
		if d.Extra["review_id"] == "" {
			t.Errorf("%s: no review_id", d.Source)
		}
	}
	if noTitle != 0 {
		t.Errorf("%d documents without a film title from movies.csv", noTitle)
	}
	t.Logf("%d rows, %d empty quotes, %d documents (%d with a rating, %d fresh)", rows, emptyQuotes, len(res.docs), withRating, fresh)
}

var ratingOutOf10 = regexp.MustCompile(`^([1-9]|10)/10$`)

func TestIMDBLargeMovieReviewCSV(t *testing.T) {
	path := sharedData(t, "imdb-large-movie-review-v1.0/imdb_labeled_50k.csv.gz")
	res := readPath(t, path)
	if len(res.docs) != 50000 || len(res.skips) != 0 {
		t.Fatalf("%d documents, skips %q; want 50000 documents", len(res.docs), res.skipReasons()[:min(5, len(res.skips))])
	}
	for _, d := range res.docs {
		if !ratingOutOf10.MatchString(d.RatingRaw) || !strings.HasPrefix(d.FilmIDs["imdb"], "tt") ||
			d.Extra["split"] == "" || d.Extra["label"] == "" || d.Extra["id"] == "" {
			t.Fatalf("%s: incomplete document: rating %q ids %v extra %v", d.Source, d.RatingRaw, d.FilmIDs, d.Extra)
		}
		if strings.Contains(d.Text, "<br") {
			t.Fatalf("%s: text keeps <br />", d.Source)
		}
	}
}

// BenchmarkReadCSV reads the 69 MB IMDB review CSV (gzipped); MB/s counts
// decompressed bytes.
func BenchmarkReadCSV(b *testing.B) {
	path := sharedData(b, "imdb-large-movie-review-v1.0/imdb_labeled_50k.csv.gz")
	b.SetBytes(gunzippedSize(b, path))
	benchmarkRead(b, path, 50000)
}

// BenchmarkReadCSVPlain reads a generated uncompressed CSV, so the CSV
// reader's own speed shows without gzip's.
func BenchmarkReadCSVPlain(b *testing.B) {
	path := filepath.Join(b.TempDir(), "reviews.csv")
	var sb strings.Builder
	sb.WriteString("author,rating,date,text\n")
	row := `Ilse Brand,B+,2024-05-06,"A generated review of a generated film, with ""quotes"", commas and` + "\n" + `a second line. ` + strings.Repeat("Some more words about pacing. ", 30) + "\"\n"
	for sb.Len() < 32<<20 {
		sb.WriteString(row)
	}
	writeFile(b, path, []byte(sb.String()))
	b.SetBytes(int64(sb.Len()))
	benchmarkRead(b, path, strings.Count(sb.String(), "Ilse Brand"))
}

func benchmarkRead(b *testing.B, path string, wantDocs int) {
	info, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		docs := 0
		err := Read(context.Background(), Input{Path: path, Size: info.Size()}, nil, nil, func(it Item) error {
			if it.Doc != nil {
				docs++
			}
			return nil
		})
		if err != nil || docs != wantDocs {
			b.Fatalf("Read = %v with %d documents, want %d", err, docs, wantDocs)
		}
	}
}

func gunzippedSize(b *testing.B, path string) int64 {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(bufio.NewReader(f))
	if err != nil {
		b.Fatal(err)
	}
	n, err := io.Copy(io.Discard, zr)
	if err != nil {
		b.Fatal(err)
	}
	return n
}
