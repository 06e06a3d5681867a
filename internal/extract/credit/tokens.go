package credit

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokenKind uint8

const (
	kindWord tokenKind = iota
	kindPunct
)

// token is a word or a single punctuation rune of a sentence. A word's
// possessive ending ("'s", "’s", or the bare apostrophe of "Douglass'") is
// not part of its span; poss records that it was there, because a name that
// ends in a possessive cannot continue.
type token struct {
	text       string // the word as written, without the possessive ending
	low        string // text in lower case, for the lexicons
	start, end int    // byte span of text in the sentence
	kind       tokenKind
	poss       bool
	// capital, lowerStart and person are what isCapitalised, isLowerWord
	// and isPersonWord report, worked out once: the readings ask them of
	// the same words many times over.
	capital, lowerStart, person bool
}

// appendWord appends the word token for s[start:end]. It fills the token
// in place: tokens are large, and copying each one twice showed in profiles.
func appendWord(dst []token, s string, start, end int, poss bool) []token {
	dst = append(dst, token{})
	t := &dst[len(dst)-1]
	text := s[start:end]
	t.text, t.low, t.start, t.end, t.kind, t.poss = text, text, start, end, kindWord, poss
	for k := 0; k < len(text); k++ {
		// Most words are lower case already and need no copy.
		if c := text[k]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			t.low = strings.ToLower(text)
			break
		}
	}
	if c := text[0]; c < utf8.RuneSelf {
		t.capital, t.lowerStart = 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z'
	} else {
		r, _ := utf8.DecodeRuneInString(text)
		t.capital = unicode.IsUpper(r) || unicode.IsTitle(r) || unicode.IsLetter(r) && !unicode.IsLower(r)
		t.lowerStart = unicode.IsLower(r)
	}
	t.person = t.capital && readsAsPersonWord(*t)
	return dst
}

// tokenize splits a sentence into words and punctuation, appending them to
// dst. Hyphens and apostrophes inside words stay in the word (O'Brien,
// Jean-Luc), initials and a few abbreviations keep their period ("J.",
// "Dr.") so that a name can be read through them.
func tokenize(dst []token, s string) []token {
	i := 0
	for i < len(s) {
		r, w := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, w = utf8.DecodeRuneInString(s[i:])
		}
		if isSpace(r) {
			i += w
			continue
		}
		if !isWordRune(r) {
			dst = append(dst, token{text: s[i : i+w], low: s[i : i+w], start: i, end: i + w, kind: kindPunct})
			i += w
			continue
		}
		start := i
		j := i + w
		end := -1 // set when a bare possessive apostrophe ends the word
	word:
		for j < len(s) {
			r2, w2 := rune(s[j]), 1
			if r2 >= utf8.RuneSelf {
				r2, w2 = utf8.DecodeRuneInString(s[j:])
			}
			switch {
			case isWordRune(r2):
				j += w2
			case r2 == '-' || r2 == '‐':
				r3, _ := utf8.DecodeRuneInString(s[j+w2:])
				if j+w2 >= len(s) || !isWordRune(r3) {
					break word
				}
				j += w2
			case r2 == '\'' || r2 == '’':
				r3, _ := utf8.DecodeRuneInString(s[j+w2:])
				if j+w2 < len(s) && unicode.IsLetter(r3) {
					j += w2
					continue
				}
				if c := s[j-1]; c == 's' || c == 'S' {
					// "Douglass' character": a bare possessive apostrophe.
					end = j
					j += w2
				}
				break word
			case r2 == '.':
				r3, _ := utf8.DecodeRuneInString(s[j+1:])
				if j+1 < len(s) && unicode.IsLetter(r3) && isInitial(s[start:j]) {
					// An acronym written with periods: "U.S.", "M.D."
					j++
					continue
				}
				if isInitial(s[start:j]) || abbreviations[s[start:j]] || isDottedInitials(s[start:j]+".") {
					j++
				}
				break word
			default:
				break word
			}
		}
		poss := end >= 0
		if !poss {
			end = j
			text := s[start:j]
			if n := len(text); n > 2 && (strings.HasSuffix(text, "'s") || strings.HasSuffix(text, "'S")) {
				end -= 2
				poss = true
			} else if n > 4 && strings.HasSuffix(text, "’s") {
				end -= 4
				poss = true
			}
		}
		// Words are lower-cased one by one: most need no copy, and
		// lower-casing whole sentences was a tenth of the pipeline.
		dst = appendWord(dst, s, start, end, poss)
		i = j
	}
	return dst
}

// isWordRune is small enough to be inlined into the tokeniser's loop; only
// runes outside ASCII pay for a call.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWord[r]
	}
	return isWordRuneOutsideASCII(r)
}

var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

func isWordRuneOutsideASCII(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || '\t' <= r && r <= '\r'
	}
	return unicode.IsSpace(r)
}

// isInitial reports whether w is one capital letter, as in "J. K. Rowling".
func isInitial(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	return n == len(w) && unicode.IsUpper(r)
}

// abbreviations keep their period so that "Dr. Hale" and "Cal Brody Jr."
// stay one name.
var abbreviations = map[string]bool{
	"Dr": true, "Mr": true, "Mrs": true, "Ms": true, "St": true, "Jr": true, "Sr": true,
	"Prof": true, "Capt": true, "Lt": true, "Sgt": true, "Col": true, "Gen": true,
	"Rev": true, "Det": true, "Insp": true, "Mme": true, "Mlle": true,
}

// isCapitalised reports whether a word starts with an upper-case letter, or
// with a letter of a script that has no case (a Japanese or Arabic name).
// isCapitalised reports whether t is a word that starts with a capital
// (or a letter without case).
func isCapitalised(t token) bool { return t.capital }

// isLowerWord reports whether t is a word that starts with a lower-case
// letter.
func isLowerWord(t token) bool { return t.lowerStart }

// is reports whether t is the word w (given in lower case), compared
// case-insensitively.
func (t token) is(w string) bool {
	return t.kind == kindWord && t.low == w
}

func (t token) lower() string { return t.low }

// hasDigitOrAllCaps marks "UK", "FBI", "35mm": never part of a person's name.
func hasDigitOrAllCaps(w string) bool {
	upper, letters := 0, 0
	for _, r := range w {
		if unicode.IsDigit(r) {
			return true
		}
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return letters >= 2 && upper == letters
}

func isOpenQuote(t token) bool {
	return t.kind == kindPunct && (t.text == "“" || t.text == "\"" || t.text == "‘" || t.text == "«")
}

func isCloseQuote(t token) bool {
	return t.kind == kindPunct && (t.text == "”" || t.text == "\"" || t.text == "’" || t.text == "»")
}
