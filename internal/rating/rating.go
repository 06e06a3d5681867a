// Package rating reads critics' explicit ratings in every common notation and
// normalises them to a 0-100 score.
//
// Rules (the README prints them; tests pin them):
//
//   - Score = (value-min)/(max-min)*100, rounded to one decimal. Every scale
//     starts at 0 unless the notation states a minimum ("+1 out of -4..+4").
//     Value and Max are reported as written; for a range with a negative
//     minimum Value/Max therefore do not reproduce Score, the stated minimum does.
//   - A value above its maximum (or below its minimum) is ErrOutOfRange.
//   - Letter grades use Metacritic's conversion (LetterGrades); Value is the
//     converted score and Max is 100, so Value/Max*100 == Score.
//   - Bare numbers ("2.5", "7") do not say their scale. Up to 5 they could be
//     out of 4, 5 or 10, so they are ErrAmbiguous. Above 5 and up to 10 only a
//     ten-point scale is plausible (no 4- or 5-point scale reaches them, and a
//     100-point critic does not write single digits), so they are out of 10;
//     above 10 and up to 100 they are out of 100. Above 100: ErrNotRating.
//   - Star glyphs (★★★½, ★★★☆☆) follow the convention of the widgets that emit
//     them (Letterboxd and blog rating plugins): drawn empty stars give the
//     scale when at least four stars are drawn, otherwise the scale is 5.
//   - ASCII asterisks ("***", "**1/2") and counted stars ("4 stars") are the
//     print convention, where four-star scales (Ebert, Maltin) are as common
//     as five-star ones: ErrAmbiguous unless the value itself settles it
//     (zero stars is 0 on any scale; more than four stars means five) or the
//     scale is written ("3 stars out of 5", "***/4").
//   - Verdict words ("Recommended", "Big Screen Watch") and everything else
//     are ErrNotRating; Kind still says what they looked like.
//   - In review text (Find), the critic's own rating with no stated scale
//     ("Rating: 2.5", "I give it 4 stars", a "***1/2" line) takes a scale
//     the review states elsewhere, else five (defaultScale).
package rating

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/marquee-film/marquee/internal/review"
)

// ErrNotRating reports a string that is not a rating notation.
var ErrNotRating = errors.New("not a rating")

// ErrAmbiguous reports a rating whose scale cannot be told from the string
// ("2.5", "***", "4 stars"): the value is clear, its maximum is not.
var ErrAmbiguous = errors.New("ambiguous rating scale")

// ErrOutOfRange reports a value outside the scale it states ("2.1/2").
var ErrOutOfRange = errors.New("rating outside its scale")

// Kind names the notation a rating string is written in.
type Kind string

// Notation kinds, as the survey reports them.
const (
	KindFraction Kind = "fraction"    // 3.5/4, 4 / 5, 3/5 stars
	KindOutOf    Kind = "out of"      // 3 of 5, 7 out of 10, +1 out of -4..+4
	KindLetter   Kind = "letter"      // B+, C-plus, A minus
	KindStars    Kind = "stars"       // ★★★½, **1/2, 4 stars, FIVE STARS
	KindBare     Kind = "bare number" // 2.5, 7
	KindWords    Kind = "words"       // Recommended, Big Screen Watch
	KindOther    Kind = "other"       // anything else (3.5.5, punctuation)
)

// LetterGrade is one row of the letter-grade conversion.
type LetterGrade struct {
	Grade string
	Score float64
}

// LetterGrades is Metacritic's published letter-grade conversion (its
// "How we create the Metascore" FAQ: an A is 100, a B+ 83, a B- 67, a C 50, an
// F 0; grades are spaced evenly from F up to A, and A+ is capped at 100 like A).
// F+ is rare in practice; it sits halfway between F and D-.
var LetterGrades = []LetterGrade{
	{"A+", 100}, {"A", 100}, {"A-", 91},
	{"B+", 83}, {"B", 75}, {"B-", 67},
	{"C+", 58}, {"C", 50}, {"C-", 42},
	{"D+", 33}, {"D", 25}, {"D-", 16},
	{"F+", 8}, {"F", 0}, {"F-", 0},
}

// letterScore looks a grade up in LetterGrades; modifier is '+', '-' or 0.
func letterScore(letter byte, modifier byte) float64 {
	grade := string(letter)
	if modifier != 0 {
		grade += string(modifier)
	}
	for _, g := range LetterGrades {
		if g.Grade == grade {
			return g.Score
		}
	}
	return -1
}

// Parse normalises a standalone rating string such as a CSV column, a front
// matter field or a feed gives it. See the package comment for the rules.
func Parse(s string) (review.Rating, error) {
	r, _, err := ParseKind(s)
	return r, err
}

// maxStandalone bounds what Parse looks at: no rating notation is longer, and
// hostile input must not cost more than that.
const maxStandalone = 80

// ParseKind is Parse that also reports the notation kind, also for strings it
// cannot normalise, so callers can survey what a source writes.
func ParseKind(s string) (review.Rating, Kind, error) {
	t := trimStandalone(s)
	if t == "" {
		return review.Rating{}, KindOther, fmt.Errorf("parse rating %q: empty: %w", s, ErrNotRating)
	}
	if len(t) > maxStandalone {
		return review.Rating{}, KindOther, fmt.Errorf("parse rating %q: too long: %w", s, ErrNotRating)
	}
	n, err := parseAt(t, false)
	if n.end != len(t) {
		err = ErrNotRating
	}
	if err != nil {
		kind := n.kind
		if kind == "" || n.end != len(t) {
			kind = classify(t)
		}
		return review.Rating{}, kind, fmt.Errorf("parse rating %q: %w", s, err)
	}
	r, err := n.rating(strings.TrimSpace(s))
	if err != nil {
		return review.Rating{}, n.kind, fmt.Errorf("parse rating %q: %w", s, err)
	}
	return r, n.kind, nil
}

// trimStandalone removes what containers wrap around a rating: spaces,
// quotes, a "Rating:" label, and a "high"/"low" qualifier ("high +2 out of
// -4..+4" is read as +2: the qualifier has no value of its own).
func trimStandalone(s string) string {
	t := strings.TrimSpace(s)
	for len(t) >= 2 {
		r1, n1 := utf8.DecodeRuneInString(t)
		r2, n2 := utf8.DecodeLastRuneInString(t)
		if !isQuote(r1) || !isQuote(r2) || n1+n2 > len(t) {
			break // a lone multibyte quote is both first and last rune
		}
		t = strings.TrimSpace(t[n1 : len(t)-n2])
	}
	for _, label := range []string{"rating:", "grade:", "score:", "high ", "low "} {
		if hasFold(t, 0, label) {
			t = strings.TrimSpace(t[len(label):])
		}
	}
	return t
}

func isQuote(r rune) bool {
	switch r {
	case '\'', '"', '‘', '’', '“', '”', '`':
		return true
	}
	return false
}

// classify names the kind of a string no parser accepted.
func classify(s string) Kind {
	letters, digits := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isDigit(c):
			digits++
		case isLetter(c):
			letters++
		}
	}
	if letters > 0 && digits == 0 {
		return KindWords
	}
	return KindOther
}

// notation is a rating as read, before normalisation.
type notation struct {
	kind       Kind
	value      float64
	min, max   float64
	scaleKnown bool
	explicit   bool // the scale is written, not inferred from a convention
	end        int  // bytes of the input the notation covers
}

func (n notation) rating(raw string) (review.Rating, error) {
	if !(n.max > n.min) || math.IsInf(n.max, 0) || math.IsNaN(n.value) {
		return review.Rating{}, ErrNotRating
	}
	if n.value < n.min || n.value > n.max {
		return review.Rating{}, fmt.Errorf("%g outside %g..%g: %w", n.value, n.min, n.max, ErrOutOfRange)
	}
	return review.Rating{Raw: raw, Value: n.value, Max: n.max, Score: score(n.value, n.min, n.max)}, nil
}

func score(value, lo, hi float64) float64 {
	s := math.Round((value-lo)/(hi-lo)*1000) / 10
	return math.Max(0, math.Min(100, s))
}

// parseAt reads the rating notation that starts s. It reports how much of s
// it covers in end; callers decide whether what follows is acceptable. In
// text mode (Find) it is stricter: letter grades must be upper case and
// spelled numbers need a "stars"/"out of" to count.
func parseAt(s string, text bool) (notation, error) {
	if s == "" {
		return notation{}, ErrNotRating
	}
	if n, ok, err := glyphStars(s); ok {
		return n, err
	}
	if s[0] == '*' {
		return asciiStars(s)
	}
	if n, ok, err := numeric(s, text); ok {
		return n, err
	}
	if n, ok, err := letterGrade(s, text); ok {
		return n, err
	}
	if text {
		// In text s runs to the end of the line: classifying it per
		// attempt would make Find quadratic.
		return notation{kind: KindOther}, ErrNotRating
	}
	return notation{kind: classify(s)}, ErrNotRating
}

// Star glyphs: filled, half and empty, as rating widgets draw them.
func glyphClass(r rune) int {
	switch r {
	case '★', '⭐', '✭', '✮', '✯', '✪':
		return 1
	case '½', '⯨', '⯪', '⯫':
		return 2
	case '☆', '✩', '✰':
		return 3
	}
	return 0
}

func glyphStars(s string) (notation, bool, error) {
	r, _ := utf8.DecodeRuneInString(s)
	if glyphClass(r) == 0 {
		return notation{}, false, nil
	}
	filled, halves, empties := 0, 0, 0
	i, end := 0, 0
glyphs:
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch c := glyphClass(r); {
		case c == 1 && halves == 0 && empties == 0:
			filled++
		case c == 2 && halves == 0 && empties == 0:
			halves++
		case c == 3:
			empties++
		case r == ' ' || r == '\uFE0F': // spaced glyphs, emoji variation selector
			i += size
			continue
		default:
			break glyphs
		}
		i += size
		end = i
		if filled+halves+empties > 20 {
			return notation{kind: KindStars, end: end}, true, ErrNotRating
		}
	}
	n := notation{kind: KindStars, value: float64(filled) + 0.5*float64(halves), end: end, scaleKnown: true}
	drawn := filled + halves + empties
	switch {
	case empties > 0 && drawn >= 4:
		n.max, n.explicit = float64(drawn), true
	case n.value <= 5:
		n.max = 5
	default:
		n.scaleKnown = false
	}
	if max, e, ok := scaleSuffix(s, end); ok {
		n.max, n.end, n.scaleKnown, n.explicit = max, e, true, true
	}
	if !n.scaleKnown {
		return n, true, ErrAmbiguous
	}
	return n, true, nil
}

// asciiStars reads "***", "* * *", "**1/2", "*½", optionally with a written
// scale ("***/4", "*** out of 4").
func asciiStars(s string) (notation, error) {
	count, i, end := 0, 0, 0
	for i < len(s) && count <= 10 {
		if s[i] == '*' {
			count++
			i++
			end = i
			continue
		}
		if s[i] == ' ' && i+1 < len(s) && s[i+1] == '*' {
			i++
			continue
		}
		break
	}
	if count > 10 {
		return notation{kind: KindStars, end: end}, ErrNotRating
	}
	n := notation{kind: KindStars, value: float64(count), end: end}
	if e, ok := halfSuffix(s, end); ok {
		n.value += 0.5
		n.end = e
	}
	if max, e, ok := scaleSuffix(s, n.end); ok {
		n.max, n.end, n.scaleKnown, n.explicit = max, e, true, true
		return n, nil
	}
	return starsWithoutScale(n)
}

// starsWithoutScale settles a star count whose scale is not written, when
// the value allows it.
func starsWithoutScale(n notation) (notation, error) {
	switch {
	case n.value == 0:
		n.max, n.scaleKnown = 5, true // zero is zero on any scale
	case n.value > 4 && n.value <= 5:
		n.max, n.scaleKnown = 5, true
	default:
		return n, ErrAmbiguous
	}
	return n, nil
}

// halfSuffix reads a half star right after a whole count: "½", " ½", "1/2",
// " 1/2". It reports where the half ends.
func halfSuffix(s string, i int) (int, bool) {
	j := i
	if j < len(s) && s[j] == ' ' {
		j++
	}
	if strings.HasPrefix(s[j:], "½") {
		return j + len("½"), true
	}
	if strings.HasPrefix(s[j:], "1/2") && (j+3 == len(s) || !isDigit(s[j+3])) {
		return j + 3, true
	}
	return i, false
}

// scaleSuffix reads a written maximum after a star count: "/4", " / 5",
// " out of 5", " out of five", " of 4", optionally followed by "stars".
func scaleSuffix(s string, i int) (float64, int, bool) {
	j := skipSpaces(s, i)
	switch {
	case j < len(s) && s[j] == '/':
		j = skipSpaces(s, j+1)
	case hasWordFold(s, j, "out of"):
		j = skipSpaces(s, j+len("out of"))
	case hasWordFold(s, j, "of"):
		j = skipSpaces(s, j+len("of"))
	default:
		return 0, i, false
	}
	max, e, ok := number(s, j)
	if !ok {
		max, e, ok = spelledInt(s, j)
	}
	if !ok || max <= 0 {
		return 0, i, false
	}
	if k, ok := starsWord(s, e); ok {
		e = k
	}
	return max, e, true
}

// numeric reads every notation that starts with a number, digits or spelled.
func numeric(s string, text bool) (notation, bool, error) {
	i := 0
	sign := 1.0
	signed := false
	switch {
	case s[0] == '+':
		i, signed = 1, true
	case s[0] == '-':
		i, sign, signed = 1, -1, true
	case strings.HasPrefix(s, "−"):
		i, sign, signed = len("−"), -1, true
	}
	value, p, ok := number(s, i)
	spelled := false
	if !ok && !signed {
		value, p, ok = spelledNumber(s, i)
		spelled = ok
	}
	if !ok {
		return notation{}, false, nil
	}
	value *= sign
	n := notation{value: value, end: p}
	digitHalf := false
	if !spelled && !signed && value == math.Trunc(value) && !strings.Contains(s[i:p], ".") {
		if e, ok := halfSuffix(s, p); ok && !(p < len(s) && s[p] == '/') {
			n.value += 0.5
			p, n.end, digitHalf = e, e, true
		}
	}
	if spelled && value == 0.5 {
		if e, ok := halfStarTail(s, p); ok {
			n.kind, n.end = KindStars, e
			n, err := starsWithoutScale(n)
			return n, true, err
		}
	}
	j := skipSpaces(s, p)
	switch {
	case !digitHalf && !spelled && j < len(s) && s[j] == '/':
		k := skipSpaces(s, j+1)
		max, e, ok := number(s, k)
		if !ok {
			return n, true, ErrNotRating
		}
		if n.value == 1 && max == 2 {
			// "1/2 of a star", "1/2 star": half a star, scale unwritten.
			if k2, ok := halfStarTail(s, e); ok {
				n.kind, n.value, n.end = KindStars, 0.5, k2
				n, err := starsWithoutScale(n)
				return n, true, err
			}
		}
		n.kind, n.max, n.end, n.scaleKnown, n.explicit = KindFraction, max, e, true, true
		if k, ok := starsWord(s, e); ok {
			n.end = k
		}
		return n, true, nil
	case hasWordFold(s, j, "out of") || hasWordFold(s, j, "of"):
		if hasWordFold(s, j, "out of") {
			j += len("out of")
		} else {
			j += len("of")
		}
		j = skipSpaces(s, j)
		lo, hi, e, ok := scaleRange(s, j)
		if !ok {
			return n, true, ErrNotRating
		}
		n.kind, n.min, n.max, n.end, n.scaleKnown, n.explicit = KindOutOf, lo, hi, e, true, true
		if k, ok := starsWord(s, e); ok {
			n.end = k
		}
		return n, true, nil
	}
	if e, ok := starsWord(s, p); ok {
		n.kind, n.end = KindStars, e
		if text && e > p && s[p] == '-' {
			// "a five-star hotel", "4-star reviews": an adjective, not a rating.
			return n, true, ErrNotRating
		}
		if max, e2, ok := scaleSuffix(s, e); ok {
			n.max, n.end, n.scaleKnown, n.explicit = max, e2, true, true
			return n, true, nil
		}
		n, err := starsWithoutScale(n)
		return n, true, err
	}
	if spelled {
		return notation{kind: KindWords, end: p}, true, ErrNotRating
	}
	if digitHalf {
		n.kind = KindStars
		n, err := starsWithoutScale(n)
		return n, true, err
	}
	n.kind = KindBare
	if signed && sign < 0 {
		return n, true, ErrOutOfRange
	}
	switch {
	case value > 5 && value <= 10:
		n.max, n.scaleKnown = 10, true
	case value > 10 && value <= 100:
		n.max, n.scaleKnown = 100, true
	case value > 100:
		return n, true, ErrNotRating
	default:
		return n, true, ErrAmbiguous
	}
	return n, true, nil
}

// scaleRange reads the maximum of an "out of" notation: "10", "five", or a
// range with its minimum, "-4..+4" (also "-4 to +4").
func scaleRange(s string, i int) (lo, hi float64, end int, ok bool) {
	first, e, ok := signedNumber(s, i)
	if !ok {
		hi, e, ok = spelledInt(s, i)
		return 0, hi, e, ok && hi > 1
	}
	j := e
	switch {
	case strings.HasPrefix(s[j:], ".."):
		j += 2
	case hasWordFold(s, skipSpaces(s, j), "to"):
		j = skipSpaces(s, skipSpaces(s, j)+2)
	default:
		// Out of one is not a rating scale: "half of one star".
		return 0, first, e, first > 1
	}
	second, e2, ok := signedNumber(s, j)
	// A scale must rise to a positive top: "-1..0" rates nothing, and its
	// maximum would be 0.
	if !ok || second <= first || second <= 0 {
		return 0, 0, i, false
	}
	return first, second, e2, true
}

func signedNumber(s string, i int) (float64, int, bool) {
	sign := 1.0
	j := i
	if j < len(s) && (s[j] == '+' || s[j] == '-') {
		if s[j] == '-' {
			sign = -1
		}
		j++
	}
	v, e, ok := number(s, j)
	return sign * v, e, ok
}

// number reads an unsigned decimal: "4", "3.5", ".5". A dot is part of the
// number only when a digit follows it, so "3/4." ends before the full stop.
func number(s string, i int) (float64, int, bool) {
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j < len(s)-1 && s[j] == '.' && isDigit(s[j+1]) {
		j++
		for j < len(s) && isDigit(s[j]) {
			j++
		}
	}
	if j == i || j-i > 12 {
		return 0, i, false
	}
	v, err := strconv.ParseFloat(s[i:j], 64)
	if err != nil {
		return 0, i, false
	}
	return v, j, true
}

var numberWords = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}

// spelledInt reads "zero".."ten" as a whole word.
func spelledInt(s string, i int) (float64, int, bool) {
	for v, w := range numberWords {
		if hasWordFold(s, i, w) {
			return float64(v), i + len(w), true
		}
	}
	return 0, i, false
}

// spelledNumber reads "three", "three and a half", "three-and-a-half",
// "half a" / "a half" (as in "half a star").
func spelledNumber(s string, i int) (float64, int, bool) {
	for _, w := range []string{"half a", "a half", "one half", "one-half", "half"} {
		if hasWordFold(s, i, w) {
			return 0.5, i + len(w), true
		}
	}
	v, e, ok := spelledInt(s, i)
	if !ok {
		return 0, i, false
	}
	for _, half := range []string{" and a half", "-and-a-half", " and one half", " and 1/2", " & a half", "½", " ½"} {
		if hasFold(s, e, half) {
			return v + 0.5, e + len(half), true
		}
	}
	return v, e, true
}

// halfStarTail reads what makes a half into half a star: " star", " a
// star", " of a star", " of one star", " of a *".
func halfStarTail(s string, k int) (int, bool) {
	for _, w := range []string{" of a", " of one", " a"} {
		if hasWordFold(s, k, w) {
			k += len(w)
			break
		}
	}
	if e, ok := starsWord(s, k); ok {
		return e, true
	}
	if j := skipSpaces(s, k); j > k && j < len(s) && s[j] == '*' && (j+1 == len(s) || s[j+1] != '*') {
		return j + 1, true
	}
	return 0, false
}

// starsWord reads " stars", " star", "-star", "stars" after a count.
func starsWord(s string, i int) (int, bool) {
	j := i
	if j < len(s) && (s[j] == ' ' || s[j] == '-') {
		j++
	}
	for _, w := range []string{"stars", "star"} {
		if hasWordFold(s, j, w) {
			return j + len(w), true
		}
	}
	return i, false
}

// letterGrade reads A..F with an optional modifier: "B+", "B +", "C-plus",
// "A minus", "A−". "C=" (a shifted "+" or a slipped "-") is ErrAmbiguous.
func letterGrade(s string, text bool) (notation, bool, error) {
	c := s[0]
	if !text && c >= 'a' && c <= 'f' {
		c -= 'a' - 'A'
	}
	if c < 'A' || c > 'F' || c == 'E' {
		return notation{}, false, nil
	}
	if len(s) > 1 && (isLetter(s[1]) || isDigit(s[1])) {
		return notation{}, false, nil
	}
	n := notation{kind: KindLetter, min: 0, max: 100, scaleKnown: true, explicit: true, end: 1}
	modifier, end := byte(0), 1
	j := 1
	if j < len(s) && s[j] == ' ' {
		j++
	}
	spaced := j > 1
	switch {
	case strings.HasPrefix(s[j:], "+"):
		modifier, end = '+', j+1
	case strings.HasPrefix(s[j:], "="):
		n.end = j + 1
		return n, true, ErrAmbiguous
	case strings.HasPrefix(s[j:], "-"), strings.HasPrefix(s[j:], "−"), strings.HasPrefix(s[j:], "–"):
		_, size := utf8.DecodeRuneInString(s[j:])
		modifier, end = '-', j+size
		// "C-plus", "A-minus"
		if hasWordFold(s, end, "plus") {
			modifier, end = '+', end+len("plus")
		} else if hasWordFold(s, end, "minus") {
			end += len("minus")
		}
	case hasWordFold(s, j, "plus"):
		modifier, end = '+', j+len("plus")
	case hasWordFold(s, j, "minus"):
		modifier, end = '-', j+len("minus")
	}
	if modifier != 0 && end < len(s) && (isLetter(s[end]) || isDigit(s[end])) {
		if text {
			// "A-list", "B-movie": a compound word, not a grade.
			return notation{}, false, nil
		}
		modifier, end = 0, 1
	}
	if text && spaced && modifier == '-' && end < len(s) && s[end] == ' ' {
		// "B - a solid film": a dash that opens a clause, not a minus.
		modifier, end = 0, 1
	}
	n.end = end
	n.value = letterScore(c, modifier)
	return n, true, nil
}

// skipSpaces skips spaces, tabs and no-break spaces (which HTML &nbsp;
// leaves in scraped text).
func skipSpaces(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == ' ' || s[i] == '\t':
			i++
		case s[i] == 0xc2 && i+1 < len(s) && s[i+1] == 0xa0:
			i += 2
		default:
			return i
		}
	}
	return i
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// hasFold reports whether s[i:] starts with prefix, ASCII case-insensitively
// (prefix is lower case).
func hasFold(s string, i int, prefix string) bool {
	if i < 0 || len(s)-i < len(prefix) {
		return false
	}
	for k := 0; k < len(prefix); k++ {
		c := s[i+k]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[k] {
			return false
		}
	}
	return true
}

// hasWordFold is hasFold that also requires a word boundary after prefix.
func hasWordFold(s string, i int, prefix string) bool {
	if !hasFold(s, i, prefix) {
		return false
	}
	e := i + len(prefix)
	return e == len(s) || !(isLetter(s[e]) || isDigit(s[e]))
}

// FromSchema builds a rating from schema.org ratingValue, bestRating and
// worstRating. Absent bounds take schema.org's defaults, best 5 and worst 1,
// except that a value below 1 with no worstRating means the site counts from
// 0 (the default would reject a rating the site plainly gave), so worst is 0.
// Raw is written as "value/best" when the scale starts at 0, else
// "value (worst-best)".
func FromSchema(value float64, best, worst *float64) (review.Rating, error) {
	hi, lo := 5.0, 1.0
	if best != nil {
		hi = *best
	}
	switch {
	case worst != nil:
		lo = *worst
	case value >= 0 && value < 1:
		lo = 0
	}
	raw := fmt.Sprintf("%g/%g", value, hi)
	if lo != 0 {
		raw = fmt.Sprintf("%g (%g-%g)", value, lo, hi)
	}
	for _, v := range []float64{value, hi, lo} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return review.Rating{}, fmt.Errorf("schema rating %s: %w", raw, ErrNotRating)
		}
	}
	if !(hi > lo) {
		return review.Rating{}, fmt.Errorf("schema rating %s: best not above worst: %w", raw, ErrNotRating)
	}
	if value < lo || value > hi {
		return review.Rating{}, fmt.Errorf("schema rating %s: %w", raw, ErrOutOfRange)
	}
	return review.Rating{Raw: raw, Value: value, Max: hi, Score: score(value, lo, hi)}, nil
}
