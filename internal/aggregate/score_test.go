package aggregate

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/marquee-film/marquee/internal/review"
	"github.com/marquee-film/marquee/internal/score"
)

func TestStudentTQuantile(t *testing.T) {
	// Two-sided 95% critical values from standard tables.
	tests := []struct{ df, want float64 }{
		{1, 12.7062}, {2, 4.3027}, {3, 3.1824}, {4, 2.7764}, {5, 2.5706}, {6, 2.4469},
		{10, 2.2281}, {30, 2.0423}, {100, 1.9840}, {303, 1.9679}, {1e6, 1.9600},
	}
	for _, tt := range tests {
		if got := studentTQuantile(0.975, tt.df); math.Abs(got-tt.want) > 5e-4 {
			t.Errorf("t(0.975, %g) = %.5f, want %.4f", tt.df, got, tt.want)
		}
	}
	if got := studentTQuantile(0.5, 3); got != 0 {
		t.Errorf("median of t = %g, want 0", got)
	}
}

// spreadScores returns n scores centred on mean with the spread critics'
// scores of one film usually have (SD about 14), deterministic.
func spreadScores(n int, mean float64) []float64 {
	rng := rand.New(rand.NewPCG(1, uint64(n)))
	out := make([]float64, n)
	for i := range out {
		out[i] = clamp(mean+14*rng.NormFloat64(), 0, 100)
	}
	return out
}

func TestScoreIntervalShrinksWithReviews(t *testing.T) {
	tests := []struct {
		name     string
		scores   []float64
		minWidth float64
		maxWidth float64
	}{
		{"one review", []float64{55}, 60, 100},
		{"three agreeing reviews", []float64{50, 55, 60}, 20, 60},
		{"three reviews", spreadScores(3, 55), 20, 60},
		{"300 reviews", spreadScores(300, 55), 0, 8},
	}
	prevWidth := math.Inf(1)
	for _, tt := range tests {
		mean, low, high := scoreInterval(tt.scores)
		width := high - low
		t.Logf("%s: mean %.1f, [%.1f, %.1f], width %.1f", tt.name, mean, low, high, width)
		if width < tt.minWidth || width > tt.maxWidth {
			t.Errorf("%s: width %.1f, want %g to %g", tt.name, width, tt.minWidth, tt.maxWidth)
		}
		if !(low <= mean && mean <= high) || low < 0 || high > 100 {
			t.Errorf("%s: interval [%g, %g] does not hold mean %g within [0, 100]", tt.name, low, high, mean)
		}
		if tt.name != "three reviews" {
			if width >= prevWidth {
				t.Errorf("%s: width %.1f not below the previous %.1f", tt.name, width, prevWidth)
			}
			prevWidth = width
		}
	}
}

func TestScoreIntervalThroughBuild(t *testing.T) {
	widths := map[int]float64{}
	for _, n := range []int{1, 3, 300} {
		var rs []*review.Review
		for i, s := range spreadScores(n, 60) {
			rs = append(rs, &review.Review{ID: int64(i + 1), Rating: &review.Rating{Score: s}})
		}
		rep := Build(1, "Interval", 0, "", rs)
		if rep.ScoreInterval == nil || rep.Score == nil {
			t.Fatalf("%d reviews: no score", n)
		}
		widths[n] = rep.ScoreInterval[1] - rep.ScoreInterval[0]
	}
	if !(widths[1] > widths[3] && widths[3] > widths[300]) {
		t.Errorf("widths 1, 3, 300 reviews = %.1f, %.1f, %.1f: want strictly decreasing", widths[1], widths[3], widths[300])
	}
	if widths[1] < 60 || widths[300] > 8 {
		t.Errorf("widths 1 review %.1f (want ≥ 60), 300 reviews %.1f (want ≤ 8)", widths[1], widths[300])
	}
}

func TestScoreIntervalClamped(t *testing.T) {
	_, low, high := scoreInterval([]float64{100})
	if high != 100 || low > 60 {
		t.Errorf("one perfect score: [%g, %g], want [≤60, 100]", low, high)
	}
	_, low, high = scoreInterval([]float64{0, 0})
	if low != 0 || high < 20 {
		t.Errorf("two zero scores: [%g, %g], want [0, ≥20]", low, high)
	}
}

func TestVerdictOf(t *testing.T) {
	m, err := score.Default()
	if err != nil {
		t.Fatal(err)
	}
	low, high := verdictThresholds()
	if ml, mh := m.VerdictThresholds(); low != ml || high != mh {
		t.Fatalf("aggregate's thresholds %g, %g differ from the model's %g, %g", low, high, ml, mh)
	}
	if !(low > 20 && low < high && high < 80) {
		t.Fatalf("thresholds %g, %g out of any sane range", low, high)
	}
	tests := []struct {
		score float64
		want  string
	}{{0, Negative}, {low - 0.01, Negative}, {low, Mixed}, {(low + high) / 2, Mixed}, {high, Mixed}, {high + 0.01, Positive}, {100, Positive}}
	for _, tt := range tests {
		if got := verdictOf(tt.score); got != tt.want {
			t.Errorf("verdictOf(%g) = %q, want %q", tt.score, got, tt.want)
		}
	}
}
