package extract

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/neurosnap/sentences"
	"github.com/neurosnap/sentences/data"
)

// Sentence splitting. The Punkt tokenizer of github.com/neurosnap/sentences
// takes about 0.9 ms for a 9 KB review (it builds and annotates a token
// object per word in several passes), twice the whole per-review budget of
// this stage. Review prose is edited text whose sentence ends are almost
// always "terminator, space, capital"; what Punkt adds is knowing which
// words before a period are abbreviations and which words after one start
// sentences. splitSentences keeps exactly that knowledge, read from Punkt's
// English training data, and applies it in one pass over each paragraph.

var (
	punktOnce     sync.Once
	abbreviations map[string]bool // lowercase, without the final period
	sentStarters  map[string]bool // lowercase words that usually start a sentence
)

// extraAbbreviations are abbreviations common in reviews that the news
// corpus Punkt was trained on lacks or learned differently.
var extraAbbreviations = []string{
	"mr", "mrs", "ms", "dr", "st", "vs", "jr", "sr", "sgt", "gov", "no", "mt", "ft", "prof", "vol", "approx", "dir", "feat", "ca",
}

func loadPunkt() {
	abbreviations = make(map[string]bool)
	sentStarters = make(map[string]bool)
	for _, a := range extraAbbreviations {
		abbreviations[a] = true
	}
	raw, err := data.Asset("data/english.json")
	if err != nil {
		return // the extra list alone still splits correctly in the common case
	}
	training, err := sentences.LoadTraining(raw)
	if err != nil {
		return
	}
	for a := range training.AbbrevTypes {
		abbreviations[a] = true
	}
	for s := range training.SentStarters {
		sentStarters[s] = true
	}
}

// mayEndSentence marks the bytes that start a terminator: ".", "!", "?"
// and the first byte of "…".
var mayEndSentence = [256]bool{'.': true, '!': true, '?': true, 0xE2: true}

// splitSentences splits one paragraph (no newlines) into sentences.
func splitSentences(paragraph string, out []string) []string {
	punktOnce.Do(loadPunkt)
	start := 0
	n := len(paragraph)
	for i := 0; i < n; i++ {
		for i < n && !mayEndSentence[paragraph[i]] {
			i++
		}
		if i == n {
			break
		}
		c := paragraph[i]
		var end int // index just after the terminator and any closers
		switch {
		case c == '.' || c == '!' || c == '?':
			end = i + 1
		case c == 0xE2 && strings.HasPrefix(paragraph[i:], "…"):
			end = i + len("…")
		default:
			continue
		}
		// Runs of terminators ("?!", "...") end together.
		for end < n && (paragraph[end] == '.' || paragraph[end] == '!' || paragraph[end] == '?') {
			end++
		}
		termEnd := end
		end = skipClosers(paragraph, end)
		if end >= n {
			break
		}
		if !isSpaceAt(paragraph, end) {
			i = end - 1
			continue
		}
		next := skipSpaces(paragraph, end)
		if next >= n {
			break
		}
		if isBoundary(paragraph[start:termEnd], c, paragraph[next:]) {
			if s := strings.TrimSpace(paragraph[start:end]); s != "" {
				out = append(out, s)
			}
			start = next
		}
		i = next - 1
	}
	if s := strings.TrimSpace(paragraph[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

// isBoundary decides whether the terminator c ending before (the text of
// the sentence so far, terminator included) ends a sentence, given the
// text after the following space.
func isBoundary(before string, c byte, after string) bool {
	first, _ := utf8.DecodeRuneInString(after)
	startsLikeSentence := unicode.IsUpper(first) || unicode.IsDigit(first) ||
		strings.ContainsRune("\"'“‘([¿¡_*", first)
	if !startsLikeSentence {
		return false
	}
	if c != '.' || strings.HasSuffix(before, "...") {
		return true
	}
	word := lastWord(before)
	word = strings.TrimSuffix(word, ".")
	if word == "" {
		return true
	}
	lower := strings.ToLower(word)
	wordRune, _ := utf8.DecodeRuneInString(word)
	isInitial := utf8.RuneCountInString(word) == 1 && unicode.IsUpper(wordRune)
	isAbbreviation := abbreviations[lower] || isInitial || strings.Contains(word, ".")
	if !isAbbreviation {
		return true
	}
	// After an abbreviation or initial, only a word that usually starts
	// sentences ("The", "But", "He") starts one.
	return sentStarters[strings.ToLower(firstWord(after))]
}

func skipClosers(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !strings.ContainsRune("\"')]’”»", r) {
			return i
		}
		i += size
	}
	return i
}

func isSpaceAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r)
}

func skipSpaces(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			return i
		}
		i += size
	}
	return i
}

// lastWord returns the last space-separated word of s with leading
// quotes and brackets removed.
func lastWord(s string) string {
	i := strings.LastIndexFunc(s, unicode.IsSpace)
	w := s[i+1:]
	return strings.TrimLeft(w, "\"'([“‘")
}

func firstWord(s string) string {
	if i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }); i >= 0 {
		return s[:i]
	}
	return s
}
