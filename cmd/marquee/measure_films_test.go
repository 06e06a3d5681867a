package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/marquee-film/marquee/internal/review"
)

// TestMeasureFilms runs `marquee measure films` on the shared data (about
// 28,000 reviews through the pipeline: some 10 s of CPU, up to a minute on
// a busy machine), so it does not run with -short.
//
// The bounds guard against regressions only: each is the figure measured
// when the measurement was written, loosened by a point of MAE or 0.02 of
// correlation, and an improvement passes (update the README's figures with
// `marquee measure films` then). The Rotten Tomatoes fresh labels' own
// share is the exception: it checks that reviews are grouped into the right
// films, so it is held from both sides.
func TestMeasureFilms(t *testing.T) {
	if testing.Short() {
		t.Skip("runs ~28,000 reviews through the pipeline; not with -short")
	}
	dataDir := filepath.Join(sharedDir(t), "data")
	res, err := measureFilms(context.Background(), dataDir, filmsOptions{minReviews: 20, minRated: 10, workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	printFilmsResult(&out, res, 5)
	t.Log("\n" + out.String())

	if len(res.rtFailures)+len(res.cast.failures) > 0 {
		t.Errorf("the pipeline failed on %d Rotten Tomatoes and %d Frank's Movie Log reviews", len(res.rtFailures), len(res.cast.failures))
	}
	if res.rtCompared < 230 || res.rtDocuments < 26000 {
		t.Errorf("compared %d films from %d reviews, want at least 230 from 26,000", res.rtCompared, res.rtDocuments)
	}
	const films = 230
	tests := []struct {
		comparison string
		maxMAE     float64
		minPearson float64
	}{
		{cmpTextPositive, 24.05 + 1, 0.753 - 0.02},
		{cmpTextNotNegative, 5.84 + 1, 0.861 - 0.02},
		{cmpTextThreshold, 5.63 + 1, 0.863 - 0.02},
		{cmpShownPositive, 13.02 + 1, 0.871 - 0.02},
		{cmpShownThreshold, 3.71 + 1, 0.950 - 0.02},
		{cmpTextScore, 17.82 + 1, 0.662 - 0.02},
		{cmpShownScore, 7.23 + 1, 0.931 - 0.02},
	}
	for _, tt := range tests {
		c, ok := res.comparison(tt.comparison)
		if !ok {
			t.Errorf("no comparison %q", tt.comparison)
			continue
		}
		a := c.agreement
		if a.Films < films || !(a.MAE <= tt.maxMAE) || !(a.Pearson >= tt.minPearson) {
			t.Errorf("%s: %d films, MAE %.2f, r %.3f; want at least %d films, MAE ≤ %.2f, r ≥ %.3f",
				tt.comparison, a.Films, a.MAE, a.Pearson, films, tt.maxMAE, tt.minPearson)
		}
	}
	if c, ok := res.comparison(cmpTomatoFresh); !ok || c.agreement.MAE > 1 || c.agreement.Pearson < 0.99 {
		t.Errorf("RT's own fresh share against the Tomatometer: %+v, want MAE ≤ 1 and r ≥ 0.99 (reviews grouped into the wrong films?)", c.agreement)
	}
	for k, th := range res.thresholds {
		if th < 40 || th > 75 {
			t.Errorf("threshold fitted on half %d is %v, want it between 40 and 75", k, th)
		}
	}

	cast := res.cast
	if cast.reviews != 1568 || cast.films < 1500 {
		t.Errorf("Frank's Movie Log: %d reviews of %d films, want 1568 reviews of at least 1500 films", cast.reviews, cast.films)
	}
	if p := cast.evaluation.Precision; cast.withCharacter < 600 || !(p >= 0.9374-0.02) {
		t.Errorf("cluster precision %.4f over %d clusters, want ≥ %.4f over at least 600", p, cast.withCharacter, 0.9374-0.02)
	}
	if p := fractionOf(cast.personInCast, cast.withCharacter); !(p >= 0.9545-0.02) {
		t.Errorf("clusters whose person is a performer: %.4f, want ≥ %.4f", p, 0.9545-0.02)
	}
	if n := cast.conflictFilms[""]; n > 20 {
		t.Errorf("%d films with a conflict, want at most 20 (10 when measured)", n)
	}
}

// TestProcessAllKeepsOrder checks that the measurement does not depend on
// how many goroutines run the pipeline.
func TestProcessAllKeepsOrder(t *testing.T) {
	var docs []review.Document
	for i := range 24 {
		docs = append(docs, review.Document{
			Source: fmt.Sprintf("invented#%d", i),
			Format: review.FormatText,
			Text: fmt.Sprintf("Review number %d of an invented film. The lead, Mara Quill (Dana Fenwick), is %s, and the ending is %s.",
				i, []string{"wonderful", "dull", "fine"}[i%3], []string{"moving", "clumsy"}[i%2]),
		})
	}
	encode := func(workers int) string {
		reviews, failures, err := processAll(context.Background(), docs, workers)
		if err != nil || len(failures) > 0 {
			t.Fatalf("processAll: %v, failures %v", err, failures)
		}
		var b strings.Builder
		for _, r := range reviews {
			j, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			b.Write(j)
			b.WriteByte('\n')
		}
		return b.String()
	}
	one := encode(1)
	for _, workers := range []int{2, 5} {
		if got := encode(workers); got != one {
			t.Errorf("%d workers give other reviews than one", workers)
		}
	}
	if !strings.Contains(one, `"id":24,`) || !strings.Contains(one, `invented#23`) {
		t.Error("reviews lack their positional IDs")
	}
}

func TestForEachIndexStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := 0
	if err := forEachIndex(ctx, 1000, 1, func(int) { ran++ }); err == nil {
		t.Error("forEachIndex on a cancelled context returned no error")
	}
	if ran != 0 {
		t.Errorf("forEachIndex ran %d items after cancellation", ran)
	}
}

func TestWorstFilms(t *testing.T) {
	c := newComparison("x", []peerPoint{
		{film: "B", ours: 50, peer: 60},
		{film: "A", ours: 70, peer: 60},
		{film: "C", ours: 10, peer: 90},
		{film: "D", ours: 60, peer: 60},
	})
	got := c.worst(3)
	var names []string
	for _, p := range got {
		names = append(names, p.film)
	}
	if strings.Join(names, ",") != "C,A,B" {
		t.Errorf("worst = %v, want C, then the tie A before B", names)
	}
	if math.Abs(c.agreement.MAE-25) > 1e-9 || c.agreement.Films != 4 {
		t.Errorf("agreement %+v, want 4 films, MAE 25", c.agreement)
	}
}
