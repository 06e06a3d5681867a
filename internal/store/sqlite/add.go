package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/marquee-film/marquee/internal/review"
	"github.com/marquee-film/marquee/internal/store"
)

// timeLayout stores times as sortable UTC text.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// document is the JSON stored in reviews.doc: the review's public JSON form
// plus, only when the body column cannot give them back exactly, the body
// sentences (review.Review leaves Body out of its JSON).
type document struct {
	*review.Review
	StoredBody []string `json:"stored_body,omitempty"`
}

// row is a review ready for the reviews table.
type row struct {
	hash                string
	filmNorm, filmTitle string
	filmYear            int
	director            string
	source              string
	headline, author    string
	publication         string
	published           sql.NullString
	ratingScore         sql.NullFloat64
	language            string
	body                sql.NullString
	doc                 string
	credits             []review.Credit
}

func encodeReview(r *review.Review) (row, error) {
	if r == nil {
		return row{}, errors.New("nil review")
	}
	if strings.TrimSpace(r.ContentHash) == "" {
		return row{}, errors.New("review has no content hash")
	}
	body, keep := encodeBody(r.Body)
	c := *r
	c.ID = 0 // the row's id is the truth; a copy in the JSON could go stale
	doc, err := json.Marshal(document{Review: &c, StoredBody: keep})
	if err != nil {
		return row{}, fmt.Errorf("encode review: %w", err)
	}
	out := row{
		hash:        r.ContentHash,
		filmNorm:    store.NormalizeTitle(r.Film.Title),
		filmTitle:   r.Film.Title,
		filmYear:    max(r.Film.Year, 0),
		source:      r.Source,
		headline:    r.Headline,
		author:      r.Author,
		publication: r.Publication,
		language:    r.Language,
		body:        body,
		doc:         string(doc),
		credits:     r.Credits,
	}
	if r.Director != nil {
		out.director = *r.Director
	}
	if r.Published != nil {
		out.published = sql.NullString{String: *r.Published, Valid: true}
	}
	if r.Rating != nil {
		out.ratingScore = sql.NullFloat64{Float64: r.Rating.Score, Valid: true}
	}
	return out, nil
}

// encodeBody joins the sentences with newlines for the body column (what
// full-text search indexes). When splitting that text would not give the
// same slice back — a sentence holding a newline, or a single empty
// sentence — it also returns the sentences to keep in the JSON document.
func encodeBody(body []string) (sql.NullString, []string) {
	if body == nil {
		return sql.NullString{}, nil
	}
	text := strings.Join(body, "\n")
	var keep []string
	if (len(body) == 1 && body[0] == "") || (len(body) > 0 && strings.Count(text, "\n") != len(body)-1) {
		keep = body
	}
	return sql.NullString{String: text, Valid: true}, keep
}

func decodeBody(text sql.NullString, kept []string) []string {
	switch {
	case kept != nil:
		return kept
	case !text.Valid:
		return nil
	case text.String == "":
		return []string{}
	}
	return strings.Split(text.String, "\n")
}

const insertReviewSQL = `
INSERT INTO reviews (content_hash, film_norm, film_title, film_year, director, source,
    headline, author, publication, published, rating_score, language, body, doc, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (content_hash) DO NOTHING
RETURNING id`

// AddReviews implements store.Store.
func (db *DB) AddReviews(ctx context.Context, reviews []*review.Review) ([]store.AddResult, error) {
	rows := make([]row, len(reviews))
	for i, r := range reviews {
		var err error
		if rows[i], err = encodeReview(r); err != nil {
			return nil, fmt.Errorf("review %d of the batch: %w", i+1, err)
		}
	}
	results := make([]store.AddResult, len(reviews))
	if len(reviews) == 0 {
		return results, nil
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	insert, err := tx.PrepareContext(ctx, insertReviewSQL)
	if err != nil {
		return nil, fmt.Errorf("prepare insert: %w", err)
	}
	defer insert.Close()
	insertCredit, err := tx.PrepareContext(ctx,
		`INSERT INTO credits (review_id, position, person, character, role) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, fmt.Errorf("prepare credit insert: %w", err)
	}
	defer insertCredit.Close()

	now := time.Now().UTC().Format(timeLayout)
	touched := map[string]bool{}
	var added []int64
	for i, w := range rows {
		var id int64
		err := insert.QueryRowContext(ctx, w.hash, w.filmNorm, w.filmTitle, w.filmYear, w.director,
			w.source, w.headline, w.author, w.publication, w.published, w.ratingScore, w.language,
			w.body, w.doc, now).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			if err := tx.QueryRowContext(ctx, `SELECT id FROM reviews WHERE content_hash = ?`, w.hash).Scan(&id); err != nil {
				return nil, fmt.Errorf("find duplicate of review %d (%q): %w", i+1, w.source, err)
			}
			results[i] = store.AddResult{ID: id}
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("insert review %d (%q): %w", i+1, w.source, err)
		}
		results[i] = store.AddResult{ID: id, Added: true}
		added = append(added, id)
		for pos, c := range w.credits {
			if _, err := insertCredit.ExecContext(ctx, id, pos, c.Person, c.Character, c.Role); err != nil {
				return nil, fmt.Errorf("insert credits of review %d (%q): %w", i+1, w.source, err)
			}
		}
		if w.filmNorm != "" {
			touched[w.filmNorm] = true
		}
	}
	if err := indexReviews(ctx, tx, added); err != nil {
		return nil, err
	}
	norms := make([]string, 0, len(touched))
	for n := range touched {
		norms = append(norms, n)
	}
	slices.Sort(norms)
	for _, n := range norms {
		if err := regroup(ctx, tx, n); err != nil {
			return nil, fmt.Errorf("group reviews of %q into films: %w", n, err)
		}
	}
	// The films' years and directors may have changed: relink those the
	// catalogue has titles for, in one lookup for the batch.
	if len(norms) > 0 {
		if _, err := linkNorms(ctx, tx, norms, "", true); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("commit: %w", err)
	}
	for i, r := range reviews {
		r.ID = results[i].ID
	}
	return results, nil
}

// indexReviews adds the reviews with the given IDs to the full-text index
// in one statement (see the schema for why not a trigger).
func indexReviews(ctx context.Context, tx *sql.Tx, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return fmt.Errorf("index reviews: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO reviews_fts (rowid, headline, author, publication, film_title, body)
		SELECT id, headline, author, publication, film_title, body FROM reviews
		WHERE id IN (SELECT value FROM json_each(?))`, string(list)); err != nil {
		return fmt.Errorf("index reviews: %w", err)
	}
	return nil
}

// regroup puts every review whose normalised film title is norm into the
// film store.FilmKey assigns it, creating and deleting films as needed,
// and refreshes those films' title, year and director. Recomputing the
// whole title group makes the grouping independent of the order reviews
// arrive in: a year-less review moves to the film with a year once that
// film is the only one of its title, and back when a second year appears.
// All reviews of a title that state the same year get the same key, so
// the work is per year, not per review.
func regroup(ctx context.Context, tx *sql.Tx, norm string) error {
	rs, err := tx.QueryContext(ctx,
		`SELECT film_year, min(film_title) FROM reviews WHERE film_norm = ? GROUP BY film_year`, norm)
	if err != nil {
		return err
	}
	var years []int
	var titles []string
	for rs.Next() {
		var year int
		var title string
		if err := rs.Scan(&year, &title); err != nil {
			rs.Close()
			return err
		}
		years = append(years, year)
		titles = append(titles, title)
	}
	if err := errors.Join(rs.Err(), rs.Close()); err != nil {
		return err
	}

	filmIDs := map[string]int64{}
	for i, year := range years {
		key := store.FilmKey(titles[i], year, years)
		id, ok := filmIDs[key]
		if !ok {
			if id, err = ensureFilm(ctx, tx, key, norm, titles[i]); err != nil {
				return err
			}
			filmIDs[key] = id
		}
		if _, err := tx.ExecContext(ctx,
			`UPDATE reviews SET film_id = ? WHERE film_norm = ? AND film_year = ? AND film_id IS NOT ?`,
			id, norm, year, id); err != nil {
			return fmt.Errorf("move reviews of year %d to film %d: %w", year, id, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `
		DELETE FROM films WHERE norm_title = ?
		AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.film_id = films.id)`, norm); err != nil {
		return fmt.Errorf("delete emptied films: %w", err)
	}
	for _, id := range filmIDs {
		if _, err := tx.ExecContext(ctx, refreshFilmSQL, id); err != nil {
			return fmt.Errorf("refresh film %d: %w", id, err)
		}
	}
	return nil
}

func ensureFilm(ctx context.Context, tx *sql.Tx, key, norm, title string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM films WHERE key = ?`, key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = tx.QueryRowContext(ctx,
			`INSERT INTO films (key, norm_title, title) VALUES (?, ?, ?) RETURNING id`, key, norm, title).Scan(&id)
	}
	if err != nil {
		return 0, fmt.Errorf("film %q: %w", key, err)
	}
	return id, nil
}

// refreshFilmSQL sets a film's title, year and director to the values most
// of its reviews state. Ties are broken by the values themselves, not by
// which review came first, so writers interleaving batches end with the
// same films as one writer; an all-capitals title loses a tie.
const refreshFilmSQL = `
UPDATE films SET
    title = (SELECT film_title FROM reviews WHERE film_id = films.id
             GROUP BY film_title ORDER BY count(*) DESC, film_title = upper(film_title), film_title LIMIT 1),
    year = (SELECT film_year FROM reviews WHERE film_id = films.id AND film_year > 0
            GROUP BY film_year ORDER BY count(*) DESC, film_year LIMIT 1),
    director = coalesce((SELECT director FROM reviews WHERE film_id = films.id AND director <> ''
                         GROUP BY director ORDER BY count(*) DESC, director LIMIT 1), '')
WHERE id = ?`
