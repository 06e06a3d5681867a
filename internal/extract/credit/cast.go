package credit

import "strings"

// parenthesis reads the credits around the "(" at toks[i].
func (x *extractor) parenthesis(i int) {
	toks := x.toks
	j := i + 1
	if j >= len(toks) {
		return
	}
	// Marta Vogel (as Lena)
	if toks[j].text == "as" {
		if end, ok := characterForward(toks, j+1); ok && end < len(toks) && toks[end].text == ")" {
			if start, ok := personBackward(toks, i); ok {
				x.addCast(x.span(start, i), x.span(j+1, end))
			}
		}
		return
	}
	// Lena (played by Marta Vogel): the "by" reading handles it.
	if castByVerbs[toks[j].lower()] && j+1 < len(toks) && toks[j+1].is("by") {
		return
	}
	persons, end, ok := personList(toks, j)
	if !ok || end >= len(toks) {
		x.reversedParenthesis(i)
		x.surnameParenthesis(i)
		return
	}
	if t := toks[end]; t.kind != kindPunct || (t.text != ")" && t.text != "," && t.text != ";") {
		return
	}
	if len(persons) > 1 && toks[end].text != ")" {
		return
	}
	characters := x.characterList(i, len(persons))
	if len(characters) != len(persons) {
		if len(persons) == 1 && x.opts.DescriptiveCharacters {
			if d := x.description(i); d != "" {
				x.addCast(x.span(persons[0][0], persons[0][1]), d)
			}
		}
		return
	}
	for k, p := range persons {
		x.addCast(x.span(p[0], p[1]), characters[k])
	}
}

// surnameParenthesis reads "Captain Brandt (Ashby)" when the review names
// exactly one Ashby in full.
func (x *extractor) surnameParenthesis(i int) {
	toks := x.toks
	j := i + 1
	if j+1 >= len(toks) || toks[j+1].text != ")" || !canStartPerson(toks[j]) || toks[j].poss {
		return
	}
	characters := x.characterList(i, 1)
	if len(characters) != 1 {
		return
	}
	x.pending = append(x.pending, deferred{person: toks[j].text, character: characters[0], surname: true})
}

// personList reads "A B", "A B and C D" or "A B, C D and E F" starting at
// toks[i] and returns the names' spans and the index after the list.
func personList(toks []token, i int) ([][2]int, int, bool) {
	var persons [][2]int
	j := i
	for {
		end, ok := personForward(toks, j)
		if !ok || toks[end-1].poss {
			return nil, 0, false
		}
		persons = append(persons, [2]int{j, end})
		j = end
		if j+1 < len(toks) && toks[j].text == "," && toks[j+1].is("and") {
			j += 2
			continue
		}
		if j < len(toks) && (toks[j].is("and") || toks[j].text == "&") {
			j++
			continue
		}
		if j+1 < len(toks) && toks[j].text == "," && isPersonWord(toks[j+1]) {
			if _, ok := personForward(toks, j+1); ok {
				j++
				continue
			}
		}
		return persons, j, true
	}
}

// characterList reads n character names that end before toks[paren]:
// "Emil" for one, "Emil and Karl" for two.
func (x *extractor) characterList(paren, n int) []string {
	toks := x.toks
	var names []string
	end := paren
	for len(names) < n {
		name, start, ok := x.characterBefore(end)
		if !ok {
			return nil
		}
		names = append(names, name)
		if len(names) == n {
			break
		}
		end = start
		switch {
		case end >= 2 && toks[end-1].is("and") && toks[end-2].text == ",":
			end -= 2
		case end >= 1 && (toks[end-1].is("and") || toks[end-1].text == "," || toks[end-1].text == "&"):
			end--
		default:
			return nil
		}
	}
	// The list was read from the end backwards.
	for a, b := 0, len(names)-1; a < b; a, b = a+1, b-1 {
		names[a], names[b] = names[b], names[a]
	}
	return names
}

// characterBefore reads a character's name that ends before toks[end]. A
// name after "a" or "an" ("a Marine (Jon Ashby)") describes rather than
// names, and is refused.
func (x *extractor) characterBefore(end int) (name string, start int, ok bool) {
	if name, start, ok := x.quotedBefore(end); ok {
		return name, start, true
	}
	start, ok = characterBackward(x.toks, end)
	if !ok {
		return "", 0, false
	}
	if start > 0 && (x.toks[start-1].is("a") || x.toks[start-1].is("an")) {
		return "", 0, false
	}
	// "played by Jon Ashby, his mate, played by …": the name is the
	// previous credit's actor ("run over by Lena, played by …" is not).
	if start > 1 && x.toks[start-1].is("by") && castByVerbs[x.toks[start-2].lower()] {
		return "", 0, false
	}
	// "the only doctor in Oslo (Ruth Okafor)": a place; "calls in Dr.
	// Hale, played by …" is not.
	if start > 0 && placePrepositions[x.toks[start-1].text] && !honorifics[x.toks[start].lower()] {
		return "", 0, false
	}
	return x.span(start, end), start, true
}

// quotedBefore reads a name in quotes that ends just before toks[end]:
// `"Maestro", a director played by`, `recruits "The Kid," played by`. It
// returns the name inside the quotes and the index of the opening quote.
func (x *extractor) quotedBefore(end int) (name string, start int, ok bool) {
	toks := x.toks
	if end < 3 || !isCloseQuote(toks[end-1]) {
		return "", 0, false
	}
	e := end - 1
	if toks[e-1].text == "," || toks[e-1].text == "." {
		e-- // the comma or period inside the quotes
	}
	if toks[e-1].poss {
		return "", 0, false
	}
	st, ok := characterBackward(toks, e)
	if !ok {
		return "", 0, false
	}
	open := st - 1
	if open > 0 && toks[open].is("the") {
		open-- // "The Kid" is credited as "Kid", as "the Ferryman" is
	}
	if open < 0 || !isOpenQuote(toks[open]) {
		return "", 0, false
	}
	return x.span(st, e), open, true
}

// isDescription reports whether a capitalised "character" only describes
// someone: "Russian Colonel", "the Count", "Bishop".
func isDescription(character string) bool {
	words := nameWords(character)
	// After a form of address comes a name: "Dr. Major", "Mr. King".
	if len(words) >= 2 && addressForms[words[0]] {
		return false
	}
	for _, w := range words {
		if !descriptorWords[w] && !honorifics[w] && !honorifics[w+"."] {
			return false
		}
	}
	return true
}

// description reads a lower-case noun phrase before toks[paren]: "a
// scientist", "his assistant".
func (x *extractor) description(paren int) string {
	toks := x.toks
	start := paren
	for start > 0 && paren-start < 4 && isLowerWord(toks[start-1]) && !toks[start-1].poss && !determiners[toks[start-1].text] {
		start--
	}
	if start > 0 && start < paren && determiners[toks[start-1].lower()] {
		return x.span(start-1, paren)
	}
	return ""
}

// addressForms are the honorifics that only ever precede a surname.
var addressForms = setOf("mr", "mrs", "ms", "miss", "dr", "mme", "mlle", "monsieur", "madame", "herr", "frau")

var determiners = setOf("a", "an", "the", "his", "her", "their", "its", "our", "my")

// reversedParenthesis handles "Marta Vogel (Lena)", deferred until the
// review confirms Lena as a character.
func (x *extractor) reversedParenthesis(i int) {
	toks := x.toks
	end, ok := characterForward(toks, i+1)
	if !ok || end >= len(toks) || toks[end].text != ")" {
		return
	}
	start, ok := personBackward(toks, i)
	if !ok {
		return
	}
	x.pending = append(x.pending, deferred{person: x.span(start, i), character: x.span(i+1, end), needsCharacter: true})
}

// characterAfter reads the character named from toks[i] on, allowing a
// short lower-case description before the name: "the titular Lena",
// "weary widowed baker Lena", "a proud and stubborn Karl Brandt".
func characterAfter(toks []token, i int) (start, end int, ok bool) {
	j := i
	for n := 0; j < len(toks); n++ {
		t := toks[j]
		// "Lena's older brother Karl", "smug, self-made shipowner Karl
		// Brandt", "the most important new character, Jo".
		// "a skirt-chasing Parisian dandy named Julian", "a Federal
		// Marshal named O'Niel": a capitalised adjective of nationality
		// or rank inside the description.
		inDescription := isLowerWord(t) ||
			(isCapitalised(t) && t.poss) ||
			(n > 0 && t.text == "," && j+1 < len(toks) && (isLowerWord(toks[j+1]) || isCapitalised(toks[j+1]))) ||
			(n > 0 && isCapitalised(t) && (descriptorWords[t.lower()] || hasAdjectiveSuffix(t.text)) &&
				j+1 < len(toks) && (isLowerWord(toks[j+1]) || descriptorWords[toks[j+1].lower()]))
		if !inDescription {
			break
		}
		// "as the lead, Jo Harlan": a role noun that introduces the name.
		namesNext := j+1 < len(toks) && toks[j+1].text == "," && characterNouns[t.text]
		// "the suave but icy agent Karl", "the despicable, yet often
		// hilarious, Karl": a conjunction between adjectives.
		joinsAdjectives := (t.text == "but" || t.text == "yet") && n > 0 && j+1 < len(toks) && isLowerWord(toks[j+1]) &&
			(isLowerWord(toks[j-1]) && !characterNouns[toks[j-1].text] || t.text == "yet" && toks[j-1].text == ",")
		// "the most prominent new character": a superlative.
		superlative := (t.text == "most" || t.text == "least" || t.text == "very") && j > i && determiners[toks[j-1].text] &&
			j+1 < len(toks) && isLowerWord(toks[j+1])
		if n == 8 || (descriptionBlockers[t.text] && !namesNext && !joinsAdjectives && !superlative) {
			return 0, 0, false
		}
		j++
	}
	if j > i && toks[j-1].text == "," && !characterNouns[toks[j-2].text] {
		// "plays Lena's estranged sister, Jo.": the name closes the clause.
		end, ok := characterForward(toks, j)
		if !ok || (end < len(toks) && toks[end].text != "." && toks[end].text != "," && toks[end].text != ";") || conjunctions[toks[j-2].text] {
			return 0, 0, false
		}
	}
	// "as the tired baker, and Jon Ashby is …": a new clause.
	if j > i && conjunctions[toks[j-1].text] {
		return 0, 0, false
	}
	if j > i+3 && !determiners[toks[i].text] && !hasComma(toks[i:j]) {
		return 0, 0, false // a long lower-case run is a clause, not a description
	}
	// "as a Boston lawyer", "as a G-Man": after "a" a capitalised word
	// describes, unless the description names ("a woman named Jo").
	if j > i && (toks[i].is("a") || toks[i].is("an")) && !namingWords[toks[j-1].text] {
		return 0, 0, false
	}
	if j > i && toks[j-1].is("the") {
		j-- // characterForward reads "the Ferryman" itself
	}
	if qs, qe, ok := quotedName(toks, j); ok {
		return qs, qe, true // the sadistic smuggler "Karl"
	}
	end, ok = characterForward(toks, j)
	if !ok {
		return 0, 0, false
	}
	if toks[j].is("the") && j+1 < end {
		// "take on Lindqvist's The Harbour Road": a work's title.
		if toks[j].text == "The" && hasPossessive(toks[i:j]) {
			return 0, 0, false
		}
		j++
	}
	// "playing the Sven Dahl role": an actor's role, not a character.
	if end < len(toks) && (toks[end].is("role") || toks[end].is("part")) {
		return 0, 0, false
	}
	// "as the Dickensian miser", "plays the Boston cop", "as Lena's
	// World War I buddy": a capitalised adjective, not a name.
	next := end
	if next+1 < len(toks) && romanNumerals[toks[next].text] {
		next++
	}
	if next < len(toks) && isLowerWord(toks[next]) && (end == j+1 || hasPossessive(toks[i:j])) &&
		((end == j+1 && hasAdjectiveSuffix(toks[j].text)) || (j > i && !wordAfterName(toks[next].text))) {
		return 0, 0, false
	}
	// A name followed by more names ("plays Emil and Karl") is ambiguous,
	// unless a new clause starts with a person ("as Emil and Sven Dahl as
	// Karl").
	if end+1 < len(toks) && (toks[end].is("and") || toks[end].text == "&") && isCapitalised(toks[end+1]) {
		if _, ok := personForward(toks, end+1); !ok {
			return 0, 0, false
		}
	}
	// "Emil and the Sea": a title.
	if end+2 < len(toks) && toks[end].is("and") && toks[end+1].is("the") && isCapitalised(toks[end+2]) {
		return 0, 0, false
	}
	return j, end, true
}

// quotedName reads a name in quotes at toks[i], straight or curly, double
// or single: “Karl”, 'Karl', "Karl." (the sentence's period inside). It
// returns the span of the name inside the quotes.
func quotedName(toks []token, i int) (start, end int, ok bool) {
	if i+2 >= len(toks) || !isQuoteMark(toks[i]) {
		return 0, 0, false
	}
	end, ok = characterForward(toks, i+1)
	if !ok || toks[end-1].poss || end >= len(toks) {
		return 0, 0, false
	}
	close := end
	if (toks[close].text == "." || toks[close].text == ",") && close+1 < len(toks) {
		close++
	}
	if !isQuoteMark(toks[close]) {
		return 0, 0, false
	}
	return i + 1, end, true
}

func isQuoteMark(t token) bool {
	return isOpenQuote(t) || isCloseQuote(t) || t.text == "'"
}

func hasPossessive(toks []token) bool {
	for _, t := range toks {
		if t.poss {
			return true
		}
	}
	return false
}

func hasComma(toks []token) bool {
	for _, t := range toks {
		if t.text == "," {
			return true
		}
	}
	return false
}

// characterNouns introduce a name after a comma: "the new character, Jo".
var characterNouns = setOf("character", "role", "part", "lead")

var conjunctions = setOf("and", "or", "but", "nor", "while", "whereas")

// wordAfterName reports whether a lower-case word can follow a character's
// name in a clause ("the titular Lena who", "the cruel Brandt returns"),
// rather than make the name an adjective ("the Boston cop").
func wordAfterName(w string) bool {
	if wordsAfterName[w] {
		return true
	}
	return strings.HasSuffix(w, "s") || strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing")
}

var wordsAfterName = setOf("who", "whose", "that", "and", "or", "but", "in", "on", "at",
	"with", "from", "to", "for", "of", "is", "was", "has", "had", "as", "by", "while",
	"when", "opposite", "against", "throughout", "here", "there", "then", "again", "can",
	"could", "will", "would", "must", "might", "may", "should", "himself", "herself",
	"too", "also", "before", "after", "until", "since", "because", "if", "than", "now")

var namingWords = setOf("named", "nicknamed", "called", "dubbed", "christened", "known")

var descriptionBlockers = setOf("as", "if", "to", "in", "of", "for", "with", "by", "on", "at",
	"or", "but", "that", "which", "who", "whom", "whose", "well", "much", "many", "far",
	"long", "soon", "such", "though", "although", "opposed", "part", "result", "usual",
	"always", "ever", "yet", "than", "so", "is", "was", "are", "were", "be", "been", "it",
	"he", "she", "they", "we", "you", "i", "not", "no", "just", "same", "before", "after",
	"when", "while", "compared", "where", "into", "from", "one", "two", "three", "this",
	"these", "those", "does", "did", "do", "can", "will", "would", "could", "should", "has",
	"have", "had", "seen", "shown", "noted", "mentioned", "described", "told", "written",
	"directed", "per", "opposite", "alongside", "against", "off", "up", "down", "out",
	"along", "second", "fiddle", "host", "like", "unlike", "havoc", "dumb", "hard", "over",
	"into", "through", "about", "around", "behind", "beside", "between", "role", "part",
	"lead", "straight", "it's", "there", "here", "then", "now", "only", "even", "also",
	"again", "more", "most", "less", "too", "very", "quite", "rather", "himself", "herself",
	"themselves", "itself", "them", "him", "her")

// hasAdjectiveSuffix marks capitalised adjectives made from names:
// "Kafkaesque", "Dickensian", "Chaplinesque".
func hasAdjectiveSuffix(w string) bool {
	for _, suf := range []string{"ian", "ean", "esque", "ish", "ese", "ic", "ist"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

// personBefore reads the person whose name ends just before toks[end]: a
// full name, or a lone surname to be matched against the review's full
// names (surname true).
func (x *extractor) personBefore(end int) (person string, start int, surname, ok bool) {
	if start, ok := personBackward(x.toks, end); ok {
		return x.span(start, end), start, false, true
	}
	j := end - 1
	if j < 0 || !canStartPerson(x.toks[j]) || (j > 0 && isCapitalised(x.toks[j-1]) && !x.toks[j-1].poss) {
		return "", 0, false, false
	}
	if j > 0 && x.toks[j-1].poss {
		return "", 0, false, false // "Lena's Karl" is not a person
	}
	return x.toks[j].text, j, true, true
}

// addCastVia adds a pair whose person may be a lone surname.
func (x *extractor) addCastVia(person string, surname bool, character string) {
	if surname {
		x.pending = append(x.pending, deferred{person: person, character: character, surname: true})
		return
	}
	x.addCast(person, character)
}

// notThisCast reports whether the person whose name starts at toks[start]
// is, by what precedes it, not credited in the reviewed film: imagined
// ("imagine Jon Ashby playing Emil"), or starring in another film ("Harbour
// starring Jon Ashby as Emil", when the film is not Harbour).
func (x *extractor) notThisCast(start int) bool {
	toks := x.toks
	if start < 1 {
		return false
	}
	prev := toks[start-1].lower()
	if hypotheticalWords[prev] {
		return true
	}
	if (prev == "starring" || prev == "featuring") && start >= 2 && isCapitalised(toks[start-2]) && x.titleKey != "" && !x.titleEndsAt(start-1) {
		x.otherFilmSentence = x.sentence
		return true
	}
	// "… starring A B as Emil and C D as Karl": the list goes on.
	if prev == "and" && x.otherFilmSentence == x.sentence {
		return true
	}
	// "the lack of the usual cast, especially Jon Ashby as Emil and Ruth
	// Okafor as Jo, hurts": absent from the film.
	for k := start - 1; k >= 1 && k >= start-12; k-- {
		if t := toks[k]; t.text == ";" || t.text == "." || t.text == ":" {
			break
		}
		if toks[k].is("of") && absenceNouns[toks[k-1].text] {
			return true
		}
	}
	return false
}

var hypotheticalWords = setOf("imagine", "imagining", "envision", "picture")

// absenceNouns, before "of", say who is missing from a film.
var absenceNouns = setOf("lack", "absence", "loss")

// titleEndsAt reports whether the film's title ends just before toks[end].
func (x *extractor) titleEndsAt(end int) bool {
	n := len(x.title)
	if n == 0 || end < n {
		return false
	}
	for k, t := range x.title {
		if !strings.EqualFold(x.toks[end-n+k].text, t.text) {
			return false
		}
	}
	return true
}

// objectOfPlay reports whether the name starting at toks[start] is itself
// what someone plays: "plays the smuggler Karl Brandt as Jon Ashby".
func objectOfPlay(toks []token, start int) bool {
	for k := start - 1; k >= 0 && k >= start-5; k-- {
		if !isLowerWord(toks[k]) {
			return false
		}
		// ", as Ashby steals the scene": "as" after a comma joins a
		// clause, it does not credit a part.
		if playVerbs[toks[k].text] && !(toks[k].text == "as" && k > 0 && toks[k-1].text == ",") {
			return true
		}
	}
	return false
}

var playVerbs = setOf("plays", "played", "playing", "portrays", "portrayed", "as", "voices",
	"voiced", "meet", "meets", "met", "channels", "channeling", "channelling",
	"evokes", "evoking", "recalls", "recalling", "like", "imitates", "imitating",
	"impersonates", "impersonating", "mimics", "mimicking", "than")

// personAsCharacter reads "Marta Vogel as Lena" around the "as" at toks[i],
// also "Marta Vogel's turn as Lena" and "Marta Vogel is terrific as Lena".
func (x *extractor) personAsCharacter(i int) {
	toks := x.toks
	if i == 0 {
		return
	}
	character, cEnd, ok := x.characterOrTitleRole(i + 1)
	if !ok {
		return
	}
	if x.otherFilmAt(cEnd) || (cEnd < len(toks) && toks[cEnd].text == "as") {
		return
	}
	pEnd := i
	// "Sven Dahl, as their leader Karl, channels …", "Jon
	// Ashby--returning as Inspector Emil--greets …"
	if isClauseBreak(toks, pEnd-1) && cEnd < len(toks) && isClauseBreak(toks, cEnd) {
		pEnd = clauseBreakStart(toks, pEnd-1)
		// "Sven Dahl who, as Karl, …"
		if pEnd >= 3 && toks[pEnd-1].is("who") && !toks[pEnd-1].poss && isPersonWord(toks[pEnd-2]) {
			pEnd--
		}
	}
	if pEnd >= 1 && !toks[pEnd-1].poss {
		if person, start, surname, ok := x.personBefore(pEnd); ok {
			if !objectOfPlay(toks, start) && !x.notThisCast(start) {
				x.addCastVia(person, surname, character)
			}
			return
		}
	}
	// "Joseph Hale is spot-on from the opening frames, as the suave
	// Uncle Karl.": a closing "as" phrase says what the sentence's one
	// person plays.
	if toks[i-1].text == "," && (cEnd == len(toks) || toks[cEnd].text == "." || toks[cEnd].text == "!" || toks[cEnd].text == ";") {
		if x.addSubjectCast(i-1, character) {
			return
		}
	}
	// "X's performance as Y", "X's scenery-chewing turn as Y": a
	// performance noun after a possessive name.
	if performanceNouns[toks[i-1].lower()] {
		// Adjectives, also a list of them: "X's terrifying, tour-de-force
		// as", "whose nuanced, and fearless performance as".
		k := i - 2
		for n := 0; k >= 1 && n < 5 && (isLowerWord(toks[k]) || toks[k].text == ",") && !toks[k].poss && !ownerWords[toks[k].text]; n++ {
			k--
		}
		if k >= 0 && toks[k].poss {
			if person, _, surname, ok := x.personBefore(k + 1); ok {
				x.addCastVia(person, surname, character)
			}
			return
		}
		// "… has Jon Ashby reprising his role as Emil": when "his" has
		// no one referent, the verb before it may still name the actor.
		if k >= 0 && ownerWords[toks[k].lower()] && x.addSubjectCast(k, character) {
			return
		}
	}
	// "X stars as Y", "X is terrific as Y", "X reprising his role as Y",
	// "X, returning as Y": a verb and up to three lower-case words between
	// the name and "as".
	for k := i - 1; k >= 1 && k >= i-5; k-- {
		if !isLowerWord(toks[k]) {
			return
		}
		if aliasVerbs[toks[k].text] || absenceWords[toks[k].text] {
			return // "credited as Jo Harlan", "is absent as Karl"
		}
		if !castVerbs[toks[k].text] && !looksLikeVerb(toks[k].text) && !looksLikePastVerb(toks[k].text) {
			continue
		}
		if toks[k-1].is("who") && toks[k-1].poss && k >= 3 && isClauseBreak(toks, k-2) {
			if person, start, surname, ok := x.personBefore(k - 2); ok && !objectOfPlay(toks, start) && !x.notThisCast(start) {
				x.addCastVia(person, surname, character)
				return
			}
		}
		pEnd := skipAdverbs(toks, k)
		// "Sven Dahl, who's great as", "Ruth Okafor, who is fine as"
		if pEnd >= 3 && toks[pEnd-1].is("who") && isClauseBreak(toks, pEnd-2) {
			pEnd -= 2
		} else if pEnd >= 3 && toks[pEnd].is("is") && toks[pEnd-1].is("who") && isClauseBreak(toks, pEnd-2) {
			pEnd -= 2
		}
		if pEnd >= 2 && isClauseBreak(toks, pEnd-1) {
			pEnd = clauseBreakStart(toks, pEnd-1) // "Ruth Okafor, returning as"
		}
		if pEnd < 1 {
			return
		}
		// "He is terrific as Karl", "she's fine as Lena"
		if pronounSubject(toks, pEnd-1) && (!toks[pEnd-1].poss || toks[pEnd].kind == kindWord && isLowerWord(toks[pEnd])) {
			x.addPronounCast(character)
			return
		}
		// "Mia Farrow's great as Rosemary": "'s" is "is" when the
		// word before "as" follows it.
		if toks[pEnd-1].poss && !(pEnd == k && k == i-1) {
			continue
		}
		// "Lindqvist builds tension as Karl searches the house": "as"
		// joins a clause.
		if cEnd < len(toks) && isLowerWord(toks[cEnd]) && (predicateVerbs[toks[cEnd].text] || looksLikeVerb(toks[cEnd].text)) {
			return
		}
		if person, start, surname, ok := x.personBefore(pEnd); ok {
			// "Dahl and Ashby reunited as …" is said of both.
			if !objectOfPlay(toks, start) && !x.notThisCast(start) && !(surname && start > 0 && toks[start-1].is("and")) {
				x.addCastVia(person, surname, character)
			}
			return
		}
	}
	x.longPredicateCast(i, cEnd, character)
}

// longPredicateCast reads "Sydney Tafler flips between charm and menace
// with unsettling ease as Goldberg" around the "as" at toks[i]: a full name
// that opens its clause, a verb right after it, and up to a dozen
// lower-case words (no name, no punctuation) before "as". Only the verb
// directly after the name makes so long a reach safe.
func (x *extractor) longPredicateCast(i, cEnd int, character string) {
	toks := x.toks
	// "as Karl searches the house": "as" joins a clause.
	if cEnd < len(toks) && isLowerWord(toks[cEnd]) && (predicateVerbs[toks[cEnd].text] || looksLikeVerb(toks[cEnd].text)) {
		return
	}
	for k := i - 1; k >= 1 && k >= i-12; k-- {
		t := toks[k]
		// "is hardly in the same league as Ingrid Bergman", "as good as":
		// a comparison.
		if !isLowerWord(t) || t.poss || aliasVerbs[t.text] || absenceWords[t.text] || t.text == "same" || t.text == "as" {
			return
		}
		if k >= i-5 || !(castVerbs[t.text] || looksLikeVerb(t.text) || looksLikePastVerb(t.text)) {
			continue
		}
		start, ok := personBackward(toks, k)
		if !ok {
			continue
		}
		// The name opens its clause ("Top-billed Jon Ashby …" too).
		if toks[k-1].poss || (start > 1 && toks[start-1].kind == kindWord && !conjunctions[toks[start-1].text]) {
			return
		}
		if !x.notThisCast(start) {
			x.addCast(x.span(start, k), character)
		}
		return
	}
}

// absenceWords say the actor is not in the film: "Jon Ashby is absent as
// Emil".
var absenceWords = setOf("absent", "missing", "missed")

// aliasVerbs put a person's other name after "as".
var aliasVerbs = setOf("credited", "billed", "known", "signed", "listed")

// isClauseBreak reports whether toks[k] is a comma or the end of a dash
// ("—", "--") that sets off a clause.
func isClauseBreak(toks []token, k int) bool {
	if k < 0 || k >= len(toks) || toks[k].kind != kindPunct {
		return false
	}
	switch toks[k].text {
	case ",", "—", "–":
		return true
	case "-":
		return (k >= 1 && toks[k-1].text == "-") || (k+1 < len(toks) && toks[k+1].text == "-")
	}
	return false
}

// clauseBreakStart returns the index of the first token of the clause
// break ending at toks[k]: the first "-" of "--".
func clauseBreakStart(toks []token, k int) int {
	if toks[k].text == "-" && k >= 1 && toks[k-1].text == "-" {
		return k - 1
	}
	return k
}

// skipAdverbs steps back over adverbs before the verb at toks[k]: "Sven
// Dahl also shines as", "Jon Ashby, sporting a wig, plays".
func skipAdverbs(toks []token, k int) int {
	for k >= 1 && isLowerWord(toks[k-1]) && adverbs[toks[k-1].text] {
		k--
	}
	// A parenthetical clause between commas: ", sporting a wig,",
	// ", however,".
	if k >= 3 && toks[k-1].text == "," {
		m := k - 2
		for n := 0; m >= 1 && n < 6 && isLowerWord(toks[m]); n++ {
			m--
		}
		if m >= 1 && toks[m].text == "," && m < k-2 && (strings.HasSuffix(toks[m+1].text, "ing") || (m == k-3 && adverbs[toks[m+1].text]) || sentenceAdverbs[toks[m+1].text] || asidePrepositions[toks[m+1].text]) {
			return m
		}
	}
	// A bracketed aside: "Tawny Vale (of music video fame) plays".
	if k >= 3 && toks[k-1].text == ")" {
		for m := k - 2; m >= 1 && m > k-10; m-- {
			if toks[m].text == "(" {
				return m
			}
			if toks[m].text == ")" {
				break
			}
		}
	}
	// Between dashes: "Ruth Okafor--yes, the singer--plays Jo".
	if k >= 3 && isClauseBreak(toks, k-1) && toks[k-1].text != "," {
		close := clauseBreakStart(toks, k-1)
		for m := close - 1; m >= 1 && m > close-15; m-- {
			if isClauseBreak(toks, m) && toks[m].text != "," {
				return clauseBreakStart(toks, m)
			}
		}
	}
	return k
}

var adverbs = setOf("also", "still", "again", "really", "truly", "just", "even", "once", "only",
	"then", "later", "now", "here", "finally", "easily", "clearly", "nicely", "ably",
	"brilliantly", "memorably", "wonderfully", "especially", "particularly", "certainly")

// isAdverb is a looser adverbs test for the words between "played" and
// "by": "played so perfectly by", "played memorably by".
func isAdverb(w string) bool {
	return adverbs[w] || w == "so" || w == "well" || (len(w) > 4 && strings.HasSuffix(w, "ly"))
}

// asidePrepositions open an aside between commas: "Jon Ashby, in his
// film debut, plays".
var asidePrepositions = setOf("in", "with", "after", "at", "for", "from", "despite", "like")

var sentenceAdverbs = setOf("however", "meanwhile", "though", "too", "likewise", "similarly",
	"predictably", "unsurprisingly", "surprisingly", "naturally", "of")

// looksLikeVerb marks a present-tense verb before "as": "Sven Dahl
// convinces as Karl".
func looksLikeVerb(w string) bool {
	switch w {
	case "is", "was", "has", "as", "his", "this", "its", "us", "thus", "less", "plus":
		return false
	}
	return len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") &&
		!strings.HasSuffix(w, "ous") && !pluralNouns[w]
}

// looksLikePastVerb marks a past-tense verb before "as": "Joan Leslie
// surprised me as Jo".
func looksLikePastVerb(w string) bool {
	return len(w) > 4 && strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "eed")
}

// pluralNouns end in "s" but are not verbs: "Sofia Lindqvist's Harbour
// series", "Jon Ashby's Brandt brothers".
var pluralNouns = setOf("series", "scripts", "films", "movies", "pictures", "days", "years",
	"sequels", "novels", "books", "stories", "fans", "characters", "productions", "brothers",
	"sisters", "westerns", "thrillers", "comedies", "dramas", "musicals", "adventures",
	"chronicles", "origins", "features", "roles", "performances", "credits", "effects",
	"costumes", "sets", "scenes", "lines", "antics", "exploits", "entries",
	"installments", "instalments", "outings", "episodes", "seasons", "songs",
	"albums", "parts", "words", "eyes", "hands", "boys", "girls", "kids",
	"children", "parents", "friends", "tales", "mysteries",
	"chapters", "serials", "shorts", "cartoons", "remakes", "versions", "designs")

// roleOf reads "X in the crucial role of Y", "X plays the part of Y" and
// "X's portrayal of Y" around the "of" at toks[i].
func (x *extractor) roleOf(i int) {
	toks := x.toks
	if i < 2 {
		return
	}
	noun := toks[i-1].lower()
	cStart, cEnd, ok := characterAfter(toks, i+1)
	if !ok {
		return
	}
	character := x.span(cStart, cEnd)
	if portrayalNouns[noun] {
		// "X's take on Y", "X's sly take on Y", "his finest
		// interpretation of Y" in a sentence about X.
		k := i - 2
		for n := 0; k >= 1 && n < 2 && isLowerWord(toks[k]) && !toks[k].poss && !ownerWords[toks[k].text]; n++ {
			k--
		}
		if toks[k].poss {
			if person, _, surname, ok := x.personBefore(k + 1); ok {
				x.addCastVia(person, surname, character)
			}
		} else if ownerWords[toks[k].text] {
			x.addSubjectCast(k, character)
		}
		return
	}
	if toks[i].is("on") || (noun != "role" && noun != "part") {
		return
	}
	k := i - 2
	for n := 0; k >= 0 && n < 3 && isLowerWord(toks[k]) && !determiners[toks[k].text]; n++ {
		k--
	}
	if k < 1 || !determiners[toks[k].text] {
		return
	}
	k--
	if !toks[k].is("in") && !castVerbs[toks[k].lower()] {
		return
	}
	if k > 0 && toks[k-1].poss {
		return
	}
	if person, start, surname, ok := x.personBefore(k); ok && !objectOfPlay(toks, start) && !x.notThisCast(start) {
		x.addCastVia(person, surname, character)
	}
}

var portrayalNouns = setOf("portrayal", "interpretation", "incarnation", "version", "take", "rendition", "performance")

// ownerWords refer back to the person a sentence is about: "his
// performance as Karl", "whose performance as Inspector Brandt".
var ownerWords = setOf("his", "her", "their", "whose")

// addSubjectCast credits the character to the person that "his", "her"
// or "whose" at toks[k] refers to: the person just before "whose", or the
// full name that opens the sentence ("Sven Dahl brings menace to his
// performance as Karl"). It reports whether it found the person.
func (x *extractor) addSubjectCast(k int, character string) bool {
	toks := x.toks
	if toks[k].is("whose") {
		if start, ok := personBackward(toks, k); ok {
			x.addCast(x.span(start, k), character)
			return true
		}
		return false
	}
	// The one full name before the owner word, not a crew member's
	// ("director Sofia Lindqvist … her"), is the one it refers to.
	start, end := -1, -1
	for j := 0; j < k; j++ {
		if e, ok := personForward(toks, j); ok {
			if start >= 0 {
				return false // two names: either could be the one referred to
			}
			start, end = j, e
			j = e - 1
		}
	}
	if start < 0 {
		// "His performance as Karl" opening a sentence: the previous
		// sentence's person.
		if opensSentence(toks, k) {
			x.addPronounCast(character)
			return true
		}
		return false
	}
	if toks[end-1].poss {
		return false
	}
	if start > 0 {
		if _, crew := crewNouns[toks[start-1].lower()]; crew {
			return true
		}
	}
	x.addCast(x.span(start, end), character)
	return true
}

// asCharacterPerson reads a sentence that opens "As Lena, Marta Vogel …",
// "As Lena, wide-eyed Marta Vogel …" or "As Emil and Karl, A B and C D
// convince".
func (x *extractor) asCharacterPerson(i int) {
	toks := x.toks
	var characters []string
	j := i + 1
	for {
		cStart, cEnd, ok := characterForwardDescribed(toks, j)
		if !ok && j == i+1 {
			cStart, cEnd, ok = characterAfter(toks, j) // "As the titular Lena,"
		}
		if !ok {
			return
		}
		characters = append(characters, x.span(cStart, cEnd))
		j = cEnd
		if j+1 < len(toks) && toks[j].is("and") && len(characters) < 4 {
			j++
			continue
		}
		break
	}
	if j+1 >= len(toks) || toks[j].text != "," {
		return
	}
	p := j + 1
	if len(characters) == 1 && p+1 < len(toks) && (toks[p].is("he") || toks[p].is("she")) && isLowerWord(toks[p+1]) {
		x.addPronounCast(characters[0]) // "As Karl, he …"
		return
	}
	for n := 0; n < 3 && p < len(toks) && isLowerWord(toks[p]); n++ {
		p++ // "wide-eyed", "newcomer"
	}
	if p >= len(toks) {
		return
	}
	persons, _, ok := personList(toks, p)
	if !ok {
		if end, ok := personForward(toks, p); ok && len(characters) == 1 {
			persons = [][2]int{{p, end}} // "As Lena, Marta Vogel's stillness …"
		} else {
			if len(characters) == 1 && canStartPerson(toks[p]) && !toks[p].poss && p+1 < len(toks) && isLowerWord(toks[p+1]) {
				x.addCastVia(toks[p].text, true, characters[0])
			}
			return
		}
	}
	if len(persons) != len(characters) {
		return
	}
	for k, pr := range persons {
		x.addCast(x.span(pr[0], pr[1]), characters[k])
	}
}

// characterForwardDescribed is characterForward for a name that carries
// no description; it exists so that lists read name by name.
func characterForwardDescribed(toks []token, i int) (start, end int, ok bool) {
	if i < len(toks) && toks[i].is("the") {
		i++
	}
	end, ok = characterForward(toks, i)
	if !ok || (end > i && toks[end-1].poss) {
		return 0, 0, false
	}
	return i, end, true
}

var performanceNouns = setOf("performance", "turn", "role", "portrayal", "work", "part",
	"appearance", "stint", "debut", "outing", "casting", "cameo", "delivery", "introduction",
	"tour-de-force", "arc")

var castVerbs = setOf("is", "was", "stars", "starred", "star", "starring", "shines", "shone",
	"shine", "excels", "excel", "appears", "appeared", "appear", "appearing", "returns",
	"returned", "return", "returning", "co-stars", "costars", "cameos", "plays", "played",
	"play", "playing", "reprises", "reprised", "reprise", "reprising", "steals", "delivers",
	"gets", "got", "makes", "made", "does", "did", "turns", "turned", "turn", "reigns",
	"scores", "impresses", "dazzles", "sparkles", "stands", "shows", "brings", "takes",
	"took", "acts", "cast", "co-starring", "costarring", "featuring", "features",
	"featured", "up", "in", "good", "great", "fine", "terrific", "excellent", "solid",
	"superb", "wonderful", "memorable", "effective", "perfect", "perfectly", "fun",
	"better", "best", "strong", "convincing", "menacing", "charming", "likable")

// personVerbCharacter reads "Marta Vogel plays Lena", "Marta Vogel, who
// brings Lena to life" around the verb at toks[i].
func (x *extractor) personVerbCharacter(i int) {
	toks := x.toks
	verb := toks[i].lower()
	if i+1 < len(toks) && toks[i+1].is("by") {
		return // "played by" is read from the "by"
	}
	first := i + 1
	// "plays the role of Lena"
	if first+2 < len(toks) && toks[first].is("the") && (toks[first+1].is("role") || toks[first+1].is("part")) && toks[first+2].is("of") {
		first += 3
	}
	if (verb == "play" || verb == "portray") && x.pairedLists(i, first) {
		return
	}
	character, cEnd, ok := x.characterOrTitleRole(first)
	if !ok {
		return
	}
	if x.otherFilmAt(cEnd) {
		return
	}
	if verb == "brings" || verb == "brought" {
		if cEnd+2 >= len(toks) || !toks[cEnd].is("to") || !toks[cEnd+1].is("life") {
			return
		}
	}
	pEnd := skipAdverbs(toks, i)
	// "Jon Ashby, playing Emil, the younger brother", "Jon Ashby returns
	// to the sea, this time playing Emil"
	participle := false
	if strings.HasSuffix(verb, "ing") {
		q := pEnd
		for n := 0; n < 2 && q >= 1 && participleOpeners[toks[q-1].text]; n++ {
			q--
		}
		if q >= 2 && isClauseBreak(toks, q-1) {
			pEnd, participle = clauseBreakStart(toks, q-1), true
		}
	}
	// "Marta Vogel, who plays Lena", "Marta Vogel (who plays Lena)" and
	// "Marta Vogel who plays Lena"
	if pEnd >= 2 && toks[pEnd-1].is("who") && (toks[pEnd-2].text == "," || toks[pEnd-2].text == "(") {
		pEnd -= 2
	} else if pEnd >= 3 && toks[pEnd-1].is("who") && !toks[pEnd-1].poss && isPersonWord(toks[pEnd-2]) {
		pEnd--
	}
	if pEnd >= 1 && pronounSubject(toks, pEnd-1) && (!toks[pEnd-1].poss || strings.HasSuffix(verb, "ing")) {
		x.addPronounCast(character) // "He plays Karl", "she's playing Lena"
		return
	}
	if pEnd < 1 || toks[pEnd-1].poss {
		return
	}
	person, start, surname, ok := x.personBefore(pEnd)
	if !ok && participle && x.addSubjectCast(pEnd, character) {
		return // the participle's subject is the one person the sentence names
	}
	if !ok && pEnd >= 2 && toks[pEnd-1].text == "," {
		// "Jon Ashby, plays Emil": a stray comma after a full name.
		if s, ok2 := personBackward(toks, pEnd-1); ok2 {
			person, start, surname, ok = x.span(s, pEnd-1), s, false, true
		}
	}
	if !ok || objectOfPlay(toks, start) || x.notThisCast(start) {
		return
	}
	x.addCastVia(person, surname, character)
}

// playedWithManner returns the index of the verb of "played with a
// similar mix of charm and menace by" before the "by" at toks[by]: a
// manner phrase of lower-case words between them. It returns -1 if there
// is none.
func playedWithManner(toks []token, by int) int {
	for k := by - 1; k >= 2 && k > by-10 && isLowerWord(toks[k]) && !toks[k].poss; k-- {
		if toks[k].is("with") && castByVerbs[toks[k-1].text] {
			return k - 1
		}
	}
	return -1
}

// participleOpeners may stand between a comma and a participle: ", this
// time playing", ", once again voicing".
var participleOpeners = setOf("this", "time", "once", "again", "here", "now", "also")

// complementOfNoun reports whether the name starting at toks[start]
// completes a noun before it with "for", "the love interest for Emil,
// played by …", where what is played is the noun's person, not Emil
// ("falls for Emil, played by …" keeps Emil: a verb precedes).
func complementOfNoun(toks []token, start int) bool {
	if start < 2 || !toks[start-1].is("for") {
		return false
	}
	w := toks[start-2]
	return isLowerWord(w) && !w.poss && !determiners[w.text] && !castVerbs[w.text] && !looksLikeVerb(w.text) &&
		!looksLikePastVerb(w.text) && !strings.HasSuffix(w.text, "ing")
}

var placePrepositions = setOf("in", "at", "near", "outside", "inside", "across", "throughout", "around")

var appositiveStarts = setOf("a", "an", "the", "his", "her", "their", "another", "one")

var castByVerbs = setOf("played", "portrayed", "voiced", "essayed", "embodied")

// playedBy reads "Lena (played by Marta Vogel)", "Lena, played by Marta
// Vogel", "Lena is played by Marta Vogel" and "Lena, a weary baker played
// by Marta Vogel" around the "by" at toks[i].
func (x *extractor) playedBy(i int) {
	toks := x.toks
	var person string
	surname := false
	pStart := i + 1
	// "played by top-billed Marta Vogel", "played by newcomer Jon Ashby"
	for n := 0; n < 3 && pStart < len(toks) && isLowerWord(toks[pStart]) && (!descriptionBlockers[toks[pStart].text] || toks[pStart].is("lead")); n++ {
		pStart++
	}
	if pStart < len(toks) && toks[pStart].text == "," && pStart > i+1 {
		pStart++ // "played by a regular villain, Sven Dahl"
	}
	if pStart >= len(toks) {
		return
	}
	if pEnd, ok := personForward(toks, pStart); ok {
		if toks[pEnd-1].poss || (pEnd < len(toks) && (toks[pEnd].is("and") || toks[pEnd].text == "&")) {
			return // "played by A and B" does not say who is whom
		}
		person = x.span(pStart, pEnd)
	} else if pStart+1 < len(toks) && canStartPerson(toks[pStart]) && !toks[pStart].poss && !isCapitalised(toks[pStart+1]) {
		person, surname = toks[pStart].text, true
	} else {
		return
	}
	// "Played by Marta Vogel, Lena offers …"
	if i == 1 && pStart < len(toks) {
		if pEnd, ok := personForward(toks, pStart); ok && pEnd+1 < len(toks) && toks[pEnd].text == "," {
			if cEnd, ok := characterForward(toks, pEnd+1); ok && !toks[cEnd-1].poss {
				x.addCast(person, x.span(pEnd+1, cEnd))
			}
		}
		return
	}
	cEnd := i - 1 // the verb
	// "played again by", "played once again by"
	for cEnd >= 1 && !castByVerbs[toks[cEnd].lower()] && isAdverb(toks[cEnd].text) {
		cEnd--
	}
	if cEnd >= 2 && !castByVerbs[toks[cEnd].lower()] {
		if v := playedWithManner(toks, i); v >= 0 {
			cEnd = v
		}
	}
	if cEnd < 1 || !castByVerbs[toks[cEnd].lower()] {
		return
	}
	// "Emil, now played by", "Emil (still played by"
	for cEnd >= 2 && isLowerWord(toks[cEnd-1]) && isAdverb(toks[cEnd-1].text) && (toks[cEnd-2].text == "," || toks[cEnd-2].text == "(") {
		cEnd--
	}
	if p := toks[cEnd-1]; p.text == "(" || p.text == "," || p.is("is") || p.is("was") {
		cEnd--
	}
	// "the kid, called Emil and played by"
	if cEnd >= 2 && toks[cEnd-1].is("and") {
		if n, st, ok := x.characterBefore(cEnd - 1); ok && st > 0 && namingWords[toks[st-1].text] {
			x.addCastVia(person, surname, n)
			return
		}
	}
	name, start, ok := x.characterBefore(cEnd)
	if ok && complementOfNoun(toks, start) {
		return
	}
	if !ok {
		// "Lena is a weary baker played by".
		for c := cEnd - 1; c >= 1 && c >= cEnd-6 && isLowerWord(toks[c]); c-- {
			if (toks[c].is("is") || toks[c].is("was")) && (toks[c+1].is("a") || toks[c+1].is("an")) {
				name, _, ok = x.characterBefore(c)
				break
			}
		}
	}
	if !ok {
		// An appositive between the name and the verb: "Lena, a weary
		// baker played by", "Emil, a sailor, played by".
		m := cEnd
		for n := 0; m > 0 && n < 8 && toks[m-1].kind == kindWord && !toks[m-1].poss && (isLowerWord(toks[m-1]) || n > 0); n++ {
			m--
		}
		if m < 2 || m == cEnd || toks[m-1].text != "," || !appositiveStarts[toks[m].text] {
			return
		}
		var start int
		if name, start, ok = x.characterBefore(m - 1); !ok {
			return
		}
		// "the sailor Emil, the skipper Karl, a cook played by": the
		// name is an item of a list whose items end in names, and the
		// appositive may be the next item ("the old man's go-between,
		// Karl, a clerk played by" is no such list).
		if toks[cEnd].text != "," {
			k := start - 1
			for n := 0; k >= 0 && n < 4 && toks[k].kind == kindWord && !toks[k].poss && !descriptionBlockers[toks[k].text]; n++ {
				k--
			}
			if k >= 1 && toks[k].text == "," && isCapitalised(toks[k-1]) {
				return
			}
		}
	}
	x.addCastVia(person, surname, name)
}

// possessive reads "Piet Hollander's 35mm cinematography", "Sofia
// Lindqvist's Northern Lights" and "Marta Vogel's Lena" after the possessive name ending at
// toks[i].
func (x *extractor) possessive(i int) {
	toks := x.toks
	start, ok := personBackward(toks, i+1)
	if !ok {
		return
	}
	person := x.span(start, i+1)
	if x.possessiveCrew(person, i) {
		return
	}
	// "director Sofia Lindqvist's Harbour" is another film of hers;
	// "Karl Brandt's Last Voyage" is a title.
	if start > 0 {
		if _, ok := crewNouns[toks[start-1].lower()]; ok {
			return
		}
	}
	if x.titleKey != "" && strings.Contains(x.titleKey, normalizeName(person)) {
		return
	}
	// "Ruth Okafor's character Jo", "Sven Dahl's smuggler, Karl
	// Brandt,", "Sven Dahl's prissy embalmer, Mr. Joyboy.": a role noun
	// between the possessive and the name, and the name set off.
	if i+2 < len(toks) && isLowerWord(toks[i+1]) && !workNouns[toks[i+1].text] {
		// "Karl's son, Emil": a relation names another character, or the
		// actor's own family, not a part.
		if relationNouns[toks[i+1].text] {
			return
		}
		j := i + 1
		for j < len(toks) && j < i+4 && isLowerWord(toks[j]) && !toks[j].poss && !workNouns[toks[j].text] && !descriptionBlockers[toks[j].text] {
			j++
		}
		comma := j < len(toks) && toks[j].text == ","
		if comma {
			j++
		}
		if (characterNouns[toks[i+1].text] && j == i+2) || (comma && j > i+2) {
			if cEnd, ok := characterForward(toks, j); ok && !toks[cEnd-1].poss && (j == i+2 || cEnd == len(toks) || closesName(toks, cEnd)) {
				x.pending = append(x.pending, deferred{person: person, character: x.span(j, cEnd)})
			}
		}
		return
	}
	cEnd, ok := characterForward(toks, i+1)
	if !ok {
		return
	}
	character := x.span(i+1, cEnd)
	// "A B's Emil, C D's Karl, and E F's Jo": a list of
	// possessive pairs confirms itself.
	confirmed := false
	if cEnd < len(toks) && toks[cEnd].text == "," && x.possessiveListFollows(cEnd+1) {
		confirmed = true
		x.lastPossessiveList = x.sentence
	} else if x.lastPossessiveList == x.sentence {
		confirmed = true
	}
	// "Jon Ashby's Emil drives to the harbour": a name that acts. Film
	// titles act too ("Sofia Lindqvist's Harbour borrows"), so a title-like name
	// ("The …") is refused and the reading is dropped if the review credits
	// the person with a crew job.
	after := cEnd
	for after < len(toks) && after < cEnd+2 && adverbs[toks[after].text] {
		after++
	}
	if !confirmed && after < len(toks) && isLowerWord(toks[after]) && !toks[i+1].is("the") &&
		(predicateVerbs[toks[after].text] || looksLikeVerb(toks[after].text)) {
		x.pending = append(x.pending, deferred{person: person, character: character, notCrew: true})
		return
	}
	if !confirmed {
		// Otherwise only a review that credits the person as an actor
		// elsewhere vouches for "Person's Character".
		x.pending = append(x.pending, deferred{person: person, character: character, actorOnly: true})
		return
	}
	x.pending = append(x.pending, deferred{person: person, character: character})
}

// relationNouns name someone by their tie to another person.
var relationNouns = setOf("son", "daughter", "wife", "husband", "brother", "sister", "father",
	"mother", "uncle", "aunt", "nephew", "niece", "cousin", "grandson", "granddaughter",
	"grandfather", "grandmother", "fiancé", "fiancée", "fiance", "fiancee", "girlfriend",
	"boyfriend", "lover", "widow", "stepson", "stepdaughter", "stepmother", "stepfather",
	"sibling", "twin", "child", "children", "kids", "friend", "pal", "partner", "spouse")

// closesName reports whether toks[k] ends the clause of a name before it:
// a comma, dash, period or semicolon.
func closesName(toks []token, k int) bool {
	return isClauseBreak(toks, k) || toks[k].text == "." || toks[k].text == ";"
}

// pronounPossessive reads a sentence that opens "His Karl is …" or "Her
// Lena drives …": the previous sentence's person's character, when a verb
// follows the name.
func (x *extractor) pronounPossessive() {
	toks := x.toks
	cEnd, ok := characterForward(toks, 1)
	if !ok || toks[1].is("the") {
		return
	}
	after := cEnd
	for after < len(toks) && after < cEnd+2 && adverbs[toks[after].text] {
		after++
	}
	if after < len(toks) && isLowerWord(toks[after]) && (predicateVerbs[toks[after].text] || looksLikeVerb(toks[after].text)) {
		x.addPronounCast(x.span(1, cEnd))
	}
}

// whoseCharacter reads "Jon Ashby, whose Emil is …" around the "whose" at
// toks[i]: a full name, a comma, "whose" and a name that a verb follows.
func (x *extractor) whoseCharacter(i int) {
	toks := x.toks
	if i < 3 || toks[i-1].text != "," {
		return
	}
	start, ok := personBackward(toks, i-1)
	if !ok || toks[i-2].poss || objectOfPlay(toks, start) {
		return
	}
	cEnd, ok := characterForward(toks, i+1)
	if !ok || toks[i+1].is("the") || cEnd >= len(toks) {
		return
	}
	if after := toks[cEnd]; isLowerWord(after) && (predicateVerbs[after.text] || looksLikeVerb(after.text)) {
		x.pending = append(x.pending, deferred{person: x.span(start, i-1), character: x.span(i+1, cEnd), notCrew: true})
	}
}

// workNouns are what a possessive name owns that is not a role: "Sofia
// Lindqvist's film, Harbour".
var workNouns = setOf("film", "films", "movie", "movies", "picture", "pictures", "feature",
	"debut", "latest", "novel", "book", "story", "play", "script", "screenplay", "adaptation",
	"classic", "remake", "version", "sequel", "series", "show", "song", "album", "career",
	"work", "style", "take", "own", "first", "last", "best", "next", "previous", "earlier",
	"later", "new", "old", "great", "masterpiece", "production", "direction", "camera")

var predicateVerbs = setOf("is", "was", "isn't", "wasn't", "has", "had", "remains", "becomes",
	"became", "feels", "felt", "comes", "came", "seems", "seemed", "doesn't", "didn't", "can't",
	"couldn't", "won't", "never", "gets", "got", "keeps", "kept")

// possessiveListFollows reports whether another "Person's Character"
// follows at toks[i] (after an optional "and").
func (x *extractor) possessiveListFollows(i int) bool {
	toks := x.toks
	if i < len(toks) && toks[i].is("and") {
		i++
	}
	end, ok := personForward(toks, i)
	if !ok || !toks[end-1].poss {
		return false
	}
	_, ok = characterForward(toks, end)
	return ok
}

// otherFilmAt reports whether "in <Title>" at toks[i] names a film other
// than the reviewed one: "Jon Ashby's turn as Emil in Harbour".
func (x *extractor) otherFilmAt(i int) bool {
	toks := x.toks
	if x.titleKey == "" || i+1 >= len(toks) || !toks[i].is("in") || !isCapitalised(toks[i+1]) {
		return false
	}
	if x.titleAt(i + 1) {
		return false
	}
	if toks[i+1].is("the") {
		return i+2 < len(toks) && isCapitalised(toks[i+2])
	}
	return !descriptorWords[toks[i+1].lower()] && !notNameWords[toks[i+1].lower()]
}

// personIsCharacter reads "Marta Vogel is Lena." and "Sven Dahl is Karl,
// a smuggler" around the "is" at toks[i]: a
// full name, "is", and a name that ends the clause.
func (x *extractor) personIsCharacter(i int) {
	toks := x.toks
	if i < 2 || toks[i-1].poss {
		return
	}
	start, ok := personBackward(toks, i)
	if !ok || (start > 0 && toks[start-1].kind == kindWord) {
		return // the name must open the clause
	}
	end, ok := characterForward(toks, i+1)
	if !ok || toks[end-1].poss {
		return
	}
	if end < len(toks) && !isClauseBreak(toks, end) && toks[end].text != "." && toks[end].text != ";" {
		return
	}
	// "X is Y" where Y is a person credited elsewhere ("The lead is …")
	// is dropped with the other person-named characters.
	x.addCast(x.span(start, i), x.span(i+1, end))
}

// pairedLists reads "A B and C D play Emil and Karl" around the verb at
// toks[verb]: two lists of equal length, paired in order.
func (x *extractor) pairedLists(verb, first int) bool {
	toks := x.toks
	// The persons: "A B and C D" ending just before the verb.
	var persons [][2]int
	end := verb
	for len(persons) < 4 {
		start, ok := personBackward(toks, end)
		if !ok {
			return false
		}
		persons = append([][2]int{{start, end}}, persons...)
		if start >= 2 && toks[start-1].is("and") {
			end = start - 1
			if toks[end-1].text == "," {
				end--
			}
			continue
		}
		if start >= 1 && toks[start-1].text == "," {
			end = start - 1
			continue
		}
		break
	}
	if len(persons) < 2 {
		return false
	}
	var characters []string
	j := first
	if j < len(toks) && toks[j].is("the") {
		j++
	}
	for len(characters) < len(persons) {
		end, ok := characterForward(toks, j)
		if !ok || toks[end-1].poss {
			return false
		}
		characters = append(characters, x.span(j, end))
		j = end
		if j < len(toks) && (toks[j].is("and") || toks[j].text == ",") {
			j++
			if j < len(toks) && toks[j].is("and") {
				j++
			}
			continue
		}
		break
	}
	if len(characters) != len(persons) {
		return false
	}
	for k, p := range persons {
		x.addCast(x.span(p[0], p[1]), characters[k])
	}
	return true
}

// characterOrTitleRole reads the character named from toks[i] on, as
// characterAfter does, or "the titular hero", "the title role": the
// character the film's title names. It returns the character and the end
// of its words.
func (x *extractor) characterOrTitleRole(i int) (character string, end int, ok bool) {
	if x.titleRole != "" {
		if end, ok := titularPart(x.toks, x.title, i); ok {
			return x.titleRole, end, true
		}
	}
	start, end, ok := characterAfter(x.toks, i)
	if !ok {
		return "", 0, false
	}
	return x.span(start, end), end, true
}

// titularPart reads "the titular hero", "the title character", "the
// title role" at toks[i]: the part the film's title names. "The titular
// Lena" names its character itself, and "the titular brothers" are more
// than one.
func titularPart(toks, title []token, i int) (end int, ok bool) {
	if i+2 >= len(toks) || !toks[i].is("the") || !isLowerWord(toks[i+2]) {
		return 0, false
	}
	noun := toks[i+2].text
	switch toks[i+1].text {
	case "titular":
		if strings.HasSuffix(noun, "s") && !strings.HasSuffix(noun, "ss") || toks[i+2].poss || notPartNouns[noun] {
			return 0, false
		}
		// "the titular bride" of "Mail Order Bride": the title
		// describes its character rather than names it.
		for _, t := range title {
			if t.low == noun {
				return 0, false
			}
		}
	case "title":
		if !titleRoleNouns[noun] {
			return 0, false
		}
	default:
		return 0, false
	}
	// "the titular character, Hud Bannon", "the title role of Roderick":
	// the name is given.
	if i+4 < len(toks) && (toks[i+3].text == "," || toks[i+3].is("of")) && isCapitalised(toks[i+4]) {
		return 0, false
	}
	return i + 3, true
}

var titleRoleNouns = setOf("role", "character", "part", "hero", "heroine", "villain")

// notPartNouns are what "titular" describes that no one plays: "the
// titular duo", "the titular promise".
var notPartNouns = setOf("duo", "trio", "pair", "couple", "family", "gang", "team", "group", "home",
	"house", "town", "city", "place", "ship", "island", "day", "night", "promise", "threat",
	"nickname", "question", "phrase", "line", "song", "object", "event")

// titleCharacter returns the character a film's title names, or "": the
// title before a colon, without a trailing sequel number, when its words
// are all capitalised ("Conan the Barbarian", "Judge Priest", "Hellboy
// II: The Golden Army" → "Hellboy"). A title with other lower-case words
// or punctuation ("Harry in Your Pocket", "I, Monster", "Bill & Ted's …")
// or made with "of" ("House of Usher") names no one in a way to credit,
// and one that opens "The" is a description ("The Transporter"), unless
// a form of address and a name follow ("The Amazing Dr. Clitterhouse" →
// "Dr. Clitterhouse").
func titleCharacter(title string, toks []token) string {
	end := len(toks)
	for k, t := range toks {
		if t.kind == kindPunct && (t.text == ":" || t.text == "-" || t.text == "–" || t.text == "—") {
			end = k
			break
		}
	}
	for end > 0 && (romanNumerals[toks[end-1].text] || isAllDigits(toks[end-1].text)) {
		end--
	}
	start := 0
	if end > 1 && toks[0].is("the") {
		start = -1
		for k := 1; k+1 < end; k++ {
			if addressForms[toks[k].lower()] || honorifics[toks[k].lower()] {
				start = k
				break
			}
		}
		if start < 0 {
			return ""
		}
	}
	if start >= end || end-start > 4 {
		return ""
	}
	for k := start; k < end; k++ {
		t := toks[k]
		if t.poss || (t.kind == kindPunct && t.text != ".") {
			return ""
		}
		if t.kind == kindPunct {
			continue // "Dr. No"
		}
		if !isCharacterWord(t) && !(k > start && characterConnectors[t.text] && t.text != "of") {
			return ""
		}
	}
	return cleanName(title[toks[start].start:toks[end-1].end])
}

func isAllDigits(w string) bool {
	for k := 0; k < len(w); k++ {
		if w[k] < '0' || w[k] > '9' {
			return false
		}
	}
	return w != ""
}

// personMakesA reads "Peter Hale makes a commanding Holmes, …" and "Jon
// Ashby is a convincing Emil." around the verb at toks[i]: an actor
// "makes" or "is" a character described by an adjective, the name closing
// the clause ("makes a great Bond villain" describes, "makes a Hitchcock
// film" names no one).
func (x *extractor) personMakesA(i int) {
	toks := x.toks
	if i+3 >= len(toks) || !(toks[i+1].is("a") || toks[i+1].is("an")) {
		return
	}
	j := i + 2
	for j < len(toks) && j < i+5 && isLowerWord(toks[j]) && !toks[j].poss && !descriptionBlockers[toks[j].text] && !conjunctions[toks[j].text] {
		j++
	}
	if j == i+2 {
		return // an adjective says it is a performance: "makes a Holmes" is rare
	}
	cEnd, ok := characterForward(toks, j)
	if !ok || toks[cEnd-1].poss || (cEnd < len(toks) && !closesName(toks, cEnd)) {
		return
	}
	character := x.span(j, cEnd)
	pEnd := skipAdverbs(toks, i)
	if pronounSubject(toks, pEnd-1) && !toks[pEnd-1].poss {
		x.addPronounCast(character) // "He makes a fine Emil."
		return
	}
	if pEnd < 1 || toks[pEnd-1].poss {
		return
	}
	person, start, surname, ok := x.personBefore(pEnd)
	if !ok || objectOfPlay(toks, start) || x.notThisCast(start) {
		return
	}
	x.addCastVia(person, surname, character)
}
