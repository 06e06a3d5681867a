package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/marquee-film/marquee/internal/review"
	"github.com/marquee-film/marquee/internal/store"
)

// filmSummarySQL is completed with a WHERE clause (or nothing) and an
// ORDER BY clause. A NULL limit is no limit.
const filmSummarySQL = `
SELECT f.id, f.title, coalesce(f.year, 0), f.director,
       count(*), count(r.rating_score), avg(r.rating_score), max(r.created_at)
FROM films f JOIN reviews r ON r.film_id = f.id
%s
GROUP BY f.id
%s
LIMIT $1 OFFSET $2`

// foundFilmsSQL is filmSummarySQL for a few films picked by a WHERE clause
// on films: each film's reviews are counted on their own, through the
// film_id index. As a join it is one statement for every title, and pgx
// prepares it: after five runs PostgreSQL may keep a generic plan, which
// cannot know that the title picks one film and hashes the whole reviews
// table (0.3 s per lookup on a million reviews). In the ORDER BY clause
// the counts are s.n.
const foundFilmsSQL = `
SELECT f.id, f.title, coalesce(f.year, 0), f.director, s.n, s.rated, s.mean, s.last
FROM films f CROSS JOIN LATERAL (
    SELECT count(*) AS n, count(r.rating_score) AS rated, avg(r.rating_score) AS mean, max(r.created_at) AS last
    FROM reviews r WHERE r.film_id = f.id
) s
%s AND s.n > 0
%s
LIMIT $1 OFFSET $2`

// filmSummaries runs filmSummarySQL; where and order use parameters from
// $3 on.
func (db *DB) filmSummaries(ctx context.Context, where, order string, limit *int64, offset int, args ...any) ([]store.FilmSummary, error) {
	return db.scanFilmSummaries(ctx, fmt.Sprintf(filmSummarySQL, where, order), limit, offset, args...)
}

// foundFilms runs foundFilmsSQL, with the same parameters as
// filmSummaries.
func (db *DB) foundFilms(ctx context.Context, where, order string, limit *int64, offset int, args ...any) ([]store.FilmSummary, error) {
	return db.scanFilmSummaries(ctx, fmt.Sprintf(foundFilmsSQL, where, order), limit, offset, args...)
}

func (db *DB) scanFilmSummaries(ctx context.Context, query string, limit *int64, offset int, args ...any) ([]store.FilmSummary, error) {
	rows, err := db.pool.Query(ctx, query, append([]any{limit, offset}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("list films: %w", err)
	}
	defer rows.Close()
	var out []store.FilmSummary
	for rows.Next() {
		var f store.FilmSummary
		var year int32
		var reviews, rated int64
		var mean *float64
		var last time.Time
		if err := rows.Scan(&f.ID, &f.Title, &year, &f.Director, &reviews, &rated, &mean, &last); err != nil {
			return nil, fmt.Errorf("list films: %w", err)
		}
		f.Year, f.Reviews, f.Rated, f.MeanRating, f.LastReview = int(year), int(reviews), int(rated), mean, last.UTC()
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list films: %w", err)
	}
	return out, nil
}

// Films implements store.Store.
func (db *DB) Films(ctx context.Context, q store.FilmQuery) ([]store.FilmSummary, error) {
	var limit *int64
	if q.Limit > 0 {
		l := int64(q.Limit)
		limit = &l
	}
	return db.filmSummaries(ctx, "", "ORDER BY count(*) DESC, f.norm_title, f.id", limit, max(q.Offset, 0))
}

// FindFilms implements store.Store. Years sort as SQLite sorts them: a
// film with no year first.
func (db *DB) FindFilms(ctx context.Context, title string) ([]store.FilmSummary, error) {
	norm := storable(store.NormalizeTitle(title))
	if norm == "" {
		return nil, nil
	}
	films, err := db.foundFilms(ctx, "WHERE f.norm_title = $3", "ORDER BY f.year NULLS FIRST, f.id", nil, 0, norm)
	if err != nil || len(films) > 0 {
		return films, err
	}
	limit := int64(store.MaxFuzzyFilms)
	return db.foundFilms(ctx,
		`WHERE f.norm_title LIKE '%' || $3 || '%' ESCAPE '\'`,
		`ORDER BY f.norm_title LIKE $3 || '%' ESCAPE '\' DESC, s.n DESC, f.norm_title, f.year NULLS FIRST, f.id`,
		&limit, 0, escapeLike(norm))
}

// escapeLike makes s match literally inside a LIKE pattern with ESCAPE '\'.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

const reviewColumns = `id, doc, body`

func scanReview(scan func(...any) error) (*review.Review, error) {
	var id int64
	var doc []byte
	var body *string
	if err := scan(&id, &doc, &body); err != nil {
		return nil, err
	}
	return decodeReview(id, doc, body)
}

func decodeReview(id int64, doc []byte, body *string) (*review.Review, error) {
	d := document{Review: &review.Review{}}
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, fmt.Errorf("decode review %d: %w", id, err)
	}
	r := d.Review
	r.ID = id
	r.Body = decodeBody(body, d.StoredBody)
	return r, nil
}

// Review implements store.Store.
func (db *DB) Review(ctx context.Context, id int64) (*review.Review, error) {
	r, err := scanReview(db.pool.QueryRow(ctx, `SELECT `+reviewColumns+` FROM reviews WHERE id = $1`, id).Scan)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("review %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read review %d: %w", id, err)
	}
	return r, nil
}

// FilmReviews implements store.Store.
func (db *DB) FilmReviews(ctx context.Context, filmID int64) ([]*review.Review, error) {
	var out []*review.Review
	err := db.eachReview(ctx, `SELECT `+reviewColumns+` FROM reviews WHERE film_id = $1 ORDER BY id`,
		func(r *review.Review) error { out = append(out, r); return nil }, filmID)
	if err != nil {
		return nil, fmt.Errorf("reviews of film %d: %w", filmID, err)
	}
	if len(out) == 0 {
		// Films exist only while they have reviews.
		return nil, fmt.Errorf("film %d: %w", filmID, store.ErrNotFound)
	}
	return out, nil
}

// Export implements store.Store. The rows stream from one query, so the
// reviews are those committed when it started.
func (db *DB) Export(ctx context.Context, fn func(*review.Review) error) error {
	if err := db.eachReview(ctx, `SELECT `+reviewColumns+` FROM reviews ORDER BY id`, fn); err != nil {
		return fmt.Errorf("export reviews: %w", err)
	}
	return nil
}

func (db *DB) eachReview(ctx context.Context, query string, fn func(*review.Review) error, args ...any) error {
	rows, err := db.pool.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanReview(rows.Scan)
		if err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// searchSQL ranks every match with ts_rank_cd (cover density over the
// weighted tsvector: the default weights 1.0, 0.4, 0.2, 0.1 for A to D
// count a match in the headline or film title ten times one in the body),
// keeps the best, and only then makes their snippets: ts_headline parses
// its text again, far too slow for every match of a common word. The
// snippet comes from the body when the body matches by itself (its
// lexemes are the ones of weight D: ts_filter tells without parsing the
// text again), else from the short fields, where (some of) the match
// then is: the body is left out there, as parsing it would cost as much as
// a body snippet and only add words of a split match.
//
// Ranking reads every match's vector: past store.RankWindow matches only
// the newest are ranked. The window and the ranking are one pass: for a
// common word the newest matches come from walking the primary key
// backwards, and every row walked costs a read of its (TOASTed) vector,
// so finding where the window starts and then ranking it walked those rows
// twice. The vectors are ranked after the window is cut: when the planner
// gathers the matches from the GIN index instead, only the newest are
// ranked, not all of them.
//
// $1 is the tsquery, $2 the limit, $3 ts_headline's options, $4 the rank
// window.
const searchSQL = `
WITH newest AS (
    SELECT id, search FROM reviews
    WHERE search @@ $1::tsquery
    ORDER BY id DESC LIMIT $4
), top AS (
    SELECT id, ts_rank_cd(search, $1::tsquery) AS rank FROM newest
    ORDER BY rank DESC, id LIMIT $2
)
SELECT r.id, coalesce(r.film_id, 0), coalesce(f.title, r.film_title), r.headline, r.author,
       ts_headline('marquee',
           CASE WHEN ts_filter(r.search, '{d}') @@ $1::tsquery THEN r.body
                ELSE concat_ws(' — ', nullif(r.headline, ''), nullif(r.film_title, ''),
                               nullif(r.author, ''), nullif(r.publication, '')) END,
           $1::tsquery, $3),
       top.rank
FROM top
JOIN reviews r ON r.id = top.id
LEFT JOIN films f ON f.id = r.film_id
ORDER BY top.rank DESC, r.id`

// headlineOptions shape the snippets like SQLite's: a fragment of up to
// 16 words around the best match.
var headlineOptions = fmt.Sprintf(`StartSel="%s", StopSel="%s", MaxWords=16, MinWords=6, ShortWord=2, MaxFragments=1, FragmentDelimiter=" … "`,
	store.MarkStart, store.MarkEnd)

// Search implements store.Store. Rank is ts_rank_cd negated, so lower is
// better as the interface asks.
func (db *DB) Search(ctx context.Context, query string, limit int) ([]store.Hit, error) {
	tsquery, args := tsQuery(store.ParseQuery(query))
	if tsquery == "" {
		return nil, nil
	}
	if limit <= 0 {
		limit = store.DefaultSearchLimit
	}
	// The query is computed once, then passed to the search as a value:
	// the planner can use the GIN index for a parameter, not for an
	// expression of the terms.
	var q *string
	if err := db.pool.QueryRow(ctx, `SELECT CASE WHEN numnode(q) = 0 THEN NULL ELSE q::text END FROM (SELECT `+tsquery+` AS q) s`, args...).Scan(&q); err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	if q == nil {
		return nil, nil // no term has a word the index holds
	}
	// An unnamed statement is planned for this query's own words: a
	// cached generic plan would walk the primary key for a rare word, or
	// gather every match of a common one.
	rows, err := db.pool.Query(ctx, searchSQL, pgx.QueryExecModeExec, *q, limit, headlineOptions, store.RankWindow)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	defer rows.Close()
	var hits []store.Hit
	for rows.Next() {
		var h store.Hit
		var rank float32
		var snippet *string
		if err := rows.Scan(&h.ReviewID, &h.FilmID, &h.FilmTitle, &h.Headline, &h.Author, &snippet, &rank); err != nil {
			return nil, fmt.Errorf("search %q: %w", query, err)
		}
		if snippet != nil {
			h.Snippet = *snippet
		}
		h.Rank = -float64(rank)
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	return hits, nil
}

// tsQuery writes terms as a tsquery expression over parameters: the SQL
// is a fixed shape per term, the user's text only ever a parameter.
// phraseto_tsquery reads a term's text with the index's configuration,
// treats punctuation as separators and makes its words a phrase (a single
// word is just that word), so no input can form an operator or a syntax
// error. A prefix term gets :* on its last word: the phrase, which
// PostgreSQL itself printed and quoted, is read back with the suffix
// added. Terms are ANDed; a term with no indexable word drops out.
func tsQuery(terms []store.Term) (string, []any) {
	parts := make([]string, 0, len(terms))
	args := make([]any, 0, len(terms))
	for _, t := range terms {
		args = append(args, storable(t.Text))
		p := "phraseto_tsquery('marquee', $" + strconv.Itoa(len(args)) + "::text)"
		if t.Prefix {
			p = "(SELECT CASE WHEN numnode(p) = 0 THEN p ELSE (p::text || ':*')::tsquery END FROM " + p + " AS p)"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " && "), args
}

// Stats implements store.Store.
func (db *DB) Stats(ctx context.Context) (store.Stats, error) {
	var reviews, films int64
	err := db.pool.QueryRow(ctx,
		`SELECT (SELECT count(*) FROM reviews), (SELECT count(*) FROM films)`).Scan(&reviews, &films)
	if err != nil {
		return store.Stats{}, fmt.Errorf("count reviews: %w", err)
	}
	return store.Stats{Reviews: int(reviews), Films: int(films)}, nil
}

// RowCounts implements store.RowCounter.
func (db *DB) RowCounts(ctx context.Context) (store.RowCounts, error) {
	var reviews, films, credits int64
	err := db.pool.QueryRow(ctx,
		`SELECT (SELECT count(*) FROM reviews), (SELECT count(*) FROM films), (SELECT count(*) FROM credits)`,
	).Scan(&reviews, &films, &credits)
	if err != nil {
		return store.RowCounts{}, fmt.Errorf("count rows: %w", err)
	}
	return store.RowCounts{Reviews: int(reviews), Films: int(films), Credits: int(credits)}, nil
}

// checkSQL counts what must not exist; PostgreSQL keeps its own storage
// sound (checksums, WAL), so Check looks at what Marquee maintains.
var checkSQL = []struct{ what, sql string }{
	{"reviews sharing a content hash", `SELECT count(*) - count(DISTINCT content_hash) FROM reviews`},
	{"reviews without a full-text vector", `SELECT count(*) FROM reviews WHERE search IS NULL`},
	{"reviews with words but an empty full-text vector", `
		SELECT count(*) FROM reviews WHERE search = ''::tsvector
		AND concat(headline, film_title, author, publication, body) ~ '[[:alnum:]]'`},
	{"films without reviews", `SELECT count(*) FROM films f WHERE NOT EXISTS (SELECT 1 FROM reviews r WHERE r.film_id = f.id)`},
	{"reviews naming a film but in none", `SELECT count(*) FROM reviews WHERE film_norm <> '' AND film_id IS NULL`},
	{"reviews naming no film but in one", `SELECT count(*) FROM reviews WHERE film_norm = '' AND film_id IS NOT NULL`},
	{"reviews in a film of another title", `
		SELECT count(*) FROM reviews r JOIN films f ON f.id = r.film_id WHERE f.norm_title <> r.film_norm`},
	{"film counts that disagree with the reviews", `
		WITH recount (film_id, field, value, n) AS (
		    SELECT film_id, 'title', film_title, count(*)::int FROM reviews WHERE film_id IS NOT NULL GROUP BY film_id, film_title
		    UNION ALL
		    SELECT film_id, 'year', film_year::text, count(*)::int FROM reviews WHERE film_id IS NOT NULL AND film_year > 0 GROUP BY film_id, film_year
		    UNION ALL
		    SELECT film_id, 'director', director, count(*)::int FROM reviews WHERE film_id IS NOT NULL AND director <> '' GROUP BY film_id, director
		)
		SELECT (SELECT count(*) FROM (SELECT * FROM recount EXCEPT SELECT film_id, field, value, n FROM film_counts) a)
		     + (SELECT count(*) FROM (SELECT film_id, field, value, n FROM film_counts EXCEPT SELECT * FROM recount) b)`},
	{"reviews whose credits rows differ from their document", `
		SELECT count(*) FROM reviews r
		WHERE (SELECT count(*) FROM credits c WHERE c.review_id = r.id) <>
		      CASE jsonb_typeof(r.doc -> 'credits') WHEN 'array' THEN jsonb_array_length(r.doc -> 'credits') ELSE 0 END`},
}

// Check implements store.Store: no duplicate hashes, a full-text vector
// for every review (the index is a column, so it cannot lose rows; a
// vector can only be missing or wrong), the film grouping consistent,
// and the credits table matching the stored documents.
func (db *DB) Check(ctx context.Context) error {
	var problems []string
	for _, c := range checkSQL {
		var n int64
		if err := db.pool.QueryRow(ctx, c.sql).Scan(&n); err != nil {
			return fmt.Errorf("check %s: %w", c.what, err)
		}
		if n != 0 {
			problems = append(problems, fmt.Sprintf("%d %s", n, c.what))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("database check: %s", strings.Join(problems, "; "))
	}
	return nil
}
