package aggregate

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/marquee-film/marquee/internal/review"
)

// Quote is a pull quote: one sentence of one review.
type Quote struct {
	Text        string  `json:"text"`
	ReviewID    int64   `json:"review_id"`
	Author      string  `json:"author,omitempty"`
	Publication string  `json:"publication,omitempty"`
	Polarity    float64 `json:"polarity"`
}

// Sentence lengths, in characters, that read well alone.
const (
	consensusMinChars = 60
	consensusMaxChars = 220
	quoteMinChars     = 30
	quoteMaxChars     = 200
	consensusSize     = 3
	quoteCount        = 3
	// minPolarity is how clearly a consensus sentence must lean the
	// majority's way; below it a sentence is description, not judgement.
	minPolarity = 0.2
)

// candidate is a sentence of a review with what selection needs to know.
type candidate struct {
	review   int // index into the film's reviews
	order    int // position in the review
	text     string
	polarity float64
	// relevant: names the film, its director or an aspect of the film.
	relevant bool
	// plot: names a character, so it likely tells the story rather than
	// judge the film.
	plot bool
	// standalone: reads without the sentence before it (no pronoun or
	// conjunction opening, no first person, not a question).
	standalone bool
	chars      int
	opener     string // first word, lowercased
}

// firstPerson words make a sentence the critic's story, not a verdict.
var firstPerson = map[string]bool{"i": true, "me": true, "my": true, "mine": true, "myself": true, "i'm": true, "i'd": true, "i've": true, "i'll": true}

// dependentStarters open sentences that lean on the one before.
var dependentStarters = map[string]bool{
	"but": true, "and": true, "or": true, "so": true, "yet": true, "however": true, "instead": true, "still": true,
	"this": true, "that": true, "these": true, "those": true, "it": true, "it's": true, "he": true, "she": true,
	"they": true, "his": true, "her": true, "hers": true, "their": true, "its": true, "there": true, "here": true,
	"then": true, "also": true, "even": true, "nevertheless": true, "nonetheless": true, "meanwhile": true,
	"which": true, "while": true, "both": true, "such": true,
}

// body is one review's body read once: its sentences' tokens and spoiler
// flags, and where each sentence text stands.
type body struct {
	tokens []tokens
	flags  []bool
	at     map[string]int // text → index; a flagged copy wins
}

func readBody(r *review.Review, names characterSet) body {
	b := body{tokens: make([]tokens, len(r.Body)), at: make(map[string]int, len(r.Body))}
	for i, s := range r.Body {
		b.tokens[i] = tokenize(s)
	}
	b.flags = spoilerFlagsOf(b.tokens, hasSpoilerWarning(r), names)
	for i, s := range r.Body {
		if k, ok := b.at[s]; !ok || (!b.flags[k] && b.flags[i]) {
			b.at[s] = i
		}
	}
	return b
}

// candidates lists the spoiler-free sentences with a polarity, from each
// review's SentenceScores (or its Evidence when a stored review has no
// sentence scores). Spoiler flags come from the review's body; a scored
// sentence that is not found in the body is kept only when it passes the
// context-free test with the warned bar and, in a review with a warning,
// names no character.
func candidates(reviews []*review.Review, bodies []body, film filmWords) []candidate {
	var out []candidate
	for i, r := range reviews {
		b := bodies[i]
		warned := hasSpoilerWarning(r)
		add := func(order int, text string, polarity float64, aspects []string) {
			var t tokens
			if k, ok := b.at[text]; ok {
				if b.flags[k] {
					return
				}
				t = b.tokens[k]
			} else {
				t = tokenize(text)
				if IsSpoilerSentence(text, true) || (warned && t.mentions(characterSet{own: film.characters})) {
					return
				}
			}
			if !finite(polarity) {
				return
			}
			trimmed := strings.TrimSpace(text)
			c := candidate{review: i, order: order, text: trimmed, polarity: polarity, chars: utf8.RuneCountInString(trimmed)}
			if len(t.words) > 0 {
				c.opener = t.words[0]
			}
			c.relevant = film.named(t.words)
			c.plot = t.mentions(characterSet{own: film.characters})
			for _, a := range aspects {
				if a != aspectOther {
					c.relevant = true
				}
			}
			c.standalone = len(t.words) > 0 && !dependentStarters[c.opener] && !strings.HasSuffix(c.text, "?")
			pronoun := false
			for _, w := range t.words {
				if firstPerson[w] {
					c.standalone = false
				}
				pronoun = pronoun || personPronouns[w]
			}
			// "she won" needs to say who she is.
			if pronoun && !film.namesPerson(t.words) {
				c.standalone = false
			}
			out = append(out, c)
		}
		if len(r.SentenceScores) > 0 {
			for k, s := range r.SentenceScores {
				add(k, s.Text, s.Polarity, s.Aspects)
			}
			continue
		}
		for k, e := range r.Evidence {
			add(k, e.Text, e.Polarity, nil)
		}
	}
	return out
}

// personPronouns refer to a person the sentence may not name.
var personPronouns = map[string]bool{"he": true, "she": true, "him": true, "her": true, "his": true, "hers": true, "he's": true, "she's": true}

// filmWords is what names the film in a sentence.
type filmWords struct {
	title      []string // lowercased words of the title
	director   string   // lowercased surname
	characters map[string]bool
	// people are the lowercased surnames of the credited people.
	people map[string]bool
}

func (f filmWords) namesPerson(words []string) bool {
	for _, w := range words {
		if f.people[w] || (f.director != "" && w == f.director) {
			return true
		}
	}
	return false
}

func (f filmWords) named(words []string) bool {
	if len(f.title) > 0 {
		for i := 0; i+len(f.title) <= len(words); i++ {
			if slices.Equal(words[i:i+len(f.title)], f.title) {
				return true
			}
		}
	}
	return f.director != "" && slices.Contains(words, f.director)
}

// majorityVerdict is the verdict most scored reviews have; a tie is mixed,
// as is a film with no scored review.
func majorityVerdict(c Counts) string {
	switch {
	case c.Positive > c.Mixed && c.Positive > c.Negative:
		return Positive
	case c.Negative > c.Mixed && c.Negative > c.Positive:
		return Negative
	}
	return Mixed
}

// leansWith reports whether a polarity supports the verdict (for mixed:
// either side, clearly).
func leansWith(polarity float64, verdict string) bool {
	switch verdict {
	case Positive:
		return polarity >= minPolarity
	case Negative:
		return polarity <= -minPolarity
	}
	return math.Abs(polarity) >= minPolarity
}

// selectConsensus picks up to three sentences that say what most critics
// say. A sentence qualifies when it is spoiler-free, names no character
// (plot detail), reads alone (no first person, no opening pronoun or
// conjunction, no he/she without a credited name, not a question), is
// 60-220 characters long, names the film, its director or an aspect, and
// leans the majority's way by at least minPolarity; sentences from
// reviews with the majority verdict come first (any review when none
// qualify). For a positive or negative majority the strongest such
// sentences win; for a mixed one the strongest praise and the strongest
// complaint alternate. No two come from the same review, and no text
// twice (syndicated reviews).
func selectConsensus(cands []candidate, verdicts []string, majority string) []candidate {
	pool := slices.DeleteFunc(slices.Clone(cands), func(c candidate) bool {
		return !c.standalone || !c.relevant || c.plot || c.chars < consensusMinChars || c.chars > consensusMaxChars ||
			!leansWith(c.polarity, majority)
	})
	fromMajority := slices.DeleteFunc(slices.Clone(pool), func(c candidate) bool { return verdicts[c.review] != majority })
	if len(fromMajority) > 0 {
		pool = fromMajority
	}
	sortByStrength(pool, majority)
	if majority != Mixed {
		return pickDistinct(pool, consensusSize)
	}
	var praise, complaint []candidate
	for _, c := range pool {
		if c.polarity > 0 {
			praise = append(praise, c)
		} else {
			complaint = append(complaint, c)
		}
	}
	var out []candidate
	usedReview, usedText := map[int]bool{}, map[string]bool{}
	for len(out) < consensusSize {
		added := false
		for _, side := range [][]candidate{praise, complaint} {
			if len(out) == consensusSize {
				break
			}
			if c, ok := firstUnused(side, usedReview, usedText); ok {
				out = append(out, c)
				usedReview[c.review], usedText[c.text] = true, true
				added = true
			}
		}
		if !added {
			break
		}
	}
	return out
}

// selectQuotes picks three pull quotes from three reviews: each review's
// strongest spoiler-free sentence in the direction of its own verdict
// (either direction for a mixed review), 30-200 characters, not opening
// with a conjunction, not a question, and not already in the consensus.
// Reviews with the majority verdict come first, strongest quote first;
// when a review disagrees with the majority, the last slot goes to the
// strongest dissent, so the quotes do not pretend the critics agree.
func selectQuotes(cands []candidate, verdicts []string, majority string, used map[string]bool) []candidate {
	best := map[int]candidate{}
	for _, c := range cands {
		if used[c.text] || c.chars < quoteMinChars || c.chars > quoteMaxChars || strings.HasSuffix(c.text, "?") {
			continue
		}
		if c.opener == "" || conjunctionStarters[c.opener] {
			continue
		}
		// An unscored review (no verdict) offers its clearest sentence either way.
		v := verdicts[c.review]
		if !leansWith(c.polarity, v) {
			continue
		}
		if b, ok := best[c.review]; !ok || strength(c, v) > strength(b, v) {
			best[c.review] = c
		}
	}
	var agree, dissent []candidate
	for _, c := range best {
		if verdicts[c.review] == majority {
			agree = append(agree, c)
		} else {
			dissent = append(dissent, c)
		}
	}
	byStrength := func(list []candidate) {
		slices.SortFunc(list, func(a, b candidate) int {
			sa, sb := math.Abs(a.polarity), math.Abs(b.polarity)
			switch {
			case sa > sb:
				return -1
			case sa < sb:
				return 1
			}
			return a.review - b.review
		})
	}
	byStrength(agree)
	byStrength(dissent)
	usedText := map[string]bool{}
	var out []candidate
	take := func(list []candidate, n int) {
		for _, c := range list {
			if len(out) == n {
				return
			}
			if !usedText[c.text] {
				out = append(out, c)
				usedText[c.text] = true
			}
		}
	}
	slots := quoteCount
	if len(dissent) > 0 {
		slots--
	}
	take(agree, slots)
	take(dissent, quoteCount)
	take(agree, quoteCount)
	return out
}

var conjunctionStarters = map[string]bool{"but": true, "and": true, "or": true, "so": true, "yet": true, "however": true, "instead": true, "nevertheless": true}

// strength orders sentences by how strongly they support verdict; a
// sentence naming the film or an aspect gets a small bonus, reading order
// breaks ties.
func strength(c candidate, verdict string) float64 {
	s := c.polarity
	switch verdict {
	case Negative:
		s = -s
	case Mixed, "":
		s = math.Abs(s)
	}
	if c.relevant {
		s += 0.05
	}
	return s
}

func sortByStrength(list []candidate, verdict string) {
	slices.SortStableFunc(list, func(a, b candidate) int {
		sa, sb := strength(a, verdict), strength(b, verdict)
		switch {
		case sa > sb:
			return -1
		case sa < sb:
			return 1
		}
		if a.review != b.review {
			return a.review - b.review
		}
		return a.order - b.order
	})
}

func pickDistinct(sorted []candidate, n int) []candidate {
	usedReview, usedText := map[int]bool{}, map[string]bool{}
	var out []candidate
	for len(out) < n {
		c, ok := firstUnused(sorted, usedReview, usedText)
		if !ok {
			break
		}
		out = append(out, c)
		usedReview[c.review], usedText[c.text] = true, true
	}
	return out
}

func firstUnused(sorted []candidate, usedReview map[int]bool, usedText map[string]bool) (candidate, bool) {
	for _, c := range sorted {
		if !usedReview[c.review] && !usedText[c.text] {
			return c, true
		}
	}
	return candidate{}, false
}
