package store

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// FilmKey is the key that groups reviews into films: the normalised title
// (NormalizeTitle) and the year, as "title|year", or the title alone when
// the year is unknown (year <= 0). A review without a year joins the film
// of the same title that has a year when exactly one such film exists:
// knownYears are the years stated by the other reviews of that title
// (zeros and repeats are ignored). An empty title gives an empty key: the
// review belongs to no film.
//
// It is the only place the grouping rule lives; a resolver that knows
// about remakes and alternative titles will replace it.
func FilmKey(title string, year int, knownYears []int) string {
	t := NormalizeTitle(title)
	if t == "" {
		return ""
	}
	if year <= 0 {
		year = onlyYear(knownYears)
	}
	if year <= 0 {
		return t
	}
	return t + "|" + strconv.Itoa(year)
}

// onlyYear returns the one positive year in years, or 0 when there is
// none or more than one.
func onlyYear(years []int) int {
	only := 0
	for _, y := range years {
		switch {
		case y <= 0 || y == only:
		case only == 0:
			only = y
		default:
			return 0
		}
	}
	return only
}

// trailingArticle matches the catalogue form "Godfather, The".
var trailingArticle = regexp.MustCompile(`(?i),\s*(the|an|a)\s*$`)

// foldSpecial spells out letters that Unicode decomposition leaves alone.
var foldSpecial = strings.NewReplacer(
	"ß", "ss", "æ", "ae", "œ", "oe", "ø", "o", "ł", "l", "đ", "d", "ð", "d", "þ", "th", "ı", "i",
	"&", " and ",
)

// NormalizeTitle reduces a film title to the form reviews are grouped by:
// lower case, diacritics folded, apostrophes and dots dropped ("Schindler's"
// → "schindlers", "L.A." → "la"), other punctuation turned into spaces, "&"
// spelled "and", spaces collapsed, and a leading (or catalogue-style
// trailing) "the", "a" or "an" dropped when more words follow. A title made
// only of punctuation keeps it, so such a title still names a film.
func NormalizeTitle(title string) string {
	title = strings.ToValidUTF8(title, "")
	// "Quiet Harbour, The" is "The Quiet Harbour"; a title that is only
	// punctuation and the article (" ,A") keeps its article, or nothing
	// would be left of it.
	if m := trailingArticle.FindStringIndex(title); m != nil && strings.IndexFunc(title[:m[0]], isWordRune) >= 0 {
		title = title[:m[0]]
	}
	folded := foldSpecial.Replace(strings.ToLower(norm.NFKD.String(title)))
	var b strings.Builder
	space := false
	for _, r := range folded {
		switch {
		case unicode.Is(unicode.Mn, r):
			// combining mark left by decomposition: the diacritic
		case r == '\'' || r == '’' || r == '‘' || r == '`' || r == '´' || r == '.':
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		default:
			space = true
		}
	}
	out := b.String()
	if out == "" {
		return strings.Join(strings.Fields(strings.ToLower(title)), " ")
	}
	for _, article := range []string{"the ", "a ", "an "} {
		if rest, ok := strings.CutPrefix(out, article); ok {
			return rest
		}
	}
	return out
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }
