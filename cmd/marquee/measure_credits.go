package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/marquee-film/marquee/internal/extract/credit"
	"github.com/marquee-film/marquee/internal/review"
)

func init() {
	registerMeasurement(&measurement{
		name:    "credits",
		summary: "precision and recall of actor-character pairs on Frank's Movie Log against the films' casts",
		run:     runMeasureCredits,
	})
}

func runMeasureCredits(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "measure credits", "")
	samples := fs.Int("samples", 10, "how many false positives and misses to show")
	descriptive := fs.Bool("descriptive", false, "keep lower-case descriptions as characters (\"a scientist (Otto Brandt)\")")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	dir := filepath.Join(sharedDataDir(env), "franks-movielog")
	reviews, err := credit.ReadMovieLog(ctx, dir)
	if err != nil {
		return fmt.Errorf("measure credits: %w", err)
	}
	opts := credit.Options{DescriptiveCharacters: *descriptive}
	ev := credit.EvaluateAgainstCast(reviews, func(sentences []string, filmTitle string) []review.Credit {
		return credit.ExtractWith(sentences, filmTitle, opts)
	})
	printCreditEvaluation(env.stdout, ev, *samples)
	return nil
}

func printCreditEvaluation(w io.Writer, ev credit.Evaluation, samples int) {
	fmt.Fprintf(w, "reviews              %d\n", ev.Reviews)
	fmt.Fprintf(w, "gold pairs           %d (performer and character both named in the review)\n", ev.GoldPairs)
	fmt.Fprintf(w, "  within a sentence  %d\n", ev.SentenceGoldPairs)
	fmt.Fprintf(w, "extracted pairs      %d (%d with a performer of the film)\n", ev.Extracted, ev.ExtractedInCast)
	fmt.Fprintf(w, "true positives       %d\n", ev.TruePositives)
	fmt.Fprintf(w, "precision            %.4f\n", ev.Precision)
	fmt.Fprintf(w, "recall               %.4f (%d of %d)\n", ev.Recall, ev.GoldFound, ev.GoldPairs)
	fmt.Fprintf(w, "recall in a sentence %.4f (%d of %d)\n", ev.SentenceRecall, ev.SentenceGoldFound, ev.SentenceGoldPairs)
	fmt.Fprintf(w, "precision, performers of the film only  %.4f\n", ev.InCastPrecision)
	fmt.Fprintf(w, "strict character match: precision %.4f, recall %.4f\n", ev.StrictPrecision, ev.StrictRecall)
	fmt.Fprintf(w, "\nfalse positives (%d, sample):\n", len(ev.FalsePositives))
	for _, p := range spread(ev.FalsePositives, samples) {
		fmt.Fprintf(w, "  %-45s %s as %s\n", p.Review, p.Person, p.Character)
	}
	fmt.Fprintf(w, "\nmisses within a sentence (%d, sample):\n", len(ev.SentenceMisses))
	for _, p := range spread(ev.SentenceMisses, samples) {
		fmt.Fprintf(w, "  %-45s %s as %s\n", p.Review, p.Person, p.Character)
	}
}

// spread picks n pairs evenly across the list, so that the sample is not
// just the first reviews in alphabetical order.
func spread(pairs []credit.Pair, n int) []credit.Pair {
	if n <= 0 {
		return nil
	}
	if len(pairs) <= n {
		return pairs
	}
	out := make([]credit.Pair, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, pairs[i*len(pairs)/n])
	}
	return out
}
