package extract

import (
	"slices"
	"strings"
	"sync"
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

	// Backing arrays of words and phrases, kept in parsedPool between
	// reviews: a review has over a thousand words, and allocating them
	// anew cost more than reading them.
	allWords    []word
	allPhrases  []phrase
	hashScratch []byte // contentHash's buffer
}

var parsedPool = sync.Pool{New: func() any { return new(parsedText) }}

// maxPooledWords bounds the arrays kept for the next review, so that one
// huge document does not pin its memory.
const maxPooledWords = 1 << 14

func parse(sentences []string) *parsedText {
	p := parsedPool.Get().(*parsedText)
	p.sentences = sentences
	p.words = slices.Grow(p.words[:0], len(sentences))[:len(sentences)]
	p.phrases = slices.Grow(p.phrases[:0], len(sentences))[:len(sentences)]
	// One backing array for all words: far fewer allocations than one
	// slice per sentence.
	all, allPhrases := p.allWords[:0], p.allPhrases[:0]
	for i, s := range sentences {
		start := len(all)
		all = appendSentenceWords(all, s)
		p.words[i] = all[start:len(all):len(all)]
		phraseStart := len(allPhrases)
		allPhrases = appendPhrases(allPhrases, s, p.words[i])
		p.phrases[i] = allPhrases[phraseStart:len(allPhrases):len(allPhrases)]
	}
	p.allWords, p.allPhrases = all, allPhrases
	return p
}

// release returns p to parsedPool; p must not be used after.
func (p *parsedText) release() {
	if cap(p.allWords) > maxPooledWords || cap(p.hashScratch) > 16*maxPooledWords {
		return
	}
	clear(p.words)
	clear(p.phrases)
	p.sentences = nil
	parsedPool.Put(p)
}

// extractCredits is credit.Extract; BenchmarkExtract replaces it with a
// lookup of precomputed credits to time this package without package
// credit, which has its own benchmarks.
var extractCredits = credit.Extract

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
	defer body.release()
	r.Body = sentences
	r.Sentences = len(sentences)
	for _, words := range body.words {
		for _, w := range words {
			if hasLetterOrDigit(w.text) {
				r.Words++
			}
		}
	}
	r.ContentHash, body.hashScratch = contentHash(sentences, body.hashScratch)

	r.Headline = firstNonEmpty(doc.Headline, l.headline)
	r.Author = firstNonEmpty(doc.Author, l.byline, authorFromStandfirst(body, l), l.handle)
	r.Published = published(doc.Published, l.dateLine)
	if l.spoiler != "" {
		spoiler := l.spoiler
		r.SpoilerWarning = &spoiler
	}

	ev := inferFilm(body, r.Headline, l.italics)
	r.Film = review.Film{Title: firstNonEmpty(doc.FilmTitle, ev.title), Year: doc.FilmYear}
	if doc.FilmTitle != "" && doc.FilmTitle != ev.title {
		ev.title, ev.year = doc.FilmTitle, 0
	}
	if r.Film.Year == 0 {
		r.Film.Year = ev.year
	}

	if credits := extractCredits(sentences, r.Film.Title); credits != nil {
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

	r.Rating = findRating(doc, l.text)
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
// states (a star line, "Rating: 3.5/4"); text is doc.Text cleaned.
func findRating(doc review.Document, text string) *review.Rating {
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
	return rating.Find(text)
}

// languageSample joins the first sentences up to the ~2,000 characters
// language.Detect reads anyway.
func languageSample(sentences []string) string {
	size := 0
	for i, s := range sentences {
		if size >= 2000 {
			break
		}
		if i > 0 {
			size++
		}
		size += len(s)
	}
	var b strings.Builder
	b.Grow(size)
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
	if s != "" && byteClass[s[0]] == byteAlnum {
		return true
	}
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}
