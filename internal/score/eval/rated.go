package eval

import (
	"context"
	"fmt"

	"github.com/marquee-film/marquee/internal/score"
	"github.com/marquee-film/marquee/internal/score/corpus"
)

// publishedScale is what Pang & Lee (2005, "Seeing stars") report per
// critic. We found no per-critic numbers to quote (the paper presents its
// results as plots), so the column says so rather than guessing.
const publishedScale = "n/a"

// rated runs the protocols that compare the 0-100 score with critics' own
// ratings: Pang & Lee's scale dataset and Frank's Movie Log. One document
// model is trained on IMDB and polarity v2.0 (none of which is rated or
// shares a source post with the scale dataset), and each split only fits
// the margin → score map on its training side.
func (r *runner) rated(ctx context.Context) error {
	scale, err := corpus.Scale(ctx, r.opts.Root)
	if err != nil {
		return err
	}
	frank, err := corpus.FranksMovieLog(ctx, r.opts.Root)
	if err != nil {
		return err
	}
	imdb, err := corpus.IMDB(ctx, r.opts.Root)
	if err != nil {
		return err
	}
	pol, err := corpus.PolarityV2(ctx, r.opts.Root)
	if err != nil {
		return err
	}
	scalePosts := map[string]bool{}
	for _, rec := range scale {
		scalePosts[rec.Group] = true
	}
	docTrain := r.subsample(imdb, 4000)
	for _, rec := range pol {
		if !scalePosts[rec.Group] {
			docTrain = append(docTrain, rec)
		}
	}
	scale, frank = r.subsample(scale, 900), r.subsample(frank, 300)

	m, err := train(docTrain, r.cfg.Document, nil)
	if err != nil {
		return err
	}
	r.docModel = m
	all := append(append([]corpus.Record{}, scale...), frank...)
	margins, d := m.margins(all)
	pols := r.polarity(all)
	marqueeRate := rate(len(all), d)
	scaleMargins, frankMargins := margins[:len(scale)], margins[len(scale):]
	scalePols, frankPols := make([][]float64, len(pols)), make([][]float64, len(pols))
	for li, pol := range pols {
		if pol != nil {
			scalePols[li], frankPols[li] = pol[:len(scale)], pol[len(scale):]
		}
	}
	r.scalePolarity, r.scaleRecs = scalePols, scale

	critics := map[string][]int{}
	for i, rec := range scale {
		critics[rec.Source] = append(critics[rec.Source], i)
	}
	var locoScores []float64
	var locoRecs []corpus.Record
	for _, critic := range sortedKeys(critics) {
		var trainIdx, testIdx []int
		for i, rec := range scale {
			if rec.Source == critic {
				testIdx = append(testIdx, i)
			} else {
				trainIdx = append(trainIdx, i)
			}
		}
		res, err := ratedSplit(docTrain, scale, scaleMargins, scalePols, trainIdx, testIdx)
		if err != nil {
			return fmt.Errorf("leave out %s: %w", critic, err)
		}
		locoScores = append(locoScores, res.scores...)
		locoRecs = append(locoRecs, pick(scale, testIdx)...)
		r.report.Rows = append(r.report.Rows, Row{
			Protocol: "scale, leave-one-critic-out: " + critic, Metric: "MAE · 3-class acc",
			Marquee: res.cell(0), Baselines: r.cells(pols, true, func(li int, _ []float64) string { return res.cell(li + 1) }),
			Published: "n/a", MarqueeRate: marqueeRate, N: len(testIdx),
		})
	}
	r.addDeciles("scale (LOCO)", locoScores, locoRecs)

	k := r.folds(10)
	for _, critic := range sortedKeys(critics) {
		idx := critics[critic]
		var agg foldAggregate
		for f := 0; f < k; f++ {
			var trainIdx, testIdx []int
			for j, i := range idx {
				if j%k == f {
					testIdx = append(testIdx, i)
				} else {
					trainIdx = append(trainIdx, i)
				}
			}
			res, err := ratedSplit(docTrain, scale, scaleMargins, scalePols, trainIdx, testIdx)
			if err != nil {
				return fmt.Errorf("%s fold %d: %w", critic, f, err)
			}
			agg.add(res)
		}
		r.report.Rows = append(r.report.Rows, Row{
			Protocol: fmt.Sprintf("scale, within critic %d-fold: %s", k, critic), Metric: "MAE · 3-class acc",
			Marquee: agg.cell(0), Baselines: r.cells(pols, true, func(li int, _ []float64) string { return agg.cell(li + 1) }),
			Published: publishedScale, MarqueeRate: marqueeRate, N: len(idx),
		})
	}

	// Verdict thresholds for the product, fitted on every scale review.
	cal, err := fitScore(scaleMargins, scale)
	if err != nil {
		return err
	}
	scores := make([]float64, len(scale))
	classes := make([]int, len(scale))
	for i, rec := range scale {
		scores[i], classes[i] = cal.Apply(scaleMargins[i]), rec.Class
	}
	r.report.VerdictLow, r.report.VerdictHigh = score.FitVerdictThresholds(scores, classes)
	r.scaleCal = cal
	r.scaleMargins = scaleMargins

	// Frank's Movie Log: the score as shipped (calibrated on the scale
	// critics) and recalibrated on Frank's own grades, 10-fold.
	shipped := make([]float64, len(frank))
	for i, mg := range frankMargins {
		shipped[i] = cal.Apply(mg)
	}
	lexiconShipped := make([]string, len(pols))
	for li, pol := range scalePols {
		if pol == nil {
			continue
		}
		lexCal, err := fitScore(pol, scale)
		if err != nil {
			return err
		}
		scores := make([]float64, len(frank))
		for i, v := range frankPols[li] {
			scores[i] = lexCal.Apply(v)
		}
		lexiconShipped[li] = fmt.Sprintf("%.1f", mae(scores, frank))
	}
	// The shipped path's training side is the document data plus every
	// scale review; prove Frank's reviews are in none of it.
	if _, err := NewSplit(append(append([]corpus.Record{}, docTrain...), scale...), frank, true); err != nil {
		return err
	}
	r.report.Rows = append(r.report.Rows, Row{
		Protocol: "Frank's Movie Log, score calibrated on scale critics", Metric: "MAE vs grade",
		Marquee:   fmt.Sprintf("%.1f", mae(shipped, frank)),
		Baselines: r.cells(pols, true, func(li int, _ []float64) string { return lexiconShipped[li] }),
		Published: "n/a", MarqueeRate: marqueeRate, N: len(frank),
	})
	var frankScores []float64
	var frankRecs []corpus.Record
	var agg foldAggregate
	for f := 0; f < k; f++ {
		var trainIdx, testIdx []int
		for i, rec := range frank {
			if groupFold(rec.Group, k) == f {
				testIdx = append(testIdx, i)
			} else {
				trainIdx = append(trainIdx, i)
			}
		}
		res, err := ratedSplit(docTrain, frank, frankMargins, frankPols, trainIdx, testIdx)
		if err != nil {
			return fmt.Errorf("frank fold %d: %w", f, err)
		}
		agg.add(res)
		frankScores = append(frankScores, res.scores...)
		frankRecs = append(frankRecs, pick(frank, testIdx)...)
	}
	r.addDeciles(fmt.Sprintf("Frank (%d-fold)", k), frankScores, frankRecs)
	r.report.Rows = append(r.report.Rows, Row{
		Protocol: fmt.Sprintf("Frank's Movie Log, recalibrated %d-fold", k), Metric: "MAE vs grade",
		Marquee: agg.meanError(0), Baselines: r.cells(pols, true, func(li int, _ []float64) string { return agg.meanError(li + 1) }),
		Published: "n/a", MarqueeRate: marqueeRate, N: agg.n,
	})
	return ctx.Err()
}

// ratedResult is one split's result for Marquee (side 0) and each
// lexicon (side li+1; a missing lexicon's side stays empty).
type ratedResult struct {
	scores     []float64 // Marquee's test scores
	sides      []ratedSide
	n          int
	hasClasses bool
}

// ratedSide holds sums, so results aggregate over folds.
type ratedSide struct {
	mae     float64
	correct int
}

type foldAggregate struct{ ratedResult }

func (a *foldAggregate) add(r ratedResult) {
	if a.sides == nil {
		a.sides = make([]ratedSide, len(r.sides))
	}
	for i, s := range r.sides {
		a.sides[i].mae += s.mae
		a.sides[i].correct += s.correct
	}
	a.n += r.n
	a.hasClasses = r.hasClasses
}

// cell formats one side: MAE, and 3-class accuracy where the data has classes.
func (r *ratedResult) cell(side int) string {
	s := r.sides[side]
	if !r.hasClasses {
		return fmt.Sprintf("MAE %.1f", s.mae/float64(r.n))
	}
	return fmt.Sprintf("MAE %.1f · %s", s.mae/float64(r.n), pct(s.correct, r.n))
}

// meanError formats one side's MAE alone.
func (r *ratedResult) meanError(side int) string {
	return fmt.Sprintf("%.1f", r.sides[side].mae/float64(r.n))
}

// ratedSplit fits the score map (and 3-class thresholds) on trainIdx and
// scores testIdx, for Marquee's margins and each lexicon's polarity alike.
func ratedSplit(docTrain, recs []corpus.Record, margins []float64, pols [][]float64, trainIdx, testIdx []int) (ratedResult, error) {
	trainRecs, testRecs := pick(recs, trainIdx), pick(recs, testIdx)
	// The document model's training data sits on the train side too, so the
	// split proves no test review (or its source post) trained it.
	split, err := NewSplit(append(append([]corpus.Record{}, docTrain...), trainRecs...), testRecs, true)
	if err != nil {
		return ratedResult{}, err
	}
	testRecs = split.Test()
	res := ratedResult{n: len(testRecs), hasClasses: testRecs[0].Class >= 0, sides: make([]ratedSide, 1+len(pols))}
	for side, values := range append([][]float64{margins}, pols...) {
		if values == nil {
			continue
		}
		trainValues, testValues := pick(values, trainIdx), pick(values, testIdx)
		scores, err := calibrated(trainValues, trainRecs, testValues)
		if err != nil {
			return ratedResult{}, err
		}
		res.sides[side].mae = mae(scores, testRecs) * float64(len(testRecs))
		if res.hasClasses {
			trainScores, err := calibrated(trainValues, trainRecs, trainValues)
			if err != nil {
				return ratedResult{}, err
			}
			classes := make([]int, len(trainRecs))
			for i, rec := range trainRecs {
				classes[i] = rec.Class
			}
			lo, hi := score.FitVerdictThresholds(trainScores, classes)
			for i, s := range scores {
				if score.VerdictClass(s, lo, hi) == testRecs[i].Class {
					res.sides[side].correct++
				}
			}
		}
		if side == 0 {
			res.scores = scores
		}
	}
	return res, nil
}
