package eval

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/marquee-film/marquee/internal/score"
	"github.com/marquee-film/marquee/internal/score/corpus"
)

func TestRunQuick(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a dozen small models")
	}
	root, err := corpus.Root(".")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared data missing in CI: %v", err)
		}
		t.Skipf("shared data not present: %v", err)
	}
	baselines, err := DefaultBaselines(os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	if baselines[1].Lexicon == nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("AFINN lexicon missing in CI (run: %s)", baselines[1].Install)
		}
		t.Logf("AFINN lexicon not installed: its column will be empty")
	}
	rep, err := Run(context.Background(), Options{Root: root, Quick: true, Seed: 1, Baselines: baselines})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := WriteTable(&out, rep); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + out.String())
	// Even on small subsets the model must beat chance clearly where the
	// task is binary and balanced.
	for _, prefix := range []string{"MR sentence polarity", "polarity v2.0", "IMDB", "SST-2"} {
		row := findRow(t, rep, prefix)
		acc, err := strconv.ParseFloat(strings.TrimSuffix(row.Marquee, "%"), 64)
		if err != nil {
			t.Fatalf("%s: Marquee cell %q", prefix, row.Marquee)
		}
		if acc < 65 {
			t.Errorf("%s: accuracy %.1f%% on the quick subset, want ≥ 65%%", prefix, acc)
		}
		if row.MarqueeRate <= 0 {
			t.Errorf("%s: no rate measured", prefix)
		}
		if len(row.Baselines) != len(baselines) {
			t.Fatalf("%s: %d baseline cells for %d baselines", prefix, len(row.Baselines), len(baselines))
		}
		for i, b := range baselines {
			if b.Lexicon == nil {
				continue
			}
			lexAcc, err := strconv.ParseFloat(strings.TrimSuffix(row.Baselines[i].Value, "%"), 64)
			if err != nil || lexAcc < 50 || lexAcc > 100 {
				t.Errorf("%s: %s cell %q", prefix, b.Name, row.Baselines[i].Value)
			}
			if row.Baselines[i].Rate <= 0 {
				t.Errorf("%s: no %s rate measured", prefix, b.Name)
			}
		}
	}
	// Every row has a cell for every baseline, filled.
	for _, row := range rep.Rows {
		for i, b := range baselines {
			if i >= len(row.Baselines) || row.Baselines[i].Value == "" {
				t.Errorf("%s: no %s cell", row.Protocol, b.Name)
			}
		}
	}
	if len(rep.Deciles) == 0 {
		t.Error("no calibration deciles")
	}
	if !(rep.VerdictLow <= rep.VerdictHigh) {
		t.Errorf("verdict thresholds %g > %g", rep.VerdictLow, rep.VerdictHigh)
	}
}

func findRow(t *testing.T, rep *Report, prefix string) Row {
	t.Helper()
	for _, r := range rep.Rows {
		if strings.HasPrefix(r.Protocol, prefix) {
			return r
		}
	}
	t.Fatalf("no row %q", prefix)
	return Row{}
}

func TestFitThresholds(t *testing.T) {
	scores := []float64{10, 20, 30, 45, 50, 55, 70, 80, 90}
	classes := []int{0, 0, 0, 1, 1, 1, 2, 2, 2}
	lo, hi := score.FitVerdictThresholds(scores, classes)
	for i, s := range scores {
		if got := score.VerdictClass(s, lo, hi); got != classes[i] {
			t.Errorf("score %g → class %d with thresholds %g/%g, want %d", s, got, lo, hi, classes[i])
		}
	}
}

func TestGroupFoldKeepsGroupsTogether(t *testing.T) {
	seen := map[int]bool{}
	for i := 0; i < 200; i++ {
		g := "film:" + strconv.Itoa(i)
		f := groupFold(g, 5)
		if f < 0 || f >= 5 {
			t.Fatalf("fold %d out of range", f)
		}
		if again := groupFold(g, 5); again != f {
			t.Fatalf("group %s moved from fold %d to %d", g, f, again)
		}
		seen[f] = true
	}
	if len(seen) != 5 {
		t.Errorf("200 groups used only folds %v", seen)
	}
}

func TestFitCuts(t *testing.T) {
	margins := []float64{-3, -2.5, -1, -0.8, 0, 0.1, 1, 1.2, 2.5, 3}
	classes := []int{0, 0, 1, 1, 2, 2, 3, 3, 4, 4}
	cuts := fitCuts(margins, classes, 5)
	if len(cuts) != 4 {
		t.Fatalf("%d cuts", len(cuts))
	}
	wrong := 0
	for i, m := range margins {
		if classOf(m, cuts) != classes[i] {
			wrong++
		}
	}
	if wrong > 2 {
		t.Errorf("cuts %v misclassify %d of %d separable points", cuts, wrong, len(margins))
	}
	for i := 1; i < len(cuts); i++ {
		if cuts[i] < cuts[i-1] {
			t.Errorf("cuts not increasing: %v", cuts)
		}
	}
}
