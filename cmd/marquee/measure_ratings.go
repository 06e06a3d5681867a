package main

import (
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"

	"github.com/marquee-film/marquee/internal/rating"
)

func init() {
	registerMeasurement(&measurement{
		name:    "ratings",
		summary: "share of Rotten Tomatoes originalScore strings the rating parser normalises",
		run:     measureRatings,
	})
}

func measureRatings(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "measure ratings", "")
	sample := fs.Int("sample", 20, "show up to this many distinct unnormalised strings")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	path := filepath.Join(sharedDataDir(env), "rotten-tomatoes-top-movies-critic-reviews", "critic_reviews.csv.gz")
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("measure ratings: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("measure ratings: read %s: %w", path, err)
	}
	defer zr.Close()
	s, rows, err := rating.SurveyCSV(ctx, zr, "originalScore")
	if err != nil {
		return fmt.Errorf("measure ratings: %s: %w", path, err)
	}

	out := env.stdout
	pct := func(n int) float64 {
		if s.Total == 0 {
			return 0
		}
		return 100 * float64(n) / float64(s.Total)
	}
	fmt.Fprintf(out, "%s: %d reviews, %d with an originalScore\n\n", path, rows, s.Total)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "normalised\t%d\t%.2f%%\t\n", s.Normalised, pct(s.Normalised))
	fmt.Fprintf(tw, "ambiguous scale\t%d\t%.2f%%\t\n", s.Ambiguous, pct(s.Ambiguous))
	fmt.Fprintf(tw, "not normalisable\t%d\t%.2f%%\t\n", s.Unnormalisable, pct(s.Unnormalisable))
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintf(out, "\nby notation:\n")
	tw = tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "kind\tseen\tnormalised\tshare\t\n")
	for _, k := range s.KindsBySize() {
		kc := s.Kinds[k]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.2f%%\t\n", k, kc.Seen, kc.Normalised, 100*float64(kc.Normalised)/float64(kc.Seen))
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	failures := s.Failures(*sample)
	fmt.Fprintf(out, "\nunnormalised strings (%d most frequent of %d distinct):\n", len(failures), len(s.Failures(s.Total)))
	for _, fc := range failures {
		fmt.Fprintf(out, "  %5d  %q\n", fc.Count, fc.Text)
	}
	return nil
}
