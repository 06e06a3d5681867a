package score

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
)

// LinearConfig sets how one NBSVM classifier is built.
type LinearConfig struct {
	HashBits int     // the model has 2^HashBits weights
	MaxN     int     // longest n-gram
	C        float64 // SVM cost: larger fits the training data more closely
	Beta     float64 // NBSVM interpolation: 1 = pure SVM, 0 = pure naive Bayes
	Alpha    float64 // naive Bayes smoothing count
	Epochs   int     // passes of dual coordinate descent
	Seed     uint64  // fixes the visiting order, so training is reproducible
}

// Validate reports a configuration that cannot train.
func (c LinearConfig) Validate() error {
	switch {
	case c.HashBits < 8 || c.HashBits > 26:
		return fmt.Errorf("hash bits %d outside 8..26", c.HashBits)
	case c.MaxN < 1 || c.MaxN > 4:
		return fmt.Errorf("n-gram order %d outside 1..4", c.MaxN)
	case !(c.C > 0):
		return fmt.Errorf("SVM cost %g not positive", c.C)
	case c.Beta < 0 || c.Beta > 1:
		return fmt.Errorf("beta %g outside 0..1", c.Beta)
	case !(c.Alpha > 0):
		return fmt.Errorf("smoothing %g not positive", c.Alpha)
	case c.Epochs < 1:
		return fmt.Errorf("epochs %d < 1", c.Epochs)
	}
	return nil
}

// Linear is a trained binary classifier over hashed n-grams. The naive Bayes
// log-count ratios and the interpolation are folded into Weights, so scoring
// is one sum of weights of the buckets a text hits.
type Linear struct {
	HashBits int
	MaxN     int
	Weights  []float32
	Bias     float32
}

// FeatureMatrix holds texts as sorted, duplicate-free bucket lists (binarised
// bag of n-grams), packed into one array.
type FeatureMatrix struct {
	idx []uint32
	off []int // row i is idx[off[i]:off[i+1]]
}

// Rows returns the number of texts.
func (m *FeatureMatrix) Rows() int { return len(m.off) - 1 }

func (m *FeatureMatrix) row(i int) []uint32 { return m.idx[m.off[i]:m.off[i+1]] }

// Featurize turns texts into a FeatureMatrix. It uses all cores but the
// result does not depend on scheduling: each row is written to its own slot.
func Featurize(texts []string, hashBits, maxN int) *FeatureMatrix {
	return FeaturizeWith(texts, hashBits, maxN, min(runtime.GOMAXPROCS(0), 4))
}

// FeaturizeWith is Featurize with a given number of goroutines.
func FeaturizeWith(texts []string, hashBits, maxN, workers int) *FeatureMatrix {
	rows := make([][]uint32, len(texts))
	workers = max(workers, 1)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			var toks []Token
			var hashes []uint64
			for i := w; i < len(texts); i += workers {
				toks = appendTokens(toks[:0], texts[i])
				var b []uint32
				b, hashes = appendNgramBuckets(nil, toks, maxN, hashBits, hashes)
				slices.Sort(b)
				rows[i] = slices.Compact(b)
			}
		}(w)
	}
	wg.Wait()
	m := &FeatureMatrix{off: make([]int, 1, len(texts)+1)}
	total := 0
	for _, r := range rows {
		total += len(r)
	}
	m.idx = make([]uint32, 0, total)
	for _, r := range rows {
		m.idx = append(m.idx, r...)
		m.off = append(m.off, len(m.idx))
	}
	return m
}

// Subset returns the rows at the given positions, in that order.
func (m *FeatureMatrix) Subset(rows []int) *FeatureMatrix {
	s := &FeatureMatrix{off: make([]int, 1, len(rows)+1)}
	for _, r := range rows {
		s.idx = append(s.idx, m.row(r)...)
		s.off = append(s.off, len(s.idx))
	}
	return s
}

// TrainLinear fits NBSVM (Wang & Manning 2012): naive Bayes log-count ratios
// scale binary n-gram features, an L2-regularised L2-loss SVM is fitted on
// them by dual coordinate descent (Hsieh et al. 2008), and the SVM weights
// are interpolated towards their mean magnitude by Beta. Labels are true for
// positive. Everything runs in a fixed order, so the result is a pure
// function of the inputs and the config.
func TrainLinear(x *FeatureMatrix, positive []bool, cfg LinearConfig) (*Linear, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	n := x.Rows()
	if n != len(positive) {
		return nil, fmt.Errorf("%d rows but %d labels", n, len(positive))
	}
	var nPos int
	for _, p := range positive {
		if p {
			nPos++
		}
	}
	if nPos == 0 || nPos == n {
		return nil, fmt.Errorf("need both classes, have %d positive of %d", nPos, n)
	}
	dim := 1 << cfg.HashBits
	pos := make([]float64, dim)
	neg := make([]float64, dim)
	seen := make([]bool, dim)
	for i := 0; i < n; i++ {
		counts := neg
		if positive[i] {
			counts = pos
		}
		for _, j := range x.row(i) {
			counts[j]++
			seen[j] = true
		}
	}
	var sumPos, sumNeg float64
	for j := 0; j < dim; j++ {
		if seen[j] {
			sumPos += pos[j] + cfg.Alpha
			sumNeg += neg[j] + cfg.Alpha
		}
	}
	ratio := pos // reuse: ratio[j] overwrites pos[j] after reading it
	for j := 0; j < dim; j++ {
		if !seen[j] {
			ratio[j] = 0
			continue
		}
		ratio[j] = math.Log((pos[j]+cfg.Alpha)/sumPos) - math.Log((neg[j]+cfg.Alpha)/sumNeg)
	}

	w := neg // reuse as the SVM weight vector
	clear(w)
	var bias float64
	alpha := make([]float64, n)
	diag := 1 / (2 * cfg.C)
	qii := make([]float64, n)
	for i := 0; i < n; i++ {
		s := 1.0 // the bias feature
		for _, j := range x.row(i) {
			s += ratio[j] * ratio[j]
		}
		qii[i] = s + diag
	}
	order := make([]int, n)
	for epoch := 0; epoch < cfg.Epochs; epoch++ {
		rng := rand.New(rand.NewPCG(cfg.Seed, uint64(epoch)))
		for i := range order {
			order[i] = i
		}
		rng.Shuffle(n, func(a, b int) { order[a], order[b] = order[b], order[a] })
		for _, i := range order {
			y := -1.0
			if positive[i] {
				y = 1
			}
			row := x.row(i)
			margin := bias
			for _, j := range row {
				margin += w[j] * ratio[j]
			}
			g := y*margin - 1 + diag*alpha[i]
			if alpha[i] == 0 && g >= 0 {
				continue
			}
			old := alpha[i]
			alpha[i] = max(old-g/qii[i], 0)
			step := (alpha[i] - old) * y
			if step == 0 {
				continue
			}
			for _, j := range row {
				w[j] += step * ratio[j]
			}
			bias += step
		}
	}

	var l1 float64
	var used int
	for j := 0; j < dim; j++ {
		if seen[j] {
			l1 += math.Abs(w[j])
			used++
		}
	}
	mean := l1 / float64(max(used, 1))
	out := &Linear{HashBits: cfg.HashBits, MaxN: cfg.MaxN, Weights: make([]float32, dim), Bias: float32(bias)}
	for j := 0; j < dim; j++ {
		if seen[j] {
			out.Weights[j] = float32(((1-cfg.Beta)*mean + cfg.Beta*w[j]) * ratio[j])
		}
	}
	return out, nil
}

// Margin scores one featurised row: positive means positive polarity.
func (l *Linear) rowMargin(row []uint32) float64 {
	s := float64(l.Bias)
	for _, j := range row {
		s += float64(l.Weights[j])
	}
	return s
}

// Margins scores every row of x.
func (l *Linear) Margins(x *FeatureMatrix) []float64 {
	out := make([]float64, x.Rows())
	for i := range out {
		out[i] = l.rowMargin(x.row(i))
	}
	return out
}
