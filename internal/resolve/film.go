package resolve

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// FilmRef is what a review says about the film it reviews. Year 0 and an
// empty Director mean the review did not say.
type FilmRef struct {
	Title    string
	Year     int
	Director string
}

// leadingArticles are dropped from the start of a title so that "The Matrix"
// and "Matrix" share a key. Foreign articles are included because critics
// writing in English keep or drop them inconsistently ("Les Misérables").
// The price: "Die Hard" keys as "hard"; SameFilm's year and director checks
// keep such collisions apart.
var leadingArticles = map[string]bool{
	"the": true, "a": true, "an": true,
	"le": true, "la": true, "les": true, "el": true, "los": true, "las": true,
	"der": true, "die": true, "das": true,
}

// sequelMarkers are words after which a number names an instalment, so a
// spelled-out or Roman number there is rewritten as digits.
var sequelMarkers = map[string]bool{
	"part": true, "pt": true, "chapter": true, "episode": true, "volume": true,
	"vol": true, "book": true,
}

var numberWords = map[string]string{
	"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
	"seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11",
	"twelve": "12", "first": "1", "second": "2", "third": "3", "fourth": "4",
	"fifth": "5",
}

// romanNumerals lists ii–xx, which are rewritten anywhere in a title; i, v
// and x are ambiguous (a pronoun, a letter) and are only rewritten after a
// sequel marker or as the last word.
var romanNumerals = map[string]string{
	"ii": "2", "iii": "3", "iv": "4", "vi": "6", "vii": "7", "viii": "8",
	"ix": "9", "xi": "11", "xii": "12", "xiii": "13", "xiv": "14", "xv": "15",
	"xvi": "16", "xvii": "17", "xviii": "18", "xix": "19", "xx": "20",
}

var shortRoman = map[string]string{"i": "1", "v": "5", "x": "10"}

// trailingYear matches a year in parentheses written after a title,
// "Anora (2024)", which names the release, not the film.
var trailingYear = regexp.MustCompile(`\s*[(\[]\s*(1[89]|20)\d\d\s*[)\]]\s*$`)

// subtitleSeparator matches where a main title ends and a subtitle starts:
// a colon, a spaced hyphen, or any dash.
var subtitleSeparator = regexp.MustCompile(`:|\s-+\s|[–—―]|\s/\s`)

// FilmKey normalises a title for identity: case, punctuation, quotes,
// diacritics, leading articles, "&", sequel numbers and subtitle separators
// do not change the key. Two titles with the same key name the same film
// unless year or director say otherwise (see SameFilm).
func FilmKey(title string) string {
	return strings.Join(titleWords(title), " ")
}

// TitleMatches reports whether a and b may name the same film: their keys
// are equal, or one is the other without its subtitle ("Vanishing Point" and
// "Vanishing Point: Part One"). It is a candidate test; two different
// subtitles of one main title do not match.
func TitleMatches(a, b string) bool {
	ka, kb := FilmKey(a), FilmKey(b)
	if ka == "" || kb == "" {
		return false
	}
	if ka == kb {
		return true
	}
	return hasMainTitle(a, kb) || hasMainTitle(b, ka)
}

// hasMainTitle reports whether key is the key of title cut at one of its
// subtitle separators ("Mission: Impossible" in "Mission: Impossible – Dead
// Reckoning"), or of title without a trailing instalment ("Part One").
func hasMainTitle(title, key string) bool {
	title = trailingYear.ReplaceAllString(title, "")
	// A title has a subtitle or two, not dozens: looking at the first few
	// separators keeps hostile input linear.
	for _, loc := range subtitleSeparator.FindAllStringIndex(title, 4) {
		if loc[0] > 0 && FilmKey(title[:loc[0]]) == key {
			return true
		}
	}
	w := titleWords(title)
	n := len(w)
	return n >= 3 && sequelMarkers[w[n-2]] && strings.Join(w[:n-2], " ") == key
}

func titleWords(title string) []string {
	title = trailingYear.ReplaceAllString(title, "")
	w := words(dropElidedArticle(title))
	if len(w) > 1 && leadingArticles[w[0]] {
		w = w[1:]
	}
	for i, t := range w {
		afterMarker := i > 0 && sequelMarkers[w[i-1]]
		if afterMarker {
			if n, ok := numberWords[t]; ok {
				w[i] = n
				continue
			}
		}
		if n, ok := romanNumerals[t]; ok {
			w[i] = n
			continue
		}
		if n, ok := shortRoman[t]; ok && (afterMarker || (i == len(w)-1 && i > 0)) {
			w[i] = n
		}
	}
	// "Pt" and "Part" are one marker.
	for i, t := range w {
		if t == "pt" && i+1 < len(w) && isDigits(w[i+1]) {
			w[i] = "part"
		}
		if t == "vol" {
			w[i] = "volume"
		}
	}
	return w
}

// dropElidedArticle removes a French or Italian elided article from the
// start of a title ("L'Avventura" → "Avventura"), which the word splitter
// would otherwise glue to the next word.
func dropElidedArticle(title string) string {
	t := strings.TrimSpace(title)
	if len(t) < 3 || (t[0] != 'L' && t[0] != 'l') {
		return title
	}
	r, size := utf8.DecodeRuneInString(t[1:])
	if !isApostrophe(r) {
		return title
	}
	if after := strings.TrimLeft(t[1+size:], " "); after != "" {
		return after
	}
	return title
}

func isDigits(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

// SameFilm reports whether two references name one film: equal keys, years
// equal or one unknown, directors the same person or one unknown. A remake
// (same title, another year or director) is a different film.
func SameFilm(a, b FilmRef) bool {
	ka := FilmKey(a.Title)
	if ka == "" || ka != FilmKey(b.Title) {
		return false
	}
	if a.Year != 0 && b.Year != 0 && a.Year != b.Year {
		return false
	}
	return sameDirectors(a.Director, b.Director)
}

// sameDirectors accepts when either side is unknown or when any director of
// one side is a director of the other, so "Joel Coen and Ethan Coen" and
// "Ethan Coen" agree.
func sameDirectors(a, b string) bool {
	da, db := splitPeople(a), splitPeople(b)
	if len(da) == 0 || len(db) == 0 {
		return true
	}
	for _, x := range da {
		for _, y := range db {
			if SamePerson(x, y) {
				return true
			}
		}
	}
	return false
}

var peopleSeparator = regexp.MustCompile(`\s*(?:,|&|\band\b|/|;)\s*`)

func splitPeople(s string) []string {
	var out []string
	for _, p := range peopleSeparator.Split(s, -1) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// GroupFilms groups the indices of refs that name the same film. Groups are
// ordered by their first index and hold ascending indices. A reference is
// placed with the most specific references first (known year and director),
// and joins a group only when it is the same film as every member; one that
// fits several groups (no year, two versions of a remade title) stays alone
// rather than being guessed into one of them.
func GroupFilms(refs []FilmRef) [][]int {
	order := make([]int, len(refs))
	for i := range order {
		order[i] = i
	}
	specificity := func(r FilmRef) int {
		n := 0
		if r.Year != 0 {
			n += 2
		}
		if strings.TrimSpace(r.Director) != "" {
			n++
		}
		return n
	}
	sort.SliceStable(order, func(x, y int) bool {
		return specificity(refs[order[x]]) > specificity(refs[order[y]])
	})
	keys := make([]string, len(refs))
	for i, r := range refs {
		keys[i] = FilmKey(r.Title)
	}
	var groups [][]int
	for _, i := range order {
		fits := -1
		ambiguous := false
		for g, members := range groups {
			if !fitsGroup(refs, keys, i, members) {
				continue
			}
			if fits >= 0 {
				ambiguous = true
				break
			}
			fits = g
		}
		if fits < 0 || ambiguous {
			groups = append(groups, []int{i})
			continue
		}
		groups[fits] = append(groups[fits], i)
	}
	for _, g := range groups {
		sort.Ints(g)
	}
	sort.Slice(groups, func(x, y int) bool { return groups[x][0] < groups[y][0] })
	return groups
}

func fitsGroup(refs []FilmRef, keys []string, i int, members []int) bool {
	for _, m := range members {
		if keys[i] != keys[m] || keys[i] == "" {
			return false
		}
		if !SameFilm(refs[i], refs[m]) {
			return false
		}
	}
	return true
}
