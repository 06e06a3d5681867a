// Package store keeps reviews: it de-duplicates them, groups them into
// films and answers the questions the commands ask (which films, which
// reviews, what mentions a word). The package holds the backend-neutral
// part — the Store interface, its types, DSN dispatch, the film grouping
// rule and the search query syntax; backends live in subpackages
// (store/sqlite) and register themselves with Register.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/marquee-film/marquee/internal/review"
)

// ErrNotFound is returned when a requested review or film does not exist.
var ErrNotFound = errors.New("not found")

// Snippet markers: Search wraps each matched term of a Hit's Snippet in
// MarkStart and MarkEnd. They are rare in review text, readable on a
// terminal, and a web page can HTML-escape the snippet first and then turn
// them into <mark> and </mark>.
const (
	MarkStart = "⟦"
	MarkEnd   = "⟧"
)

// Store is a database of reviews. Every method is safe for concurrent use;
// several processes may write into the same database at once.
type Store interface {
	// AddReviews stores a batch of reviews in one transaction: when it
	// returns nil the whole batch is durable, otherwise none of it is
	// stored. A review whose ContentHash is already stored (or appears
	// earlier in the batch) is a duplicate: nothing is added and its
	// result carries the existing ID. On success each review's ID is set.
	// Text is stored as UTF-8; invalid bytes may come back as U+FFFD.
	AddReviews(ctx context.Context, reviews []*review.Review) ([]AddResult, error)
	// Films lists the films that have reviews, most reviewed first, then
	// by title.
	Films(ctx context.Context, q FilmQuery) ([]FilmSummary, error)
	// FindFilms returns the films whose normalised title equals title's;
	// when none does, those whose normalised title starts with, then
	// contains, title's (at most MaxFuzzyFilms of them).
	FindFilms(ctx context.Context, title string) ([]FilmSummary, error)
	// FilmReviews returns a film's reviews in the order they were stored,
	// or ErrNotFound when there is no such film.
	FilmReviews(ctx context.Context, filmID int64) ([]*review.Review, error)
	// Review returns one review, or ErrNotFound.
	Review(ctx context.Context, id int64) (*review.Review, error)
	// Search runs a full-text query (see ParseQuery for its syntax) over
	// headline, author, publication, film title and body, best match
	// first. limit <= 0 means DefaultSearchLimit. A query with no
	// searchable word returns no hits and no error. A query matching more
	// than RankWindow reviews ranks only the RankWindow stored last.
	Search(ctx context.Context, query string, limit int) ([]Hit, error)
	// Stats counts what is stored.
	Stats(ctx context.Context) (Stats, error)
	// Export calls fn with every stored review, in the order they were
	// stored (ID order), and stops at fn's first error, returning it
	// wrapped. It is how a database is copied into another (marquee
	// migrate).
	Export(ctx context.Context, fn func(*review.Review) error) error
	// Check verifies the database: the backend's own integrity check, and
	// that the full-text index holds exactly one entry per review.
	Check(ctx context.Context) error
	Close() error
}

// DefaultSearchLimit is the number of hits Search returns when not told.
const DefaultSearchLimit = 20

// RankWindow is how many of a query's matches Search ranks at most: the
// newest ones. Scoring every match of a common word in a million reviews
// takes a second; a reader looking for "film" is served as well by the
// best of the latest 5,000.
const RankWindow = 5000

// MaxFuzzyFilms caps the prefix and substring matches of FindFilms, so a
// one-letter title does not return the whole catalogue.
const MaxFuzzyFilms = 50

// AddResult reports what AddReviews did with one review.
type AddResult struct {
	ID    int64 `json:"id"`
	Added bool  `json:"added"` // false: a duplicate of review ID
}

// FilmQuery selects a page of Films. Limit <= 0 means no limit.
type FilmQuery struct {
	Limit  int
	Offset int
}

// FilmSummary is a film with counts over its reviews.
type FilmSummary struct {
	ID       int64  `json:"id"`
	Title    string `json:"title"`
	Year     int    `json:"year,omitempty"` // 0 when no review states it
	Director string `json:"director,omitempty"`
	Reviews  int    `json:"reviews"`
	// Rated counts the reviews with the critic's own rating; MeanRating
	// is the mean of their 0-100 scores, nil when none is rated.
	Rated      int      `json:"rated"`
	MeanRating *float64 `json:"mean_rating"`
	// LastReview is when the film's newest review was stored.
	LastReview time.Time `json:"last_review"`
}

// Hit is one review matching a search.
type Hit struct {
	ReviewID  int64  `json:"review_id"`
	FilmID    int64  `json:"film_id,omitempty"` // 0 when the review names no film
	FilmTitle string `json:"film_title"`
	Headline  string `json:"headline"`
	Author    string `json:"author"`
	// Snippet is a short excerpt of the best matching field with the
	// matched terms between MarkStart and MarkEnd.
	Snippet string `json:"snippet"`
	// Rank is the backend's relevance score; lower is better (SQLite's
	// bm25 convention). Only the order it implies is comparable across
	// backends.
	Rank float64 `json:"rank"`
}

// Stats counts what a Store holds.
type Stats struct {
	Reviews int `json:"reviews"`
	Films   int `json:"films"`
}

// RowCounter is implemented by backends that can count the rows of their
// tables, which marquee migrate compares after a copy. It is not part of
// Store because Stats, which servers call on every request, must stay
// cheap, and counting credits is not.
type RowCounter interface {
	RowCounts(ctx context.Context) (RowCounts, error)
}

// RowCounts are the rows of a database's tables.
type RowCounts struct {
	Reviews int `json:"reviews"`
	Films   int `json:"films"`
	Credits int `json:"credits"`
}

// Backuper is implemented by backends that can write a consistent copy of
// the whole database into a new file while other processes go on writing
// to it (marquee backup).
type Backuper interface {
	// Backup writes the copy to dest, which must not exist yet.
	Backup(ctx context.Context, dest string) error
}

// ReportKeeper is implemented by backends that keep built film reports, so
// that showing a film reads its report instead of building it from every
// review: the report of a film with thousands of reviews takes a second
// to build. The backend stores bytes; package filmreport decides what they
// hold and when a saved report no longer describes its film. A report is
// saved as a head and pages of its review list, so that a page of a film
// with thousands of reviews reads a few kilobytes.
type ReportKeeper interface {
	// ReviewSet fingerprints the reviews a film has now.
	ReviewSet(ctx context.Context, filmID int64) (ReviewSet, error)
	// SavedReport returns the report saved for a film with its pages from
	// (counting from 0) up to but not including to (to < 0: to the last),
	// or ErrNotFound when none is saved.
	SavedReport(ctx context.Context, filmID int64, from, to int) (SavedReport, error)
	// SavedReportKeys returns the key of every saved report, by film.
	SavedReportKeys(ctx context.Context) (map[int64]string, error)
	// SaveReports replaces the saved reports of their films, all in one
	// transaction. A report whose film no longer exists is not saved.
	SaveReports(ctx context.Context, reports []SavedReport) error
}

// ReviewSet fingerprints a film's reviews. Reviews are never edited or
// deleted, but a review can move from one film to another when the
// grouping learns more: a film's count alone could then stay the same
// while its reviews change; its count, the sum of their IDs and the
// largest ID together change with any addition or move.
type ReviewSet struct {
	Count int
	IDSum int64
	MaxID int64
}

// SavedReport is a film report as a ReportKeeper keeps it.
type SavedReport struct {
	FilmID int64
	// Key says what the report was built from (see filmreport.Key).
	Key  string
	Head []byte
	// Pages holds the pages asked for (SavedReport) or every page
	// (SaveReports); PageCount is how many the report has.
	Pages     [][]byte
	PageCount int
	Built     time.Time
}
