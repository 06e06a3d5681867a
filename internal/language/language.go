// Package language tells which natural language a review is written in, so
// that only text the scorer understands is scored.
package language

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/pemistahl/lingua-go"
)

// sampleLimit bounds how much text Detect reads. Two thousand characters
// are plenty to tell the candidate languages apart and keep detection cheap
// on long reviews.
const sampleLimit = 2000

// minimumConfidence is the confidence below which Detect reports no
// language: lingua spreads confidence over all candidates for text that is
// mostly names, numbers or symbols.
const minimumConfidence = 0.5

// candidates are the languages reviews arrive in. The list is short on
// purpose: every language adds its trigram model (tens of MB once loaded)
// and more candidates mean more confusion between close languages.
var candidates = []lingua.Language{
	lingua.English,
	lingua.Spanish,
	lingua.Portuguese,
	lingua.French,
	lingua.German,
	lingua.Italian,
	lingua.Dutch,
	lingua.Russian,
}

var (
	detectorOnce sync.Once
	detector     lingua.LanguageDetector
)

// Detect returns the ISO 639-1 code of the language text is written in and
// the confidence in it (0-1): a function-word vote decides clear cases,
// lingua the rest (see vote.go). It returns "" and 0 when the text has no
// letters or no candidate language is clearly ahead. Only the first ~2,000
// characters are read. Models load lazily: the first call costs the load of
// the trigram models of the languages the text could be in.
func Detect(text string) (code string, confidence float64) {
	sample := truncate(text, sampleLimit)
	if !utf8.ValidString(sample) { // much faster than ToValidUTF8 on valid text
		sample = strings.ToValidUTF8(sample, "")
	}
	if !hasLetter(sample) {
		return "", 0
	}
	if code, confidence, ok := functionWordVote(sample); ok {
		return code, confidence
	}
	return detectWithLingua(sample)
}

func detectWithLingua(sample string) (code string, confidence float64) {
	detectorOnce.Do(func() {
		// Low accuracy mode uses trigram models only, which keeps memory
		// and time down; review-length text is far above the length where
		// the full mode helps. Models are not preloaded: a language's model
		// loads on the first text that could be in it.
		detector = lingua.NewLanguageDetectorBuilder().
			FromLanguages(candidates...).
			WithLowAccuracyMode().
			Build()
	})
	values := detector.ComputeLanguageConfidenceValues(sample)
	if len(values) == 0 {
		return "", 0
	}
	best := values[0]
	if best.Language() == lingua.Unknown || best.Value() < minimumConfidence {
		return "", best.Value()
	}
	return strings.ToLower(best.Language().IsoCode639_1().String()), best.Value()
}

// truncate cuts s to at most limit bytes without splitting a UTF-8 sequence.
func truncate(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

func hasLetter(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}
