package aggregate

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/marquee-film/marquee/internal/review"
)

// Spoiler detection works on one review's body sentences. It is tuned for
// the reader's precision: a sentence that may give the plot away is
// flagged, at the cost of hiding some that do not. The rules:
//
//   - Everywhere, a sentence with a strong ending marker is a spoiler:
//     "ending", "finale", "climax", "twist", "dies/died/killed/murdered",
//     "final scene(s)/shot/minutes/moments/act", "last act/scene/shot",
//     "third act", "turns out", "in the end", "by the end", "at the end",
//     "comes to terms", "revealed (that|to be)".
//   - In a review with a spoiler warning the bar is lower: also weak
//     markers of plot turns ("reveal…", "unravel…", "collaps…", "annul…",
//     "culminat…", "unveil…", "vanish…", "finally", "ultimately",
//     "eventually", "final", "resolution", "fate", "death", "murder",
//     "arrest", "betray…", "escape…", "runs away", "steps in", "by the
//     time", "halfway through", "wedding", "marriage", "elope", "proposes",
//     "divorce", …), and any sentence in the later half of the body that
//     names a character: that is where critics narrate the ending.
//   - A spoiler spills over: up to two sentences right after one stay
//     spoilers while they name a character, contain a weak marker, or
//     start with a pronoun or a continuation word ("Then", "Instead",
//     "But", "She" …).
//
// Character names are the capitalised words of the credits' character
// names, minus titles of address and the film title's own words (Anora is
// both a film and its heroine's name; the film's title is no spoiler).

// strongMarkers are phrases that narrate an ending wherever they stand.
var strongMarkers = phraseList(
	"ending", "endings", "finale", "climax", "climactic", "denouement", "dénouement",
	"twist", "twists", "dies", "died", "killed", "murdered", "kills",
	"final scene", "final scenes", "final shot", "final shots", "final minutes", "final moments",
	"final act", "final reel", "final frame", "final frames", "final sequence",
	"last act", "last scene", "last scenes", "last shot", "last minutes", "last moments", "last reel",
	"third act", "turns out", "turned out", "in the end", "by the end", "at the end",
	"comes to terms", "come to terms", "came to terms",
	"revealed that", "reveals that", "revealed to be", "is revealed", "was revealed",
	"spoiler", "spoilers",
)

// weakMarkers are phrases that narrate plot turns; they count in reviews
// that warn of spoilers, and to carry a spoiler over to the next sentence.
var weakMarkers = phraseList(
	"finally", "ultimately", "eventually", "final", "last", "resolution", "resolved", "fate",
	"death", "dead", "dying", "murder", "suicide", "arrest", "arrested", "betrays", "betrayed",
	"betrayal", "runs away", "ran away", "running away", "run away", "flee", "flees", "fled",
	"steps in", "step in", "stepped in", "sours", "soured", "by the time", "halfway through",
	"wedding", "marriage", "marry", "marries", "married", "elope", "elopes", "proposes", "proposal",
	"divorce", "annulment", "pregnant", "pregnancy", "left with", "leaving her", "leaving him",
	"conclusion", "concludes", "climaxes", "showdown", "redemption", "aftermath",
)

// weakStems are word beginnings with the same role as weakMarkers.
var weakStems = []string{"reveal", "unravel", "collaps", "annul", "culminat", "unveil", "vanish", "escap", "betray"}

// spillOver is how many sentences after a marked one may still narrate
// it; a plot summary that merely names characters does not run on forever.
const spillOver = 2

// carryStarters are first words that tie a sentence to the one before.
var carryStarters = map[string]bool{
	"then": true, "instead": true, "afterwards": true, "afterward": true, "later": true, "eventually": true,
	"finally": true, "ultimately": true, "meanwhile": true, "soon": true, "and": true, "but": true,
	"so": true, "yet": true, "he": true, "she": true, "they": true, "his": true, "her": true,
	"their": true, "him": true, "them": true, "hers": true, "there": true,
}

// addressWords are titles that are part of a character's name but name no one.
var addressWords = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "doctor": true, "sheriff": true,
	"commander": true, "captain": true, "detective": true, "officer": true, "agent": true, "father": true,
	"mother": true, "sister": true, "brother": true, "uncle": true, "aunt": true, "king": true, "queen": true,
	"prince": true, "princess": true, "lord": true, "lady": true, "sir": true, "the": true, "a": true, "an": true,
	"of": true, "and": true, "young": true, "old": true, "little": true, "big": true, "professor": true,
	"judge": true, "general": true, "colonel": true, "major": true, "sergeant": true, "chief": true,
}

// IsSpoilerSentence reports whether a sentence read on its own narrates an
// ending or, when warned (the review carries a spoiler warning), a plot
// turn. It does not know the review's characters or where the sentence
// stands; SpoilerSentences adds both.
func IsSpoilerSentence(sentence string, warned bool) bool {
	words := sentenceWords(sentence)
	if strongMarkers.in(words) {
		return true
	}
	return warned && hasWeakMarker(words)
}

// SpoilerSentences flags the sentences of r.Body that may give the plot
// away, index for index (see the rules above IsSpoilerSentence). The
// characters named in r.Credits are always used; extraCharacters adds
// names other reviews of the film give, which a film page knows.
func SpoilerSentences(r *review.Review, extraCharacters ...string) []bool {
	if r == nil {
		return nil
	}
	return spoilerFlags(r.Body, hasSpoilerWarning(r), characterNames(r, sharedCharacterWords(extraCharacters)))
}

func spoilerFlags(body []string, warned bool, names characterSet) []bool {
	toks := make([]tokens, len(body))
	for i, s := range body {
		toks[i] = tokenize(s)
	}
	return spoilerFlagsOf(toks, warned, names)
}

func spoilerFlagsOf(body []tokens, warned bool, names characterSet) []bool {
	flags := make([]bool, len(body))
	carry := 0 // sentences a spoiler still spills over to
	for i, t := range body {
		namesCharacter := t.mentions(names)
		weak := hasWeakMarker(t.words)
		marked := strongMarkers.in(t.words) || (warned && (weak || (namesCharacter && 2*i >= len(body))))
		switch {
		case marked:
			flags[i], carry = true, spillOver
		case carry > 0 && (namesCharacter || weak || (len(t.words) > 0 && carryStarters[t.words[0]])):
			flags[i] = true
			carry--
		default:
			carry = 0
		}
	}
	return flags
}

// hasSpoilerWarning reports whether r carries a spoiler warning.
func hasSpoilerWarning(r *review.Review) bool {
	return r.SpoilerWarning != nil && strings.TrimSpace(*r.SpoilerWarning) != ""
}

// characterSet is the words that name a review's characters: those of its
// own credits, and those of characters other reviews of the film name
// (shared), minus the words of the review's film title (Anora is the title
// as well as the character). The shared words are the same for every
// review of a film page and are filtered once (sharedCharacterWords):
// copying the whole cast's words into a set per review made a film with
// thousands of reviews take seconds.
type characterSet struct {
	own, shared, title map[string]bool
}

func (c characterSet) has(w string) bool {
	return c.own[w] || (c.shared[w] && !c.title[w])
}

func (c characterSet) empty() bool { return len(c.own) == 0 && len(c.shared) == 0 }

// isNameWord tells whether a capitalised word of a character's name can
// identify the character: not a title of address, not a single letter.
func isNameWord(w string) bool {
	return !addressWords[w] && utf8.RuneCountInString(w) >= 2
}

// sharedCharacterWords returns the name words of characters, filtered once
// for every review of a film.
func sharedCharacterWords(characters []string) map[string]bool {
	shared := map[string]bool{}
	for _, w := range namesWords(characters) {
		if isNameWord(w) {
			shared[w] = true
		}
	}
	return shared
}

// characterNames collects the words that name the review's characters (see
// characterSet); shared may be nil.
func characterNames(r *review.Review, shared map[string]bool) characterSet {
	set := characterSet{own: map[string]bool{}, shared: shared, title: map[string]bool{}}
	for _, w := range sentenceWords(r.Film.Title) {
		set.title[w] = true
	}
	for _, c := range r.Credits {
		for _, w := range nameWords(c.Character) {
			if isNameWord(w) && !set.title[w] {
				set.own[w] = true
			}
		}
	}
	return set
}

// namesWords returns the distinct name words of names, in first-seen order.
func namesWords(names []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		for _, w := range nameWords(n) {
			if !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	return out
}

// nameWords returns the lowercased capitalised words of a name.
func nameWords(name string) []string {
	t := tokenize(name)
	var out []string
	for i, w := range t.words {
		if t.capital[i] {
			out = append(out, w)
		}
	}
	return out
}

// mentions reports whether a capitalised word is one of names.
func (t tokens) mentions(names characterSet) bool {
	if names.empty() {
		return false
	}
	for i, w := range t.words {
		if t.capital[i] && names.has(w) {
			return true
		}
	}
	return false
}

func hasWeakMarker(words []string) bool {
	if weakMarkers.in(words) {
		return true
	}
	for _, w := range words {
		for _, stem := range weakStems {
			if strings.HasPrefix(w, stem) {
				return true
			}
		}
	}
	return false
}

// phrases is a set of word sequences, indexed by their first word.
type phrases map[string][][]string

func phraseList(list ...string) phrases {
	p := phrases{}
	for _, s := range list {
		words := strings.Fields(s)
		p[words[0]] = append(p[words[0]], words)
	}
	return p
}

// in reports whether any phrase occurs in words.
func (p phrases) in(words []string) bool {
	for i, w := range words {
	candidates:
		for _, ph := range p[w] {
			if i+len(ph) > len(words) {
				continue
			}
			for k := 1; k < len(ph); k++ {
				if words[i+k] != ph[k] {
					continue candidates
				}
			}
			return true
		}
	}
	return false
}

// tokens are a sentence's words, lowercased, with a trailing possessive
// "'s" removed so "Ani’s" is the word "ani"; capital marks the words
// written with a capital letter.
type tokens struct {
	words   []string
	capital []bool
}

// tokenize splits s into runs of letters and digits; an apostrophe
// between letters stays in the word ("don't", curly or straight, both
// read as "'"). Words are substrings of s unless they need lowercasing or
// a curly apostrophe straightened.
func tokenize(s string) tokens {
	n := strings.Count(s, " ") + 1
	t := tokens{words: make([]string, 0, n), capital: make([]bool, 0, n)}
	start := -1
	end := func(i int) {
		if start < 0 {
			return
		}
		w := s[start:i]
		start = -1
		if strings.Contains(w, "’") {
			w = strings.ReplaceAll(w, "’", "'")
		}
		w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "'S")
		if w == "" {
			return
		}
		first, _ := utf8.DecodeRuneInString(w)
		t.words = append(t.words, strings.ToLower(w))
		t.capital = append(t.capital, unicode.IsUpper(first))
	}
	for i, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if start < 0 {
				start = i
			}
		case (r == '\'' || r == '’') && start >= 0:
			// Inside a word only when a letter follows.
			next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):])
			if !unicode.IsLetter(next) {
				end(i)
			}
		default:
			end(i)
		}
	}
	end(len(s))
	return t
}

// sentenceWords returns the lowercased words of s (see tokenize).
func sentenceWords(s string) []string { return tokenize(s).words }
