package main

import (
	"context"
	"flag"
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
	samples := fs.Int("samples", 10, "how many false positives and misses to show (40 with -v unless set)")
	verbose := fs.Bool("v", false, "show each sample with the sentence that names it, and the misses across sentences")
	descriptive := fs.Bool("descriptive", false, "keep lower-case descriptions as characters (\"a scientist (Otto Brandt)\")")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *verbose && !flagSet(fs, "samples") {
		*samples = 40
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
	printCreditEvaluation(env.stdout, ev, *samples, *verbose)
	return nil
}

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}

func printCreditEvaluation(w io.Writer, ev credit.Evaluation, samples int, verbose bool) {
	fmt.Fprintf(w, "reviews              %d\n", ev.Reviews)
	fmt.Fprintf(w, "extracted pairs      %d (%d with a performer of the film)\n", ev.Extracted, ev.ExtractedInCast)
	fmt.Fprintf(w, "true positives       %d (match a credited pair of the film)\n", ev.TruePositives)
	fmt.Fprintf(w, "precision            %.4f (the same under both gold readings)\n", ev.Precision)
	fmt.Fprintf(w, "precision, performers of the film only  %.4f\n", ev.InCastPrecision)
	fmt.Fprintf(w, "\ngold, literal (headline): the performer's and the character's full names as credited both occur in the review\n")
	printGoldScore(w, ev.Gold)
	fmt.Fprintf(w, "gold, lenient: as literal, or the character named by one distinctive capitalised word of the credit\n")
	printGoldScore(w, ev.LenientGold)
	fmt.Fprintf(w, "strict character match: precision %.4f, recall %.4f (literal gold), %.4f (lenient gold)\n",
		ev.StrictPrecision, ev.Gold.StrictRecall, ev.LenientGold.StrictRecall)

	printPairs(w, "false positives", ev.FalsePositives, samples, verbose)
	printPairs(w, "misses within a sentence, literal gold", ev.Gold.SentenceMisses, samples, verbose)
	if verbose {
		var across []credit.Pair
		for _, p := range ev.Gold.Misses {
			if p.Sentence == "" {
				across = append(across, p)
			}
		}
		printPairs(w, "misses across sentences, literal gold", across, samples, false)
		printPairs(w, "misses within a sentence, lenient gold", ev.LenientGold.SentenceMisses, samples, verbose)
	}
}

func printGoldScore(w io.Writer, g credit.GoldScore) {
	fmt.Fprintf(w, "  gold pairs           %d (%d within a sentence)\n", g.GoldPairs, g.SentenceGoldPairs)
	fmt.Fprintf(w, "  recall               %.4f (%d of %d)\n", g.Recall, g.GoldFound, g.GoldPairs)
	fmt.Fprintf(w, "  recall in a sentence %.4f (%d of %d)\n", g.SentenceRecall, g.SentenceGoldFound, g.SentenceGoldPairs)
}

func printPairs(w io.Writer, heading string, pairs []credit.Pair, samples int, withSentence bool) {
	fmt.Fprintf(w, "\n%s (%d, sample):\n", heading, len(pairs))
	for _, p := range spread(pairs, samples) {
		fmt.Fprintf(w, "  %-45s %s as %s\n", p.Review, p.Person, p.Character)
		if withSentence && p.Sentence != "" {
			fmt.Fprintf(w, "      %s\n", p.Sentence)
		}
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
