package extract

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Which film a review is about, when the container does not say.
//
// Every title-cased phrase of the body is a candidate. A candidate earns
// points only in the places critics put the film's title:
//
//	+3 after a possessive name        "Sean Baker’s Anora"
//	+3 as "In <Title>," opening a sentence
//	+3 before a year in brackets      "Anora (2024)"
//	+3 after "spoilers of/for"        "mild spoilers of Anora"
//	+2 in a sentence that "reviews" it, in the headline (when also in the body),
//	   or before a release verb       "Anora opens in cinemas…"
//	+2 as "<Title> is a film/drama/triumph…"
//	+1 opening a sentence before a verb of telling ("Anora centers on…")
//	+1 after "in"/"of"                "the final scenes of Anora"
//	+2 for each Markdown emphasis     "_Anora_"
//	-1 for each possessive use        ("Ani’s story": characters and people)
//
// People and characters are excluded outright when the text shows what
// they are: a name in brackets after another name is an actor, the name
// before it a character ("Ani (Mikey Madison)"); so are places, award
// names and common capitalised words. The winner needs at least 3 points,
// so a review that never names its film in such a place gets no title.

const minimumTitleScore = 3

// italicTitleScore is what one Markdown-emphasised mention adds.
const italicTitleScore = 2

// firstItalicBonus: critics name the film under review before the films
// they compare it to.
const firstItalicBonus = 1

// filmNouns make "<X> is a <…> <noun>" a statement about the film.
var filmNouns = map[string]bool{
	"film": true, "movie": true, "picture": true, "drama": true, "comedy": true, "thriller": true, "triumph": true,
	"masterpiece": true, "study": true, "tragicomedy": true, "romance": true, "documentary": true, "feature": true,
	"debut": true, "sequel": true, "story": true, "meditation": true, "portrait": true, "tale": true, "fable": true,
	"mess": true, "disappointment": true, "failure": true, "success": true, "achievement": true, "work": true,
	"horror": true, "western": true, "musical": true, "satire": true, "epic": true, "biopic": true, "odyssey": true,
}

// tellingVerbs follow a film's title at the start of a sentence.
var tellingVerbs = map[string]bool{
	"is": true, "feels": true, "marks": true, "centers": true, "centres": true, "shows": true, "follows": true,
	"tells": true, "raises": true, "resembles": true, "interrogates": true, "remains": true, "offers": true,
	"succeeds": true, "fails": true, "falls": true, "becomes": true, "was": true, "isn’t": true, "isn't": true,
	"unfolds": true, "explores": true, "examines": true, "chronicles": true, "depicts": true, "lingers": true,
}

var releaseVerbs = map[string]bool{
	"releases": true, "opens": true, "arrives": true, "premieres": true, "hits": true, "lands": true,
	"debuts": true, "streams": true,
}

// places that reviews mention and that must never be taken for a film.
var places = setOf(
	"New York", "New York City", "NYC", "Brooklyn", "Manhattan", "Queens", "Bronx", "Coney Island", "Brighton Beach",
	"Las Vegas", "Vegas", "Los Angeles", "LA", "L.A.", "Hollywood", "London", "Paris", "Berlin", "Rome", "Tokyo",
	"Moscow", "Russia", "America", "United States", "US", "U.S.", "USA", "UK", "U.K.", "Britain", "England",
	"Scotland", "Ireland", "France", "Germany", "Italy", "Spain", "Portugal", "China", "Japan", "India", "Canada",
	"Mexico", "Brazil", "Europe", "Asia", "Africa", "Armenia", "Cannes", "Venice", "Sundance", "Toronto",
	"Big Apple", "California", "Texas", "Florida", "Miami", "Chicago", "Boston", "San Francisco", "Seattle",
	"Saint Petersburg", "St. Petersburg", "Ukraine", "Korea", "South Korea", "Australia", "New Jersey", "Texas",
)

// notTitles are capitalised words and phrases that are never film titles.
var notTitles = setOf(
	"I", "I’m", "I've", "I’ve", "I'm", "I’d", "Oscar", "Oscars", "Academy", "Academy Award", "Academy Awards",
	"Golden Globe", "Golden Globes", "BAFTA", "Palme", "Best Picture", "Best Actress", "Best Actor", "Best Director",
	"God", "Christmas", "Gen-Z", "Gen Z", "Mr", "Mrs", "Dr", "TV", "CGI", "OK", "Monday", "Tuesday", "Wednesday",
	"Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December", "English", "American", "Russian", "British",
	"French", "Armenian", "Netflix", "Amazon", "Disney", "HBO", "Hulu", "MUBI", "A24", "Neon", "YouTube",
	"Warning", "Spoiler", "Spoilers", "Rating", "Verdict", "Review",
)

func setOf(items ...string) map[string]bool {
	m := make(map[string]bool, len(items))
	for _, item := range items {
		m[item] = true
	}
	return m
}

// filmEvidence is what inferFilm gathered besides the title; the director
// and mention finders reuse it.
type filmEvidence struct {
	title      string
	year       int
	actors     map[string]bool // names in brackets after a character
	characters map[string]bool // names followed by an actor in brackets
}

type candidate struct {
	score float64
	count int
	first int // order of first appearance, for stable ties
	year  int
}

func inferFilm(body *parsedText, headlineText string, italics []string) filmEvidence {
	headline := splitWords(headlineText)
	ev := filmEvidence{actors: map[string]bool{}, characters: map[string]bool{}}
	candidates := map[string]*candidate{}
	get := func(key string) *candidate {
		c := candidates[key]
		if c == nil {
			c = &candidate{first: len(candidates)}
			candidates[key] = c
		}
		return c
	}
	// First pass: who is an actor, who a character.
	for si, words := range body.words {
		for _, p := range body.phrases[si] {
			if words[p.start].lead == leadParen && strings.HasPrefix(words[p.end-1].trail, ")") && p.start > 0 {
				ev.actors[p.text] = true
				continue
			}
			if p.end < len(words) && words[p.end].lead == leadParen && words[p.end].capitalised() && !isYearWord(words[p.end]) {
				ev.characters[p.text] = true
			}
		}
	}
	for si, words := range body.words {
		reviewsSentence := false
		if containsReview(body.sentences[si]) {
			for _, w := range words {
				if w.text == "reviews" || w.text == "reviewed" {
					reviewsSentence = true
				}
			}
		}
		for _, p := range body.phrases[si] {
			key := p.text
			if !titleCandidate(key) || ev.actors[key] || ev.characters[key] || fragmentOfItalic(key, italics) {
				continue
			}
			c := get(key)
			c.count++
			first, last := words[p.start], words[p.end-1]
			if last.possessive {
				c.score--
				continue
			}
			if last.suffix != "" || first.lead == leadParen {
				continue
			}
			if p.start > 0 {
				prev := words[p.start-1]
				switch {
				case prev.possessive && prev.capitalised() && prev.trail == "" && !sentenceOpeners[strings.ToLower(prev.text)]:
					// ("Here's Humphrey Bogart" is no possessive.)
					c.score += 3
				case (prev.text == "in" || prev.text == "of") && prev.trail == "":
					c.score++
					if p.start > 1 && strings.EqualFold(words[p.start-2].text, "spoilers") {
						c.score += 2
					}
				case (prev.text == "for") && p.start > 1 && strings.EqualFold(words[p.start-2].text, "spoilers"):
					c.score += 3
				}
			}
			if p.start == 1 && strings.EqualFold(words[0].text, "in") && strings.HasPrefix(last.trail, ",") {
				c.score += 3
			}
			if reviewsSentence {
				c.score += 2
			}
			if p.end < len(words) && last.trail == "" {
				next := words[p.end]
				if year, ok := yearInBrackets(next); ok {
					c.score += 3
					c.year = year
				}
				verb := strings.ToLower(next.text)
				if releaseVerbs[verb] {
					c.score += 2
				}
				if p.start == 0 && tellingVerbs[verb] {
					c.score++
					if verb == "is" && statesFilmNoun(words[p.end+1:]) {
						c.score += 2
					}
				}
			}
		}
	}
	// Markdown reviews set titles in emphasis ("_Anora_"); the film under
	// review is usually the title emphasised most.
	firstItalic := true
	for _, t := range italics[:min(len(italics), maxItalics)] {
		first, _ := utf8.DecodeRuneInString(t)
		if !unicode.IsUpper(first) && !unicode.IsDigit(first) || !titleCandidate(t) || ev.actors[t] || ev.characters[t] {
			continue
		}
		c := get(t)
		c.score += italicTitleScore
		if firstItalic {
			c.score += firstItalicBonus
			firstItalic = false
		}
		c.count++
	}
	// Headlines name the film as "<Title> review", "Review: <Title>" or
	// "<Title> (2024)"; otherwise a headline mention only adds to a
	// candidate the body already has (headlines capitalise every word, so
	// their phrases run long).
	for _, p := range findPhrases(headlineText, headline) {
		key := p.text
		named := false
		if trimmed, ok := strings.CutSuffix(key, " Review"); ok {
			key, named = trimmed, true
		}
		if p.end < len(headline) && strings.EqualFold(headline[p.end].text, "review") && headline[p.end-1].trail == "" {
			named = true
		}
		if p.start > 0 && strings.EqualFold(headline[p.start-1].text, "review") && strings.HasPrefix(headline[p.start-1].trail, ":") {
			named = true
		}
		year, hasYear := 0, false
		if p.end < len(headline) {
			year, hasYear = yearInBrackets(headline[p.end])
		}
		if !titleCandidate(key) {
			continue
		}
		c, ok := candidates[key]
		switch {
		case named || hasYear:
			c = get(key)
			c.score += 3
		case ok:
			c.score += 2
		default:
			continue
		}
		if hasYear {
			c.year = year
		}
	}
	// A headline that opens with the film's whole title ("The Lighthouse
	// Keeper's Daughter: beautiful…", "Northbound never quite…") names it
	// best: the phrase finder breaks such titles at the possessive, and
	// the pieces ("Daughter", after "Keeper's") would otherwise win.
	if lead, whole := headlineLead(headlineText, body.sentences); lead != "" && titleCandidate(lead) && !ev.actors[lead] && !ev.characters[lead] {
		c := get(lead)
		c.score += 3
		if whole {
			c.score++
		}
		c.count++
		for key, other := range candidates {
			if other != c && len(key) < len(lead) && containsWords(unifyApostrophes(lead), unifyApostrophes(key)) {
				c.score += max(other.score, 0)
				c.count += other.count
				if c.year == 0 {
					c.year = other.year
				}
				delete(candidates, key)
			}
		}
	}
	// A headline quotes the title it reviews: "Crítica: «Northbound», …".
	if quoted := headlineQuoted(headlineText); quoted != "" && titleCandidate(quoted) && !ev.actors[quoted] && !ev.characters[quoted] {
		c := get(quoted)
		c.score += 3
		c.count++
	}
	// "X" found only at sentence starts or after a lowercase "the" is the
	// same film as "The X" written elsewhere.
	for key, c := range candidates {
		if short, ok := strings.CutPrefix(key, "The "); ok {
			if s := candidates[short]; s != nil {
				c.score += s.score
				c.count += s.count
				if c.year == 0 {
					c.year = s.year
				}
				delete(candidates, short)
			}
		}
	}
	var best *candidate
	for key, c := range candidates {
		if c.score < minimumTitleScore {
			continue
		}
		if best == nil || c.score > best.score || c.score == best.score && (c.count > best.count || c.count == best.count && c.first < best.first) {
			best = c
			ev.title = key
		}
	}
	if best != nil {
		ev.year = best.year
	}
	return ev
}

// containsReview is strings.Contains(s, "review"), anchored on the rare
// "v" instead of the common "r": it runs for every sentence.
func containsReview(s string) bool {
	for i := 2; i < len(s); {
		j := strings.IndexByte(s[i:], 'v')
		if j < 0 {
			return false
		}
		i += j
		if i+4 <= len(s) && s[i-2:i+4] == "review" {
			return true
		}
		i++
	}
	return false
}

// fragmentOfItalic reports a phrase that is part of a longer emphasised
// title ("Eleven" of "_Ocean's Eleven_"): it is that title, not a title.
func fragmentOfItalic(phrase string, italics []string) bool {
	for _, t := range italics[:min(len(italics), maxItalics)] {
		if len(t) > len(phrase) && (strings.HasPrefix(t, phrase+" ") || strings.HasSuffix(t, " "+phrase) || strings.Contains(t, " "+phrase+" ")) {
			return true
		}
	}
	return false
}

func titleCandidate(s string) bool {
	return !placesAndNotTitles[s] && !strings.HasPrefix(s, "Best ")
}

// placesAndNotTitles is places and notTitles in one set, so that
// titleCandidate, which runs for every phrase, costs one lookup.
var placesAndNotTitles = func() map[string]bool {
	m := make(map[string]bool, len(places)+len(notTitles))
	for s := range places {
		m[s] = true
	}
	for s := range notTitles {
		m[s] = true
	}
	return m
}()

// statesFilmNoun reports "a/an/the [adjectives] <film noun>" within a few words.
func statesFilmNoun(words []word) bool {
	if len(words) == 0 {
		return false
	}
	switch strings.ToLower(words[0].text) {
	case "a", "an", "the", "less", "more", "not", "no":
	default:
		return false
	}
	for i := 1; i < len(words) && i <= 4; i++ {
		if filmNouns[strings.ToLower(words[i].text)] {
			return true
		}
		if words[i].trail != "" {
			return false
		}
	}
	return false
}

func isYearWord(w word) bool {
	_, ok := yearInBrackets(w)
	return ok
}

// yearInBrackets reads "(2024)" as a film year.
func yearInBrackets(w word) (int, bool) {
	if w.lead != leadParen || !strings.HasPrefix(w.trail, ")") || len(w.text) != 4 {
		return 0, false
	}
	year, err := strconv.Atoi(w.text)
	if err != nil || year < 1880 || year > 2100 {
		return 0, false
	}
	return year, true
}

// Director, when neither the container nor a credit names one:
//
//  1. "directed by <Name>", "director <Name>", "filmmaker <Name>";
//  2. "<Name>’s <Title>"              ("Sean Baker’s Anora");
//  3. "In <Title>, <Name> <verb>"     ("In Anora, Sean Baker crafts");
//  4. the surname a critic keeps using for the film's maker ("Baker’s
//     direction/camera/vision/films") expanded to the full name found in
//     the text.
//
// A name is two or three capitalised words that are not a place, the title,
// an actor or a character; a bare surname is never returned.
var directorNouns = setOf(
	"direction", "filmmaking", "film-making", "camera", "vision", "film", "films", "movie", "movies", "latest",
	"work", "works", "oeuvre", "signature", "style", "eye", "script", "screenplay", "career", "previous",
	"earlier", "next", "debut", "filmography", "body", "knack", "hands", "lens", "approach", "direction,",
	"ongoing", "own", "greatest", "best", "most",
)

func inferDirector(body *parsedText, ev filmEvidence) string {
	isName := func(p phrase, words []word) bool {
		n := p.end - p.start
		if n < 2 || n > 3 || places[p.text] || p.text == ev.title || ev.actors[p.text] || ev.characters[p.text] {
			return false
		}
		for _, w := range words[p.start:p.end] {
			if !w.capitalised() || notTitles[w.text] {
				return false
			}
		}
		return true
	}
	// 1-3: explicit patterns, in order of strength.
	var byPossessive, byInTitle string
	for si, words := range body.words {
		phrases := body.phrases[si]
		for pi, p := range phrases {
			if !isName(p, words) {
				continue
			}
			if p.start >= 2 && strings.EqualFold(words[p.start-2].text, "directed") && words[p.start-1].text == "by" {
				return p.text
			}
			if p.start >= 1 {
				switch strings.ToLower(words[p.start-1].text) {
				case "director", "filmmaker", "writer-director", "auteur":
					if words[p.start-1].trail == "" {
						return p.text
					}
				}
			}
			if ev.title == "" {
				continue
			}
			last := words[p.end-1]
			// "<Name>’s <Title>"
			if last.possessive && byPossessive == "" && pi+1 < len(phrases) &&
				phrases[pi+1].start == p.end && phrases[pi+1].text == ev.title {
				byPossessive = p.text
			}
			// "In <Title>, <Name> <verb>"
			if pi == 1 && byInTitle == "" && strings.EqualFold(words[0].text, "in") {
				t := phrases[0]
				if t.start == 1 && t.text == ev.title && t.end == p.start && strings.HasPrefix(words[t.end-1].trail, ",") &&
					last.trail == "" && p.end < len(words) && !words[p.end].capitalised() {
					byInTitle = p.text
				}
			}
		}
	}
	if byPossessive != "" {
		return byPossessive
	}
	if byInTitle != "" {
		return byInTitle
	}
	// 4: the surname used for the maker's work.
	surnames := map[string]int{}
	for _, words := range body.words {
		for i, w := range words {
			if w.possessive && w.capitalised() && i+1 < len(words) && directorNouns[strings.ToLower(words[i+1].text)] &&
				!places[w.text] && !ev.characters[w.text] && w.text != ev.title {
				surnames[w.text]++
			}
		}
	}
	bestSurname, bestCount := "", 1
	for s, n := range surnames {
		if n > bestCount || n == bestCount && s < bestSurname && bestSurname != "" {
			bestSurname, bestCount = s, n
		}
	}
	if bestSurname == "" {
		return ""
	}
	for si, words := range body.words {
		for _, p := range body.phrases[si] {
			if isName(p, words) && words[p.end-1].text == bestSurname && !ev.actors[p.text] {
				return p.text
			}
		}
	}
	return ""
}

var articles = setOf("The", "A", "An")

// headlineStops end a headline's opening title: what follows them is the
// critic's own sentence ("… Is a Storm Worth Weathering").
var headlineStops = setOf("is", "isn't", "are", "was", "review", "reviewed", "never", "has", "gets", "makes", "proves",
	"finds", "delivers", "-", "–", "—", "|", "·")

// headlineLead returns the longest opening of the headline, in whole
// words, that the body also writes word for word (apostrophes unified),
// when it stops where a title would: at the headline's end, at a colon,
// comma or dash, before a year in brackets, or before a word such as "is"
// or "review", or a lower-case word. whole reports that the lead is the
// entire headline. A lead that is only "The" or a lower-case word is none.
func headlineLead(headline string, sentences []string) (lead string, whole bool) {
	tokens := strings.Fields(headline)
	if len(tokens) == 0 || !startsUpper(tokens[0]) || len(tokens) > 20 {
		return "", false
	}
	var body strings.Builder
	for _, s := range sentences {
		body.WriteString(unifyApostrophes(s))
		body.WriteByte(' ')
	}
	text := body.String()
	for k := len(tokens); k >= 1; k-- {
		last := tokens[k-1]
		cut := strings.TrimRight(last, ":,;.!?")
		candidate := strings.Join(append(tokens[:k-1:k-1], cut), " ")
		ends := cut != last || k == len(tokens)
		if k < len(tokens) {
			next := tokens[k]
			nextWord := strings.ToLower(strings.Trim(next, ":,;.!?"))
			if headlineStops[nextWord] || strings.HasPrefix(next, "(") || !startsUpper(next) && !isDigitStart(next) {
				ends = true
			}
		}
		if !ends || cut == "" || strings.HasSuffix(unifyApostrophes(cut), "'s") || k == 1 && (cut == "The" || cut == "A" || cut == "An") {
			continue
		}
		if !startsUpper(candidate) || !containsWords(text, unifyApostrophes(candidate)) {
			continue
		}
		rest := strings.TrimSpace(strings.Join(tokens[k:], " "))
		whole = rest == "" || strings.EqualFold(rest, "review") || yearOnly(rest)
		// "Sean Baker's Anora Is a Triumph": a possessive inside an opening
		// that is not the whole headline is a maker's name unless an
		// article shows it belongs to the title ("The Lighthouse Keeper's").
		if !whole && strings.Contains(unifyApostrophes(candidate), "'s ") && !articles[tokens[0]] {
			return "", false
		}
		return candidate, whole
	}
	return "", false
}

// containsWords reports whether s holds sub at word boundaries.
func containsWords(s, sub string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], sub)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(sub)
		before, _ := utf8.DecodeLastRuneInString(s[:start])
		after, _ := utf8.DecodeRuneInString(s[end:])
		if (start == 0 || !isWordRune(before)) && (end == len(s) || !isWordRune(after)) {
			return true
		}
		i = start + 1
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func isDigitStart(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// yearOnly reports "(2024)".
func yearOnly(s string) bool {
	if len(s) != 6 || s[0] != '(' || s[5] != ')' {
		return false
	}
	_, err := strconv.Atoi(s[1:5])
	return err == nil
}

// unifyApostrophes writes typographic apostrophes as ASCII ones.
func unifyApostrophes(s string) string {
	if !strings.ContainsAny(s, "’‘") {
		return s
	}
	return strings.NewReplacer("’", "'", "‘", "'").Replace(s)
}

// headlineQuoted returns the first capitalised text of at most eight words
// inside guillemets or curly double quotes in a headline.
func headlineQuoted(headline string) string {
	for _, q := range [...][2]string{{"«", "»"}, {"“", "”"}} {
		_, after, ok := strings.Cut(headline, q[0])
		if !ok {
			continue
		}
		inner, _, ok := strings.Cut(after, q[1])
		inner = strings.TrimSpace(inner)
		if ok && startsUpper(inner) && len(strings.Fields(inner)) <= 8 {
			return inner
		}
	}
	return ""
}
