package eval

import (
	"context"
	"fmt"
	"time"

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
	var tp, tn, fp, fn, vtp, vtn, vfp, vfn int
	var elapsed time.Duration
	vader := r.vaderPolarity(quotes)
	cache := featurize(append(append([]corpus.Record{}, external...), quotes...), r.cfg.Sentence)
	for f := 0; f < k; f++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		trainRecs := append([]corpus.Record{}, external...)
		var testRecs []corpus.Record
		var testVader []float64
		for i, rec := range quotes {
			if groupFold(rec.Group, k) == f {
				testRecs = append(testRecs, rec)
				testVader = append(testVader, vader[i])
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
			confusion(testVader[i] >= 0, rec.Positive, &vtp, &vtn, &vfp, &vfn)
		}
	}
	n := tp + tn + fp + fn
	r.report.Rows = append(r.report.Rows, Row{
		Protocol: fmt.Sprintf("RT quotes fresh/rotten, %d folds by film (%d quotes also in MR/SST dropped)", k, dropped),
		Metric:   "acc · balanced acc",
		Marquee:  fmt.Sprintf("%s · %s", pct(tp+tn, n), balanced(tp, tn, fp, fn)),
		VADER:    fmt.Sprintf("%s · %s", pct(vtp+vtn, n), balanced(vtp, vtn, vfp, vfn)),
		AFINN:    afinnMissing, Published: "n/a", MarqueeRate: rate(n, elapsed), VADERRate: r.vaderRate(), N: n,
	})

	// The shipped score path: document model + scale calibration, never
	// trained on RT.
	var rated []corpus.Record
	for _, rec := range quotes {
		if rec.HasRating {
			rated = append(rated, rec)
		}
	}
	if r.docModel == nil || len(rated) == 0 {
		return fmt.Errorf("RT score: no document model or no rated quotes")
	}
	margins, _ := r.docModel.margins(rated)
	scores := make([]float64, len(rated))
	for i, mg := range margins {
		scores[i] = r.scaleCal.Apply(mg)
	}
	r.addDeciles("RT quotes (shipped score)", scores, rated)
	r.report.Rows = append(r.report.Rows, Row{
		Protocol: "RT quotes, score vs originalScore (N/4, N/5, N/10, N/100, letters)", Metric: "MAE",
		Marquee: fmt.Sprintf("%.1f", mae(scores, rated)), VADER: "n/a", AFINN: afinnMissing, Published: "n/a",
		N: len(rated),
	})
	return nil
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
