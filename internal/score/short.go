package score

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// Short texts — a critic's one-line verdict, a pull quote — carry too few
// n-grams for the document model: their margins sit near zero and every
// one scored in the high 50s. The sentence model, trained on snippets of
// that length, reads them far better, so for short texts the score blends
// in the sentence polarity margin (SentenceMargin of the whole text).
//
// No rated set of short texts is available that is not an evaluation set,
// so the short margin is mapped to a score by quantile matching: a
// snippet more positive than q% of labelled snippets the sentence model
// never saw (the SST dev sentences that are not neutral, see
// corpus.TrainingData) gets the score of a review more positive than q%
// of the rated reviews. The score keeps the critics' scale the document
// calibration learned, and the snippet's margin decides where on it the
// text falls. Its confidence comes from a Platt scaling fitted on the
// same held-out snippets.

// ShortPath maps the sentence polarity margin of a short text to a score
// and a probability of positive.
type ShortPath struct {
	Calibration Calibration
	Platt       Platt
}

// shortQuantiles is how many quantiles the short path matches.
const shortQuantiles = 100

// ShortWeight is how much a text of tokens words is scored by the short
// path: 1 up to full tokens, falling linearly to 0 at zero tokens, so
// the score has no jump at a length cut-off. zero ≤ full disables it.
func ShortWeight(tokens int, full, zero float64) float64 {
	t := float64(tokens)
	switch {
	case zero <= full || t >= zero:
		return 0
	case t <= full:
		return 1
	}
	return (zero - t) / (zero - full)
}

// BlendShort mixes the document path's value with the short path's by
// weight w (from ShortWeight).
func BlendShort(document, short, w float64) float64 { return w*short + (1-w)*document }

// FitShort fits the short path: heldOut are labelled snippets the
// sentence model was not trained on, margins scores a batch of texts as
// SentenceMargin does, and documentScores are the calibrated scores of
// the rated reviews.
func FitShort(heldOut []Example, margins func(texts []string) []float64, documentScores []float64) (ShortPath, error) {
	if len(heldOut) < 2 || len(documentScores) < 2 {
		return ShortPath{}, fmt.Errorf("fit short path: %d held-out snippets, %d rated reviews", len(heldOut), len(documentScores))
	}
	texts := make([]string, len(heldOut))
	positive := make([]bool, len(heldOut))
	for i, e := range heldOut {
		texts[i], positive[i] = e.Text, e.Positive
	}
	ms := margins(texts)
	if len(ms) != len(texts) {
		return ShortPath{}, fmt.Errorf("fit short path: %d margins for %d snippets", len(ms), len(texts))
	}
	if slices.Min(ms) == slices.Max(ms) {
		return ShortPath{}, errors.New("fit short path: every snippet has the same margin")
	}
	platt, err := FitPlatt(ms, positive)
	if err != nil {
		return ShortPath{}, fmt.Errorf("fit short path: %w", err)
	}
	if !(platt.A > 0) {
		return ShortPath{}, fmt.Errorf("fit short path: margin does not predict polarity (Platt slope %g)", platt.A)
	}
	sortedMargins := slices.Clone(ms)
	sortedScores := slices.Clone(documentScores)
	slices.Sort(sortedMargins)
	slices.Sort(sortedScores)
	var cal Calibration
	for q := 0; q <= shortQuantiles; q++ {
		x := sortedMargins[q*(len(sortedMargins)-1)/shortQuantiles]
		y := sortedScores[q*(len(sortedScores)-1)/shortQuantiles]
		if math.IsNaN(x) || math.IsNaN(y) {
			return ShortPath{}, errors.New("fit short path: NaN margin or score")
		}
		if n := len(cal.X); n > 0 && x <= cal.X[n-1] {
			// Tied margins: the knot keeps the higher quantile's score.
			cal.Y[n-1] = y
			continue
		}
		cal.X = append(cal.X, x)
		cal.Y = append(cal.Y, y)
	}
	return ShortPath{Calibration: cal, Platt: platt}, nil
}
