package rating

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"math"
	"os"
	"testing"
)

// openShared opens a file of the shared datasets, which live next to the
// repository and are never committed into it.
func openShared(t *testing.T, rel string) *os.File {
	t.Helper()
	f, err := os.Open("../../../shared/data/" + rel)
	if errors.Is(err, fs.ErrNotExist) && os.Getenv("CI") != "true" {
		t.Skipf("shared data absent: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestRottenTomatoesOriginalScores pins how much of the Rotten Tomatoes
// originalScore column Parse normalises. Measured: 18,485 of 18,537
// (99.72%); the rest are bare numbers up to 5, asterisks without a scale,
// verdict words and typos. The thresholds sit just below so a regression fails.
func TestRottenTomatoesOriginalScores(t *testing.T) {
	zr, err := gzip.NewReader(openShared(t, "rotten-tomatoes-top-movies-critic-reviews/critic_reviews.csv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	s, rows, err := SurveyCSV(context.Background(), zr, "originalScore")
	if err != nil {
		t.Fatal(err)
	}
	if rows != 27696 || s.Total != 18537 {
		t.Errorf("read %d rows, %d scores; the README says 27,696 and 18,537", rows, s.Total)
	}
	if share := s.Share(); share < 0.997 {
		t.Errorf("normalised share %.4f, want >= 0.997", share)
	}
	for kind, min := range map[Kind]float64{KindFraction: 0.999, KindLetter: 0.999} {
		kc := s.Kinds[kind]
		if kc == nil || float64(kc.Normalised)/float64(kc.Seen) < min {
			t.Errorf("%s: %+v, want share >= %g", kind, kc, min)
		}
	}
	if s.Normalised+s.Ambiguous+s.Unnormalisable != s.Total {
		t.Errorf("survey counts do not add up: %+v", s)
	}
}

// TestPangLeeRatingLeaks runs Find over the Pang & Lee scale dataset. Its
// texts are lower-cased and tokenised, with most rating lines removed, but
// many of Steve Rhodes' reviews still carry his first-person star verdict and
// an asterisk legend that states his four-star scale, next to a child's star
// ratings as distractors. Rhodes' labels are (stars*0.2 + 0.1) on his
// four-star scale, so every rating Find returns can be checked. Measured:
// 588 found, 3 disagreeing; 2 hits among the 2,334 reviews of the other two
// critics. The thresholds sit just beyond.
func TestPangLeeRatingLeaks(t *testing.T) {
	zr, err := gzip.NewReader(openShared(t, "pang-lee-scale-v1.0/scaledata_3critics.jsonl.gz"))
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<24)
	var rhodes, found, agree, otherHits int
	for sc.Scan() {
		var rec struct {
			Critic string  `json:"critic"`
			Rating float64 `json:"rating"`
			Text   string  `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		r := Find(rec.Text)
		if rec.Critic != "Steve Rhodes" {
			if r != nil {
				otherHits++
			}
			continue
		}
		rhodes++
		if r == nil {
			continue
		}
		found++
		if math.Abs(r.Score/100*4*0.2+0.1-rec.Rating) < 0.01 {
			agree++
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("Rhodes: %d reviews, %d ratings found, %d agree with the label; other critics: %d hits", rhodes, found, agree, otherHits)
	if found < 570 {
		t.Errorf("found %d of Rhodes' ratings, want >= 570", found)
	}
	if found-agree > 6 {
		t.Errorf("%d of %d found ratings disagree with the label, want <= 6", found-agree, found)
	}
	// A few rating lines survived in the other critics' texts too (the
	// dataset's README lists such leaks); with the five-star default for
	// unscaled ratings Find reads 7 of them.
	if otherHits > 8 {
		t.Errorf("%d hits in the other critics' reviews, whose rating lines were removed; want <= 8", otherHits)
	}
}

// TestRottenTomatoesQuotesFind runs Find over the Rotten Tomatoes quotes:
// short excerpts that rarely contain a rating, so every hit is either a
// false positive or must agree with the row's own originalScore. Measured: 2
// hits in 27,696 quotes, both agreeing.
func TestRottenTomatoesQuotesFind(t *testing.T) {
	zr, err := gzip.NewReader(openShared(t, "rotten-tomatoes-top-movies-critic-reviews/critic_reviews.csv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(zr)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		t.Fatal(err)
	}
	quote, original := -1, -1
	for i, h := range header {
		switch h {
		case "quote":
			quote = i
		case "originalScore":
			original = i
		}
	}
	if quote < 0 || original < 0 {
		t.Fatalf("columns quote/originalScore missing from %v", header)
	}
	rows, hits := 0, 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		rows++
		r := Find(rec[quote])
		if r == nil {
			continue
		}
		hits++
		own, err := Parse(rec[original])
		if err != nil || own.Score != r.Score {
			t.Errorf("row %d: Find = %+v, but the critic's originalScore %q gives %v (%v)", rows, *r, rec[original], own.Score, err)
		}
	}
	if rows < 27000 || hits > 4 {
		t.Errorf("%d hits in %d quotes, want <= 4", hits, rows)
	}
}
