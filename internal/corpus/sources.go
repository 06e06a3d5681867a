// Package corpus generates the benchmark corpus: a reproducible set of a
// million (or any number of) reviews built from the real review texts of
// the shared datasets, spread over invented films, written as gzipped JSON
// Lines shards that `marquee ingest DIR` reads.
//
// How a review is made:
//
//   - Text: drawn uniformly with replacement from the pool of every real
//     text of the four sources (IMDB 50k user reviews, Rotten Tomatoes
//     critic quotes, Frank's Movie Log bodies, Pang & Lee polarity v2.0),
//     so the source mix is proportional to the sources' sizes (about 63%
//     IMDB, 33% RT, 2.5% polarity, 2% Frank's) and each source keeps its
//     own real length distribution. IMDB's literal <br /> breaks become
//     newlines; Frank's Markdown goes in a "markdown" field so ingest
//     strips it as usual.
//   - Uniqueness: one closing sentence naming the review's number and the
//     seed is appended to the body. It adds a few words to every review
//     and makes every content hash distinct, so storage dedupe keeps them
//     all.
//   - Rating: the source's own rating of that text (IMDB n/10, the RT
//     critic's original score, Frank's letter grade; polarity v2.0 has
//     none), so a text and its rating still agree.
//   - Film: one of Options.Films invented titles. Every film gets one
//     review, the rest follow a Zipf-Mandelbrot law over the films' ranks
//     (P(k) ∝ (k+20)^-1.1): for a million reviews on 50,000 films the top
//     film gets several thousand, the median film a handful.
//   - Critic, publication and date: invented critics (also Zipf-skewed,
//     each writing for one invented publication) and a date within fifteen
//     years after the film's year.
//
// Everything follows from the seed: the same options give the same bytes,
// whatever the number of goroutines.
package corpus

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Text is one real review text to draw from.
type Text struct {
	Body     string
	Markdown bool   // Body is Markdown (Frank's Movie Log)
	Rating   string // the source's rating of this text, "" when none
}

// Source is one dataset's texts.
type Source struct {
	Name  string
	Texts []Text
}

// sourceFiles are the datasets the corpus draws from, relative to the
// shared data directory, in the fixed order that makes draws reproducible.
var sourceFiles = []struct {
	name, path string
	read       func(io.Reader) ([]Text, error)
}{
	{"imdb", "imdb-large-movie-review-v1.0/imdb_labeled_50k.csv.gz", readIMDB},
	{"rotten-tomatoes", "rotten-tomatoes-top-movies-critic-reviews/critic_reviews.csv.gz", readRottenTomatoes},
	{"franks-movielog", "franks-movielog/reviews.jsonl.gz", readFranks},
	{"polarity-v2", "pang-lee-polarity-v2.0/polarity_v2.csv.gz", readPolarity},
}

// LoadSources reads the texts of the four datasets under dataDir (the
// shared data directory).
func LoadSources(dataDir string) ([]Source, error) {
	sources := make([]Source, 0, len(sourceFiles))
	for _, sf := range sourceFiles {
		path := filepath.Join(dataDir, sf.path)
		texts, err := readGzipFile(path, sf.read)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		if len(texts) == 0 {
			return nil, fmt.Errorf("read %s: no texts", path)
		}
		sources = append(sources, Source{Name: sf.name, Texts: texts})
	}
	return sources, nil
}

func readGzipFile(path string, read func(io.Reader) ([]Text, error)) ([]Text, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		return nil, err
	}
	return read(zr)
}

// csvRows calls fn with each row of a CSV with a header, as a column
// lookup.
func csvRows(r io.Reader, fn func(col func(name string) string)) error {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("header: %w", err)
	}
	index := make(map[string]int, len(header))
	for i, h := range header {
		index[h] = i
	}
	var row []string
	col := func(name string) string {
		if i, ok := index[name]; ok && i < len(row) {
			return row[i]
		}
		return ""
	}
	for {
		row, err = cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		fn(col)
	}
}

func readIMDB(r io.Reader) ([]Text, error) {
	var texts []Text
	err := csvRows(r, func(col func(string) string) {
		body := strings.TrimSpace(strings.ReplaceAll(col("text"), "<br />", "\n"))
		if body == "" {
			return
		}
		t := Text{Body: body}
		if rating := col("rating"); rating != "" {
			t.Rating = rating + "/10"
		}
		texts = append(texts, t)
	})
	return texts, err
}

func readRottenTomatoes(r io.Reader) ([]Text, error) {
	var texts []Text
	err := csvRows(r, func(col func(string) string) {
		if body := strings.TrimSpace(col("quote")); body != "" {
			texts = append(texts, Text{Body: body, Rating: strings.TrimSpace(col("originalScore"))})
		}
	})
	return texts, err
}

func readPolarity(r io.Reader) ([]Text, error) {
	var texts []Text
	err := csvRows(r, func(col func(string) string) {
		if body := strings.TrimSpace(col("text")); body != "" {
			texts = append(texts, Text{Body: body})
		}
	})
	return texts, err
}

func readFranks(r io.Reader) ([]Text, error) {
	var texts []Text
	dec := json.NewDecoder(r)
	for {
		var rec struct {
			Body  string `json:"body_markdown"`
			Grade string `json:"grade"`
		}
		if err := dec.Decode(&rec); errors.Is(err, io.EOF) {
			return texts, nil
		} else if err != nil {
			return texts, err
		}
		if body := strings.TrimSpace(rec.Body); body != "" {
			texts = append(texts, Text{Body: body, Markdown: true, Rating: rec.Grade})
		}
	}
}
