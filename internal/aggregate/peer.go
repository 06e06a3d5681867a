package aggregate

import (
	"cmp"
	"math"
	"slices"

	"github.com/marquee-film/marquee/internal/review"
)

// This file holds what it takes to check film reports against a peer's
// figures (a Tomatometer, a mean of critics' own ratings): Marquee's reading
// of the texts alone, and how closely two lists of per-film numbers agree.

// TextOnly returns copies of the reviews without the critic's rating and
// the container's verdict, so that a report built from them rests on
// Marquee's reading of the texts alone. The reviews passed in are not
// changed; nil reviews are dropped.
func TextOnly(reviews []*review.Review) []*review.Review {
	out := make([]*review.Review, 0, len(reviews))
	for _, r := range reviews {
		if r == nil {
			continue
		}
		c := *r
		c.Rating, c.SourceVerdict = nil, ""
		out = append(out, &c)
	}
	return out
}

// InferredScores lists the reviews' inferred scores (Marquee's reading of
// the text, the critic's rating ignored), leaving out reviews without one.
func InferredScores(reviews []*review.Review) []float64 {
	out := make([]float64, 0, len(reviews))
	for _, r := range reviews {
		if r != nil && r.Score != nil && finite(*r.Score) {
			out = append(out, clamp(*r.Score, 0, 100))
		}
	}
	return out
}

// ShareAtLeast is the share (0-1) of scores at or above threshold; 0 for
// no scores.
func ShareAtLeast(scores []float64, threshold float64) float64 {
	if len(scores) == 0 {
		return 0
	}
	n := 0
	for _, s := range scores {
		if s >= threshold {
			n++
		}
	}
	return float64(n) / float64(len(scores))
}

// Agreement is how closely two per-film series agree: the number of
// films, the mean absolute difference and the Pearson and Spearman
// correlations. A correlation is NaN when either series is constant or
// there are fewer than two films.
type Agreement struct {
	Films    int
	MAE      float64
	Pearson  float64
	Spearman float64
}

// Agree compares ours with peer, paired by index; extra values of the
// longer series are ignored.
func Agree(ours, peer []float64) Agreement {
	n := min(len(ours), len(peer))
	ours, peer = ours[:n], peer[:n]
	a := Agreement{Films: n, MAE: math.NaN(), Pearson: math.NaN(), Spearman: math.NaN()}
	if n == 0 {
		return a
	}
	var sum float64
	for i := range n {
		sum += math.Abs(ours[i] - peer[i])
	}
	a.MAE = sum / float64(n)
	a.Pearson = Pearson(ours, peer)
	a.Spearman = Pearson(ranks(ours), ranks(peer))
	return a
}

// Pearson is the Pearson correlation of x and y (paired by index, the
// shorter length), NaN when it is undefined.
func Pearson(x, y []float64) float64 {
	n := min(len(x), len(y))
	if n < 2 {
		return math.NaN()
	}
	var mx, my float64
	for i := range n {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(n)
	my /= float64(n)
	var sxy, sxx, syy float64
	for i := range n {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return math.NaN()
	}
	return sxy / math.Sqrt(sxx*syy)
}

// ranks gives each value its rank from 1, ties the mean of their ranks,
// as Spearman's correlation needs: many films tie at a 100% Tomatometer.
func ranks(xs []float64) []float64 {
	order := make([]int, len(xs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(xs[a], xs[b]) })
	out := make([]float64, len(xs))
	for i := 0; i < len(order); {
		j := i
		for j+1 < len(order) && xs[order[j+1]] == xs[order[i]] {
			j++
		}
		mean := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			out[order[k]] = mean
		}
		i = j + 1
	}
	return out
}

// FitShareThreshold picks the score threshold t (an integer from 0 to 100)
// for which ShareAtLeast(scores[i], t), in points, is closest in mean
// absolute difference to target[i] (0-100) over the films given; ties go to
// the threshold nearest 50, then the lower. It is the training half of a
// cross-validation: the films it is fitted on must not be the ones it is
// judged on.
func FitShareThreshold(scores [][]float64, target []float64) float64 {
	n := min(len(scores), len(target))
	best, bestErr := 50.0, math.Inf(1)
	for t := 0.0; t <= 100; t++ {
		var sum float64
		for i := range n {
			sum += math.Abs(100*ShareAtLeast(scores[i], t) - target[i])
		}
		switch {
		case sum < bestErr-1e-9:
			best, bestErr = t, sum
		case math.Abs(sum-bestErr) <= 1e-9 && math.Abs(t-50) < math.Abs(best-50):
			best = t
		}
	}
	return best
}
