package credit

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/marquee-film/marquee/internal/review"
)

// CastMember is one credited performer of a film and the characters they
// play, as a film database lists them.
type CastMember struct {
	Person     string
	Characters []string
}

// EvalReview is a review in plain text, split into sentences, with its
// film's credited cast: the unit EvaluateAgainstCast scores.
type EvalReview struct {
	ID        string
	FilmTitle string
	Text      string
	Sentences []string
	Cast      []CastMember
}

// Pair is an actor and character, with the review it belongs to, as shown
// in an evaluation's samples.
type Pair struct {
	Review    string
	Person    string
	Character string
}

// Evaluation scores the actor-character pairs an extractor found against
// films' credited casts.
//
// Gold pairs are the credited (performer, character) pairs whose performer
// and character both occur in the review's text: the performer's full name
// case-insensitively, the character either in full case-insensitively, or
// by one of its distinctive words written capitalised as credited (the
// review says "Brandt", the credit is "Captain Brandt"). Recall is the share of
// gold pairs that some extracted pair matches. SentenceRecall is the same
// over the gold pairs named within one sentence, the pairs a review can
// state in the forms Extract reads; a pair named only across sentences
// ("a sailor (Jon Ashby)" … "Emil Brandt") needs coreference.
//
// Every extracted actor pair counts in precision's denominator, whether or
// not its person is in the film's cast: an extractor cannot know which
// names are cast, so a pair naming an actor of another film, or an actor
// the database lists under another spelling or not at all, counts against
// it. InCastPrecision is precision over the extracted pairs whose person is
// in the film's cast.
//
// A pair matches a credited pair when the persons are equal after
// normalisation (case, quotes, spacing), or the words of one are a subset
// of the other's with at least two shared ("Cal Brody" and "Cal Brody
// Jr."), and the characters match: their significant words (articles and
// honorifics dropped) are equal or one's a subset of the other's ("Brandt"
// and "Captain Brandt", `Josephine "Jo" Harlan` and "Jo"), or equal without
// spaces and hyphens ("LaRue", "La Rue"), or, leniently, they share a
// word up to spelling ("Kate"/"Katherine", "Neilsen"/"Nielsen": the first
// four letters, or one word the other's prefix of three letters or more).
// The Strict figures use the first three rules only.
type Evaluation struct {
	Reviews           int
	GoldPairs         int
	GoldFound         int
	SentenceGoldPairs int
	SentenceGoldFound int
	Extracted         int
	TruePositives     int
	ExtractedInCast   int
	Precision         float64
	Recall            float64
	SentenceRecall    float64
	InCastPrecision   float64

	StrictTruePositives int
	StrictGoldFound     int
	StrictPrecision     float64
	StrictRecall        float64

	FalsePositives []Pair
	Misses         []Pair
	SentenceMisses []Pair
}

// EvaluateAgainstCast runs extract on every review and scores its actor
// pairs against the review's cast. Crew credits are ignored.
func EvaluateAgainstCast(reviews []EvalReview, extract func(sentences []string, filmTitle string) []review.Credit) Evaluation {
	var ev Evaluation
	for _, r := range reviews {
		ev.Reviews++
		credits := extract(r.Sentences, r.FilmTitle)
		cast := castPairs(r.Cast)
		var extracted []Pair
		for _, c := range credits {
			if c.Role != "actor" {
				continue
			}
			p := Pair{Review: r.ID, Person: c.Person, Character: c.Character}
			extracted = append(extracted, p)
			ev.Extracted++
			if personInCast(p.Person, r.Cast) {
				ev.ExtractedInCast++
			}
			if matchesAny(p, cast, charactersMatch) {
				ev.StrictTruePositives++
			}
			if matchesAny(p, cast, charactersMatchLenient) {
				ev.TruePositives++
			} else {
				ev.FalsePositives = append(ev.FalsePositives, p)
			}
		}
		text := foldText(r.Text)
		lowerText := strings.ToLower(text)
		for _, g := range cast {
			if !personOccurs(lowerText, g.Person) || !characterOccurs(text, lowerText, g.Character) {
				continue
			}
			g.Review = r.ID
			ev.GoldPairs++
			found := matchesAny(g, extracted, charactersMatchLenient)
			if matchesAny(g, extracted, charactersMatch) {
				ev.StrictGoldFound++
			}
			if found {
				ev.GoldFound++
			} else {
				ev.Misses = append(ev.Misses, g)
			}
			if inOneSentence(r.Sentences, g) {
				ev.SentenceGoldPairs++
				if found {
					ev.SentenceGoldFound++
				} else {
					ev.SentenceMisses = append(ev.SentenceMisses, g)
				}
			}
		}
	}
	ratio := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return float64(a) / float64(b)
	}
	ev.Precision = ratio(ev.TruePositives, ev.Extracted)
	ev.Recall = ratio(ev.GoldFound, ev.GoldPairs)
	ev.SentenceRecall = ratio(ev.SentenceGoldFound, ev.SentenceGoldPairs)
	ev.InCastPrecision = ratio(ev.TruePositives, ev.ExtractedInCast)
	ev.StrictPrecision = ratio(ev.StrictTruePositives, ev.Extracted)
	ev.StrictRecall = ratio(ev.StrictGoldFound, ev.GoldPairs)
	return ev
}

func personInCast(person string, cast []CastMember) bool {
	for _, m := range cast {
		if personsMatch(person, m.Person) {
			return true
		}
	}
	return false
}

func inOneSentence(sentences []string, g Pair) bool {
	for _, s := range sentences {
		text := foldText(s)
		lower := strings.ToLower(text)
		if personOccurs(lower, g.Person) && characterOccurs(text, lower, g.Character) {
			return true
		}
	}
	return false
}

// castPairs flattens a cast into pairs, dropping what a credit adds in
// brackets ("Sailor (segment two)", "Cook [Ch. 1]") and credits that
// name no character ("Himself").
func castPairs(cast []CastMember) []Pair {
	var out []Pair
	for _, m := range cast {
		for _, c := range m.Characters {
			for _, alt := range strings.Split(c, " / ") {
				alt = strings.TrimSpace(dropBracketed(alt))
				switch strings.ToLower(alt) {
				case "", "himself", "herself", "self", "themselves", "narrator":
					continue
				}
				out = append(out, Pair{Person: m.Person, Character: alt})
			}
		}
	}
	return out
}

func dropBracketed(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch r {
		case '(', '[':
			depth++
		case ')', ']':
			if depth > 0 {
				depth--
			}
		default:
			if depth == 0 {
				b.WriteRune(r)
			}
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func matchesAny(p Pair, others []Pair, sameCharacter func(a, b string) bool) bool {
	for _, o := range others {
		if personsMatch(p.Person, o.Person) && sameCharacter(p.Character, o.Character) {
			return true
		}
	}
	return false
}

func personsMatch(a, b string) bool {
	wa, wb := nameWords(a), nameWords(b)
	if strings.Join(wa, " ") == strings.Join(wb, " ") {
		return len(wa) > 0
	}
	shorter := wa
	if len(wb) < len(wa) {
		shorter = wb
	}
	return len(shorter) >= 2 && (subsetOf(wa, wb) || subsetOf(wb, wa))
}

func charactersMatch(a, b string) bool {
	wa, wb := significantWords(a), significantWords(b)
	if subsetOf(wa, wb) || subsetOf(wb, wa) {
		return true
	}
	// "Vic LaRue" and "Vic La Rue", "Batwoman" and "Bat-Woman".
	joined := func(ws []string) string { return strings.ReplaceAll(strings.Join(ws, ""), "-", "") }
	if len(wa) > 0 && joined(wa) == joined(wb) {
		return true
	}
	return false
}

// charactersMatchLenient is charactersMatch that also accepts characters
// sharing one significant word, allowing for spelling variants ("Katherine
// Byrne" and "Kate Byrne", "Lars Neilsen" and "Lars Nielsen", "Harbour
// Master Olaf" and "Olaf Berg"): the performer must match too, so this
// forgives a film database and a critic naming the same role differently.
func charactersMatchLenient(a, b string) bool {
	if charactersMatch(a, b) {
		return true
	}
	wa, wb := significantWords(a), significantWords(b)
	for _, x := range wa {
		for _, y := range wb {
			if spellingVariants(x, y) {
				return true
			}
		}
	}
	return false
}

// spellingVariants reports whether two words are the same name spelled
// differently: equal, one a prefix of the other (at least three letters:
// "Kat", "Katherine"), or sharing their first four letters.
func spellingVariants(a, b string) bool {
	if a == b {
		return true
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) >= 3 && strings.HasPrefix(b, a) {
		return true
	}
	n := 0
	for n < len(a) && a[n] == b[n] {
		n++
	}
	return n >= 4
}

// significantWords are a character's words without articles, possessive
// determiners and honorifics, so that "the Ferryman" matches "Ferryman"
// and "Dr. Brandt" matches "Baron Brandt".
func significantWords(s string) []string {
	words := nameWords(s)
	out := words[:0]
	for _, w := range words {
		if !determiners[w] && !honorifics[w] && !honorifics[w+"."] {
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		return nameWords(s)
	}
	return out
}

// foldText makes quotes and apostrophes straight so that names compare.
func foldText(s string) string { return quoteReplacer.Replace(s) }

// personOccurs reports whether the full name occurs in the lower-cased
// text as whole words.
func personOccurs(lowerText, name string) bool {
	return containsWord(lowerText, strings.ToLower(foldText(name)))
}

// characterOccurs reports whether a character is named in the text: in
// full (any case), or by one distinctive word written capitalised as in the
// credit ("Brandt" for "Captain Brandt"; "Field" but not "field" for "Ada
// Field").
func characterOccurs(text, lowerText, character string) bool {
	character = foldText(character)
	if containsWord(lowerText, strings.ToLower(character)) {
		return true
	}
	for _, w := range strings.Fields(character) {
		w = strings.Trim(w, `"'.,`)
		r, _ := utf8.DecodeRuneInString(w)
		if utf8.RuneCountInString(w) < 3 || !unicode.IsUpper(r) {
			continue
		}
		l := strings.ToLower(w)
		if honorifics[l] || honorifics[l+"."] || notNameWords[l] || notCharacterWords[l] || characterConnectors[l] {
			continue
		}
		if containsWord(text, w) {
			return true
		}
	}
	return false
}

// containsWord reports whether w occurs in s with no letter or digit
// directly before or after it.
func containsWord(s, w string) bool {
	if w == "" {
		return false
	}
	for from := 0; ; {
		i := strings.Index(s[from:], w)
		if i < 0 {
			return false
		}
		i += from
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+len(w):])
		if (i == 0 || !isWordRune(before)) && (i+len(w) == len(s) || !isWordRune(after)) {
			return true
		}
		from = i + 1
	}
}
