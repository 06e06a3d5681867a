package extract

import (
	"strings"
	"time"
	"unicode"

	"github.com/marquee-film/marquee/internal/extract/credit"
	"github.com/marquee-film/marquee/internal/language"
	"github.com/marquee-film/marquee/internal/rating"
	"github.com/marquee-film/marquee/internal/review"
)

// parsedText is the body, split once and read by every finder.
type parsedText struct {
	sentences []string
	words     [][]word
	phrases   [][]phrase
}

func parse(sentences []string) *parsedText {
	p := &parsedText{
		sentences: sentences,
		words:     make([][]word, len(sentences)),
		phrases:   make([][]phrase, len(sentences)),
	}
	// One backing array for all words: far fewer allocations than one
	// slice per sentence.
	// Dashes and slashes split words too; the slack avoids regrowing.
	size := len(sentences)
	for _, s := range sentences {
		size += strings.Count(s, " ")
	}
	size += size/8 + 16
	all := make([]word, 0, size)
	for i, s := range sentences {
		start := len(all)
		all = appendSentenceWords(all, s)
		p.words[i] = all[start:len(all):len(all)]
		p.phrases[i] = findPhrases(p.words[i])
	}
	return p
}

// Extract reads everything a review states.
func Extract(doc review.Document) review.Review {
	r := review.Review{
		Source:        doc.Source,
		Format:        doc.Format,
		Publication:   doc.Publication,
		URL:           doc.URL,
		FilmIDs:       doc.FilmIDs,
		SourceVerdict: doc.Verdict,
		Credits:       []review.Credit{},
		ReleaseDates:  []review.ReleaseDate{},
		Awards:        []string{},
	}
	l := readLayout(doc)

	var sentences []string
	for _, p := range l.paragraphs {
		sentences = splitSentences(p, sentences)
	}
	body := parse(sentences)
	r.Body = sentences
	r.Sentences = len(sentences)
	for _, words := range body.words {
		for _, w := range words {
			if hasLetterOrDigit(w.text) {
				r.Words++
			}
		}
	}
	r.ContentHash = contentHash(sentences)

	r.Headline = firstNonEmpty(doc.Headline, l.headline)
	r.Author = firstNonEmpty(doc.Author, l.byline, authorFromStandfirst(body, l), l.handle)
	r.Published = published(doc.Published, l.dateLine)
	if l.spoiler != "" {
		spoiler := l.spoiler
		r.SpoilerWarning = &spoiler
	}

	headlineWords := splitWords(r.Headline)
	ev := inferFilm(body, headlineWords, l.italics)
	r.Film = review.Film{Title: firstNonEmpty(doc.FilmTitle, ev.title), Year: doc.FilmYear}
	if doc.FilmTitle != "" && doc.FilmTitle != ev.title {
		ev.title, ev.year = doc.FilmTitle, 0
	}
	if r.Film.Year == 0 {
		r.Film.Year = ev.year
	}

	if credits := credit.Extract(sentences, r.Film.Title); credits != nil {
		r.Credits = credits
	}
	director := doc.Director
	if director == "" {
		for _, c := range r.Credits {
			if c.Role == "director" && c.Person != "" {
				director = c.Person
				break
			}
		}
	}
	if director == "" {
		director = inferDirector(body, ev)
	}
	if director != "" {
		r.Director = &director
	}

	r.Rating = findRating(doc)
	r.RuntimeMinutes = findRuntime(body)
	r.ReleaseDates = findReleaseDates(body)
	r.Awards = findAwards(r.Headline, body)
	r.MentionedFilms = findMentionedFilms(body, mentionContext{
		film:       r.Film.Title,
		director:   director,
		author:     r.Author,
		evidence:   ev,
		credits:    r.Credits,
		italics:    l.italics,
		fromIngest: doc.Extra["mentioned_films"],
	})

	r.Language, _ = language.Detect(languageSample(sentences))
	r.Scorable = r.Language == "en"
	return r
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// published prefers the container's date; a date line counts only when it
// states the year ("Jul 23" does not).
func published(stated *time.Time, dateLine string) *string {
	if stated != nil && !stated.IsZero() {
		s := stated.Format("2006-01-02")
		return &s
	}
	if dateLine == "" {
		return nil
	}
	t, ok := parseDate(dateLine)
	if !ok || t.IsZero() {
		return nil
	}
	s := t.Format("2006-01-02")
	return &s
}

// findRating takes the container's rating first, then a rating the text
// states (a star line, "Rating: 3.5/4").
func findRating(doc review.Document) *review.Rating {
	if doc.RatingRaw != "" {
		if r, err := rating.Parse(doc.RatingRaw); err == nil {
			return &r
		}
	}
	if doc.RatingValue != nil {
		if r, err := rating.FromSchema(*doc.RatingValue, doc.RatingBest, doc.RatingWorst); err == nil {
			return &r
		}
	}
	return rating.Find(cleanText(doc.Text))
}

// languageSample joins the first sentences up to the ~2,000 characters
// language.Detect reads anyway.
func languageSample(sentences []string) string {
	var b strings.Builder
	for _, s := range sentences {
		if b.Len() >= 2000 {
			break
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s)
	}
	return b.String()
}

func hasLetterOrDigit(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}
