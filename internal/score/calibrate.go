package score

import (
	"fmt"
	"math"
	"slices"
	"sort"
)

// Calibration is a monotone non-decreasing piecewise-linear map from a
// model margin to a 0-100 score, fitted by isotonic regression against
// critics' own ratings. Between knots it interpolates; outside it clamps.
type Calibration struct {
	X []float64 // margins, strictly increasing
	Y []float64 // scores 0-100, non-decreasing
}

// FitIsotonic fits a Calibration by pool-adjacent-violators: the
// least-squares non-decreasing fit of targets (0-100) on margins. Each
// pooled block becomes one knot at its mean margin.
func FitIsotonic(margins, targets []float64) (Calibration, error) {
	if len(margins) != len(targets) {
		return Calibration{}, fmt.Errorf("%d margins but %d targets", len(margins), len(targets))
	}
	if len(margins) < 2 {
		return Calibration{}, fmt.Errorf("need at least 2 points, have %d", len(margins))
	}
	order := make([]int, len(margins))
	for i := range order {
		order[i] = i
	}
	// A stable sort on (margin, index) keeps ties in input order: deterministic.
	sort.SliceStable(order, func(a, b int) bool { return margins[order[a]] < margins[order[b]] })
	type block struct{ sumX, sumY, n float64 }
	var blocks []block
	for _, i := range order {
		if math.IsNaN(margins[i]) || math.IsNaN(targets[i]) {
			return Calibration{}, fmt.Errorf("NaN at point %d", i)
		}
		blocks = append(blocks, block{margins[i], targets[i], 1})
		for len(blocks) > 1 {
			last, prev := blocks[len(blocks)-1], blocks[len(blocks)-2]
			if prev.sumY/prev.n < last.sumY/last.n {
				break
			}
			blocks = blocks[:len(blocks)-2]
			blocks = append(blocks, block{prev.sumX + last.sumX, prev.sumY + last.sumY, prev.n + last.n})
		}
	}
	var c Calibration
	for _, b := range blocks {
		x, y := b.sumX/b.n, math.Max(0, math.Min(100, b.sumY/b.n))
		if n := len(c.X); n > 0 && x <= c.X[n-1] {
			// Equal mean margins can only come from ties; keep the later block.
			c.X, c.Y = c.X[:n-1], c.Y[:n-1]
		}
		c.X = append(c.X, x)
		c.Y = append(c.Y, y)
	}
	return c, nil
}

// Apply maps a margin to a 0-100 score.
func (c Calibration) Apply(m float64) float64 {
	n := len(c.X)
	switch {
	case n == 0:
		return 50
	case m <= c.X[0]:
		return c.Y[0]
	case m >= c.X[n-1]:
		return c.Y[n-1]
	}
	i, _ := slices.BinarySearch(c.X, m)
	x0, x1, y0, y1 := c.X[i-1], c.X[i], c.Y[i-1], c.Y[i]
	return y0 + (y1-y0)*(m-x0)/(x1-x0)
}

// Platt maps a margin to a probability of positive, 1/(1+exp(-(A·m+B))).
type Platt struct{ A, B float64 }

// Probability returns P(positive | margin).
func (p Platt) Probability(m float64) float64 { return 1 / (1 + math.Exp(-(p.A*m + p.B))) }

// FitPlatt fits Platt scaling by Newton's method on the log loss, with
// Platt's smoothed targets so separable data does not diverge.
func FitPlatt(margins []float64, positive []bool) (Platt, error) {
	if len(margins) != len(positive) || len(margins) == 0 {
		return Platt{}, fmt.Errorf("%d margins, %d labels", len(margins), len(positive))
	}
	var nPos, nNeg float64
	for _, p := range positive {
		if p {
			nPos++
		} else {
			nNeg++
		}
	}
	if nPos == 0 || nNeg == 0 {
		return Platt{}, fmt.Errorf("need both classes")
	}
	hi, lo := (nPos+1)/(nPos+2), 1/(nNeg+2)
	a, b := 1.0, 0.0
	for iter := 0; iter < 100; iter++ {
		var ga, gb, haa, hab, hbb float64
		for i, m := range margins {
			t := lo
			if positive[i] {
				t = hi
			}
			p := 1 / (1 + math.Exp(-(a*m + b)))
			d := p - t
			w := math.Max(p*(1-p), 1e-12)
			ga += d * m
			gb += d
			haa += w * m * m
			hab += w * m
			hbb += w
		}
		haa += 1e-9
		hbb += 1e-9
		det := haa*hbb - hab*hab
		if det == 0 {
			break
		}
		da := (hbb*ga - hab*gb) / det
		db := (haa*gb - hab*ga) / det
		a -= da
		b -= db
		if math.Abs(da) < 1e-10 && math.Abs(db) < 1e-10 {
			break
		}
	}
	if math.IsNaN(a) || math.IsNaN(b) {
		return Platt{}, fmt.Errorf("Platt fit diverged")
	}
	return Platt{A: a, B: b}, nil
}
