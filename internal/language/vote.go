package language

import (
	"strings"
	"unicode"
)

// Lingua costs about 150 µs per call plus 0.6 µs per character of sample
// (its per-word alphabet rules and its arbitrary-precision exponentials
// dominate), which alone is several times the per-review budget of the
// extract stage. Running text in one language is easy to recognise by its
// function words, so a vote on them decides the clear cases in a few
// microseconds and lingua judges the rest: short text, mixed text, and
// closely related languages that the vote cannot separate.

// functionWords are frequent words of each candidate language. Words shared
// between candidates ("de", "que", "in") vote for each of them; the vote
// only decides when one language leads by a wide margin.
var functionWords = map[string][]string{
	"en": {"the", "and", "of", "to", "is", "in", "that", "it", "with", "for", "as", "his", "her", "but", "this", "on", "are", "was", "by", "from", "an", "be", "who", "not", "have", "has", "they", "their", "what", "which"},
	"es": {"el", "la", "los", "las", "de", "que", "y", "en", "es", "por", "con", "una", "del", "se", "su", "al", "lo", "como", "más", "pero", "sus", "le", "ya", "o", "fue", "este", "ha", "sí", "porque", "esta"},
	"pt": {"o", "os", "as", "e", "do", "da", "dos", "das", "em", "um", "uma", "não", "é", "com", "para", "na", "ao", "mais", "mas", "que", "de", "se", "seu", "sua", "ou", "quando", "muito", "nos", "já", "foi"},
	"fr": {"le", "la", "les", "de", "des", "et", "est", "un", "une", "du", "en", "que", "qui", "dans", "pour", "pas", "sur", "au", "avec", "il", "elle", "ce", "son", "sa", "ne", "se", "plus", "mais", "nous", "aux"},
	"de": {"der", "die", "das", "und", "ist", "nicht", "ein", "eine", "zu", "den", "von", "mit", "sich", "des", "auf", "für", "im", "dem", "auch", "es", "an", "als", "wie", "aus", "sie", "er", "nach", "bei", "einen", "wird"},
	"it": {"il", "di", "che", "e", "la", "un", "una", "per", "non", "è", "in", "del", "della", "con", "si", "le", "lo", "gli", "da", "al", "ma", "come", "più", "sono", "anche", "nel", "alla", "dei", "questo", "suo"},
	"nl": {"de", "het", "een", "en", "van", "is", "dat", "niet", "op", "te", "zijn", "met", "voor", "hij", "ze", "die", "maar", "ook", "als", "aan", "er", "om", "bij", "nog", "door", "naar", "dan", "wel", "wordt", "haar"},
	"ru": {"и", "в", "не", "на", "что", "с", "он", "как", "это", "по", "но", "она", "к", "его", "из", "за", "у", "то", "так", "же", "от", "все", "для", "был", "о", "её", "только", "бы", "мы", "они"},
}

var votersByWord = func() map[string][]string {
	voters := make(map[string][]string)
	for code, words := range functionWords {
		for _, w := range words {
			voters[w] = append(voters[w], code)
		}
	}
	return voters
}()

// Thresholds of a decisive vote: enough words to count, function words a
// normal share of them, and the leader far ahead of the runner-up.
const (
	voteMinimumWords    = 40
	voteMinimumShare    = 0.2
	voteMinimumLeadRate = 4.0
)

// functionWordVote returns the language whose function words dominate the
// sample, with the leader's share of all votes cast as confidence, or
// ok=false when the vote is not decisive.
func functionWordVote(sample string) (code string, confidence float64, ok bool) {
	votes := make(map[string]int, len(functionWords))
	words := 0
	start := -1
	count := func(word string) {
		words++
		if !isLower(word) {
			word = strings.ToLower(word)
		}
		for _, lang := range votersByWord[word] {
			votes[lang]++
		}
	}
	for i, r := range sample {
		letter := unicode.IsLetter(r)
		switch {
		case letter && start < 0:
			start = i
		case !letter && start >= 0:
			count(sample[start:i])
			start = -1
		}
	}
	if start >= 0 {
		count(sample[start:])
	}
	if words < voteMinimumWords {
		return "", 0, false
	}
	var leader string
	var first, second, total int
	for lang, n := range votes {
		total += n
		switch {
		case n > first || n == first && lang < leader:
			second = first
			first, leader = n, lang
		case n > second:
			second = n
		}
	}
	if float64(first) < voteMinimumShare*float64(words) || float64(first) < voteMinimumLeadRate*float64(second) {
		return "", 0, false
	}
	return leader, float64(first) / float64(total), true
}

func isLower(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return false
		}
	}
	return true
}
