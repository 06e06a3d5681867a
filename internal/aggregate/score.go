package aggregate

import (
	"math"
	"sync"

	"github.com/marquee-film/marquee/internal/review"
	"github.com/marquee-film/marquee/internal/score"
)

// Verdicts, as the scorer names them.
const (
	Positive = score.Positive
	Mixed    = score.Mixed
	Negative = score.Negative
)

// Score bases: where a review's score comes from.
const (
	BasisOwnRating = "own_rating"
	BasisInferred  = "inferred"
)

// The verdict thresholds are the shipped model's (fitted when it was
// trained to critics' own 3-class labels), so a critic's 3/5 and a text
// the scorer reads at 60 get the same verdict: below the low threshold is
// negative, above the high one positive, anything between (both included)
// mixed. Reading them from the model, not from score.DefaultConfig, keeps
// the two in step when the model is retrained.
var verdictThresholds = sync.OnceValues(func() (low, high float64) {
	if m, err := score.Default(); err == nil {
		return m.VerdictThresholds()
	}
	// The embedded model is checked by score's tests; should it ever fail
	// to load, nothing is scored and only critics' ratings need a verdict.
	cfg := score.DefaultConfig(0)
	return cfg.VerdictLow, cfg.VerdictHigh
})

// verdictOf turns a 0-100 score into a verdict with the scorer's thresholds.
func verdictOf(s float64) string {
	low, high := verdictThresholds()
	switch {
	case s < low:
		return Negative
	case s > high:
		return Positive
	}
	return Mixed
}

// reviewScore is one review's contribution to the film's score.
type reviewScore struct {
	score   float64
	verdict string
	basis   string
}

// scoreOf is the per-review rule: the critic's own rating (Rating.Score,
// its verdict by the thresholds above) when the review has one, else
// Marquee's inferred Score and Verdict. ok is false for a review with
// neither, which then does not count toward the film's score.
func scoreOf(r *review.Review) (reviewScore, bool) {
	if r.Rating != nil && finite(r.Rating.Score) {
		s := clamp(r.Rating.Score, 0, 100)
		return reviewScore{score: s, verdict: verdictOf(s), basis: BasisOwnRating}, true
	}
	if r.Score != nil && finite(*r.Score) {
		s := clamp(*r.Score, 0, 100)
		v := r.Verdict
		if v != Positive && v != Mixed && v != Negative {
			v = verdictOf(s)
		}
		return reviewScore{score: s, verdict: v, basis: BasisInferred}, true
	}
	return reviewScore{}, false
}

// The interval's prior: critics' scores of one film spread with a standard
// deviation of about 14 points when they rate it themselves (pooled
// within-film SD of normalised N/N ratings, 224 films with 20+ rated
// reviews in the shared Rotten Tomatoes critic data); inferred scores add
// the scorer's error, so the prior takes 16. It weighs as priorWeight
// pseudo-observations, which keeps one or two agreeing reviews from
// looking certain.
const (
	priorSD     = 16.0
	priorWeight = 4.0
	// intervalLevel is the two-sided coverage of ScoreInterval.
	intervalLevel = 0.95
)

// scoreInterval is the 95% interval of the mean of scores: a Student-t
// interval whose variance is shrunk toward the prior,
//
//	s² = (ν₀·σ₀² + Σ(xᵢ - x̄)²) / (ν₀ + n - 1),  df = ν₀ + n - 1,
//	x̄ ± t(0.975, df) · s / √n,
//
// clamped to [0, 100]. With σ₀ = 16 and ν₀ = 4 one review gets ±44 before
// clamping, three agreeing reviews ±18, 300 reviews spread like critics
// usually are ±2.
func scoreInterval(scores []float64) (mean, low, high float64) {
	n := float64(len(scores))
	for _, s := range scores {
		mean += s
	}
	mean /= n
	var ss float64
	for _, s := range scores {
		ss += (s - mean) * (s - mean)
	}
	df := priorWeight + n - 1
	variance := (priorWeight*priorSD*priorSD + ss) / df
	half := studentTQuantile(1-(1-intervalLevel)/2, df) * math.Sqrt(variance/n)
	return mean, clamp(mean-half, 0, 100), clamp(mean+half, 0, 100)
}

// studentTQuantile returns t such that P(T ≤ t) = p for Student's t with
// df degrees of freedom, for 0.5 ≤ p < 1. With x = df/(df+t²),
// P(T > t) = I_x(df/2, 1/2)/2, so it solves the regularised incomplete
// beta for x by bisection (I_x is increasing in x).
func studentTQuantile(p, df float64) float64 {
	if p <= 0.5 {
		return 0
	}
	target := 2 * (1 - p)
	lo, hi := 0.0, 1.0
	for range 100 {
		mid := (lo + hi) / 2
		if regIncBeta(df/2, 0.5, mid) < target {
			lo = mid
		} else {
			hi = mid
		}
	}
	x := (lo + hi) / 2
	return math.Sqrt(df * (1 - x) / x)
}

// regIncBeta is the regularised incomplete beta function I_x(a, b),
// evaluated by its continued fraction (modified Lentz), on the side of
// the symmetry I_x(a,b) = 1 - I_{1-x}(b,a) where the fraction converges fast.
func regIncBeta(a, b, x float64) float64 {
	switch {
	case x <= 0:
		return 0
	case x >= 1:
		return 1
	}
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	front := math.Exp(a*math.Log(x) + b*math.Log(1-x) - (la + lb - lab))
	if x > (a+1)/(a+b+2) {
		return 1 - front*betaFraction(b, a, 1-x)/b
	}
	return front * betaFraction(a, b, x) / a
}

func betaFraction(a, b, x float64) float64 {
	const tiny = 1e-300
	c, d := 1.0, 1-(a+b)*x/(a+1)
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	f := d
	for m := 1; m <= 300; m++ {
		fm := float64(m)
		// Even step.
		num := fm * (b - fm) * x / ((a + 2*fm - 1) * (a + 2*fm))
		d = 1 + num*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + num/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		f *= d * c
		// Odd step.
		num = -(a + fm) * (a + b + fm) * x / ((a + 2*fm) * (a + 2*fm + 1))
		d = 1 + num*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + num/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		delta := d * c
		f *= delta
		if math.Abs(delta-1) < 1e-14 {
			break
		}
	}
	return f
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func clamp(x, lo, hi float64) float64 { return math.Min(hi, math.Max(lo, x)) }

// round rounds to the given number of decimals, for stable JSON.
func round(x float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(x*p) / p
}
