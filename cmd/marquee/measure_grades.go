package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/marquee-film/marquee/internal/ingest"
	"github.com/marquee-film/marquee/internal/pipeline"
	"github.com/marquee-film/marquee/internal/rating"
	"github.com/marquee-film/marquee/internal/review"
)

func init() {
	registerMeasurement(&measurement{
		name:    "grades",
		summary: "letter grades read from the front matter of Frank's Movie Log reviews, through ingest and extract",
		run:     runMeasureGrades,
	})
}

// runMeasureGrades feeds every Frank's Movie Log file, exactly as it was
// published (front matter, CRLF, inline HTML), through the same ingest and
// pipeline as `marquee ingest`, and compares the rating found with the
// grade the dataset records.
func runMeasureGrades(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "measure grades", "")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	path := filepath.Join(sharedDataDir(env), "franks-movielog", "reviews.jsonl.gz")
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	want := map[string]float64{}
	for _, g := range rating.LetterGrades {
		want[g.Grade] = g.Score
	}
	type tally struct{ total, read, right int }
	byGrade := map[string]*tally{}
	var all tally
	var misses []string
	sc := bufio.NewScanner(gz)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var rec struct {
			Slug    string `json:"slug"`
			Grade   string `json:"grade"`
			RawFile string `json:"raw_file"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		t := byGrade[rec.Grade]
		if t == nil {
			t = &tally{}
			byGrade[rec.Grade] = t
		}
		t.total++
		all.total++
		var got *review.Rating
		in := ingest.Input{Path: ingest.StdinPath}
		err := ingest.Read(ctx, in, strings.NewReader(rec.RawFile), nil, func(it ingest.Item) error {
			if it.Doc != nil && got == nil {
				r := pipeline.Process(*it.Doc)
				got = r.Rating
				if got == nil {
					got = &review.Rating{Score: -1}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if got == nil || got.Score < 0 {
			misses = append(misses, fmt.Sprintf("%s: grade %s, no rating read", rec.Slug, rec.Grade))
			continue
		}
		t.read++
		all.read++
		if got.Score == want[rec.Grade] && strings.EqualFold(strings.TrimSpace(got.Raw), rec.Grade) {
			t.right++
			all.right++
		} else {
			misses = append(misses, fmt.Sprintf("%s: grade %s, read %q = %.0f", rec.Slug, rec.Grade, got.Raw, got.Score))
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	w := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "grade\tscore\treviews\tread\tcorrect\t\n")
	for _, g := range rating.LetterGrades {
		t := byGrade[g.Grade]
		if t == nil {
			continue
		}
		fmt.Fprintf(w, "%s\t%.0f\t%d\t%d\t%d\t\n", g.Grade, g.Score, t.total, t.read, t.right)
	}
	fmt.Fprintf(w, "all\t\t%d\t%d\t%d\t\n", all.total, all.read, all.right)
	w.Flush()
	fmt.Fprintf(env.stdout, "\ngrade read and correct: %.2f%% (%d of %d)\n", 100*float64(all.right)/float64(max(all.total, 1)), all.right, all.total)
	for i, m := range misses {
		if i == 10 {
			fmt.Fprintf(env.stdout, "  … %d more\n", len(misses)-10)
			break
		}
		fmt.Fprintf(env.stdout, "  miss %s\n", m)
	}
	return nil
}
