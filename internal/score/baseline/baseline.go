// Package baseline wraps published sentiment lexicons so the scorer can be
// evaluated side by side with them. VADER comes from its Go module; AFINN,
// which no Go module ships, is read from its npm package, installed
// outside the repository (see AFINNInstall). No lexicon is copied into
// this repository.
package baseline

import (
	"strings"

	"github.com/jonreiter/govader"
)

// Lexicon scores a text's polarity from -1 (negative) to 1 (positive).
type Lexicon interface {
	Name() string
	Polarity(text string) float64
}

// VADER is Hutto & Gilbert's VADER (2014) as ported by
// github.com/jonreiter/govader, which ships the lexicon.
type VADER struct {
	analyzer *govader.SentimentIntensityAnalyzer
}

// NewVADER loads the VADER lexicon.
func NewVADER() *VADER {
	return &VADER{analyzer: govader.NewSentimentIntensityAnalyzer()}
}

// Name implements Lexicon.
func (v *VADER) Name() string { return "VADER" }

// Polarity is VADER's compound score. IMDB's literal <br /> tags are
// replaced by spaces first, as the scorer's tokeniser does.
func (v *VADER) Polarity(text string) float64 {
	text = strings.ReplaceAll(text, "<br />", " ")
	return v.analyzer.PolarityScores(text).Compound
}

// Score maps a polarity to 0-100.
func Score(polarity float64) float64 { return 50 * (polarity + 1) }
