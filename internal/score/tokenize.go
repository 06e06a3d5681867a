package score

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one word of a text as the models see it. Negated is set for words
// inside a negation's scope ("not good": good is negated), so "good" and
// "not ... good" are different features.
type Token struct {
	Word    string
	Negated bool
}

// isNegator reports whether a word opens a negation scope that lasts until
// the next clause boundary. It is a switch, not a map, because it runs for
// every word of every review and needs no hashing.
func isNegator(w string) bool {
	switch w {
	case "not", "no", "never", "n't", "nothing", "nobody", "none", "neither", "nor", "nowhere",
		"hardly", "barely", "scarcely", "without", "cannot":
		return true
	}
	return false
}

// clitics are split off PTB-style ("it's" → "it", "'s") because the Stanford
// treebank is tokenised that way and Pang & Lee's data is not; splitting both
// the same way makes the datasets and real reviews share one vocabulary.
var clitics = []string{"n't", "'s", "'re", "'ve", "'ll", "'d", "'m"}

// markup is rewritten while lower-casing, before tokenising: line-break
// tags that survive in IMDB and scraped text separate clauses, the treebank
// escapes slashes and brackets, and typographic apostrophes are apostrophes.
// Every replacement is ASCII matched case-insensitively, so fold can match
// it in the original text (no rune outside ASCII lower-cases to one of
// these bytes).
var markup = [...]struct{ from, to string }{
	{"<br />", " . "}, {"<br/>", " . "}, {"<br>", " . "},
	{`\/`, "/"}, {"-lrb-", " ( "}, {"-rrb-", " ) "},
}

// fold returns text lower-cased as strings.ToLower does, with the markup
// rewritten as a strings.Replacer of the markup pairs (and "\u2019",
// "\u2018" to "'") would rewrite the lower-cased text. It is one pass and
// at most one allocation: tokenising is the scorer's hottest loop, and
// lower-casing, searching for markup and replacing it used to be three.
func fold(text string) string {
	i := 0
	for i < len(text) && foldKeeps(text[i]) {
		i++
	}
	if i == len(text) {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	// Bytes that stay as they are (most of them) are copied in runs.
	for run := 0; ; {
		for i < len(text) && foldKeeps(text[i]) {
			i++
		}
		b.WriteString(text[run:i])
		if i == len(text) {
			return b.String()
		}
		c := text[i]
		switch {
		case 'A' <= c && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
			i++
		case c < utf8.RuneSelf: // '<', '\\' or '-'
			n, to := markupAt(text[i:])
			if n == 0 {
				n, to = 1, text[i:i+1]
			}
			b.WriteString(to)
			i += n
		default:
			r, size := utf8.DecodeRuneInString(text[i:])
			switch r {
			case '\u2019', '\u2018':
				b.WriteByte('\'')
			default:
				// Invalid bytes decode as utf8.RuneError and are written
				// as U+FFFD, as strings.ToLower writes them.
				b.WriteRune(unicode.ToLower(r))
			}
			i += size
		}
		run = i
	}
}

// foldKeeps reports whether fold writes c as it is, whatever follows it.
func foldKeeps(c byte) bool {
	return c < utf8.RuneSelf && !('A' <= c && c <= 'Z') && c != '<' && c != '\\' && c != '-'
}

// markupAt returns the length of the markup that s starts with, ignoring
// ASCII case, and its replacement; n is 0 when there is none.
func markupAt(s string) (n int, to string) {
	for _, m := range markup {
		if len(s) >= len(m.from) && equalFoldASCII(s[:len(m.from)], m.from) {
			return len(m.from), m.to
		}
	}
	return 0, ""
}

// equalFoldASCII reports whether s lower-cased is lower, which is ASCII.
func equalFoldASCII(s, lower string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// Tokenize lowercases text, splits it into words, splits clitics, keeps "!"
// and "?" as words (they carry sentiment) and marks words in a negation's
// scope. Invalid UTF-8 is skipped rather than rejected: outside text is
// messy and a few lost bytes do not change a review's polarity.
func Tokenize(text string) []Token {
	return appendTokens(nil, text)
}

// appendTokens is Tokenize appending to dst. Words are substrings of one
// folded copy of text, so it allocates once per call, not per word.
func appendTokens(dst []Token, text string) []Token {
	lower := fold(text)
	negated := false
	start := -1      // start of the current word in lower, or -1
	apostrophe := -1 // where the current word's last apostrophe is, or -1
	emit := func(end int) {
		if start < 0 {
			return
		}
		w := lower[start:end]
		start = -1
		stem, clitic := w, ""
		if apostrophe >= 0 {
			apostrophe = -1
			if w = strings.Trim(w, "'"); w == "" {
				return
			}
			stem, clitic = splitClitics(w)
		}
		for _, part := range [2]string{stem, clitic} {
			if part == "" {
				continue
			}
			dst = append(dst, Token{Word: part, Negated: negated})
			if isNegator(part) {
				negated = true
			}
		}
	}
	for i := 0; i < len(lower); {
		c := lower[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
				if start < 0 {
					start = i
				}
			case c == '\'':
				if start < 0 {
					start = i
				}
				apostrophe = i
			case c == '-' && start >= 0 && i+1 < len(lower) && isWordByte(lower[i+1]):
				// Hyphenated compounds ("well-made") stay one word.
			case c == '!' || c == '?':
				emit(i)
				dst = append(dst, Token{Word: lower[i : i+1]})
				negated = false
			case c == '.' || c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == '\n' || c == '"' || c == '[' || c == ']':
				emit(i)
				negated = false
			default:
				emit(i)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(lower[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
		} else {
			// Invalid bytes and non-word runes (dashes, quotes) end a word.
			emit(i)
		}
		i += size
	}
	emit(len(lower))
	return dst
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b >= utf8.RuneSelf
}

// splitClitics splits a word PTB-style: "doesn't" → "does", "n't"; "it's"
// → "it", "'s". Other apostrophes inside a word are dropped ("rock'n'roll").
func splitClitics(w string) (stem, clitic string) {
	if strings.IndexByte(w, '\'') < 0 {
		return w, ""
	}
	switch w {
	case "can't":
		return "can", "n't"
	case "won't":
		return "will", "n't"
	}
	for _, c := range clitics {
		if w == c {
			return "", c
		}
		if strings.HasSuffix(w, c) {
			return strings.TrimRight(w[:len(w)-len(c)], "'"), c
		}
	}
	return strings.ReplaceAll(w, "'", ""), ""
}
