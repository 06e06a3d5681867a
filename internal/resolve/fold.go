package resolve

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// foldSpecial maps letters that Unicode does not decompose into a base
// letter plus a combining mark, so that NFD alone would keep them apart from
// their usual ASCII spelling.
var foldSpecial = map[rune]string{
	'ß': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'ø': "o", 'Ø': "o",
	'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d", 'þ': "th",
	'Þ': "th", 'ı': "i", 'ħ': "h", 'ŋ': "ng",
}

// fold lowercases s and strips diacritics (Amélie → amelie, Łódź → lodz).
// Letters of scripts without an ASCII base stay as they are.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if rep, ok := foldSpecial[r]; ok {
			b.WriteString(rep)
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// isApostrophe reports the characters writers use for an apostrophe or a
// single quote; inside a word they join its parts (Keeper's → keepers).
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', '‘', 'ʼ', '`', '´', '′':
		return true
	}
	return false
}

// words splits folded text into lowercase alphanumeric words. Apostrophes
// inside a word are dropped rather than splitting it, "&" becomes "and" and
// every other non-alphanumeric character separates words.
func words(s string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for _, r := range fold(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur.WriteRune(r)
		case isApostrophe(r):
			// joined: nothing to write
		case r == '&' || r == '+':
			flush()
			out = append(out, "and")
		default:
			flush()
		}
	}
	flush()
	return out
}
