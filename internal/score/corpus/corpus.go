// Package corpus reads the labelled review datasets under shared/data into
// plain records for training and evaluating the scorer. It knows each
// dataset's file layout and quirks; it does no modelling.
package corpus

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Record is one labelled text.
type Record struct {
	// ID is unique across every dataset ("imdb:train:pos:12"), so splits can
	// prove train and test are disjoint.
	ID string
	// Group ties records that must land on the same side of a split: the
	// film for RT quotes, the critic for the scale dataset.
	Group string
	// Fold is the dataset's own cross-validation fold, or -1.
	Fold     int
	Split    string // the dataset's own split name ("train", "test", "dev"), if any
	Text     string
	Positive bool
	// Rating is the critic's own rating normalised to 0..1, NaN-free; HasRating
	// says whether there is one.
	Rating    float64
	HasRating bool
	// Class is a dataset's multi-class label (SST-5 0..4, scale 3-class 0..2), or -1.
	Class int
	// Source is the critic (scale) or outlet (RT) when the dataset names one.
	Source string
	// OriginalScore is the raw rating string when the dataset has one (RT).
	OriginalScore string
}

// ErrMissing reports that a dataset's files are not where they should be.
var ErrMissing = errors.New("dataset not found")

// Root finds shared/data by walking up from dir: the repository's parent
// directory holds shared/.
func Root(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("find shared data from %q: %w", dir, err)
	}
	for d := abs; ; d = filepath.Dir(d) {
		candidate := filepath.Join(d, "shared", "data")
		if st, err := os.Stat(candidate); err == nil && st.IsDir() {
			return candidate, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("shared/data above %s: %w", abs, ErrMissing)
		}
	}
}

func openGzip(path string) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w", path, ErrMissing)
		}
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	z, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("gunzip %s: %w", path, err)
	}
	return struct {
		io.Reader
		io.Closer
	}{z, f}, nil
}

// readCSV calls fn for every data row of a gzipped CSV file with a header,
// passing a lookup from column name to value.
func readCSV(ctx context.Context, path string, fn func(col func(string) string) error) error {
	rc, err := openGzip(path)
	if err != nil {
		return err
	}
	defer rc.Close()
	r := csv.NewReader(rc)
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("read header of %s: %w", path, err)
	}
	index := map[string]int{}
	for i, h := range header {
		index[h] = i
	}
	for line := 2; ; line++ {
		if line%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		row, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
		col := func(name string) string {
			i, ok := index[name]
			if !ok || i >= len(row) {
				return ""
			}
			return row[i]
		}
		if err := fn(col); err != nil {
			return fmt.Errorf("%s row %d: %w", path, line, err)
		}
	}
}

// readJSONL decodes every line of a gzipped JSON Lines file into a new T.
func readJSONL[T any](ctx context.Context, path string, fn func(T) error) error {
	rc, err := openGzip(path)
	if err != nil {
		return err
	}
	defer rc.Close()
	sc := bufio.NewScanner(rc)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for line := 1; sc.Scan(); line++ {
		if line%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			return fmt.Errorf("%s line %d: %w", path, line, err)
		}
		if err := fn(v); err != nil {
			return fmt.Errorf("%s line %d: %w", path, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return nil
}

// SentencePolarity reads Pang & Lee's sentence polarity v1.0 (MR).
func SentencePolarity(ctx context.Context, root string) ([]Record, error) {
	var out []Record
	err := readCSV(ctx, filepath.Join(root, "pang-lee-sentence-polarity-v1.0", "sentence_polarity.csv.gz"), func(col func(string) string) error {
		label := col("label")
		out = append(out, Record{ID: "mr:" + label + ":" + col("line_no"), Fold: -1, Class: -1, Text: col("text"), Positive: label == "pos"})
		return nil
	})
	return out, err
}

// PolarityV2 reads Pang & Lee's polarity dataset v2.0 with its own folds.
// Group is the source post id, which the scale dataset shares.
func PolarityV2(ctx context.Context, root string) ([]Record, error) {
	var out []Record
	err := readCSV(ctx, filepath.Join(root, "pang-lee-polarity-v2.0", "polarity_v2.csv.gz"), func(col func(string) string) error {
		fold, err := strconv.Atoi(col("fold"))
		if err != nil {
			return fmt.Errorf("fold %q: %w", col("fold"), err)
		}
		label := col("label")
		out = append(out, Record{ID: "pol2:" + label + ":" + col("cv"), Group: "post:" + col("html_id"), Fold: fold, Class: -1, Text: col("text"), Positive: label == "pos"})
		return nil
	})
	return out, err
}

// IMDB reads the Large Movie Review Dataset; Split is train or test.
func IMDB(ctx context.Context, root string) ([]Record, error) {
	var out []Record
	err := readCSV(ctx, filepath.Join(root, "imdb-large-movie-review-v1.0", "imdb_labeled_50k.csv.gz"), func(col func(string) string) error {
		rating, err := strconv.Atoi(col("rating"))
		if err != nil {
			return fmt.Errorf("rating %q: %w", col("rating"), err)
		}
		label := col("label")
		out = append(out, Record{
			ID: "imdb:" + col("split") + ":" + label + ":" + col("id"), Group: col("url"), Fold: -1, Class: -1,
			Split: col("split"), Text: col("text"), Positive: label == "pos",
			Rating: float64(rating-1) / 9, HasRating: true,
		})
		return nil
	})
	return out, err
}

// SST2 reads the GLUE-style binary treebank file of one split (train
// phrases, dev or test sentences).
func SST2(ctx context.Context, root, split string) ([]Record, error) {
	path := filepath.Join(root, "stanford-sentiment-treebank", "sst2_"+split+".tsv.gz")
	rc, err := openGzip(path)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	sc := bufio.NewScanner(rc)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var out []Record
	for line := 1; sc.Scan(); line++ {
		if line == 1 {
			continue // header
		}
		label, text, ok := strings.Cut(sc.Text(), "\t")
		if !ok || (label != "0" && label != "1") {
			return nil, fmt.Errorf("%s line %d: want label<TAB>sentence", path, line)
		}
		out = append(out, Record{ID: fmt.Sprintf("sst2:%s:%d", split, line), Fold: -1, Class: -1, Split: split, Text: text, Positive: label == "1"})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return out, nil
}

// SSTSentences reads the treebank's sentences with their 5-class root labels.
func SSTSentences(ctx context.Context, root string) ([]Record, error) {
	var out []Record
	n := 0
	err := readCSV(ctx, filepath.Join(root, "stanford-sentiment-treebank", "sst_sentences.csv.gz"), func(col func(string) string) error {
		n++
		class, err := strconv.Atoi(col("label5"))
		if err != nil || class < 0 || class > 4 {
			return fmt.Errorf("label5 %q", col("label5"))
		}
		out = append(out, Record{ID: fmt.Sprintf("sst5:%s:%d", col("split"), n), Fold: -1, Split: col("split"), Class: class, Text: col("text"), Positive: class > 2})
		return nil
	})
	return out, err
}

// Scale reads Pang & Lee's scale dataset (three critics). Group is the
// source post id, which polarity v2.0 shares; Source is the critic.
func Scale(ctx context.Context, root string) ([]Record, error) {
	type line struct {
		Critic   string  `json:"critic"`
		ReviewID int     `json:"review_id"`
		Rating   float64 `json:"rating"`
		Label3   int     `json:"label_3class"`
		Text     string  `json:"text"`
	}
	var out []Record
	err := readJSONL(ctx, filepath.Join(root, "pang-lee-scale-v1.0", "scaledata_3critics.jsonl.gz"), func(l line) error {
		if l.Rating < 0 || l.Rating > 1 {
			return fmt.Errorf("rating %g outside 0..1", l.Rating)
		}
		out = append(out, Record{
			ID: fmt.Sprintf("scale:%s:%d", l.Critic, l.ReviewID), Group: fmt.Sprintf("post:%d", l.ReviewID), Fold: -1,
			Source: l.Critic, Text: l.Text, Rating: l.Rating, HasRating: true, Class: l.Label3, Positive: l.Rating >= 0.5,
		})
		return nil
	})
	return out, err
}

// RTQuotes reads the Rotten Tomatoes critic quotes; Group is the film,
// Positive is fresh, and Rating is OriginalScore normalised when it parses.
func RTQuotes(ctx context.Context, root string) ([]Record, error) {
	var out []Record
	err := readCSV(ctx, filepath.Join(root, "rotten-tomatoes-top-movies-critic-reviews", "critic_reviews.csv.gz"), func(col func(string) string) error {
		quote := strings.TrimSpace(col("quote"))
		if quote == "" {
			return nil
		}
		r := Record{
			ID: "rt:" + col("reviewId"), Group: "film:" + col("movieId"), Fold: -1, Class: -1,
			Source: col("publicationName"), Text: quote, Positive: col("reviewState") == "fresh",
			OriginalScore: col("originalScore"),
		}
		if v, ok := NormaliseScore(r.OriginalScore); ok {
			r.Rating, r.HasRating = v, true
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// FranksMovieLog reads Frank's Movie Log: the body only (the front matter
// holds the grade), with the letter grade mapped to 0..1 by Metacritic's table.
func FranksMovieLog(ctx context.Context, root string) ([]Record, error) {
	type line struct {
		Slug  string `json:"slug"`
		Grade string `json:"grade"`
		Body  string `json:"body_markdown"`
	}
	var out []Record
	err := readJSONL(ctx, filepath.Join(root, "franks-movielog", "reviews.jsonl.gz"), func(l line) error {
		score, ok := metacriticGrades[l.Grade]
		if !ok {
			return fmt.Errorf("grade %q", l.Grade)
		}
		out = append(out, Record{
			ID: "frank:" + l.Slug, Group: "frank:" + l.Slug, Fold: -1, Class: -1, Text: StripMarkup(l.Body),
			Rating: score / 100, HasRating: true, Positive: score >= 60, OriginalScore: l.Grade,
		})
		return nil
	})
	return out, err
}
