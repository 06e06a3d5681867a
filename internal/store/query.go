package store

import (
	"strings"
	"unicode"
)

// Term is one part of a search query. A review matches a query when it
// matches every term.
type Term struct {
	// Text is a word or, for a phrase, words separated by single spaces.
	// It holds at least one letter or digit and no control characters;
	// it may hold other punctuation, double quotes included, which
	// backends must escape and treat as separators.
	Text   string
	Phrase bool // the words must appear next to each other, in order
	Prefix bool // the (last) word may be the start of a longer word
}

// MaxQueryTerms caps the terms of a query; the rest are ignored.
const MaxQueryTerms = 32

// ParseQuery reads what a user typed into a search box. Words are
// required terms; "double quotes" make a phrase; a word ending in * is a
// prefix. Nothing else is syntax: operators (AND, OR, NOT, NEAR), column
// filters, parentheses and stray quotes are ordinary text, and pieces with
// no letter or digit are dropped, so any input gives a valid query (maybe
// an empty one).
func ParseQuery(q string) []Term {
	q = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.IsSpace(r) || r == unicode.ReplacementChar {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(q, " "))
	var terms []Term
	add := func(t Term) {
		if len(terms) < MaxQueryTerms && hasWordChar(t.Text) {
			terms = append(terms, t)
		}
	}
	for q != "" {
		q = strings.TrimLeft(q, " ")
		if q == "" {
			break
		}
		if rest, ok := strings.CutPrefix(q, `"`); ok {
			phrase, after, closed := strings.Cut(rest, `"`)
			if !closed {
				// A lone quote is text, not an unterminated phrase.
				q = rest
				continue
			}
			q = after
			words := strings.Fields(phrase)
			add(Term{Text: strings.Join(words, " "), Phrase: len(words) > 1})
			continue
		}
		word, rest, _ := strings.Cut(q, " ")
		q = rest
		prefix := strings.HasSuffix(word, "*")
		word = strings.TrimRight(word, "*")
		add(Term{Text: word, Prefix: prefix && hasWordChar(word)})
	}
	return terms
}

func hasWordChar(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) >= 0
}
