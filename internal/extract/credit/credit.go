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
// "Emil in Harbour" (another film, when the film's title is known), a
// character that is another credited person or a credited person's surname.
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
	"unicode"

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
	x := extractor{opts: opts, sentences: sentences}
	if filmTitle != "" {
		filmTitle = strings.ToValidUTF8(filmTitle, "")
		x.title = tokenize(nil, filmTitle)
		x.titleKey = normalizeName(filmTitle)
	}
	for _, s := range sentences {
		s = strings.ToValidUTF8(s, "")
		x.toks = tokenize(x.toks, s)
		x.sentence = s
		x.scanSentence()
	}
	x.resolveDeferred()
	x.dropSurnameCharacters()
	return x.result()
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
}

type extractor struct {
	opts      Options
	sentences []string
	title     []token
	titleKey  string
	sentence  string
	toks      []token
	found     []candidate
	pending   []deferred
	// fullNames maps a lower-cased surname to the full names the review
	// mentions with it.
	fullNames map[string][]string
	// lastPossessiveList is the sentence that holds a list of possessive
	// pairs, so that the list's last item is confirmed too.
	lastPossessiveList string
	// titleLike holds names the review writes after "in", as films are
	// ("In Harbour, …", "the scene in Harbour where …").
	titleLike map[string]bool
	// via names the reading under way, recorded with each candidate.
	via string
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
		case "is":
			if t.text == "is" {
				x.via = "is"
				x.personIsCharacter(i)
			}
		case "plays", "played", "portrays", "portrayed", "embodies", "embodied", "essays",
			"essayed", "voices", "voiced", "brings", "brought", "incarnates", "playing",
			"portraying", "play", "portray":
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
	}
}

// collectFullNames records every run of two to four name words in the
// review by its last word, so that "Vogel plays …" can be read as the
// Marta Vogel the review names. It runs only when such a reading waits.
func (x *extractor) collectFullNames() {
	x.fullNames = map[string][]string{}
	for _, s := range x.sentences {
		x.sentence = strings.ToValidUTF8(s, "")
		x.toks = tokenize(x.toks, x.sentence)
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
		key := toks[last].lower()
		name := x.span(i, end)
		known := false
		for _, n := range x.fullNames[key] {
			if n == name {
				known = true
				break
			}
		}
		if !known {
			x.fullNames[key] = append(x.fullNames[key], name)
		}
		i = end - 1
	}
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

// mayBeCrewNoun is a cheap test before the crewNouns lookup, which would
// otherwise run for every word of every review.
func mayBeCrewNoun(l string) bool {
	if len(l) < 2 {
		return false
	}
	switch l[0] {
	case 'c', 'd', 'e', 'f', 'p', 's', 'w':
		_, ok := crewNouns[l]
		return ok
	}
	return false
}

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
		if d.surname && x.fullNames == nil {
			x.collectFullNames()
		}
	}
	for _, d := range x.pending {
		person := d.person
		if d.surname {
			names := x.fullNames[strings.ToLower(person)]
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
		switch {
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

// dropSurnameCharacters removes pairs whose one-word character is the
// surname of a person credited in the review ("Dahl plays … Ashby" is
// about Jon Ashby), or a word of the person's own name, and pairs whose
// character is a person credited in the review.
func (x *extractor) dropSurnameCharacters() {
	surnames := map[string]bool{}
	persons := map[string]bool{}
	for _, c := range x.found {
		if w := c.personWords; len(w) > 0 {
			surnames[w[len(w)-1]] = true
		}
		persons[c.personKey] = true
	}
	kept := x.found[:0]
	for _, c := range x.found {
		if c.role == "actor" {
			// "a captain, played by Jon Ashby, his mate, played by Sven
			// Dahl": a credited person is no character.
			if persons[c.characterKey] {
				continue
			}
			if len(c.charWords) == 1 && (surnames[c.charWords[0]] || subsetOf(c.charWords, c.personWords)) {
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
