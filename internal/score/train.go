package score

import (
	"context"
	"errors"
	"fmt"
	"math"
)

// Example is one labelled training text.
type Example struct {
	Text     string
	Positive bool
}

// RatedExample is a text with its critic's own rating (0..1), used to fit
// the margin → score calibration. Class, when not negative, is a 3-class
// label (0 negative, 1 mixed, 2 positive) the verdict thresholds are
// fitted to.
type RatedExample struct {
	Text   string
	Rating float64
	Class  int
}

// TrainingData is everything Train learns from. Documents train the score,
// Sentences the per-sentence polarity, Rated the calibration; Rated must
// not overlap Documents, or the calibration sees margins that are too
// confident.
type TrainingData struct {
	Documents []Example
	Sentences []Example
	Rated     []RatedExample
	// ShortHeldOut are labelled snippets in neither Sentences nor
	// Documents, for the short path's Platt scaling (see FitShort).
	ShortHeldOut []Example
}

// Config sets how Train builds a Model.
type Config struct {
	Document LinearConfig
	Sentence LinearConfig
	// SentenceScale turns a sentence margin into a polarity, tanh(scale·m).
	SentenceScale float64
	// SentenceDocWeight weighs the document model's margin on a sentence
	// into its polarity (see SentencePolarityMargin).
	SentenceDocWeight float64
	// Scores below VerdictLow are negative, above VerdictHigh positive.
	// Train replaces them with thresholds fitted to the rated examples'
	// 3-class labels when there are any.
	VerdictLow, VerdictHigh float64
	// Texts of up to ShortFull tokens are scored by the short path alone;
	// its weight falls linearly to 0 at ShortZero tokens (see ShortWeight).
	// ShortZero ≤ ShortFull turns the short path off.
	ShortFull, ShortZero float64
}

// DefaultConfig is the configuration the committed model was trained with.
// The document settings were chosen on a small grid (hash bits 22/23, C
// 0.01-0.1, beta 0.6-1); see model/PROVENANCE.md.
func DefaultConfig(seed uint64) Config {
	return Config{
		Document:          LinearConfig{HashBits: 22, MaxN: 3, C: 0.01, Beta: 0.8, Alpha: 1, Epochs: 10, Seed: seed},
		Sentence:          LinearConfig{HashBits: 20, MaxN: 2, C: 0.1, Beta: 0.5, Alpha: 1, Epochs: 15, Seed: seed},
		SentenceScale:     1,
		SentenceDocWeight: 1,
		VerdictLow:        40,
		VerdictHigh:       60,
		// Not tuned: one or two sentences run to about 40 tokens (RT
		// quotes: median 23, 99th percentile 47); 120 tokens is a short
		// paragraph, where the document model has enough n-grams.
		ShortFull: 40,
		ShortZero: 120,
	}
}

// Train builds a Model from data. It is deterministic: the same data and
// config give a model with the same bytes.
func Train(ctx context.Context, data TrainingData, cfg Config) (*Model, error) {
	if len(data.Rated) < 2 {
		return nil, errors.New("train: need rated examples to calibrate the score")
	}
	if !(cfg.VerdictLow <= cfg.VerdictHigh) || cfg.VerdictLow < 0 || cfg.VerdictHigh > 100 {
		return nil, fmt.Errorf("train: verdict thresholds %g, %g", cfg.VerdictLow, cfg.VerdictHigh)
	}
	doc, err := trainExamples(data.Documents, cfg.Document)
	if err != nil {
		return nil, fmt.Errorf("train document model: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sent, err := trainExamples(data.Sentences, cfg.Sentence)
	if err != nil {
		return nil, fmt.Errorf("train sentence model: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m := &Model{
		doc: quantize(doc), sentence: quantize(sent),
		sentenceScale: cfg.SentenceScale, sentenceDocWeight: cfg.SentenceDocWeight, verdictLow: cfg.VerdictLow, verdictHigh: cfg.VerdictHigh,
		shortFull: cfg.ShortFull, shortZero: cfg.ShortZero,
	}
	if err := m.Calibrate(data.Rated); err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	if m.shortZero > m.shortFull {
		if len(data.ShortHeldOut) == 0 {
			return nil, errors.New("train: the short path needs held-out snippets")
		}
		documentScores := make([]float64, len(data.Rated))
		for i, r := range data.Rated {
			documentScores[i] = m.calibration.Apply(m.DocumentMargin(r.Text))
		}
		m.short, err = FitShort(data.ShortHeldOut, func(texts []string) []float64 {
			out := make([]float64, len(texts))
			for i, t := range texts {
				out[i] = m.SentenceMargin(t)
			}
			return out
		}, documentScores)
		if err != nil {
			return nil, fmt.Errorf("train: %w", err)
		}
	}
	return m, nil
}

// Calibrate refits the margin → score map and the confidence on rated
// texts the document model was not trained on.
func (m *Model) Calibrate(rated []RatedExample) error {
	margins := make([]float64, len(rated))
	targets := make([]float64, len(rated))
	positive := make([]bool, len(rated))
	for i, r := range rated {
		if r.Rating < 0 || r.Rating > 1 || math.IsNaN(r.Rating) {
			return fmt.Errorf("calibrate: rating %g outside 0..1", r.Rating)
		}
		margins[i] = m.DocumentMargin(r.Text)
		targets[i] = 100 * r.Rating
		positive[i] = r.Rating >= 0.5
	}
	cal, err := FitIsotonic(margins, targets)
	if err != nil {
		return fmt.Errorf("calibrate score: %w", err)
	}
	platt, err := FitPlatt(margins, positive)
	if err != nil {
		return fmt.Errorf("calibrate confidence: %w", err)
	}
	m.calibration, m.platt = cal, platt
	var scores []float64
	var classes []int
	for i, r := range rated {
		if r.Class >= 0 {
			scores = append(scores, cal.Apply(margins[i]))
			classes = append(classes, r.Class)
		}
	}
	if len(scores) > 0 {
		m.verdictLow, m.verdictHigh = FitVerdictThresholds(scores, classes)
	}
	return nil
}

// FitVerdictThresholds picks the whole-number score cut-offs (low, high)
// that best reproduce 3-class labels (0 negative, 1 mixed, 2 positive):
// scores below low are negative, above high positive. Ties go to the
// first pair found, so the result is deterministic.
func FitVerdictThresholds(scores []float64, classes []int) (low, high float64) {
	best := -1
	for l := 0; l <= 100; l++ {
		for h := l; h <= 100; h++ {
			correct := 0
			for i, s := range scores {
				if VerdictClass(s, float64(l), float64(h)) == classes[i] {
					correct++
				}
			}
			if correct > best {
				best, low, high = correct, float64(l), float64(h)
			}
		}
	}
	return low, high
}

// VerdictClass buckets a score: 0 negative, 1 mixed, 2 positive.
func VerdictClass(score, low, high float64) int {
	switch {
	case score < low:
		return 0
	case score > high:
		return 2
	}
	return 1
}

func trainExamples(examples []Example, cfg LinearConfig) (*Linear, error) {
	texts := make([]string, len(examples))
	labels := make([]bool, len(examples))
	for i, e := range examples {
		texts[i], labels[i] = e.Text, e.Positive
	}
	return TrainLinear(Featurize(texts, cfg.HashBits, cfg.MaxN), labels, cfg)
}

// DocumentMargin is the document model's raw margin for a whole text.
func (m *Model) DocumentMargin(text string) float64 {
	toks := Tokenize(text)
	b, _ := appendNgramBuckets(nil, toks, m.doc.maxN, m.doc.hashBits, nil)
	return m.doc.margin(sumUnique(m.doc.weights, b))
}

// SentenceMargin is the margin behind a sentence's polarity: the sentence
// model's margin plus SentenceDocWeight times the document model's.
func (m *Model) SentenceMargin(text string) float64 {
	toks := Tokenize(text)
	b, _ := appendNgramBuckets(nil, toks, m.sentence.maxN, m.sentence.hashBits, nil)
	return SentencePolarityMargin(m.sentence.margin(sumUnique(m.sentence.weights, b)), m.DocumentMargin(text), m.sentenceDocWeight)
}

// SentencePolarityMargin combines a sentence model's and a document model's
// margins on one sentence, as Analyze does; eval uses it to score fold
// models the same way.
func SentencePolarityMargin(sentence, document, docWeight float64) float64 {
	return sentence + docWeight*document
}

// VerdictThresholds returns the score cut-offs: below low is negative,
// above high positive.
func (m *Model) VerdictThresholds() (low, high float64) { return m.verdictLow, m.verdictHigh }

// ScoreMargin maps a document margin to the calibrated 0-100 score.
func (m *Model) ScoreMargin(margin float64) float64 { return m.calibration.Apply(margin) }

func sumUnique(w []int16, buckets []uint32) int64 {
	seen := make(map[uint32]struct{}, len(buckets))
	var s int64
	for _, b := range buckets {
		if _, dup := seen[b]; !dup {
			seen[b] = struct{}{}
			s += int64(w[b])
		}
	}
	return s
}
