package aggregate

import (
	"math"
	"testing"

	"github.com/marquee-film/marquee/internal/review"
)

func TestAgree(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name                   string
		ours, peer             []float64
		films                  int
		mae, pearson, spearman float64
	}{
		{"identical", []float64{10, 40, 90}, []float64{10, 40, 90}, 3, 0, 1, 1},
		{"reversed", []float64{1, 2, 3}, []float64{30, 20, 10}, 3, 18, -1, -1},
		// Ranks of ours with the tie: 1, 2.5, 2.5, 4, so ρ = 4.5/√22.5.
		{"tied ranks", []float64{1, 2, 2, 3}, []float64{1, 2, 3, 4}, 4, 0.5, 3 / math.Sqrt(10), 4.5 / math.Sqrt(22.5)},
		{"monotone but not linear", []float64{1, 2, 3, 100}, []float64{1, 2, 3, 4}, 4, 24, 149 / math.Sqrt(7205*5), 1},
		{"constant series", []float64{5, 5, 5}, []float64{1, 2, 3}, 3, 3, nan, nan},
		{"one film", []float64{70}, []float64{60}, 1, 10, nan, nan},
		{"none", nil, nil, 0, nan, nan, nan},
		{"longer peer ignored", []float64{1, 2}, []float64{1, 2, 99}, 2, 0, 1, 1},
	}
	same := func(a, b float64) bool {
		if math.IsNaN(a) || math.IsNaN(b) {
			return math.IsNaN(a) && math.IsNaN(b)
		}
		return math.Abs(a-b) < 1e-9
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Agree(tt.ours, tt.peer)
			if got.Films != tt.films || !same(got.MAE, tt.mae) || !same(got.Pearson, tt.pearson) || !same(got.Spearman, tt.spearman) {
				t.Errorf("Agree = %+v, want films %d MAE %v r %v ρ %v", got, tt.films, tt.mae, tt.pearson, tt.spearman)
			}
		})
	}
}

func TestShareAtLeast(t *testing.T) {
	tests := []struct {
		scores    []float64
		threshold float64
		want      float64
	}{
		{[]float64{10, 50, 57, 90}, 57, 0.5},
		{[]float64{10, 50, 57, 90}, 0, 1},
		{[]float64{10, 50, 57, 90}, 91, 0},
		{nil, 50, 0},
	}
	for _, tt := range tests {
		if got := ShareAtLeast(tt.scores, tt.threshold); got != tt.want {
			t.Errorf("ShareAtLeast(%v, %v) = %v, want %v", tt.scores, tt.threshold, got, tt.want)
		}
	}
}

func TestFitShareThreshold(t *testing.T) {
	tests := []struct {
		name   string
		scores [][]float64
		target []float64
		want   float64
	}{
		// Every t in 31..70 fits exactly: the one nearest 50 wins.
		{"plateau around 50", [][]float64{{10, 30, 70, 90}, {20, 80}}, []float64{50, 50}, 50},
		// Only t ≤ 40 makes both reviews fresh.
		{"all fresh", [][]float64{{40, 60}}, []float64{100}, 40},
		// Only t in 66..75 gives 75% and 25%.
		{"narrow", [][]float64{{50, 70, 76, 80}, {10, 20, 65, 75}}, []float64{75, 25}, 66},
		{"no films", nil, nil, 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FitShareThreshold(tt.scores, tt.target); got != tt.want {
				t.Errorf("FitShareThreshold = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestTextOnly(t *testing.T) {
	inferred := 72.0
	own := &review.Review{ID: 1, Rating: &review.Rating{Raw: "2/5", Value: 2, Max: 5, Score: 25}, SourceVerdict: "rotten", Score: &inferred, Verdict: Positive}
	plain := &review.Review{ID: 2, Score: &inferred, Verdict: Positive}
	in := []*review.Review{own, nil, plain}

	got := TextOnly(in)
	if len(got) != 2 || got[0].ID != 1 || got[1].ID != 2 {
		t.Fatalf("TextOnly kept %d reviews, want reviews 1 and 2", len(got))
	}
	for _, r := range got {
		if r.Rating != nil || r.SourceVerdict != "" || r.Score == nil || *r.Score != inferred {
			t.Errorf("review %d: rating %v, source verdict %q, score %v; want only the inferred score", r.ID, r.Rating, r.SourceVerdict, r.Score)
		}
	}
	if own.Rating == nil || own.SourceVerdict != "rotten" {
		t.Error("TextOnly changed the reviews it was given")
	}

	// The report of the copies rests on the text: the critic's 25 is gone.
	rep := Build(1, "An Invented Film", 2020, "", got)
	if rep.Score == nil || *rep.Score != inferred || rep.ScoreBasis.OwnRating != 0 {
		t.Errorf("Build(TextOnly) score %v basis %+v, want %v from inferred scores only", rep.Score, rep.ScoreBasis, inferred)
	}
}

func TestInferredScores(t *testing.T) {
	a, b, bad := 30.0, 120.0, math.NaN()
	in := []*review.Review{
		{Score: &a, Rating: &review.Rating{Score: 90}},
		{Score: &b},
		{Score: &bad},
		{Rating: &review.Rating{Score: 80}},
		nil,
	}
	got := InferredScores(in)
	if len(got) != 2 || got[0] != 30 || got[1] != 100 {
		t.Errorf("InferredScores = %v, want [30 100] (the critic's ratings ignored, out-of-range clamped)", got)
	}
}
