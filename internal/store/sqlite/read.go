package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/marquee-film/marquee/internal/review"
	"github.com/marquee-film/marquee/internal/store"
)

// filmSummarySQL is completed with a WHERE clause (or nothing) and an
// ORDER BY clause.
const filmSummarySQL = `
SELECT f.id, f.title, coalesce(f.year, 0), f.director,
       count(*), count(r.rating_score), avg(r.rating_score), max(r.created_at)
FROM films f JOIN reviews r ON r.film_id = f.id
%s
GROUP BY f.id
%s
LIMIT ? OFFSET ?`

func (db *DB) filmSummaries(ctx context.Context, where, order string, args ...any) ([]store.FilmSummary, error) {
	rows, err := db.read.QueryContext(ctx, fmt.Sprintf(filmSummarySQL, where, order), args...)
	if err != nil {
		return nil, fmt.Errorf("list films: %w", err)
	}
	defer rows.Close()
	var out []store.FilmSummary
	for rows.Next() {
		var f store.FilmSummary
		var mean sql.NullFloat64
		var last string
		if err := rows.Scan(&f.ID, &f.Title, &f.Year, &f.Director, &f.Reviews, &f.Rated, &mean, &last); err != nil {
			return nil, fmt.Errorf("list films: %w", err)
		}
		if mean.Valid {
			f.MeanRating = &mean.Float64
		}
		if f.LastReview, err = time.Parse(timeLayout, last); err != nil {
			return nil, fmt.Errorf("film %d: stored time %q: %w", f.ID, last, err)
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list films: %w", err)
	}
	return out, nil
}

// Films implements store.Store.
func (db *DB) Films(ctx context.Context, q store.FilmQuery) ([]store.FilmSummary, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	return db.filmSummaries(ctx, "", "ORDER BY count(*) DESC, f.norm_title, f.id", limit, max(q.Offset, 0))
}

// FindFilms implements store.Store.
func (db *DB) FindFilms(ctx context.Context, title string) ([]store.FilmSummary, error) {
	norm := store.NormalizeTitle(title)
	if norm == "" {
		return nil, nil
	}
	films, err := db.filmSummaries(ctx, "WHERE f.norm_title = ?", "ORDER BY f.year, f.id", norm, -1, 0)
	if err != nil || len(films) > 0 {
		return films, err
	}
	pattern := escapeLike(norm)
	return db.filmSummaries(ctx,
		`WHERE f.norm_title LIKE '%' || ? || '%' ESCAPE '\'`,
		`ORDER BY f.norm_title LIKE ? || '%' ESCAPE '\' DESC, count(*) DESC, f.norm_title, f.year, f.id`,
		pattern, pattern, store.MaxFuzzyFilms, 0)
}

// escapeLike makes s match literally inside a LIKE pattern with ESCAPE '\'.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

const reviewColumns = `id, doc, body`

func scanReview(scan func(...any) error) (*review.Review, error) {
	var id int64
	var doc string
	var body sql.NullString
	if err := scan(&id, &doc, &body); err != nil {
		return nil, err
	}
	d := document{Review: &review.Review{}}
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		return nil, fmt.Errorf("decode review %d: %w", id, err)
	}
	r := d.Review
	r.ID = id
	r.Body = decodeBody(body, d.StoredBody)
	return r, nil
}

// Review implements store.Store.
func (db *DB) Review(ctx context.Context, id int64) (*review.Review, error) {
	r, err := scanReview(db.read.QueryRowContext(ctx, `SELECT `+reviewColumns+` FROM reviews WHERE id = ?`, id).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("review %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read review %d: %w", id, err)
	}
	return r, nil
}

// FilmReviews implements store.Store.
func (db *DB) FilmReviews(ctx context.Context, filmID int64) ([]*review.Review, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+reviewColumns+` FROM reviews WHERE film_id = ? ORDER BY id`, filmID)
	if err != nil {
		return nil, fmt.Errorf("reviews of film %d: %w", filmID, err)
	}
	defer rows.Close()
	var out []*review.Review
	for rows.Next() {
		r, err := scanReview(rows.Scan)
		if err != nil {
			return nil, fmt.Errorf("reviews of film %d: %w", filmID, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reviews of film %d: %w", filmID, err)
	}
	if len(out) == 0 {
		// Films exist only while they have reviews.
		return nil, fmt.Errorf("film %d: %w", filmID, store.ErrNotFound)
	}
	return out, nil
}

// searchSQL ranks the matches (rank is bm25 with the weights the schema
// configures), keeps the best, and only then makes their snippets: a
// snippet tokenises its review's text again, too slow to do for every
// match of a common word.
const searchSQL = `
WITH top AS (
    SELECT rowid AS id, rank FROM reviews_fts WHERE reviews_fts MATCH ?1 AND rowid >= ?5
    ORDER BY rank, rowid LIMIT ?2
)
SELECT r.id, coalesce(r.film_id, 0), coalesce(f.title, r.film_title), r.headline, r.author,
       snippet(reviews_fts, -1, ?3, ?4, '…', 16), top.rank
FROM top
JOIN reviews_fts ON reviews_fts.rowid = top.id
JOIN reviews r ON r.id = top.id
LEFT JOIN films f ON f.id = r.film_id
WHERE reviews_fts MATCH ?1
ORDER BY top.rank, r.id`

// Search implements store.Store.
func (db *DB) Search(ctx context.Context, query string, limit int) ([]store.Hit, error) {
	match := ftsQuery(store.ParseQuery(query))
	if match == "" {
		return nil, nil
	}
	if limit <= 0 {
		limit = store.DefaultSearchLimit
	}
	// Ranking costs a bm25 score per match: a word in half of a million
	// reviews took a second. Past store.RankWindow matches only the
	// newest are ranked; finding where they start walks the index in
	// rowid order, without scoring.
	var from int64
	err := db.read.QueryRowContext(ctx,
		`SELECT rowid FROM reviews_fts WHERE reviews_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?`,
		match, store.RankWindow-1).Scan(&from)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	rows, err := db.read.QueryContext(ctx, searchSQL, match, limit, store.MarkStart, store.MarkEnd, from)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	defer rows.Close()
	var hits []store.Hit
	for rows.Next() {
		var h store.Hit
		var snippet sql.NullString
		if err := rows.Scan(&h.ReviewID, &h.FilmID, &h.FilmTitle, &h.Headline, &h.Author, &snippet, &h.Rank); err != nil {
			return nil, fmt.Errorf("search %q: %w", query, err)
		}
		h.Snippet = snippet.String
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	return hits, nil
}

// ftsQuery writes terms as an FTS5 query. Every term is a double-quoted
// FTS5 string, inside which nothing but the doubled quote is syntax, so no
// user input can form an operator, a column filter or a syntax error.
// Juxtaposed strings are ANDed.
func ftsQuery(terms []store.Term) string {
	parts := make([]string, 0, len(terms))
	for _, t := range terms {
		s := `"` + strings.ReplaceAll(t.Text, `"`, `""`) + `"`
		if t.Prefix {
			s += "*"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

// Stats implements store.Store.
func (db *DB) Stats(ctx context.Context) (store.Stats, error) {
	var s store.Stats
	err := db.read.QueryRowContext(ctx,
		`SELECT (SELECT count(*) FROM reviews), (SELECT count(*) FROM films)`).Scan(&s.Reviews, &s.Films)
	if err != nil {
		return store.Stats{}, fmt.Errorf("count reviews: %w", err)
	}
	return s, nil
}

// Check implements store.Store: SQLite's integrity and foreign key checks,
// FTS5's own check of the index against the reviews, one index entry per
// review, and no film without reviews.
func (db *DB) Check(ctx context.Context) error {
	// PRAGMA integrity_check also checks the FTS5 index, through the
	// connection's cached copy of the index structure, which is refreshed
	// by queries but not by the check: on a pooled connection that has
	// not queried the index since other connections wrote, it reports
	// sound segments as corrupt. A new connection has no cache.
	fresh, err := sql.Open("sqlite", db.readDSN)
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	defer fresh.Close()
	rows, err := fresh.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	var problems []string
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			rows.Close()
			return fmt.Errorf("integrity check: %w", err)
		}
		if msg != "ok" {
			problems = append(problems, msg)
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("integrity check: %s", strings.Join(problems, "; "))
	}

	var fkProblems int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM pragma_foreign_key_check`).Scan(&fkProblems); err != nil {
		return fmt.Errorf("foreign key check: %w", err)
	}
	if fkProblems > 0 {
		return fmt.Errorf("foreign key check: %d rows refer to missing rows", fkProblems)
	}

	// FTS5 runs its check as a command: an INSERT, hence the writer.
	if _, err := db.write.ExecContext(ctx, `INSERT INTO reviews_fts (reviews_fts) VALUES ('integrity-check')`); err != nil {
		return fmt.Errorf("full-text index check: %w", err)
	}

	var reviews, indexed, emptyFilms int
	err = db.read.QueryRowContext(ctx, `
		SELECT (SELECT count(*) FROM reviews),
		       (SELECT count(*) FROM reviews_fts_docsize),
		       (SELECT count(*) FROM films f WHERE NOT EXISTS (SELECT 1 FROM reviews r WHERE r.film_id = f.id))`,
	).Scan(&reviews, &indexed, &emptyFilms)
	if err != nil {
		return fmt.Errorf("count rows: %w", err)
	}
	if reviews != indexed {
		return fmt.Errorf("full-text index holds %d reviews, the reviews table %d", indexed, reviews)
	}
	if emptyFilms > 0 {
		return fmt.Errorf("%d films have no reviews", emptyFilms)
	}
	var wrongCounts int
	if err := db.read.QueryRowContext(ctx, checkFilmCountsSQL).Scan(&wrongCounts); err != nil {
		return fmt.Errorf("check film counts: %w", err)
	}
	if wrongCounts > 0 {
		return fmt.Errorf("%d film counts disagree with the reviews", wrongCounts)
	}
	return nil
}

// checkFilmCountsSQL counts the rows of film_counts that a recount from the
// reviews would not produce, and the other way round.
const checkFilmCountsSQL = `
WITH recount (film_id, field, value, n) AS (
    SELECT film_id, 'title', film_title, count(*) FROM reviews WHERE film_id IS NOT NULL GROUP BY film_id, film_title
    UNION ALL
    SELECT film_id, 'year', film_year, count(*) FROM reviews WHERE film_id IS NOT NULL AND film_year > 0 GROUP BY film_id, film_year
    UNION ALL
    SELECT film_id, 'director', director, count(*) FROM reviews WHERE film_id IS NOT NULL AND director <> '' GROUP BY film_id, director
)
SELECT (SELECT count(*) FROM (SELECT * FROM recount EXCEPT SELECT film_id, field, value, n FROM film_counts))
     + (SELECT count(*) FROM (SELECT film_id, field, value, n FROM film_counts EXCEPT SELECT * FROM recount))`

// Export implements store.Store. The rows stream from one read
// transaction, so the reviews are those committed when it started.
func (db *DB) Export(ctx context.Context, fn func(*review.Review) error) error {
	rows, err := db.read.QueryContext(ctx, `SELECT `+reviewColumns+` FROM reviews ORDER BY id`)
	if err != nil {
		return fmt.Errorf("export reviews: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanReview(rows.Scan)
		if err != nil {
			return fmt.Errorf("export reviews: %w", err)
		}
		if err := fn(r); err != nil {
			return fmt.Errorf("export reviews: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export reviews: %w", err)
	}
	return nil
}

// RowCounts implements store.RowCounter.
func (db *DB) RowCounts(ctx context.Context) (store.RowCounts, error) {
	var c store.RowCounts
	err := db.read.QueryRowContext(ctx,
		`SELECT (SELECT count(*) FROM reviews), (SELECT count(*) FROM films), (SELECT count(*) FROM credits)`,
	).Scan(&c.Reviews, &c.Films, &c.Credits)
	if err != nil {
		return store.RowCounts{}, fmt.Errorf("count rows: %w", err)
	}
	return c, nil
}
