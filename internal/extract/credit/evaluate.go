package credit

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/marquee-film/marquee/internal/resolve"
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

// Evaluation scores the actor-character pairs an extractor found against
// films' credited casts.
//
// Precision does not depend on which credited pairs a review is taken to
// name: every extracted actor pair counts in its denominator, and is a true
// positive when it matches any credited pair of the film, whether or not
// its person is in the film's cast. An extractor cannot know which names
// are cast, so a pair naming an actor of another film, or an actor the
// database lists not at all, counts against it. InCastPrecision is
// precision over the extracted pairs whose person is in the film's cast.
//
// Recall is read twice, against two definitions of the gold pairs (the
// credited pairs a review names):
//
//   - Gold, the headline, reads the words "pairs whose two names both occur
//     in the review" literally: the performer's full name as credited and
//     the character's full name as credited both occur in the review's
//     text as whole words, after folding case, curly quotes and runs of
//     white space, with a leading article dropped from the credit ("The
//     Ferryman" occurs as "Ferryman"). Each role string of a performer
//     (and each side of "A / B") is its own pair; what the database adds
//     in brackets ("(voice)", "(segment two)") is not part of the name,
//     and credits that name no character ("Himself", "Narrator") are not
//     pairs.
//   - LenientGold also counts a character the review names by one
//     distinctive word of the credit, written capitalised as credited (the
//     review says "Brandt", the credit is "Captain Brandt"; "Field" but not
//     "field" for "Ada Field"). It holds every Gold pair.
//
// In both, a character's name must occur outside the full names of the
// film's performers: two names are two mentions, so "Karl" inside "Karl
// Brandt" does not name the character Karl, and a performer credited as
// himself under his own name ("Marta Vogel" as "Marta Vogel") is no pair.
// Counted without that rule, Frank's Movie Log has 690 literal gold pairs
// instead of 668.
//
// For both, Recall is the share of gold pairs that some extracted pair
// matches, and SentenceRecall the same over the gold pairs named within one
// sentence, the pairs a review can state in the forms Extract reads; a pair
// named only across sentences ("a sailor (Jon Ashby)" … "Emil Brandt")
// needs coreference.
//
// Matching an extracted pair to a credited one is lenient in the same way
// for precision and both recalls. The persons match when they are equal
// after normalisation (case, quotes, spacing), or the words of one are a
// subset of the other's with at least two shared ("Cal Brody" and "Cal
// Brody Jr."), or resolve.SamePerson takes them for one person spelled two
// ways (same surname, given names that are transliteration or spelling
// variants: "Terrance"/"Terence", "MacGraw"/"McGraw"). The characters
// match when their significant words (articles and honorifics dropped) are
// equal or one's a subset of the other's ("Brandt" and "Captain Brandt",
// `Josephine "Jo" Harlan` and "Jo"), or equal without spaces and hyphens
// ("LaRue", "La Rue"), or, leniently, they share a word up to spelling
// ("Kate"/"Katherine", "Neilsen"/"Nielsen": the first four letters, or one
// word the other's prefix of three letters or more). The Strict figures use
// the first three character rules only.
type Evaluation struct {
	Reviews         int
	Extracted       int
	TruePositives   int
	ExtractedInCast int
	Precision       float64
	InCastPrecision float64

	StrictTruePositives int
	StrictPrecision     float64

	FalsePositives []Pair

	// Gold is recall against the literal gold pairs: the headline figure.
	Gold GoldScore
	// LenientGold is recall against the gold pairs whose character may be
	// named by one distinctive word.
	LenientGold GoldScore
}

// GoldScore is recall against one definition of the gold pairs.
type GoldScore struct {
	GoldPairs         int
	GoldFound         int
	SentenceGoldPairs int
	SentenceGoldFound int
	StrictGoldFound   int
	Recall            float64
	SentenceRecall    float64
	StrictRecall      float64
	Misses            []Pair
	SentenceMisses    []Pair
}

// Pair is an actor and character, with the review it belongs to, as shown
// in an evaluation's samples.
type Pair struct {
	Review    string
	Person    string
	Character string
	// Sentence is the first sentence of the review that names both, if
	// one does: the context of a false positive or a miss.
	Sentence string
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
				p.Sentence = sentenceNaming(r.Sentences, nil, p, literalOccurs)
				ev.FalsePositives = append(ev.FalsePositives, p)
			}
		}
		performers := make([]string, 0, len(r.Cast))
		for _, m := range r.Cast {
			performers = append(performers, m.Person)
		}
		text := newReviewText(r.Text, performers)
		for _, g := range cast {
			g.Review = r.ID
			if !personOccurs(text.lower, g.Person) {
				continue
			}
			if literalOccurs(text.maskedText, text.masked, g.Character) {
				ev.Gold.score(g, r.Sentences, performers, extracted, literalOccurs)
			}
			if characterOccurs(text.maskedText, text.masked, g.Character) {
				ev.LenientGold.score(g, r.Sentences, performers, extracted, characterOccurs)
			}
		}
	}
	ev.Precision = ratio(ev.TruePositives, ev.Extracted)
	ev.InCastPrecision = ratio(ev.TruePositives, ev.ExtractedInCast)
	ev.StrictPrecision = ratio(ev.StrictTruePositives, ev.Extracted)
	ev.Gold.finish()
	ev.LenientGold.finish()
	return ev
}

// score counts the gold pair g, named in the review by the rule occurs.
func (s *GoldScore) score(g Pair, sentences, performers []string, extracted []Pair, occurs func(text, lowerText, character string) bool) {
	s.GoldPairs++
	found := matchesAny(g, extracted, charactersMatchLenient)
	if matchesAny(g, extracted, charactersMatch) {
		s.StrictGoldFound++
	}
	g.Sentence = sentenceNaming(sentences, performers, g, occurs)
	if found {
		s.GoldFound++
	} else {
		s.Misses = append(s.Misses, g)
	}
	if g.Sentence != "" {
		s.SentenceGoldPairs++
		if found {
			s.SentenceGoldFound++
		} else {
			s.SentenceMisses = append(s.SentenceMisses, g)
		}
	}
}

func (s *GoldScore) finish() {
	s.Recall = ratio(s.GoldFound, s.GoldPairs)
	s.SentenceRecall = ratio(s.SentenceGoldFound, s.SentenceGoldPairs)
	s.StrictRecall = ratio(s.StrictGoldFound, s.GoldPairs)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func personInCast(person string, cast []CastMember) bool {
	for _, m := range cast {
		if personsMatch(person, m.Person) {
			return true
		}
	}
	return false
}

// sentenceNaming returns the first sentence that names both the person in
// full and the character by the rule occurs (outside the names of
// performers), or "".
func sentenceNaming(sentences, performers []string, p Pair, occurs func(text, lowerText, character string) bool) string {
	for _, s := range sentences {
		text := newReviewText(s, performers)
		if personOccurs(text.lower, p.Person) && occurs(text.maskedText, text.masked, p.Character) {
			return s
		}
	}
	return ""
}

// reviewText is a review's text prepared for finding names in it: quotes
// folded and white space collapsed (lower), and, for characters, with the
// full names of the film's performers blotted out (maskedText, and masked
// in lower case), because a name inside a performer's name is that
// performer's name: "Karl" in "Karl Brandt" does not name the character
// Karl, and "Marta Vogel" does not name the Marta Vogel she plays.
type reviewText struct {
	lower, maskedText, masked string
}

func newReviewText(s string, performers []string) reviewText {
	text := strings.Join(strings.Fields(foldText(s)), " ")
	lower := strings.ToLower(text)
	maskedText, masked := []byte(text), []byte(lower)
	sameOffsets := len(text) == len(lower)
	for _, name := range performers {
		name = literalForm(name)
		if name == "" {
			continue
		}
		for from := 0; ; {
			i := wordIndex(lower[from:], name)
			if i < 0 {
				break
			}
			i += from
			for k := i; k < i+len(name); k++ {
				masked[k] = '#'
				if sameOffsets {
					maskedText[k] = '#'
				}
			}
			from = i + len(name)
		}
	}
	return reviewText{lower: lower, maskedText: string(maskedText), masked: string(masked)}
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
	if len(shorter) < 2 {
		return false
	}
	// resolve.SamePerson also takes a name alone for a full name, which
	// would let any "Harvey" match a "Harvey Korman": only full names go
	// to it.
	return subsetOf(wa, wb) || subsetOf(wb, wa) || resolve.SamePerson(a, b) || spelledAlike(wa, wb)
}

// spelledAlike reports whether two full names differ only in spelling: the
// same without spaces and hyphens ("Jan LeGros", "Jan Le Gros"; "Lau Wing
// Chun", "Lau Wing-Chun"), the same names in another order ("Wing Chun
// Lau", "Lau Wing-Chun"), or the same words but one, which starts with
// the same letter, is about as long and at most two letters away
// ("Terrance"/"Terence", "McGraw"/"MacGraw", "Seymore"/"Seymour",
// "Evan"/"Evans"; one letter for words under five letters).
func spelledAlike(wa, wb []string) bool {
	joined := func(ws []string) string { return strings.ReplaceAll(strings.Join(ws, ""), "-", "") }
	if joined(wa) == joined(wb) {
		return true
	}
	// The same names in another order: "Wing Chun Lau", "Lau Wing-Chun".
	split := func(ws []string) []string {
		return strings.FieldsFunc(strings.Join(ws, " "), func(r rune) bool { return r == ' ' || r == '-' })
	}
	if sa, sb := split(wa), split(wb); len(sa) == len(sb) && subsetOf(sa, sb) && subsetOf(sb, sa) {
		return true
	}
	if len(wa) != len(wb) {
		return false
	}
	differ := -1
	for i := range wa {
		if wa[i] != wb[i] {
			if differ >= 0 {
				return false
			}
			differ = i
		}
	}
	if differ < 0 {
		return true
	}
	x, y := []rune(wa[differ]), []rune(wb[differ])
	if x[0] != y[0] || len(x)-len(y) > 1 || len(y)-len(x) > 1 {
		return false
	}
	limit := 1
	if min(len(x), len(y)) >= 5 {
		limit = 2
	}
	return editDistance(x, y) <= limit
}

// editDistance is the Levenshtein distance of two short words.
func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
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
	return n >= 4 || (len(a) >= 4 && oneEditApart(a, b))
}

// oneEditApart reports whether a (the shorter) becomes b by changing,
// adding or swapping one letter: "Lulu"/"Lula", "Hendrik"/"Henrdik".
func oneEditApart(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(rb)-len(ra) > 1 {
		return false
	}
	i := 0
	for i < len(ra) && ra[i] == rb[i] {
		i++
	}
	if len(ra) == len(rb) {
		if i == len(ra) {
			return true
		}
		if string(ra[i+1:]) == string(rb[i+1:]) {
			return true // one letter changed
		}
		return i+1 < len(ra) && ra[i] == rb[i+1] && ra[i+1] == rb[i] && string(ra[i+2:]) == string(rb[i+2:])
	}
	return string(ra[i:]) == string(rb[i+1:]) // one letter added
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
	return containsWord(lowerText, literalForm(name))
}

// literalOccurs reports whether a character's full name occurs in the
// lower-cased text as whole words, a leading article aside: the literal
// reading of "the character is named in the review".
func literalOccurs(_, lowerText, character string) bool {
	name := literalForm(character)
	for _, article := range []string{"the ", "a ", "an "} {
		if rest, ok := strings.CutPrefix(name, article); ok && rest != "" {
			name = rest
			break
		}
	}
	return containsWord(lowerText, name)
}

// literalForm is a name in lower case with straight quotes and single
// spaces, as texts are compared with it.
func literalForm(name string) string {
	return strings.Join(strings.Fields(strings.ToLower(foldText(name))), " ")
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
func containsWord(s, w string) bool { return wordIndex(s, w) >= 0 }

// wordIndex returns the index of the first occurrence of w in s with no
// letter or digit directly before or after it, or -1.
func wordIndex(s, w string) int {
	if w == "" {
		return -1
	}
	for from := 0; ; {
		i := strings.Index(s[from:], w)
		if i < 0 {
			return -1
		}
		i += from
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+len(w):])
		if (i == 0 || !isWordRune(before)) && (i+len(w) == len(s) || !isWordRune(after)) {
			return i
		}
		from = i + 1
	}
}
