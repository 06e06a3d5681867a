// Package review holds the data model that flows through Marquee's pipeline:
// a Document is what ingest read from the outside world, a Review is what
// extract (and later score) made of it. The package has no behaviour beyond
// small helpers on these types, so every stage can depend on it without
// depending on another stage.
package review

import "time"

// Format names the input format a document was read from.
type Format string

const (
	FormatText     Format = "text"     // plain text shaped like a scraped web review
	FormatMarkdown Format = "markdown" // Markdown, with or without YAML front matter
	FormatHTML     Format = "html"
	FormatFeed     Format = "feed" // an item of an RSS or Atom feed
	FormatJSONL    Format = "jsonl"
	FormatCSV      Format = "csv"
)

// Document is one review as ingest found it: the review text with transport
// noise (HTML, front matter, feed envelopes, CSV quoting) removed, plus
// whatever metadata the container stated explicitly. Fields that the
// container did not state stay empty; extract infers them from the text.
type Document struct {
	// Source identifies where the document came from: a file path, a path
	// with a fragment for records inside a file ("reviews.csv#row=12"), or
	// "-" for standard input.
	Source string
	Format Format
	// Text is the review body as UTF-8 plain text. For text and Markdown
	// inputs it is the whole file (extract finds headline, byline, star
	// line and widget leftovers in it); for structured inputs it is the
	// body only.
	Text string

	// Metadata stated by the container (front matter, JSON-LD, feed item,
	// CSV columns). Empty when not stated.
	Headline    string
	Author      string
	Publication string // site or outlet name
	URL         string
	Published   *time.Time
	FilmTitle   string
	FilmYear    int
	FilmIDs     map[string]string // e.g. {"imdb": "tt0080684", "rt": "…"}
	Director    string
	// RatingRaw is a rating as the container states it ("B+", "3.5/4");
	// RatingValue/RatingBest carry schema.org's numeric reviewRating
	// (ratingValue, bestRating, worstRating) when the container has it.
	RatingRaw   string
	RatingValue *float64
	RatingBest  *float64
	RatingWorst *float64
	// Verdict is a label the container states (Rotten Tomatoes'
	// fresh/rotten), kept for evaluation; Marquee never shows it as its own.
	Verdict string
	// Extra holds container fields that have no column of their own.
	Extra map[string]string
}

// Rating is a critic's explicit rating, normalised.
type Rating struct {
	Raw   string  `json:"raw"`
	Value float64 `json:"value"`
	Max   float64 `json:"max"`
	Score float64 `json:"score"` // 0-100
}

// Credit pairs a person with a character (cast) or a crew role.
type Credit struct {
	Person    string `json:"person"`
	Character string `json:"character,omitempty"`
	Role      string `json:"role"` // "actor", or the crew role: "director", "cinematographer", …
}

// ReleaseDate is a release the review mentions, with its region when stated.
type ReleaseDate struct {
	Region string `json:"region"`
	Date   string `json:"date"` // ISO 8601 when the year is known, else as written ("18 October")
}

// Film identifies the film a review is about.
type Film struct {
	Title string `json:"title"`
	Year  int    `json:"year,omitempty"`
}

// Review is everything Marquee extracted from one Document. Its JSON form is
// the public `analyze --json` contract: field names never change, fields are
// only added.
type Review struct {
	ID             int64             `json:"id,omitempty"`
	Source         string            `json:"source"`
	Format         Format            `json:"format"`
	Headline       string            `json:"headline"`
	Author         string            `json:"author"`
	Publication    string            `json:"publication"`
	URL            string            `json:"url,omitempty"`
	Published      *string           `json:"published"` // ISO 8601 date or null
	Film           Film              `json:"film"`
	FilmIDs        map[string]string `json:"film_ids,omitempty"`
	Director       *string           `json:"director"`
	Rating         *Rating           `json:"rating"`
	SpoilerWarning *string           `json:"spoiler_warning"`
	Credits        []Credit          `json:"credits"`
	RuntimeMinutes *int              `json:"runtime_minutes"`
	ReleaseDates   []ReleaseDate     `json:"release_dates"`
	Awards         []string          `json:"awards"`
	MentionedFilms []string          `json:"mentioned_films"`
	Language       string            `json:"language"` // ISO 639-1, "" when undetected
	Scorable       bool              `json:"scorable"` // false for text in a language the scorer does not know
	Sentences      int               `json:"sentences"`
	Words          int               `json:"words"`
	Body           []string          `json:"-"` // the body's sentences, boilerplate removed
	ContentHash    string            `json:"content_hash"`
	// SourceVerdict is the container's own fresh/rotten style label; kept for
	// evaluation, never used as Marquee's verdict.
	SourceVerdict string `json:"source_verdict,omitempty"`

	// Score is Marquee's own 0-100 reading of the text (not the critic's
	// rating), nil when the scorer does not know the language.
	Score      *float64 `json:"score"`
	Verdict    string   `json:"verdict,omitempty"` // "positive", "mixed" or "negative"
	Confidence *float64 `json:"confidence"`        // 0-1
	// Evidence holds up to three most positive and three most negative sentences.
	Evidence       []Evidence               `json:"evidence"`
	Aspects        map[string]AspectSummary `json:"aspects"`
	SentenceScores []SentenceScore          `json:"sentence_scores,omitempty"`
}

// Evidence is a sentence that most supports a review's score, with its
// polarity from -1 (negative) to 1 (positive).
type Evidence struct {
	Text     string  `json:"text"`
	Polarity float64 `json:"polarity"`
}

// AspectSummary rolls up the sentences of a review about one aspect of the
// film (acting, direction, writing, …): their mean polarity and how many.
type AspectSummary struct {
	Polarity  float64 `json:"polarity"`
	Sentences int     `json:"sentences"`
}

// SentenceScore is the scorer's view of one body sentence.
type SentenceScore struct {
	Text     string   `json:"text"`
	Polarity float64  `json:"polarity"`
	Aspects  []string `json:"aspects,omitempty"`
}
