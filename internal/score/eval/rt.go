package eval

import (
	"context"
	"fmt"
	"time"

	"github.com/marquee-film/marquee/internal/score"
	"github.com/marquee-film/marquee/internal/score/corpus"
)

// rottenTomatoes classifies RT critic quotes as fresh or rotten from their
// text alone, in folds by film, and compares the shipped score (document
// model, calibrated on the scale critics) with the critic's original score
// where that normalises.
func (r *runner) rottenTomatoes(ctx context.Context) error {
	rt, err := corpus.RTQuotes(ctx, r.opts.Root)
	if err != nil {
		return err
	}
	mr, err := corpus.SentencePolarity(ctx, r.opts.Root)
	if err != nil {
		return err
	}
	sst, err := corpus.SST2(ctx, r.opts.Root, "train")
	if err != nil {
		return err
	}
	// Some RT quotes are also Pang & Lee / SST snippets; drop them so a
	// test quote can never be a training sentence under another ID.
	known := map[string]bool{}
	for _, rec := range append(append([]corpus.Record{}, mr...), sst...) {
		known[normalisedText(rec.Text)] = true
	}
	var quotes []corpus.Record
	dropped := 0
	for _, rec := range rt {
		if known[normalisedText(rec.Text)] {
			dropped++
			continue
		}
		quotes = append(quotes, rec)
	}
	quotes, mr, sst = r.subsample(quotes, 3000), r.subsample(mr, 2000), r.subsample(sst, 4000)
	external := append(append([]corpus.Record{}, mr...), sst...)

	k := r.folds(5)
	var tp, tn, fp, fn int
	var elapsed time.Duration
	var tested []int // indices of quotes in test order, for the lexicons
	pols := r.polarity(quotes)
	cache := featurize(append(append([]corpus.Record{}, external...), quotes...), r.cfg.Sentence)
	for f := 0; f < k; f++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		trainRecs := append([]corpus.Record{}, external...)
		var testRecs []corpus.Record
		for i, rec := range quotes {
			if groupFold(rec.Group, k) == f {
				testRecs = append(testRecs, rec)
				tested = append(tested, i)
			} else {
				trainRecs = append(trainRecs, rec)
			}
		}
		split, err := NewSplit(trainRecs, testRecs, true)
		if err != nil {
			return fmt.Errorf("fold %d: %w", f, err)
		}
		m, err := train(split.Train(), r.cfg.Sentence, cache)
		if err != nil {
			return fmt.Errorf("fold %d: %w", f, err)
		}
		margins, d := r.sentenceMargins(m, split.Test(), r.cfg.SentenceDocWeight)
		elapsed += d
		for i, rec := range split.Test() {
			confusion(margins[i] >= 0, rec.Positive, &tp, &tn, &fp, &fn)
		}
	}
	n := tp + tn + fp + fn
	r.report.Rows = append(r.report.Rows, Row{
		Protocol: fmt.Sprintf("RT quotes fresh/rotten, %d folds by film (%d quotes also in MR/SST dropped)", k, dropped),
		Metric:   "acc · balanced acc",
		Marquee:  fmt.Sprintf("%s · %s", pct(tp+tn, n), balanced(tp, tn, fp, fn)),
		Baselines: r.cells(pols, true, func(_ int, pol []float64) string {
			var tp, tn, fp, fn int
			for _, i := range tested {
				confusion(pol[i] >= 0, quotes[i].Positive, &tp, &tn, &fp, &fn)
			}
			return fmt.Sprintf("%s · %s", pct(tp+tn, n), balanced(tp, tn, fp, fn))
		}),
		Published: "n/a", MarqueeRate: rate(n, elapsed), N: n,
	})

	// The shipped score path, never trained or calibrated on RT: the
	// document model with the scale calibration, blended for short texts
	// (all of these quotes) with the short path: a sentence model trained
	// on MR + SST-2 alone plus the document model's margin, mapped to the
	// scale reviews' scores by quantile (score.FitShort).
	var rated []corpus.Record
	for _, rec := range quotes {
		if rec.HasRating {
			rated = append(rated, rec)
		}
	}
	if r.docModel == nil || len(rated) == 0 {
		return fmt.Errorf("RT score: no document model or no rated quotes")
	}
	// As in corpus.TrainingData, the SST dev sentences that are not
	// neutral fit the short path's Platt scaling, and their MR copies are
	// left out of its sentence model. (Every RT quote that is an MR
	// snippet was dropped above, so none of them is a test quote.)
	sst5, err := corpus.SSTSentences(ctx, r.opts.Root)
	if err != nil {
		return err
	}
	var heldOut []score.Example
	heldOutText := map[string]bool{}
	for _, rec := range sst5 {
		if rec.Split == "dev" && rec.Class != 2 {
			heldOut = append(heldOut, score.Example{Text: rec.Text, Positive: rec.Positive})
			heldOutText[corpus.Fingerprint(rec.Text)] = true
		}
	}
	var shortTrain []corpus.Record
	for _, rec := range external {
		if !heldOutText[corpus.Fingerprint(rec.Text)] {
			shortTrain = append(shortTrain, rec)
		}
	}
	sentenceModel, err := train(shortTrain, r.cfg.Sentence, cache)
	if err != nil {
		return fmt.Errorf("RT short path: %w", err)
	}
	shortMargins := func(texts []string) []float64 {
		s := sentenceModel.textMargins(texts)
		d := r.docModel.textMargins(texts)
		for i := range s {
			s[i] = score.SentencePolarityMargin(s[i], d[i], r.cfg.SentenceDocWeight)
		}
		return s
	}
	scaleScores := make([]float64, len(r.scaleMargins))
	for i, mg := range r.scaleMargins {
		scaleScores[i] = r.scaleCal.Apply(mg)
	}
	short, err := score.FitShort(heldOut, shortMargins, scaleScores)
	if err != nil {
		return fmt.Errorf("RT short path: %w", err)
	}
	texts := make([]string, len(rated))
	for i, rec := range rated {
		texts[i] = rec.Text
	}
	margins := r.docModel.textMargins(texts)
	quoteShort := shortMargins(texts)
	scores := make([]float64, len(rated))
	documentOnly := make([]float64, len(rated))
	for i, mg := range margins {
		documentOnly[i] = r.scaleCal.Apply(mg)
		w := score.ShortWeight(len(score.Tokenize(texts[i])), r.cfg.ShortFull, r.cfg.ShortZero)
		scores[i] = score.BlendShort(r.scaleCal.Apply(mg), short.Calibration.Apply(quoteShort[i]), w)
	}
	r.addDeciles("RT quotes (shipped score)", scores, rated)
	// Lexicons get the same shipped path: polarity → score mapped by an
	// isotonic fit on the scale critics, never on RT.
	ratedPols := r.polarity(rated)
	baselines := r.cells(ratedPols, false, func(li int, pol []float64) string {
		cal, err := fitScore(r.scalePolarity[li], r.scaleRecs)
		if err != nil {
			return "n/a (" + err.Error() + ")"
		}
		lexScores := make([]float64, len(pol))
		for i, p := range pol {
			lexScores[i] = cal.Apply(p)
		}
		return scoreVersusRating(lexScores, rated)
	})
	r.report.Rows = append(r.report.Rows, Row{
		Protocol: "RT quotes, score vs originalScore (N/4, N/5, N/10, N/100, letters)", Metric: "MAE · balanced acc (fresh: score ≥ 50)",
		Marquee: scoreVersusRating(scores, rated), Baselines: baselines, Published: "n/a",
		N: len(rated),
	})
	// The same without the short path, to show what it changes.
	none := make([]Cell, len(r.lexicons))
	for i := range none {
		none[i].Value = "—"
	}
	r.report.Rows = append(r.report.Rows, Row{
		Protocol: "RT quotes, same, document path only (no short-text blend)", Metric: "MAE · balanced acc (fresh: score ≥ 50)",
		Marquee: scoreVersusRating(documentOnly, rated), Baselines: none, Published: "n/a", N: len(rated),
	})
	return nil
}

// scoreVersusRating formats the MAE of scores against the critics' own
// ratings and the balanced accuracy of score ≥ 50 as fresh (the scale's
// midpoint, as the calibration's Platt labels use; not fitted on RT).
func scoreVersusRating(scores []float64, recs []corpus.Record) string {
	var tp, tn, fp, fn int
	for i, rec := range recs {
		confusion(scores[i] >= 50, rec.Positive, &tp, &tn, &fp, &fn)
	}
	return fmt.Sprintf("%.1f · %s", mae(scores, recs), balanced(tp, tn, fp, fn))
}

func confusion(predicted, actual bool, tp, tn, fp, fn *int) {
	switch {
	case predicted && actual:
		*tp++
	case !predicted && !actual:
		*tn++
	case predicted:
		*fp++
	default:
		*fn++
	}
}

// balanced is the mean of the recalls of both classes.
func balanced(tp, tn, fp, fn int) string {
	if tp+fn == 0 || tn+fp == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2f%%", 50*(float64(tp)/float64(tp+fn)+float64(tn)/float64(tn+fp)))
}
