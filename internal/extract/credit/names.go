package credit

import "strings"

// The lexicons below are small and general on purpose: they name the
// capitalised words that English prose puts next to names but that are
// never a person's name, not any film's cast.

// notNameWords are capitalised words that end or refuse a person's name:
// function words that start sentences, sentence adverbs, calendar words,
// awards and film-business words, and the nouns of place and title phrases
// ("Pretty Woman", "New York") that would otherwise look like two names.
var notNameWords = setOf(
	// function words and pronouns
	"a", "an", "the", "and", "or", "but", "nor", "in", "on", "at", "of", "to", "for", "with",
	"by", "from", "as", "if", "when", "while", "after", "before", "then", "than", "so", "yet",
	"it", "its", "he", "she", "they", "we", "i", "you", "his", "her", "hers", "him", "their",
	"them", "our", "my", "your", "this", "that", "these", "those", "there", "here", "what",
	"who", "whom", "whose", "which", "where", "why", "how", "all", "some", "any", "each",
	"every", "no", "not", "both", "either", "neither", "one", "two", "three", "four", "five",
	"is", "was", "are", "were", "be", "been", "has", "have", "had", "do", "does", "did",
	"into", "onto", "over", "under", "about", "above", "below", "between", "through",
	"during", "without", "within", "against", "among", "upon", "via", "per", "like",
	"unlike", "since", "until", "because", "though", "although", "unless", "whether",
	"once", "also", "even", "still", "just", "only", "too", "very", "much", "more", "most",
	"less", "least", "many", "few", "such", "own", "same", "other", "another", "again",
	// sentence adverbs and openers
	"meanwhile", "however", "finally", "later", "now", "today", "tonight", "perhaps",
	"maybe", "sadly", "thankfully", "luckily", "unfortunately", "fortunately", "instead",
	"indeed", "certainly", "clearly", "obviously", "ultimately", "eventually", "soon",
	"sure", "yes", "oh", "well", "ok", "okay", "alas", "worse", "better", "best", "worst",
	"next", "first", "last", "early", "late", "enter", "cue", "watch", "see", "note",
	"despite", "except", "including", "especially", "particularly", "notably", "even",
	"granted", "ditto", "plus", "thus", "hence", "therefore", "otherwise", "anyway",
	// calendar
	"january", "february", "march", "july", "august", "september", "october",
	"november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday", "sunday", "christmas", "halloween", "easter",
	// film business, awards, media
	"oscars", "academy", "award", "awards", "emmy", "golden", "globe", "globes",
	"bafta", "cannes", "sundance", "festival", "picture", "actor", "actress", "actors",
	"director", "directors", "producer", "producers", "editor", "writer", "writers",
	"screenwriter", "cinematographer", "composer", "filmmaker", "star", "stars", "cast",
	"film", "films", "movie", "movies", "cinema", "studio", "studios", "pictures",
	"productions", "entertainment", "records", "press", "books", "magazine", "times",
	"news", "review", "reviews", "series", "sequel", "remake", "trilogy", "franchise",
	"part", "chapter", "act", "season", "episode", "volume", "vol", "dvd", "blu-ray",
	"netflix", "hbo", "amazon", "disney", "universal", "paramount", "fox",
	"mgm", "hammer", "columbia", "imdb", "rko", "section", "bros", "brothers", "video", "home",
	"lead", "leads", "co-star", "costar", "co-stars", "newcomer", "veteran", "superstar",
	// nouns of places and titles
	"new", "york", "city", "street", "road", "avenue", "club", "hotel", "bar", "house",
	"state", "states", "county", "island", "park", "beach", "bay", "river", "lake",
	"mountain", "valley", "northern", "southern",
	"eastern", "western", "united", "kingdom", "america", "american", "america's",
	"british", "english", "french", "german", "italian", "russian", "spanish",
	"japanese", "chinese", "european", "hollywood", "broadway", "vegas", "las", "los",
	"angeles", "san", "francisco", "hong", "kong", "london", "paris", "rome", "tokyo",
	"brooklyn", "manhattan", "texas", "california", "england", "france", "germany",
	"italy", "russia", "japan", "china", "mexico", "canada", "europe", "africa", "asia",
	"world", "war", "wars", "woman", "women", "man", "men", "girl", "girls", "boy", "boys",
	"love", "night", "day", "days", "story", "stories", "pretty", "dead", "death", "life",
	"god", "gods", "heaven", "hell", "earth", "moon", "sun", "space", "time",
	"mr", "mrs", "ms", "dr", "mr.", "mrs.", "ms.", "dr.", "il", "die", "enter", "exit",
	"consider", "take", "compare", "beyond", "starring", "featuring", "co-starring",
	"introducing", "directed", "written", "produced", "played", "playing", "including", "remember", "imagine", "meet", "think", "forget", "picture",
)

// surnameWords are notNameWords that are also common surnames: they end a
// name after a given name ("Anna York", "Ruth Day", "Karl London") but
// never start one ("York", "Day" and "London" alone are places and time).
var surnameWords = setOf("york", "london", "day", "love", "moon", "house", "park")

// isSurnameWord reports whether t is one of surnameWords, capitalised.
func isSurnameWord(t token) bool {
	return isCapitalised(t) && surnameWords[t.lower()]
}

// notFirstNameWords are capitalised words that end a name often enough
// (Lena West, Karl Young) but start a sentence far more often than a
// name ("Young Lena", "West of here").
var notFirstNameWords = setOf(
	"young", "little", "old", "big", "north", "south", "east", "west", "day", "love",
	"black", "white", "brown", "green", "gray", "grey", "rich", "poor", "long", "short",
	"early", "late", "good", "bad", "hard", "strong", "english", "french", "king",
)

// descriptorWords describe someone rather than name them: a character
// made only of them ("Russian Colonel", "a Marine") is a description.
var descriptorWords = setOf(
	"american", "british", "english", "irish", "irishman", "scottish", "scotsman",
	"welsh", "french", "frenchman", "german", "nazi", "nazis", "russian", "soviet",
	"italian", "mexican", "spanish", "chinese", "japanese", "korean", "indian", "native",
	"confederate", "union", "yankee", "army", "navy", "naval", "marine", "marines",
	"cavalry", "air", "force", "texas", "ranger", "rangers", "us", "u.s.", "cia", "fbi",
	"kgb", "government", "police", "oxford", "gestapo", "agent", "provost", "bishop",
	"priest", "doctor", "nurse", "colonel", "captain", "sergeant", "lieutenant",
	"general", "major", "marshal", "marshall", "sheriff", "deputy", "detective",
	"inspector", "professor", "scientist", "cop", "private", "corporal", "commander",
	"admiral", "officer", "chief", "judge", "senator", "president", "governor", "mayor",
	"king", "queen", "prince", "princess", "count", "countess", "baron", "duke",
	"the", "of", "a", "an", "southern", "northern", "western", "eastern", "south",
	"north", "east", "west", "catholic", "jewish", "muslim", "christian", "federal",
	"special", "secret", "district", "attorney", "assistant", "superintendent", "mad",
	"new", "york", "city", "london", "paris", "beverly", "hills", "lower", "upper", "side",
	"los", "angeles", "texan", "greek", "g-man", "prefect", "puritanical",
)

// honorifics start characters' names ("Captain Brandt", "Dr. Hale")
// but never the name of the actor who plays them.
var honorifics = setOf(
	"dr.", "dr", "mr.", "mr", "mrs.", "mrs", "ms.", "ms", "miss", "sir", "dame", "lady",
	"lord", "captain", "capt.", "professor", "prof.", "detective", "det.", "sheriff", "agent",
	"count", "countess", "baron", "baroness", "king", "queen", "prince", "princess",
	"father", "mother", "sister", "brother", "uncle", "aunt", "auntie", "officer",
	"sergeant", "sgt.", "lieutenant", "lt.", "colonel", "col.", "general", "gen.", "major",
	"doc", "judge", "inspector", "insp.", "reverend", "rev.", "saint", "st.", "president",
	"senator", "governor", "mayor", "commander", "admiral", "chief", "nurse", "coach",
	"grandpa", "grandma", "granny", "pope", "emperor", "empress", "duke", "duchess",
	"madame", "mme.", "mlle.", "monsieur", "señor", "señora", "herr", "frau",
)

// particles may sit between the capitalised parts of a name.
var particles = setOf(
	"de", "da", "das", "dos", "do", "di", "del", "della", "der", "den", "van", "von",
	"le", "la", "du", "bin", "bint", "al", "el", "ter", "ten", "af", "zu", "y", "e",
)

var romanNumerals = setOf("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")

// nameSuffixes end a person's name: "Cal Brody Jr.".
var nameSuffixes = setOf("jr.", "jr", "sr.", "sr", "ii", "iii", "iv")

// characterConnectors may join the capitalised parts of a character's
// name: "Karl of Bergen", "Joan of Arc".
var characterConnectors = setOf("of", "the", "de", "da", "di", "del", "van", "von", "le", "la", "du", "al", "el")

// notCharacterWords refuse a word as (part of) a character's name: what
// follows "as" or precedes a parenthesis in prose that is not a credit.
var notCharacterWords = setOf(
	"a", "an", "and", "or", "but", "in", "on", "at", "of", "to", "for", "with", "by", "from",
	"as", "if", "when", "while", "after", "before", "then", "so", "yet", "it", "its", "he",
	"she", "they", "we", "i", "you", "his", "her", "their", "this", "that", "these", "those",
	"there", "here", "what", "who", "which", "where", "why", "how", "is", "was", "are",
	"were", "also", "even", "still", "just", "only", "meanwhile", "however", "finally",
	"later", "now", "today", "perhaps", "maybe", "sadly", "unfortunately", "fortunately",
	"instead", "indeed", "ultimately", "eventually", "despite", "including", "especially",
	"january", "february", "march", "july", "august", "september", "october", "november",
	"december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday", "oscar", "oscars", "academy", "award", "awards", "best", "picture", "actor",
	"actress", "director", "producer", "editor", "writer", "screenwriter",
	"cinematographer", "composer", "filmmaker", "film", "films", "movie", "movies",
	"hollywood", "netflix", "imdb", "dvd", "part", "chapter", "season", "episode",
	"volume", "vol", "section", "usa", "us", "uk", "one", "two", "three", "four", "five",
	"six", "seven", "eight", "nine", "ten", "consider", "enter", "exit",
)

// isDottedInitials reports whether w is initials written together, as a
// character's given names may be: "J.W.", "W.E." (and "U.S.", which is
// why a name may not end in them).
func isDottedInitials(w string) bool {
	if len(w) < 4 || len(w)%2 != 0 {
		return false
	}
	for k := 0; k < len(w); k += 2 {
		if w[k] < 'A' || w[k] > 'Z' || w[k+1] != '.' {
			return false
		}
	}
	return true
}

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// isPersonWord reports whether t can be one of the capitalised parts of a
// person's name.
func isPersonWord(t token) bool { return t.person }

// readsAsPersonWord is isPersonWord for a capitalised word, worked out
// when it is tokenised.
func readsAsPersonWord(t token) bool {
	if isInitial(t.text[:len(t.text)-1]) && t.text[len(t.text)-1] == '.' {
		return true
	}
	if hasDigitOrAllCaps(t.text) {
		return false
	}
	l := t.lower()
	// "Top-billed Jon Ashby", "Second-billed Ruth Okafor"
	return !notNameWords[l] && !nameSuffixes[l] && !strings.HasSuffix(l, "-billed")
}

// canStartPerson reports whether a person's name can start with t. A long
// "-ing" word opening a sentence ("Accompanying Lena is …") is a verb.
func canStartPerson(t token) bool {
	l := t.lower()
	return isPersonWord(t) && !honorifics[l] && !notFirstNameWords[l] && !(len(l) >= 9 && strings.HasSuffix(l, "ing"))
}

// isCharacterWord reports whether t can be one of the capitalised parts of
// a character's name. Characters may carry honorifics and nicknames.
func isCharacterWord(t token) bool {
	if !isCapitalised(t) {
		return false
	}
	if hasDigitOrAllCaps(t.text) && !isInitial(t.text) {
		return false
	}
	return !notCharacterWords[t.lower()]
}

// personForward reads a person's name starting at toks[i]: two to four
// capitalised words, initials and particles between them, an optional
// suffix. It returns the end (exclusive) of the name.
func personForward(toks []token, i int) (end int, ok bool) {
	if i >= len(toks) || !canStartPerson(toks[i]) {
		return 0, false
	}
	caps := 0
	j := i
	for j < len(toks) {
		t := toks[j]
		switch {
		case isPersonWord(t):
			caps++
			j++
			if t.poss || caps == 4 {
				return finishPerson(caps, j)
			}
			continue
		case caps > 0 && isSurnameWord(t) && !toks[j-1].is("new"):
			return finishPerson(caps+1, j+1)
		case caps > 0 && isParticleWord(t) && particlesThenName(toks, j):
			j++
			continue
		case caps >= 2 && nameSuffixes[t.lower()] && t.kind == kindWord:
			return finishPerson(caps, j+1)
		case caps >= 2 && t.kind == kindPunct && t.text == "," && j+1 < len(toks) && toks[j+1].is("Jr."):
			return finishPerson(caps, j+2)
		}
		break
	}
	return finishPerson(caps, j)
}

func finishPerson(caps, end int) (int, bool) {
	if caps < 2 {
		return 0, false
	}
	return end, true
}

func isParticleWord(t token) bool {
	return t.kind == kindWord && particles[t.text]
}

// particlesThenName reports whether the particles from toks[j] on ("de
// la", "van der") lead to a capitalised part of the name.
func particlesThenName(toks []token, j int) bool {
	for k := j; k < len(toks) && k < j+3; k++ {
		if isPersonWord(toks[k]) {
			return k > j
		}
		if !isParticleWord(toks[k]) {
			return false
		}
	}
	return false
}

// personBackward reads a person's name that ends just before toks[end]:
// the name that precedes "as", "plays" or a possessive's noun. It returns
// the start of the name.
func personBackward(toks []token, end int) (start int, ok bool) {
	j := end - 1
	if j < 0 {
		return 0, false
	}
	if toks[j].kind == kindWord && nameSuffixes[toks[j].lower()] {
		j--
		if j >= 0 && toks[j].kind == kindPunct && toks[j].text == "," {
			j--
		}
	}
	surnameOnly := j >= 1 && isSurnameWord(toks[j]) && isPersonWord(toks[j-1]) && !toks[j-1].poss
	if j < 0 || (!isPersonWord(toks[j]) && !surnameOnly) {
		return 0, false
	}
	caps := 1
	start = j
	for start > 0 && caps < 4 {
		p := toks[start-1]
		if p.poss {
			break
		}
		if isPersonWord(p) {
			caps++
			start--
			continue
		}
		if isParticleWord(p) && start-2 >= 0 && (isPersonWord(toks[start-2]) || isParticleWord(toks[start-2])) && !toks[start-2].poss {
			start--
			continue
		}
		break
	}
	for start < j && (isParticleWord(toks[start]) || !canStartPerson(toks[start])) {
		if !isParticleWord(toks[start]) {
			caps--
		}
		start++
	}
	if caps < 2 {
		return 0, false
	}
	return start, true
}

// characterBackward reads a character's name that ends just before
// toks[end], as in "Captain Brandt (". Leading lower-case description
// ("the stern") is not part of it.
func characterBackward(toks []token, end int) (start int, ok bool) {
	// The last word may be possessive: "Col. Brandt's (Jon Ashby) plan",
	// or a regnal number: "Queen Margaret II (Ruth Okafor)".
	j := end - 1
	if j >= 1 && romanNumerals[toks[j].text] && isCharacterWord(toks[j-1]) && !toks[j-1].poss {
		j--
	}
	if j < 0 || !isCharacterWord(toks[j]) {
		return 0, false
	}
	start = j
	words := 1
	for start > 0 && words < 5 {
		p := toks[start-1]
		if p.poss {
			break
		}
		// Initials written together start a name but do not end one:
		// "J.W. Brandt", not "Dr. Brandt M.D.".
		if isCharacterWord(p) || isDottedInitials(p.text) {
			start--
			words++
			continue
		}
		// A quoted nickname inside the name: Josephine “Jo” Harlan.
		if isCloseQuote(p) {
			k := start - 2
			for k >= 0 && isCharacterWord(toks[k]) && !toks[k].poss && start-1-k <= 3 {
				k--
			}
			if k >= 1 && k < start-2 && isOpenQuote(toks[k]) && isCharacterWord(toks[k-1]) && !toks[k-1].poss {
				start = k
				words++
				continue
			}
			break
		}
		if characterConnectors[p.text] && start-2 >= 0 && isCharacterWord(toks[start-2]) && !toks[start-2].poss && p.text != "the" {
			start--
			continue
		}
		break
	}
	for start < end && (!isCharacterWord(toks[start]) || (toks[start].is("the") && start+1 < end)) {
		start++ // "The Night Walker" is credited as "Night Walker", as "the Ferryman" is
	}
	return start, start < end
}

// characterForward reads a character's name that starts at toks[i], as
// after "as" or "plays". A name followed by a possessive ("as Lena's
// sister") describes someone else and is refused.
func characterForward(toks []token, i int) (end int, ok bool) {
	if i >= len(toks) {
		return 0, false
	}
	if toks[i].is("the") && i+1 < len(toks) && isCapitalised(toks[i+1]) && isCharacterWord(toks[i+1]) {
		i++ // "as the Ferryman" names the Ferryman
	}
	if !isCharacterWord(toks[i]) && !(isDottedInitials(toks[i].text) && i+1 < len(toks) && isCharacterWord(toks[i+1])) {
		return 0, false
	}
	j := i
	words := 0
	for j < len(toks) && words < 5 {
		t := toks[j]
		if isCharacterWord(t) || (isDottedInitials(t.text) && j+1 < len(toks) && isCharacterWord(toks[j+1])) {
			j++
			words++
			if t.poss {
				return 0, false
			}
			continue
		}
		if isOpenQuote(t) && words > 0 {
			k := j + 1
			for k < len(toks) && isCharacterWord(toks[k]) && !toks[k].poss && k-j <= 3 {
				k++
			}
			if k > j+1 && k+1 < len(toks) && isCloseQuote(toks[k]) && isCharacterWord(toks[k+1]) {
				j = k + 1
				continue
			}
			break
		}
		if words > 0 && characterConnectors[t.text] && t.text != "the" && j+1 < len(toks) && isCharacterWord(toks[j+1]) {
			j++
			continue
		}
		break
	}
	return j, words > 0
}
