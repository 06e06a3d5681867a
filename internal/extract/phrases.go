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
	trail      string   // punctuation after the word: ",", ".", "/", "—"
	suffix     string   // lowercase hyphen suffix: "esque" in "Cinderella-esque"
	pos        int32    // byte offset of text in its sentence
	lead       leadKind // punctuation before the word
	possessive bool     // "Baker’s"
	upper      bool     // text starts with an upper-case letter
}

func (w word) capitalised() bool {
	return w.upper
}

func startsUpper(s string) bool {
	if s == "" {
		return false
	}
	if c := s[0]; c < utf8.RuneSelf {
		return c >= 'A' && c <= 'Z'
	}
	r, _ := utf8.DecodeRuneInString(s)
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

// Byte classes of the word scanner.
const (
	byteOther     = iota // ASCII punctuation and symbols
	byteSpace            // ASCII white space
	byteAlnum            // ASCII letter or digit
	byteSlash            // "/", which splits words
	byteMultibyte        // part of a multi-byte rune
)

var byteClass = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
			t[c] = byteSpace
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
			t[c] = byteAlnum
		case c == '/':
			t[c] = byteSlash
		case c >= utf8.RuneSelf:
			t[c] = byteMultibyte
		}
	}
	return t
}()

// appendSentenceWords appends the words of sentence to words. It runs
// over every byte of the body, so it reads each whitespace-delimited token
// once: a token of ASCII letters and digits (most of them) is a word as
// it is, and only the others go through appendWords.
func appendSentenceWords(words []word, sentence string) []word {
	n := len(sentence)
	for i := 0; i < n; {
		c := sentence[i]
		if cls := byteClass[c]; cls == byteSpace {
			i++
			continue
		} else if cls == byteMultibyte {
			if r, size := utf8.DecodeRuneInString(sentence[i:]); unicode.IsSpace(r) {
				i += size
				continue
			}
		}
		start := i
		plain, separators := true, false
		for i < n {
			c := sentence[i]
			cls := byteClass[c]
			if cls == byteAlnum {
				i++
				continue
			}
			if cls == byteSpace {
				break
			}
			plain = false
			if cls == byteMultibyte {
				r, size := utf8.DecodeRuneInString(sentence[i:])
				if unicode.IsSpace(r) {
					break
				}
				if c == 0xE2 && (r == '—' || r == '–') {
					separators = true
				}
				i += size
				continue
			}
			if cls == byteSlash {
				separators = true
			}
			i++
		}
		token := sentence[start:i]
		switch {
		case plain:
			words = append(words, word{text: token, pos: int32(start), upper: c >= 'A' && c <= 'Z'})
		case !separators:
			words = appendWord(words, parseWord(token), start)
		default:
			words = appendWords(words, token, start)
		}
	}
	return words
}

// appendWord appends w, parsed from the piece at offset in the sentence;
// a piece without text gives its trailing punctuation to the word before.
func appendWord(words []word, w word, offset int) []word {
	if w.text == "" {
		if len(words) > 0 && w.trail != "" {
			words[len(words)-1].trail += w.trail
		}
		return words
	}
	w.pos += int32(offset)
	return append(words, w)
}

// appendWords splits a whitespace-delimited token at offset in its
// sentence further at slashes and dashes ("Woman/Cinderella-esque",
// "triumph—a") and appends its words.
func appendWords(words []word, raw string, offset int) []word {
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
		words = appendWord(words, w, offset)
		offset += len(piece) + len(sep)
	}
	return words
}

// parseWord reads one piece of a token; pos in the word it returns is the
// offset of its text in s.
func parseWord(s string) word {
	if isPlainWord(s) {
		return word{text: s, upper: startsUpper(s)}
	}
	// Most other words are plain but for one ASCII mark before or after
	// them ("film,", "(Mikey"); the general case below costs several
	// passes.
	if len(s) >= 2 {
		var w word
		core := s
		switch c := core[0]; c {
		case '"', '\'', '(', '[', '{', '*', '_':
			w.lead, w.pos, core = leadOther, 1, core[1:]
			if c == '(' {
				w.lead = leadParen
			}
		}
		switch core[len(core)-1] {
		case '.', ',', ';', ':', '!', '?', ')', ']', '}', '"', '*', '_':
			w.trail, core = core[len(core)-1:], core[:len(core)-1]
		}
		if core != "" && len(core) < len(s) && isPlainWord(core) {
			w.text, w.upper = core, startsUpper(core)
			return w
		}
	}
	var w word
	core := strings.TrimLeftFunc(s, isLeadPunct)
	w.pos = int32(len(s) - len(core))
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
	w.upper = startsUpper(core)
	return w
}

// phrase is a run of title-cased words in a sentence: words[start:end].
type phrase struct {
	text       string
	start, end int
}

// Phrase connectors (isPhraseConnector) may stand inside a title-cased
// phrase ("Fairytale of New York", "Romeo and Juliet") but never at its
// ends.

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
func findPhrases(sentence string, words []word) []phrase {
	return appendPhrases(nil, sentence, words)
}

// appendPhrases appends the phrases findPhrases returns to phrases.
func appendPhrases(phrases []phrase, sentence string, words []word) []phrase {
	for i := 0; i < len(words); {
		if !words[i].upper {
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
			if next.upper || end+1 < len(words) && isPhraseConnector(next.text) {
				end++
				continue
			}
			break
		}
		// Trim connectors at the end.
		for end > start && !words[end-1].upper {
			end--
		}
		i = max(end, i+1)
		if start == 0 {
			for start < end && !words[start].breaksAfter() && inFoldedSet(sentenceOpeners, words[start].text) {
				// "The" before more capitalised words is kept: it is how
				// titles start ("The Florida Project is…").
				if words[start].text == "The" && start+1 < end && words[start+1].upper {
					break
				}
				start++
			}
			for start < end && !words[start].upper {
				start++
			}
		}
		if start >= end {
			continue
		}
		phrases = append(phrases, phrase{text: phraseText(sentence, words[start:end]), start: start, end: end})
	}
	return phrases
}

// phraseText is joinWords(words), sliced from the sentence when the words
// stand there separated by single spaces (almost always), so that a
// phrase costs no allocation.
func phraseText(sentence string, words []word) string {
	if len(words) == 1 {
		return words[0].text
	}
	for k := 0; k+1 < len(words); k++ {
		end := int(words[k].pos) + len(words[k].text)
		if int(words[k+1].pos) != end+1 || end >= len(sentence) || sentence[end] != ' ' {
			return joinWords(words)
		}
	}
	last := words[len(words)-1]
	text := sentence[words[0].pos : int(last.pos)+len(last.text)]
	return text
}

// isPhraseConnector is a switch rather than a map because it runs for
// most words after a capitalised one.
func isPhraseConnector(s string) bool {
	switch s {
	case "of", "the", "and", "a", "an", "in", "on", "at", "to", "for", "from", "with", "de", "la", "le", "du", "von", "van", "&":
		return true
	}
	return false
}

// inFoldedSet reports set[strings.ToLower(s)] for a set of lowercase
// keys, without allocating for ASCII words.
func inFoldedSet(set map[string]bool, s string) bool {
	var buf [24]byte
	if len(s) > len(buf) {
		return set[strings.ToLower(s)]
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return set[strings.ToLower(s)]
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return set[string(buf[:len(s)])]
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
