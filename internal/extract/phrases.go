package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A sentence is read as words with their surrounding punctuation noted, so
// that title-cased phrases ("The Florida Project") can be found together
// with the context that says what they are: a possessive before them
// ("Baker’s Anora"), a hyphen suffix after them ("Uncut Gems-inspired"),
// a bracket after them ("Ani (Mikey Madison)").

// leadKind is what stands before a word: nothing, an opening bracket, or
// other punctuation (a quote). A byte rather than the string keeps the
// word small: a review has a thousand and more of them.
type leadKind uint8

const (
	leadNone leadKind = iota
	leadParen
	leadOther
)

type word struct {
	text       string   // the word without surrounding punctuation, possessive or hyphen suffix
	lead       leadKind // punctuation before the word
	trail      string   // punctuation after the word: ",", ".", "/", "—"
	suffix     string   // lowercase hyphen suffix: "esque" in "Cinderella-esque"
	possessive bool     // "Baker’s"
}

func (w word) capitalised() bool {
	r, _ := utf8.DecodeRuneInString(w.text)
	return unicode.IsUpper(r)
}

// breaksAfter reports whether a phrase cannot continue past w.
func (w word) breaksAfter() bool {
	return w.trail != "" || w.suffix != "" || w.possessive
}

// isLeadPunct and isTrailPunct are the punctuation a word may carry
// before and after it (a switch: strings.Trim with a non-ASCII cutset is
// slow, and this runs for every word).
func isLeadPunct(r rune) bool {
	switch r {
	case '"', '\'', '“', '‘', '(', '[', '{', '«', '*', '_':
		return true
	}
	return false
}

func isTrailPunct(r rune) bool {
	switch r {
	case '.', ',', ';', ':', '!', '?', ')', ']', '}', '"', '”', '»', '…', '*', '_':
		return true
	}
	return false
}

func splitWords(sentence string) []word {
	return appendSentenceWords(make([]word, 0, strings.Count(sentence, " ")+1), sentence)
}

// appendSentenceWords appends the words of sentence to words.
func appendSentenceWords(words []word, sentence string) []word {
	start := -1
	for i := 0; i < len(sentence); {
		c := sentence[i]
		size := 1
		space := c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
		if c >= utf8.RuneSelf {
			var r rune
			r, size = utf8.DecodeRuneInString(sentence[i:])
			space = unicode.IsSpace(r)
		}
		switch {
		case space && start >= 0:
			words = appendWords(words, sentence[start:i])
			start = -1
		case !space && start < 0:
			start = i
		}
		i += size
	}
	if start >= 0 {
		words = appendWords(words, sentence[start:])
	}
	return words
}

// appendWords splits a whitespace-delimited token further at slashes and
// dashes ("Woman/Cinderella-esque", "triumph—a") and appends its words.
func appendWords(words []word, raw string) []word {
	for raw != "" {
		cut := indexWordSeparator(raw)
		piece, sep := raw, ""
		if cut >= 0 {
			_, size := utf8.DecodeRuneInString(raw[cut:])
			piece, sep, raw = raw[:cut], raw[cut:cut+size], raw[cut+size:]
		} else {
			raw = ""
		}
		w := parseWord(piece)
		if sep != "" {
			w.trail += sep
		}
		if w.text == "" {
			if len(words) > 0 && w.trail != "" {
				words[len(words)-1].trail += w.trail
			}
			continue
		}
		words = append(words, w)
	}
	return words
}

func parseWord(s string) word {
	if isPlainWord(s) {
		return word{text: s}
	}
	var w word
	core := strings.TrimLeftFunc(s, isLeadPunct)
	if lead := s[:len(s)-len(core)]; lead != "" {
		w.lead = leadOther
		if strings.HasSuffix(lead, "(") {
			w.lead = leadParen
		}
	}
	for {
		trimmed := strings.TrimRightFunc(core, isTrailPunct)
		if strings.HasSuffix(trimmed, "’s") || strings.HasSuffix(trimmed, "'s") {
			w.possessive = true
			w.trail = core[len(trimmed):] + w.trail
			_, size := utf8.DecodeLastRuneInString(strings.TrimSuffix(trimmed, "s"))
			core = trimmed[:len(trimmed)-1-size]
			break
		}
		if strings.HasSuffix(trimmed, "’") || strings.HasSuffix(trimmed, "'") {
			// A closing single quote, or a plural possessive ("workers’").
			_, size := utf8.DecodeLastRuneInString(trimmed)
			w.trail = core[len(trimmed)-size:] + w.trail
			core = trimmed[:len(trimmed)-size]
			continue
		}
		w.trail = core[len(trimmed):] + w.trail
		core = trimmed
		break
	}
	if i := strings.IndexByte(core, '-'); i > 0 && i+1 < len(core) {
		r, _ := utf8.DecodeRuneInString(core[i+1:])
		first, _ := utf8.DecodeRuneInString(core)
		if unicode.IsLower(r) && unicode.IsUpper(first) {
			w.suffix = core[i+1:]
			core = strings.TrimRightFunc(core[:i], func(r rune) bool { return isTrailPunct(r) || r == '’' || r == '\'' })
		}
	}
	w.text = core
	return w
}

// phrase is a run of title-cased words in a sentence: words[start:end].
type phrase struct {
	text       string
	start, end int
}

// phraseConnectors may stand inside a title-cased phrase ("Fairytale of
// New York", "Romeo and Juliet") but never at its ends.
var phraseConnectors = map[string]bool{
	"of": true, "the": true, "and": true, "a": true, "an": true, "in": true, "on": true, "at": true, "to": true,
	"for": true, "from": true, "with": true, "de": true, "la": true, "le": true, "du": true, "von": true, "van": true, "&": true,
}

// sentenceOpeners are capitalised at the start of a sentence because they
// start it, not because they begin a name.
var sentenceOpeners = map[string]bool{
	"a": true, "an": true, "the": true, "in": true, "but": true, "yet": true, "and": true, "or": true, "so": true,
	"when": true, "while": true, "as": true, "once": true, "within": true, "for": true, "if": true, "this": true,
	"that": true, "these": true, "those": true, "it": true, "its": true, "it’s": true, "her": true, "his": true,
	"their": true, "after": true, "before": true, "even": true, "although": true, "though": true, "some": true,
	"one": true, "most": true, "known": true, "described": true, "by": true, "to": true, "nevertheless": true,
	"however": true, "still": true, "instead": true, "meanwhile": true, "here": true, "there": true, "with": true,
	"at": true, "on": true, "from": true, "of": true, "like": true, "unlike": true, "much": true, "despite": true,
	"since": true, "what": true, "who": true, "where": true, "why": true, "how": true, "we": true, "i": true,
	"you": true, "he": true, "she": true, "they": true, "my": true, "our": true, "your": true, "all": true,
	"every": true, "each": true, "no": true, "not": true, "only": true, "then": true, "now": true, "just": true,
	"also": true, "both": true, "either": true, "neither": true, "because": true, "until": true, "during": true,
	"under": true, "over": true, "through": true, "between": true, "among": true, "about": true, "against": true,
	"without": true, "into": true, "is": true, "was": true, "are": true, "were": true, "does": true, "did": true,
	"do": true, "can": true, "could": true, "should": true, "would": true, "will": true, "may": true, "might": true,
	"must": true, "has": true, "have": true, "had": true, "let": true, "hers": true, "ultimately": true,
	"sadly": true, "thankfully": true, "fortunately": true, "unfortunately": true, "overall": true, "again": true,
	"perhaps": true, "maybe": true, "indeed": true, "thus": true, "hence": true, "therefore": true, "besides": true,
	"plus": true, "first": true, "second": true, "finally": true, "last": true, "next": true, "soon": true,
	"later": true, "eventually": true, "together": true, "bold": true, "yes": true, "oh": true, "well": true,
}

// findPhrases returns the title-cased phrases of a sentence's words.
// Sentence-initial openers are dropped ("In Anora" → "Anora"), and so is a
// capitalised word that starts the sentence and is followed by a lowercase
// word, unless it is known to be part of a name elsewhere.
func findPhrases(words []word) []phrase {
	var phrases []phrase
	for i := 0; i < len(words); {
		if !words[i].capitalised() {
			i++
			continue
		}
		start := i
		end := i + 1
		for end-1 < len(words) && !words[end-1].breaksAfter() && end < len(words) {
			next := words[end]
			if next.lead != leadNone {
				break
			}
			if next.capitalised() || phraseConnectors[next.text] && end+1 < len(words) {
				end++
				continue
			}
			break
		}
		// Trim connectors at the end.
		for end > start && !words[end-1].capitalised() {
			end--
		}
		i = max(end, i+1)
		if start == 0 {
			for start < end && sentenceOpeners[strings.ToLower(words[start].text)] && !words[start].breaksAfter() {
				// "The" before more capitalised words is kept: it is how
				// titles start ("The Florida Project is…").
				if words[start].text == "The" && start+1 < end && words[start+1].capitalised() {
					break
				}
				start++
			}
			for start < end && !words[start].capitalised() {
				start++
			}
		}
		if start >= end {
			continue
		}
		phrases = append(phrases, phrase{text: joinWords(words[start:end]), start: start, end: end})
	}
	return phrases
}

func joinWords(words []word) string {
	if len(words) == 1 {
		return words[0].text
	}
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w.text)
	}
	return b.String()
}

// indexWordSeparator finds "/", "—" or "–" in a token; a byte loop,
// because strings.IndexAny is slow with non-ASCII sets and runs per word.
func indexWordSeparator(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '/':
			return i
		case 0xE2: // "—" is E2 80 94, "–" is E2 80 93
			if i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0x94 || s[i+2] == 0x93) {
				return i
			}
		}
	}
	return -1
}

// isPlainWord reports an ASCII word of letters and digits only, which
// parseWord can take as it is (most words of a review).
func isPlainWord(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
