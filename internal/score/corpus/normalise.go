package corpus

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// metacriticGrades maps letter grades to 0-100 the way Metacritic converts
// critics' letter grades.
var metacriticGrades = map[string]float64{
	"A+": 100, "A": 100, "A-": 91, "B+": 83, "B": 75, "B-": 67, "C+": 58, "C": 50, "C-": 42,
	"D+": 33, "D": 25, "D-": 16, "F+": 8, "F": 0, "F-": 0,
}

var (
	fractionScore = regexp.MustCompile(`^\s*'?(\d+(?:\.\d+)?)\s*(?:/|out of|of)\s*(\d+(?:\.\d+)?)'?\s*(?:stars?)?\s*$`)
	letterScore   = regexp.MustCompile(`^\s*([A-Fa-f])\s*(\+|-|plus|minus)?\s*$`)
)

// NormaliseScore reads the common, unambiguous rating notations of the RT
// dataset (N/M fractions and letter grades) as 0..1. It is deliberately
// narrow: this is for evaluation only, and a rating it is not sure of is
// better dropped than guessed. The product's rating parser lives in
// internal/rating.
func NormaliseScore(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if m := fractionScore.FindStringSubmatch(s); m != nil {
		v, err1 := strconv.ParseFloat(m[1], 64)
		best, err2 := strconv.ParseFloat(m[2], 64)
		if err1 != nil || err2 != nil || best <= 0 || v > best {
			return 0, false
		}
		switch best {
		case 4, 5, 10, 100:
			return v / best, true
		}
		return 0, false
	}
	if m := letterScore.FindStringSubmatch(s); m != nil {
		g := strings.ToUpper(m[1])
		switch strings.ToLower(m[2]) {
		case "+", "plus":
			g += "+"
		case "-", "minus":
			g += "-"
		}
		if g == "E" || strings.HasPrefix(g, "E") {
			return 0, false
		}
		v, ok := metacriticGrades[g]
		return v / 100, ok
	}
	return 0, false
}

var (
	htmlTag      = regexp.MustCompile(`<[^>]*>`)
	markdownLink = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
)

// StripMarkup removes inline HTML tags and Markdown link/emphasis syntax,
// keeping the words.
func StripMarkup(s string) string {
	s = htmlTag.ReplaceAllString(s, "")
	s = markdownLink.ReplaceAllString(s, "$1")
	return strings.NewReplacer("_", "", "*", "", "#", "").Replace(s)
}

// Fingerprint reduces a snippet to its lowercased letters and digits, to
// find the same sentence tokenised differently in two datasets (MR's and
// the treebank's copies of one snippet differ in spacing and escapes).
func Fingerprint(s string) string {
	var b strings.Builder
	lower := strings.NewReplacer("-lrb-", "", "-rrb-", "").Replace(strings.ToLower(s))
	for _, r := range lower {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
