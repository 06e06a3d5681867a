package score

import (
	"math"
	"testing"
)

func TestShortWeight(t *testing.T) {
	for _, tc := range []struct {
		tokens     int
		full, zero float64
		want       float64
	}{
		{1, 40, 120, 1},
		{40, 40, 120, 1},
		{80, 40, 120, 0.5},
		{119, 40, 120, 1.0 / 80},
		{120, 40, 120, 0},
		{5000, 40, 120, 0},
		{10, 0, 0, 0},   // disabled
		{10, 40, 40, 0}, // disabled
	} {
		if got := ShortWeight(tc.tokens, tc.full, tc.zero); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("ShortWeight(%d, %g, %g) = %g, want %g", tc.tokens, tc.full, tc.zero, got, tc.want)
		}
	}
	if got := BlendShort(40, 80, 0.25); got != 50 {
		t.Errorf("BlendShort(40, 80, 0.25) = %g, want 50", got)
	}
}

func TestFitShortMatchesQuantiles(t *testing.T) {
	// Invented snippets whose margin is their index: the lower half is
	// negative. Review scores run 20..80.
	var heldOut []Example
	margin := map[string]float64{}
	for i := 0; i < 200; i++ {
		text := string(rune('a'+i%26)) + string(rune('a'+i/26))
		heldOut = append(heldOut, Example{Text: text, Positive: i >= 100 || i%7 == 0})
		margin[text] = float64(i - 100)
	}
	var scores []float64
	for i := 0; i <= 60; i++ {
		scores = append(scores, 20+float64(i))
	}
	sp, err := FitShort(heldOut, func(texts []string) []float64 {
		out := make([]float64, len(texts))
		for i, t := range texts {
			out[i] = margin[t]
		}
		return out
	}, scores)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ margin, want float64 }{
		{-1000, 20}, {-100, 20}, {-1, 50}, {99, 80}, {1000, 80},
	} {
		if got := sp.Calibration.Apply(tc.margin); math.Abs(got-tc.want) > 1 {
			t.Errorf("short score at margin %g = %.2f, want ≈ %g", tc.margin, got, tc.want)
		}
	}
	if p0, p1 := sp.Platt.Probability(-50), sp.Platt.Probability(50); !(p0 < 0.5 && p1 > 0.5) {
		t.Errorf("short Platt P(-50) = %.2f, P(50) = %.2f", p0, p1)
	}
	if _, err := FitShort(heldOut[:1], nil, scores); err == nil {
		t.Error("FitShort accepted one snippet")
	}
	if _, err := FitShort(heldOut, func(texts []string) []float64 { return make([]float64, len(texts)) }, scores); err == nil {
		t.Error("FitShort accepted margins that say nothing")
	}
}

// One-line verdicts we wrote ourselves: the short path must spread them
// on both sides of the middle, where the document model alone put every
// one in the high 50s.
func TestShortTextsSpread(t *testing.T) {
	m := loadDefault(t)
	for _, tc := range []struct {
		text     string
		positive bool
	}{
		{"A dazzling, heartfelt triumph, and the best film of the year.", true},
		{"Funny, warm and beautifully acted.", true},
		{"A tedious, lifeless slog that wastes its cast.", false},
		{"Dull, clumsy and far too long.", false},
	} {
		a := m.Analyze([]string{tc.text}, "en")
		if a == nil {
			t.Fatalf("Analyze(%q) = nil", tc.text)
		}
		if (a.Score >= 50) != tc.positive {
			t.Errorf("Analyze(%q) score %.1f, want positive=%v", tc.text, a.Score, tc.positive)
		}
		if a.Confidence < 0 || a.Confidence > 1 {
			t.Errorf("Analyze(%q) confidence %.2f", tc.text, a.Confidence)
		}
	}
}
