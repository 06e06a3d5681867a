package extract

import (
	"strings"
	"unicode/utf8"

	"github.com/marquee-film/marquee/internal/review"
)

// Mentioned films: other films the critic compares the film to. Precision
// comes first, so a title-cased phrase counts only in a place where
// critics name films:
//
//   - a list after a filmography or comparison cue: "Known for Tangerine
//     and The Florida Project", "populated Tangerine, The Florida Project,
//     and Red Rocket", "echoes of X", "comparisons to X", "such as X", "like
//     X and Y" (a single "like X" counts only for a phrase of two or more
//     words: "like Ani" is a character);
//   - before a comparison suffix: "Uncut Gems-inspired", "a Pretty
//     Woman/Cinderella-esque fairytale" (every title of the slash group);
//   - before a year in brackets: "Tangerine (2015)";
//   - Markdown emphasis (_Title_), and ingest's Extra["mentioned_films"].
//
// Excluded: the film itself, people (director, author, actors, credits),
// characters, places, awards, and story archetypes such as Cinderella,
// which in "a Cinderella story" names a fairy tale, not a film.

// filmographyCues introduce films by their nature: what follows is a film.
var filmographyCues = [][]string{
	{"known", "for"}, {"populated"}, {"director", "of"}, {"maker", "of"}, {"follow-up", "to"}, {"remake", "of"},
	{"sequel", "to"}, {"prequel", "to"},
}

// comparisonCues introduce films and people alike ("echoes of Hitchcock",
// "directors like John Hughes"); what follows counts only when a film
// noun stands right before the cue ("films like …", "the film draws
// comparisons to …"). Lists of names after such cues are as often
// actors ("including Laurence Olivier, Trevor Howard") as films.
var comparisonCues = [][]string{
	{"such", "as"}, {"including"}, {"echoes", "of"}, {"shades", "of"}, {"comparisons", "to"}, {"comparisons", "with"},
	{"compared", "to"}, {"compared", "with"}, {"reminiscent", "of"}, {"recalls"}, {"evokes"}, {"vein", "of"},
	{"à", "la"}, {"a", "la"}, {"homage", "to"}, {"nods", "to"}, {"riff", "on"}, {"like"},
}

var filmNounsPlural = setOf("film", "films", "movie", "movies", "picture", "pictures", "classics", "features", "thrillers",
	"westerns", "comedies", "dramas", "titles", "entries", "predecessors", "works", "fare", "cinema", "fairytale",
	"fairytales", "efforts", "hits", "flicks", "horrors", "musicals", "documentaries", "sequels", "remakes", "series")

var comparisonSuffixes = setOf("esque", "inspired", "style", "lite", "like", "adjacent", "influenced", "meets")

// archetypes are stories and figures critics use as types, not films.
var archetypes = setOf("Cinderella", "Pygmalion", "Faust", "Icarus", "Sisyphus", "Oedipus", "Romeo and Juliet",
	"Prince Charming", "Lolita", "Frankenstein", "Kafka", "Shakespeare", "Dickens",
	"New Hollywood", "French New Wave", "Dogme", "Italian Neorealism", "Neorealism", "Gen-Z", "Gen Z")

// maxItalics bounds the emphasised phrases read per review; a real
// review has a few dozen, and the finders compare phrases against them.
const maxItalics = 200

type mentionContext struct {
	film, director, author string
	evidence               filmEvidence
	credits                []review.Credit
	italics                []string
	fromIngest             string
}

func findMentionedFilms(body *parsedText, mc mentionContext) []string {
	excluded := map[string]bool{}
	for _, name := range []string{mc.film, mc.director, mc.author} {
		if name != "" {
			excluded[name] = true
		}
	}
	for name := range mc.evidence.actors {
		excluded[name] = true
	}
	for name := range mc.evidence.characters {
		excluded[name] = true
	}
	for _, c := range mc.credits {
		excluded[c.Person] = true
		if c.Character != "" {
			excluded[c.Character] = true
		}
	}
	films := []string{}
	seen := map[string]bool{}
	// Person evidence is needed only for a suffix or cue list, which
	// most reviews lack; gathering it costs a map entry per phrase.
	var people *personEvidence
	namesPerson := func(title string) bool {
		if people == nil {
			ev := gatherPersonEvidence(body)
			people = &ev
		}
		return people.namesPerson(title)
	}
	// The phrase finder breaks a possessive title ("The Lighthouse
	// Keeper's Daughter") into pieces; the last one is no other film.
	filmTail := ""
	if i := strings.LastIndex(unifyApostrophes(mc.film), "'s "); i >= 0 {
		filmTail = unifyApostrophes(mc.film)[i+3:]
	}
	add := func(title string) {
		title = strings.TrimSpace(title)
		if title == "" || seen[title] || excluded[title] || filmTail != "" && unifyApostrophes(title) == filmTail || places[title] || notTitles[title] || archetypes[title] ||
			strings.HasPrefix(title, "Best ") || isPersonLike(title, mc) {
			return
		}
		seen[title] = true
		films = append(films, title)
	}

	for _, line := range strings.Split(mc.fromIngest, "\n") {
		add(line)
	}
	for _, title := range mc.italics[:min(len(mc.italics), maxItalics)] {
		if w := splitWords(title); len(w) > 0 && w[0].capitalised() {
			add(title)
		}
	}
	for si, words := range body.words {
		phrases := body.phrases[si]
		for pi, p := range phrases {
			last := words[p.end-1]
			if comparisonSuffixes[last.suffix] {
				// The whole slash group before the suffix: "Pretty Woman/Cinderella-esque".
				group := []string{p.text}
				for j := pi - 1; j >= 0 && phrases[j].end == phrases[j+1].start && strings.HasSuffix(words[phrases[j].end-1].trail, "/"); j-- {
					group = append(group, phrases[j].text)
				}
				for j := len(group) - 1; j >= 0; j-- {
					// People take these suffixes as often as films do
					// ("Mamet-esque", "Romero-style"); a single word is
					// taken only when the review also names it as a film.
					if !strings.Contains(group[j], " ") && !seen[group[j]] {
						continue
					}
					if !namesPerson(group[j]) {
						add(group[j])
					}
				}
				continue
			}
			if p.end < len(words) && last.trail == "" {
				if _, ok := yearInBrackets(words[p.end]); ok {
					add(p.text)
				}
			}
			cueStart, comparison := cueBefore(words, p.start)
			if cueStart < 0 {
				continue
			}
			list := phraseList(words, phrases, pi)
			if comparison && !filmNounBefore(words, cueStart) {
				continue
			}
			for _, item := range list {
				if seen[item] {
					continue
				}
				for _, title := range splitConjunction(item) {
					if !namesPerson(title) {
						add(title)
					}
				}
			}
		}
	}
	return films
}

// cueBefore finds a cue that ends right before words[start] and returns
// the index of its first word (-1 for none) and whether it is a
// comparison cue.
func cueBefore(words []word, start int) (int, bool) {
	if start == 0 || words[start-1].trail != "" || !isCueEnd(words[start-1].text) {
		return -1, false
	}
	for _, set := range []struct {
		cues       [][]string
		comparison bool
	}{{filmographyCues, false}, {comparisonCues, true}} {
		for _, cue := range set.cues {
			n := len(cue)
			if start < n {
				continue
			}
			match := true
			// Last word first: it differs between most cues.
			for k := n - 1; k >= 0; k-- {
				w := words[start-n+k]
				if !strings.EqualFold(w.text, cue[k]) || w.trail != "" {
					match = false
					break
				}
			}
			if match {
				return start - n, set.comparison
			}
		}
	}
	return -1, false
}

// isCueEnd reports, in any letter case, a word that ends a cue of
// filmographyCues or comparisonCues: most phrases follow none, and this
// saves comparing them with every cue.
func isCueEnd(w string) bool {
	var buf [len("including")]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return true // Unicode folding ("ſ" is "s"): let cueBefore compare
		}
		if i >= len(buf) {
			return false
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	switch string(buf[:len(w)]) {
	case "for", "populated", "of", "to", "as", "including", "with", "recalls", "evokes", "la", "on", "like":
		return true
	}
	return false
}

// filmNounBefore reports a film noun among the three words before a cue.
func filmNounBefore(words []word, cueStart int) bool {
	for i := cueStart - 1; i >= 0 && i >= cueStart-3; i-- {
		if filmNounsPlural[strings.ToLower(words[i].text)] {
			return true
		}
	}
	return false
}

// firstNames are common first names: a phrase that starts with one is a
// person ("John Hughes-like"), not a film. A short list of our own;
// films titled with a first name ("Annie Hall") are the accepted loss.
var firstNames = setOf(
	"Aaron", "Adam", "Alan", "Albert", "Alec", "Alex", "Alfred", "Alice", "Amy", "Andrew", "Angela", "Ann", "Anna",
	"Anne", "Anthony", "Arthur", "Audrey", "Barbara", "Ben", "Benjamin", "Bette", "Bill", "Billy", "Bob", "Brad",
	"Brian", "Bruce", "Burt", "Carl", "Carol", "Caroline", "Carson", "Cary", "Catherine", "Charles", "Charlie",
	"Charlotte", "Chris", "Christopher", "Clint", "Daniel", "Dave", "David", "Dean", "Dennis", "Diane", "Don",
	"Donald", "Doris", "Ed", "Edward", "Elizabeth", "Emily", "Emma", "Eric", "Ethan", "Frank", "Fred", "Gary",
	"George", "Grace", "Greta", "Harold", "Harrison", "Harry", "Helen", "Henry", "Howard", "Ian", "Jack", "Jacob",
	"James", "Jane", "Janet", "Jason", "Jean", "Jeff", "Jennifer", "Jerry", "Jessica", "Jim", "Jimmy", "Joan",
	"Joe", "John", "Johnny", "Jon", "Jonathan", "Joseph", "Josh", "Judy", "Julia", "Julie", "Karen", "Kate",
	"Katharine", "Kathryn", "Kelly", "Ken", "Kevin", "Kim", "Larry", "Laura", "Lauren", "Lee", "Linda", "Lisa",
	"Louis", "Lucy", "Margaret", "Maria", "Marilyn", "Mark", "Martin", "Mary", "Matt", "Matthew", "Meryl",
	"Michael", "Michelle", "Mike", "Morton", "Nancy", "Natalie", "Neal", "Neil", "Nicholas", "Nick", "Nicole",
	"Norman", "Oliver", "Orson", "Patricia", "Patrick", "Paul", "Peter", "Philip", "Quentin", "Rachel", "Ralph",
	"Ray", "Rebecca", "Richard", "Rick", "Robert", "Roger", "Ron", "Ronald", "Rose", "Ryan", "Sam", "Samuel",
	"Sandra", "Sarah", "Scott", "Sean", "Sophia", "Spike", "Stanley", "Stephen", "Steve", "Steven", "Susan",
	"Ted", "Terry", "Thomas", "Tim", "Timothy", "Tom", "Tony", "Vincent", "Walter", "Wes", "William", "Woody",
)

// personEvidence is how the review uses names, gathered once per review
// for namesPerson.
type personEvidence struct {
	alone      map[string]bool // single-word phrases not opening a sentence ("Lynch")
	lastWords  map[string]bool // last words of multiword phrases ("Lynch" of "David Lynch")
	possessive map[string]bool // phrases used as possessives ("Lynch’s")
}

func gatherPersonEvidence(body *parsedText) personEvidence {
	ev := personEvidence{alone: map[string]bool{}, lastWords: map[string]bool{}, possessive: map[string]bool{}}
	for si, words := range body.words {
		for _, p := range body.phrases[si] {
			if p.end-p.start == 1 {
				if p.start > 0 {
					ev.alone[p.text] = true
				}
			} else if !strings.HasPrefix(p.text, "The ") {
				ev.lastWords[words[p.end-1].text] = true
			}
			if words[p.end-1].possessive {
				ev.possessive[p.text] = true
			}
		}
	}
	return ev
}

// namesPerson reports a title-cased phrase that the review uses the way
// it uses people: a known first name ("John Hughes"), a surname that
// stands alone elsewhere ("John Hughes" … "Hughes"), a single name that is
// elsewhere the end of a full name ("Mamet" … "David Mamet"), or a
// possessive ("Lynch’s").
func (ev personEvidence) namesPerson(title string) bool {
	first, _, multiword := strings.Cut(title, " ")
	if multiword && firstNames[first] {
		return true
	}
	last := title
	if i := strings.LastIndexByte(title, ' '); i >= 0 {
		last = title[i+1:]
	}
	if multiword {
		return ev.alone[last] || ev.possessive[title]
	}
	return ev.lastWords[title] || ev.possessive[title]
}

// phraseList returns the phrase at pi and the phrases that continue it as
// a list: "A, B, and C". An item counts only when a separator or the end
// of the clause follows it, so "…, and Baker continues" stops the list
// without taking Baker.
func phraseList(words []word, phrases []phrase, pi int) []string {
	var list []string
	for j := pi; j < len(phrases); j++ {
		p := phrases[j]
		if j > pi {
			prev := phrases[j-1]
			gap := words[prev.end:p.start]
			if !isListGap(words[prev.end-1], gap) {
				break
			}
		}
		if !endsListItem(words, p) {
			break
		}
		list = append(list, p.text)
	}
	return list
}

// isListGap: between two items only ", ", " and ", ", and ", " or ".
func isListGap(last word, gap []word) bool {
	switch len(gap) {
	case 0:
		return strings.HasPrefix(last.trail, ",")
	case 1:
		return (gap[0].text == "and" || gap[0].text == "or") && gap[0].trail == ""
	}
	return false
}

func endsListItem(words []word, p phrase) bool {
	last := words[p.end-1]
	if last.possessive || last.suffix != "" {
		return false
	}
	if last.trail != "" {
		return true
	}
	if p.end >= len(words) {
		return true
	}
	next := words[p.end]
	return next.text == "and" || next.text == "or"
}

// isPersonLike rejects phrases that are known people by their surname
// ("Baker" when the director is Sean Baker).
func isPersonLike(title string, mc mentionContext) bool {
	for _, name := range []string{mc.director, mc.author} {
		if name != "" && strings.HasSuffix(name, " "+title) {
			return true
		}
	}
	return false
}

// splitConjunction splits a list item that findPhrases joined across "and"
// ("Tangerine and The Florida Project"). In a list two films joined by
// "and" are far more common than a title containing it. Known limit: a
// title with "and" in a cue list ("known for Harold and Maude") is split
// too, unless Markdown emphasis or ingest named it whole (those are added
// first, and seen titles are not split again).
func splitConjunction(item string) []string {
	var parts []string
	for _, part := range strings.Split(item, " and ") {
		parts = append(parts, strings.Split(part, " & ")...)
	}
	return parts
}
