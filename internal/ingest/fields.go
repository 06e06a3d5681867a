package ingest

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/marquee-film/marquee/internal/review"
)

// field is one named value of a structured record: a CSV column, a JSON
// member or a front matter key.
type field struct {
	key   string // as the container spells it
	value string
}

type fieldKind int

const (
	kindText fieldKind = iota
	kindMarkdownText
	kindHeadline
	kindAuthor
	kindPublication
	kindPublished
	kindFilm
	kindYear
	kindRating
	kindURL
	kindIMDb
	kindTMDb
	kindDirector
	kindVerdict
	kindCount
)

// fieldNames lists, per Document field, the keys that fill it, best first,
// normalised by normalizeKey (so "film_title", "filmTitle" and "Film Title"
// are one key). When a record has several, the first one with a value wins
// and the others go to Extra.
var fieldNames = [kindCount][]string{
	kindText:         {"text", "reviewtext", "body", "reviewbody", "review", "content", "quote"},
	kindMarkdownText: {"markdown", "bodymarkdown"},
	kindHeadline:     {"headline", "title", "reviewtitle"},
	kindAuthor:       {"author", "authorname", "critic", "criticname", "byline", "reviewer"},
	kindPublication:  {"publication", "publicationname", "site", "sitename", "outlet", "publisher"},
	kindPublished:    {"published", "datepublished", "date", "creationdate", "publishdate", "publisheddate", "pubdate", "reviewdate"},
	kindFilm:         {"film", "filmtitle", "movie", "movietitle"},
	kindYear:         {"year", "filmyear", "movieyear", "releaseyear"},
	kindRating:       {"rating", "grade", "score", "originalscore", "stars"},
	kindURL:          {"url", "reviewurl", "link"},
	kindIMDb:         {"imdbid", "imdb"},
	kindTMDb:         {"tmdbid", "tmdb"},
	kindDirector:     {"director", "directors"},
	kindVerdict:      {"verdict", "reviewstate"},
}

type fieldRank struct {
	kind fieldKind
	rank int
}

var fieldKinds = func() map[string]fieldRank {
	m := make(map[string]fieldRank)
	for kind, names := range fieldNames {
		for rank, name := range names {
			m[name] = fieldRank{fieldKind(kind), rank}
		}
	}
	return m
}()

// maxExtraValue bounds what an unknown field may put into Extra: longer
// values are bodies or blobs (a raw copy of the file, say) that the
// metadata map should not carry along.
const maxExtraValue = 2048

// normalizeKey lowercases a key and drops everything but letters and
// digits.
func normalizeKey(key string) string {
	var b strings.Builder
	for _, r := range key {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// applyFields fills doc from fields; see fieldNames. Values that do not
// parse (a date in no known layout, a year that is no year) are kept in
// Extra under their own key rather than lost.
func applyFields(doc *review.Document, fields []field) {
	var best [kindCount]int
	for i := range best {
		best[i] = -1
	}
	for i, f := range fields {
		fr, known := fieldKinds[normalizeKey(f.key)]
		if !known || isBlank(f.value) {
			continue
		}
		if b := best[fr.kind]; b < 0 || fr.rank < fieldKinds[normalizeKey(fields[b].key)].rank {
			best[fr.kind] = i
		}
	}
	chosen := make(map[int]bool)
	for kind, i := range best {
		if i >= 0 && applyField(doc, fieldKind(kind), fields[i].value) {
			chosen[i] = true
		}
	}
	for i, f := range fields {
		if !chosen[i] {
			setExtra(doc, f.key, f.value)
		}
	}
}

// applyField sets one Document field and reports whether the value was
// usable.
func applyField(doc *review.Document, kind fieldKind, value string) bool {
	value = strings.TrimSpace(value)
	switch kind {
	case kindText:
		doc.Text = normalizeNewlines(value)
	case kindMarkdownText:
		text, mentions := markdownToText(normalizeNewlines(value))
		doc.Text = text
		addMentions(doc, mentions)
	case kindHeadline:
		doc.Headline = collapseSpace(value)
	case kindAuthor:
		doc.Author = collapseSpace(value)
	case kindPublication:
		doc.Publication = collapseSpace(value)
	case kindPublished:
		t, ok := parseDate(value)
		if !ok {
			return false
		}
		if t.Year() >= minPlausibleYear {
			doc.Published = &t
		}
	case kindFilm:
		doc.FilmTitle, doc.FilmYear = splitTitleYear(collapseSpace(value), doc.FilmYear)
	case kindYear:
		y, ok := parseYear(value)
		if !ok {
			return false
		}
		doc.FilmYear = y
	case kindRating:
		doc.RatingRaw = value
	case kindURL:
		if !strings.Contains(value, ".") {
			return true // a placeholder such as "--none--": nothing to keep
		}
		if strings.ContainsAny(value, " \t\n") {
			return false
		}
		doc.URL = value
	case kindIMDb:
		setFilmID(doc, "imdb", value)
	case kindTMDb:
		setFilmID(doc, "tmdb", value)
	case kindDirector:
		doc.Director = collapseSpace(value)
	case kindVerdict:
		doc.Verdict = strings.ToLower(value)
	}
	return true
}

func setFilmID(doc *review.Document, kind, id string) {
	if doc.FilmIDs == nil {
		doc.FilmIDs = make(map[string]string)
	}
	doc.FilmIDs[kind] = id
}

func setExtra(doc *review.Document, key, value string) {
	value = strings.TrimSpace(value)
	if key == "" || value == "" || len(value) > maxExtraValue {
		return
	}
	if doc.Extra == nil {
		doc.Extra = make(map[string]string)
	}
	doc.Extra[key] = value
}

func addMentions(doc *review.Document, films []mentionedFilm) {
	if len(films) == 0 {
		return
	}
	titles := make([]string, len(films))
	ids := make([]string, len(films))
	for i, m := range films {
		titles[i], ids[i] = m.title, m.imdbID
	}
	setExtraUnbounded(doc, "mentioned_films", strings.Join(titles, "\n"))
	setExtraUnbounded(doc, "mentioned_film_ids", strings.Join(ids, "\n"))
}

func setExtraUnbounded(doc *review.Document, key, value string) {
	if doc.Extra == nil {
		doc.Extra = make(map[string]string)
	}
	doc.Extra[key] = value
}

func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// minPlausibleYear: dates before it are placeholders (Rotten Tomatoes uses
// 1800-01-01 for "unknown"), not review dates.
const minPlausibleYear = 1880

var dateLayouts = []string{
	"2006-01-02",
	time.RFC3339,
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04",
	"2006/01/02",
	time.RFC1123Z,
	time.RFC1123,
	time.RFC822Z,
	time.RFC822,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"January 2, 2006",
	"Jan 2, 2006",
	"2 January 2006",
	"2 Jan 2006",
	"02 Jan 2006",
}

// parseDate reads a date in one of the layouts review containers use.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

func parseYear(s string) (int, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), ".0")
	y, err := strconv.Atoi(s)
	if err != nil || y < 1870 || y > 2200 {
		return 0, false
	}
	return y, true
}
