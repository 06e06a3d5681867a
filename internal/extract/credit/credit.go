// Package credit finds who played whom, and who did which crew job, in the
// ways critics write it.
//
// Cast is read from these forms (curly or straight quotes and apostrophes):
//
//	Lena (Marta Vogel)                   character, then the actor in parentheses; also
//	                                     "(Marta Vogel, returning from …)"
//	Emil (A B) and Karl (C D)            one pair per parenthesis
//	Emil and Karl (A B and C D)          lists of equal length are paired in order, as in
//	                                     "A B and C D play Emil and Karl" and
//	                                     "As Emil and Karl, A B and C D …"
//	Lena (played by Marta Vogel)         also "Lena, played by …", "Lena is played by …",
//	                                     "Lena, a baker played by …", "Played by X, Lena …"
//	Marta Vogel as Lena                  also "X stars as Y", "X is terrific as the weary Y",
//	                                     "X's performance as Y", "X, returning as Y",
//	                                     "X … his performance as Y", "As Lena, X …"
//	Marta Vogel plays Lena               also portrays, embodies, voices, "brings Y to life",
//	                                     "X, who plays Y", "plays the role of Y", "X is Lena."
//	Marta Vogel (as Lena)                the reversed parenthesis: only with "as", or when
//	                                     the review credits Lena as a character elsewhere
//	Marta Vogel's Lena                   when Lena is followed by a verb ("is", "drives"), in
//	                                     a list of such pairs, after "character" ("X's
//	                                     character Lena"), or when the review credits the
//	                                     actor elsewhere; "X's take on Y", "X's portrayal of Y"
//	Vogel plays Lena                     a lone surname, when the review names exactly one
//	                                     person with that surname in full
//	He plays Lena.                       a sentence opening "He"/"She" (also "As Lena, she …",
//	His Lena is …                        "His performance as Lena", "His Lena drives …"): the
//	                                     one person the previous sentence names, in full or
//	                                     by a surname, when that is no crew member
//	Marta Vogel, whose Lena is …         "whose" and a name that a verb follows
//	Lena is a baker played by Marta V.   also "Lena, now played by", "played so well by",
//	                                     "(still played by", "called Lena and played by",
//	                                     "played with quiet menace by", `"Dima," played by`
//	as the smuggler "Karl"               a name in double or single quotes after a description
//	Marta Vogel is great in the title    "the title role", "the titular hero": the character
//	role.                                the film's title names ("Karl Brandt II: The Sea"
//	                                     → "Karl Brandt"; not a title that opens "The" or
//	                                     holds other lower-case words, nor "the titular
//	                                     bride" of "Mail Order Bride")
//	Marta Vogel makes a weary Lena.      also "is a convincing Lena", the name closing the clause
//	Marta Vogel flips between … as Lena  up to a dozen lower-case words between a verb right
//	                                     after the name and "as" (no comparison: "the same … as")
//	Marta Vogel returns, this time       a participle after a comma: the sentence's one person;
//	playing Lena.                        also "…, as the weary Lena." closing the sentence
//	In voicing Lena, Marta Vogel …       as "As Lena, Marta Vogel …"
//	Marta Vogel's weary baker, Lena,     a possessive, a short description and the name set
//	                                     off by commas (not a relation: "Karl's son, Emil")
//
// A person is two to four capitalised words (initials, particles such as
// "de la" or "von" and a suffix such as "Jr." allowed; any script). A
// character is one to five capitalised words and may carry an honorific,
// a quoted nickname and a regnal number; a short lower-case description
// before it is skipped ("the titular Lena", "weary widowed baker
// Lena"). Names are returned as written, with curly quotes and apostrophes
// made straight: `Josephine "Jo" Harlan`, "Aoife O'Malley". A description in
// place of a name is dropped: lower-case ("a scientist (Otto Brandt)"),
// after "a"/"an" ("a Marine (Jon Ashby)"), or made only of nationality,
// rank and title words ("Russian Colonel", "the Count"). Options can keep
// the lower-case ones; measured on Frank's Movie Log that costs far more
// precision than it gains recall, because credited character names rarely
// match a description.
//
// Precision matters more than recall, so readings that prose produces by
// accident are refused: "as it turns out", "Marta Vogel's Brooklyn
// accent", "a fairy tale (Pretty Woman)", "(2024)", "as the Dickensian
// miser", "plays the Boston cop", "channels Jon Ashby as a villain",
// "Emil in Harbour" and "Harbour starring Jon Ashby as Emil and …"
// (another film, when the film's title is known), "imagine Jon Ashby
// playing Emil", "Jon Ashby is absent as Emil", "credited as Jo Harlan",
// "builds tension as Karl searches the house" ("as" joining a clause),
// "Dahl and Ashby reunited as …" (said of both), a character that is another
// credited person or a credited person's surname, "the love interest for
// Emil, played by …" (the noun's person is played), "the lack of the usual
// cast, especially Jon Ashby as Emil" (absent from the film), "Brandt's
// The Harbour and the Sea" (a work), and a possessive "Sofia Lindqvist's
// Karl is …" when the review credits Karl to another actor (the author's
// or director's character). Lower-case parts ("as a
// waiter", "as the monster") are not read as characters: measured on Frank's
// Movie Log, such descriptions name a credited role about one time in ten.
//
// Crew is read from "directed by X" (written, scored, edited, shot,
// produced, "script by", "music by", "written and directed by"), from a role
// noun before a name ("director X", "cinematographer X", "writer-director
// X"; not a capitalised job title such as "Features Editor X"), from a
// possessive before a crew noun ("X's 35mm cinematography", "X's score")
// and, when the film's title is known, from "X's <title>" (director).
//
// Pairs are de-duplicated within a review: the same person with the same
// character, or with a character whose words are a subset of another of
// theirs ("Jo" and `Josephine "Jo" Harlan`), is returned once, in its
// fullest form, at the position of its first mention.
package credit

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/marquee-film/marquee/internal/review"
)

// Options changes what Extract keeps.
type Options struct {
	// DescriptiveCharacters keeps a lower-case description as the character
	// when no name is given: "a scientist (Otto Brandt)" gives the character
	// "a scientist".
	DescriptiveCharacters bool
}

// Extract returns the cast (role "actor") and crew credits that the
// sentences state. filmTitle, when known, helps read "Sofia Lindqvist's
// Northern Lights" (director).
func Extract(sentences []string, filmTitle string) []review.Credit {
	return ExtractWith(sentences, filmTitle, Options{})
}

// ExtractWith is Extract with options.
func ExtractWith(sentences []string, filmTitle string, opts Options) []review.Credit {
	credits, _ := extractVia(sentences, filmTitle, opts)
	return credits
}

// extractVia also names, for each credit, the reading that found it.
func extractVia(sentences []string, filmTitle string, opts Options) ([]review.Credit, []string) {
	x := extractor{opts: opts}
	if filmTitle != "" {
		filmTitle = strings.ToValidUTF8(filmTitle, "")
		x.title = tokenize(nil, filmTitle)
		x.titleKey = normalizeName(filmTitle)
		x.titleRole = titleCharacter(filmTitle, x.title)
	}
	// Every sentence is tokenised once, into one buffer: collectFullNames
	// and addPronounCast read sentences again.
	buf := tokenPool.Get().(*[]token)
	defer func() {
		clear(*buf) // drop the pooled tokens' references to this review
		*buf = (*buf)[:0]
		tokenPool.Put(buf)
	}()
	x.read = make([]readSentence, 0, len(sentences))
	for _, s := range sentences {
		if !utf8.ValidString(s) { // much faster than ToValidUTF8 on valid text
			s = strings.ToValidUTF8(s, "")
		}
		start := len(*buf)
		*buf = tokenize(*buf, s)
		x.toks = (*buf)[start:len(*buf):len(*buf)]
		x.sentence = s
		x.read = append(x.read, readSentence{text: s, toks: x.toks})
		x.scanSentence()
		x.prev = &x.read[len(x.read)-1]
	}
	x.resolveDeferred()
	x.dropSurnameCharacters()
	return x.result()
}

var tokenPool = sync.Pool{New: func() any { return new([]token) }}

// readSentence is a sentence as the extractor reads it: valid UTF-8 and
// its tokens.
type readSentence struct {
	text string
	toks []token
}

// candidate is a credit found in the text before de-duplication.
type candidate struct {
	person, character, role string
	via                     string // the reading that found it, for measuring
	// Normalised forms, computed once.
	personKey, characterKey string
	personWords, charWords  []string
}

func newCandidate(person, character, role, via string) candidate {
	c := candidate{person: person, character: character, role: role, via: via}
	c.personWords = nameWords(person)
	c.personKey = strings.Join(c.personWords, " ")
	if character != "" {
		c.charWords = nameWords(character)
		c.characterKey = strings.Join(c.charWords, " ")
	}
	return c
}

// deferred is a reading that is only a credit if the rest of the review
// confirms it.
type deferred struct {
	person, character string
	// needsCharacter: confirmed when the review credits the character
	// elsewhere (a reversed parenthesis, a possessive).
	needsCharacter bool
	// surname: person is one word, confirmed when the review names exactly
	// one person with that surname in full ("Vogel plays …" after "Marta
	// Vogel").
	surname bool
	// actorOnly: confirmed only when the review credits the person as an
	// actor elsewhere.
	actorOnly bool
	// notCrew: dropped when the review credits the person with a crew job,
	// or writes "in <character>" as of a film ("In Harbour, Lindqvist …").
	notCrew bool
	// pronoun: the person is the antecedent of "he" or "she", the one
	// person that antecedents resolve to; dropped when the review credits
	// the person with a crew job.
	pronoun     bool
	antecedents []string
}

type extractor struct {
	opts     Options
	title    []token
	titleKey string
	// titleRole is the character the film's title names, if it names
	// one ("Judge Priest", "Hellboy II" → "Hellboy"): the part of an
	// actor "in the title role".
	titleRole string
	sentence  string
	toks      []token
	found     []candidate
	pending   []deferred
	// fullNames maps a lower-cased surname to the full names the review
	// mentions with it; openingNames holds those that only open a
	// sentence, where a capitalised verb may pass for a given name
	// ("Witness Vogel's scene …").
	fullNames, openingNames map[string][]string
	// otherFilmSentence is the sentence that credits the cast of another
	// film ("Harbour starring Jon Ashby as Emil and …").
	otherFilmSentence string
	// lastPossessiveList is the sentence that holds a list of possessive
	// pairs, so that the list's last item is confirmed too.
	lastPossessiveList string
	// titleLike holds names the review writes after "in", as films are
	// ("In Harbour, …", "the scene in Harbour where …").
	titleLike map[string]bool
	// via names the reading under way, recorded with each candidate.
	via string
	// read holds the sentences read so far.
	read []readSentence
	// prev is the sentence before the one under way: a sentence opening
	// "He plays …" or "His Karl is …" is about the one person it names.
	prev *readSentence
	// seen holds the credits found so far as written, so that a review
	// repeating a credit costs no normalisation.
	seen map[string]bool
}

func (x *extractor) span(start, end int) string {
	return cleanName(x.sentence[x.toks[start].start:x.toks[end-1].end])
}

func (x *extractor) addCast(person, character string) {
	if person == "" || character == "" || strings.EqualFold(person, character) {
		return
	}
	// A character may share the film's name (Laura, Juno, Billy Jack);
	// only the possessive reading treats the title as a title.
	if isDescription(character) && !x.opts.DescriptiveCharacters {
		return
	}
	x.addCandidate(person, character, "actor")
}

func (x *extractor) addCrew(person, role string) {
	if person == "" {
		return
	}
	x.addCandidate(person, "", role)
}

func (x *extractor) addCandidate(person, character, role string) {
	key := person + "\x00" + character + "\x00" + role
	if x.seen[key] {
		return
	}
	if x.seen == nil {
		x.seen = map[string]bool{}
	}
	x.seen[key] = true
	x.found = append(x.found, newCandidate(person, character, role, x.via))
}

func (x *extractor) scanSentence() {
	toks := x.toks
	for i, t := range toks {
		if t.kind == kindPunct {
			if t.text == "(" {
				x.via = "parenthesis"
				x.parenthesis(i)
			}
			continue
		}
		l := t.lower()
		switch l {
		case "as":
			if t.text == "as" {
				x.via = "as"
				x.personAsCharacter(i)
			} else if i == 0 {
				x.via = "as-opening"
				x.asCharacterPerson(i)
			}
		case "by":
			x.via = "by"
			x.byCredit(i)
		case "of", "on":
			x.via = "role-of"
			x.roleOf(i)
		case "in":
			x.noteTitleLike(i)
			if t.text == "in" && x.titleRole != "" {
				if _, ok := titularPart(toks, x.title, i+1); ok {
					x.via = "title-role"
					x.personAsCharacter(i) // "Ron Perlman is great in the title role"
				}
			}
		case "is":
			if t.text == "is" {
				x.via = "is"
				x.personIsCharacter(i)
				x.via = "makes-a"
				x.personMakesA(i)
			}
		case "makes", "made", "make", "was":
			if isLowerWord(t) {
				x.via = "makes-a"
				x.personMakesA(i)
			}
		case "voicing", "portraying", "playing":
			// "In voicing Joy, Amy Poehler manages …": as "As Joy, …".
			if i == 1 && (toks[0].is("in") || toks[0].is("by")) {
				x.via = "as-opening"
				x.asCharacterPerson(i)
			}
			x.via = "verb"
			x.personVerbCharacter(i)
		case "plays", "played", "portrays", "portrayed", "embodies", "embodied", "essays",
			"essayed", "voices", "voiced", "brings", "brought", "incarnates", "play",
			"portray":
			x.via = "verb"
			x.personVerbCharacter(i)
		}
		if mayBeCrewNoun(l) {
			x.via = "role-noun"
			x.roleBeforeName(i)
		}
		if t.poss {
			x.via = "possessive"
			x.possessive(i)
		}
		if l == "whose" {
			x.via = "whose"
			x.whoseCharacter(i)
		}
		if i == 0 && (t.is("his") || t.is("her")) {
			x.via = "pronoun"
			x.pronounPossessive()
		}
	}
}

// collectFullNames records every run of two to four name words in the
// review by its last word, so that "Vogel plays …" can be read as the
// Marta Vogel the review names. It runs only when such a reading waits.
func (x *extractor) collectFullNames() {
	x.fullNames = map[string][]string{}
	x.openingNames = map[string][]string{}
	for _, s := range x.read {
		x.sentence, x.toks = s.text, s.toks
		x.collectSentenceFullNames()
	}
}

func (x *extractor) collectSentenceFullNames() {
	toks := x.toks
	for i := 0; i < len(toks); i++ {
		if i > 0 && isPersonWord(toks[i-1]) {
			continue
		}
		end, ok := personForward(toks, i)
		if !ok {
			continue
		}
		last := end - 1
		for last > i && nameSuffixes[toks[last].lower()] {
			last--
		}
		names := x.fullNames
		if i == 0 {
			names = x.openingNames
		}
		name := x.span(i, end)
		addName(names, toks[last].lower(), name)
		// "Chen Kuan-Tai", "Kwak Do-won": a hyphenated given name after
		// the family name, which the review uses alone ("Chen plays …").
		if end-i == 2 && strings.Contains(toks[i+1].text, "-") {
			addName(names, toks[i].lower(), name)
		}
		i = end - 1
	}
}

// addName records name under the lower-cased surname key, once.
func addName(names map[string][]string, key, name string) {
	for _, n := range names[key] {
		if n == name {
			return
		}
	}
	names[key] = append(names[key], name)
}

// personMentions returns the full names and lone capitalised words (that
// may be surnames) the sentence under way names, the film's title aside;
// nil when a crew member is named ("director Sofia Lindqvist"), who is not
// whom the next sentence's "he" or "she" plays a part through.
func (x *extractor) personMentions() []string {
	toks := x.toks
	var out []string
	for i := 0; i < len(toks); i++ {
		if len(x.title) > 0 && x.titleAt(i) {
			i += len(x.title) - 1
			continue
		}
		if !isPersonWord(toks[i]) || (i > 0 && isPersonWord(toks[i-1])) {
			continue
		}
		if i > 0 {
			if _, crew := crewNouns[toks[i-1].lower()]; crew {
				return nil
			}
		}
		end, ok := personForward(toks, i)
		if !ok {
			// A lone surname, also with a suffix: "Downey Jr. makes the movie."
			if canStartPerson(toks[i]) && (i+1 == len(toks) || !isCapitalised(toks[i+1]) || nameSuffixes[toks[i+1].lower()]) {
				out = append(out, toks[i].text)
			}
			continue
		}
		out = append(out, x.span(i, end))
		i = end - 1
	}
	return out
}

// pronounSubject reports whether toks[k] is "he" or "she" opening the
// sentence ("He plays", "Here, he plays").
func pronounSubject(toks []token, k int) bool {
	return k >= 0 && k < len(toks) && (toks[k].is("he") || toks[k].is("she")) && opensSentence(toks, k)
}

// opensSentence reports whether toks[k] opens the sentence, after at most
// a short opener with no name in it ("Here,", "Once again,").
func opensSentence(toks []token, k int) bool {
	if k == 0 {
		return true
	}
	if k > 4 || toks[k-1].text != "," {
		return false
	}
	for j := 0; j < k-1; j++ {
		if toks[j].kind != kindWord || (j > 0 && isCapitalised(toks[j])) {
			return false
		}
	}
	return true
}

// addPronounCast credits the character to the previous sentence's one
// full name, the referent of the pronoun that opens this one.
func (x *extractor) addPronounCast(character string) {
	if x.prev == nil {
		return
	}
	sentence, toks := x.sentence, x.toks
	x.sentence, x.toks = x.prev.text, x.prev.toks
	antecedents := x.personMentions()
	x.sentence, x.toks = sentence, toks
	if len(antecedents) == 0 {
		return
	}
	x.pending = append(x.pending, deferred{character: character, pronoun: true, antecedents: antecedents})
}

// resolveAntecedent returns the one person that antecedents name: full
// names as they are, lone words as the one full name the review gives
// with that surname (other lone words, "Hollywood", name no one).
func (x *extractor) resolveAntecedent(antecedents []string) string {
	person := ""
	for _, a := range antecedents {
		if !strings.Contains(a, " ") {
			names := x.fullNames[strings.ToLower(a)]
			if len(names) == 0 {
				names = x.openingNames[strings.ToLower(a)]
			}
			if len(names) != 1 {
				continue
			}
			a = names[0]
		}
		if person != "" && normalizeName(person) != normalizeName(a) {
			return ""
		}
		person = a
	}
	return person
}

// noteTitleLike records the name after the "in" at toks[i].
func (x *extractor) noteTitleLike(i int) {
	end, ok := characterForward(x.toks, i+1)
	if !ok || x.toks[end-1].poss || honorifics[x.toks[i+1].lower()] {
		return
	}
	if x.titleLike == nil {
		x.titleLike = map[string]bool{}
	}
	x.titleLike[normalizeName(x.span(i+1, end))] = true
}

// mayBeCrewNoun reports whether l is one of crewNouns.
func mayBeCrewNoun(l string) bool {
	if l == "" || len(l) >= len(crewNounShapes[0]) || !crewNounShapes[l[0]&0x7f][len(l)] {
		return false
	}
	_, ok := crewNouns[l]
	return ok
}

// crewNounShapes marks the first bytes (less their top bit) and lengths of
// crewNouns' words. mayBeCrewNoun runs for every word of every review; the
// table turns nearly all of them away before a map lookup.
var crewNounShapes = func() (t [128][24]bool) {
	for w := range crewNouns {
		if len(w) >= len(t[0]) {
			panic("crew noun " + w + " is longer than crewNounShapes allows")
		}
		t[w[0]&0x7f][len(w)] = true
	}
	return t
}()

// resolveDeferred keeps the readings the review confirms.
func (x *extractor) resolveDeferred() {
	if len(x.pending) == 0 {
		return
	}
	characters := map[string]bool{}
	actors := map[string]bool{}
	crew := map[string]bool{}
	for _, c := range x.found {
		if c.role != "actor" {
			crew[c.personKey] = true
			continue
		}
		actors[c.personKey] = true
		for _, w := range c.charWords {
			characters[w] = true
		}
		characters[c.characterKey] = true
	}
	for _, d := range x.pending {
		if (d.surname || d.pronoun) && x.fullNames == nil {
			x.collectFullNames()
		}
	}
	for _, d := range x.pending {
		person := d.person
		if d.pronoun {
			if person = x.resolveAntecedent(d.antecedents); person == "" {
				continue
			}
		}
		if d.surname {
			names := x.fullNames[strings.ToLower(person)]
			if len(names) == 0 {
				names = x.openingNames[strings.ToLower(person)]
			}
			if len(names) != 1 || characters[strings.ToLower(person)] {
				continue
			}
			person = names[0]
		}
		if characters[normalizeName(person)] {
			continue // the "person" is a character: not reversed after all
		}
		if d.needsCharacter && !characters[normalizeName(d.character)] {
			continue
		}
		if d.actorOnly && !actors[normalizeName(person)] {
			continue
		}
		if d.notCrew && (crew[normalizeName(person)] || x.titleLike[normalizeName(d.character)]) {
			continue
		}
		if d.pronoun && crew[normalizeName(person)] {
			continue
		}
		// "Tom Hanks plays Sherman McCoy … the novelist's Sherman McCoy
		// is …": a possessive of a character the review credits to
		// someone else names its author, not its actor.
		if (d.notCrew || d.actorOnly) && x.creditedToOther(d.character, person) {
			continue
		}
		switch {
		case d.pronoun:
			x.via = "pronoun"
		case d.surname:
			x.via = "surname"
		case d.needsCharacter:
			x.via = "confirmed"
		default:
			x.via = "possessive"
		}
		x.addCast(person, d.character)
	}
}

// creditedToOther reports whether a candidate credits the character, as
// written, to someone other than person.
func (x *extractor) creditedToOther(character, person string) bool {
	for _, c := range x.found {
		if c.role == "actor" && c.character == character && c.person != person && c.personKey != normalizeName(person) {
			return true
		}
	}
	return false
}

// dropSurnameCharacters removes pairs whose one-word character is the
// surname of a person credited in the review ("Dahl plays … Ashby" is
// about Jon Ashby), pairs whose character is a person credited as an
// actor in the review, and crew credits whose person is a character. A
// character may share the actor's given name (Karl Brandt as Karl).
func (x *extractor) dropSurnameCharacters() {
	surnames := map[string]bool{}
	persons := map[string]bool{}
	characters := map[string]bool{}
	for _, c := range x.found {
		if w := c.personWords; len(w) > 0 {
			surnames[w[len(w)-1]] = true
		}
		if c.role == "actor" {
			persons[c.personKey] = true
			characters[c.characterKey] = true
		}
	}
	kept := x.found[:0]
	for _, c := range x.found {
		// "hack screenwriter Karl Brandt, played by …": a character's
		// trade, not a crew credit.
		if c.role != "actor" && characters[c.personKey] {
			continue
		}
		if c.role == "actor" {
			// "a captain, played by Jon Ashby, his mate, played by Sven
			// Dahl": a credited person is no character.
			if persons[c.characterKey] {
				continue
			}
			if len(c.charWords) == 1 && surnames[c.charWords[0]] {
				continue
			}
		}
		kept = append(kept, c)
	}
	x.found = kept
}

// result de-duplicates the candidates: one credit per person and crew role,
// one per person and character, keeping the fullest form of a character.
func (x *extractor) result() ([]review.Credit, []string) {
	var out []review.Credit
	var vias []string
	var kept []candidate           // the candidate behind out[k]
	byPerson := map[string][]int{} // indexes into out by person and role
	for _, c := range x.found {
		dup := false
		key := c.personKey + "\x00" + c.role
		for _, k := range byPerson[key] {
			o := kept[k]
			if c.role != "actor" || subsetOf(c.charWords, o.charWords) {
				dup = true
				break
			}
			if subsetOf(o.charWords, c.charWords) {
				out[k].Character = c.character
				kept[k] = c
				dup = true
				break
			}
		}
		if !dup {
			byPerson[key] = append(byPerson[key], len(out))
			out = append(out, review.Credit{Person: c.person, Character: c.character, Role: c.role})
			kept = append(kept, c)
			vias = append(vias, c.via)
		}
	}
	return out, vias
}

// cleanName makes a name's quotes and apostrophes straight and its spaces
// single.
func cleanName(s string) string {
	clean := true
	prevSpace := false
	for _, r := range s {
		space := r == ' '
		if (space && prevSpace) || r == '\t' || r == '\n' || r == '\r' || r >= 0x2010 && r <= 0x201e || r == '«' || r == '»' {
			clean = false
			break
		}
		prevSpace = space
	}
	if clean {
		return s
	}
	return strings.Join(strings.Fields(quoteReplacer.Replace(s)), " ")
}

var quoteReplacer = strings.NewReplacer("“", `"`, "”", `"`, "„", `"`, "«", `"`, "»", `"`,
	"‘", "'", "’", "'", "‐", "-")

// normalizeName folds case, quotes and spacing so that two spellings of a
// name compare equal.
func normalizeName(s string) string {
	return strings.Join(nameWords(s), " ")
}

// nameWords returns the lower-case words of a name, quotes and
// punctuation removed.
func nameWords(s string) []string {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’' && r != '-'
	})
	out := words[:0]
	for _, w := range words {
		if w = strings.Trim(w, "'’-"); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// subsetOf reports whether every word of a is in b.
func subsetOf(a, b []string) bool {
	if len(a) == 0 {
		return false
	}
	for _, w := range a {
		found := false
		for _, v := range b {
			if v == w {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
