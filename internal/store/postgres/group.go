package postgres

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/marquee-film/marquee/internal/store"
)

// Most batches only add reviews to films that already exist: their years
// are years the title already has, so no review changes film. For those
// (planFilms) the film is known before the review is inserted, and joining
// it (joinFilms) costs a few index lookups per film whatever the film's
// size. Only a title's first reviews, a new year, a year-less review with
// no film to join, or films changed by another writer since the plan take
// the slow path (regroup), which recomputes the title's grouping from all
// its reviews. joinFilms and regroup run with the titles' advisory locks
// held (lockTitles), so no other writer changes a title's films meanwhile.

// A joiner is a review that a batch inserted into an existing film, with
// the fields the film's counts keep.
type joiner struct {
	film     int64
	title    string
	year     int
	director string
}

// batchTitles returns the distinct film titles of rows, sorted.
func batchTitles(rows []row) []string {
	set := map[string]bool{}
	for _, w := range rows {
		if w.filmNorm != "" {
			set[w.filmNorm] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// titleFilms are the films of one title: their IDs by key, and the years
// they are for. A film's key holds its year (store.FilmKey), and a title
// has a film for a year exactly when one of its reviews states it.
type titleFilms struct {
	keys  map[string]int64
	years []int
}

// fingerprint identifies the set of films; equal fingerprints mean no
// review of the title would change film.
func (tf *titleFilms) fingerprint() string {
	if tf == nil {
		return ""
	}
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(tf.keys)) {
		fmt.Fprintf(&b, "%s=%d;", k, tf.keys[k])
	}
	return b.String()
}

// filmPlan is what planFilms saw: each title's films, and the titles it
// could not place into existing films.
type filmPlan struct {
	films map[string]*titleFilms
	slow  map[string]bool
}

// titleFilmsSQL reads the films of the titles $1 with one index lookup
// per title. Without statistics (a new database, or a server without
// autovacuum) PostgreSQL expects 0.5% of the films per title and plans
// `norm_title = ANY($1)` as a scan of every film, comparing each with
// every title of the batch: at 50,000 films, most of a bulk load's time.
// OFFSET 0 keeps the lateral lookup from being flattened into that plan.
const titleFilmsSQL = `SELECT f.norm_title, f.id, f.key FROM unnest($1::text[]) AS t(norm),
	LATERAL (SELECT norm_title, id, key FROM films WHERE norm_title = t.norm OFFSET 0) f`

// readTitleFilms reads the films of titles.
func readTitleFilms(ctx context.Context, tx pgx.Tx, titles []string) (map[string]*titleFilms, error) {
	films := map[string]*titleFilms{}
	if len(titles) == 0 {
		return films, nil
	}
	rs, err := tx.Query(ctx, titleFilmsSQL, titles)
	if err != nil {
		return nil, fmt.Errorf("films of the batch's titles: %w", err)
	}
	defer rs.Close()
	for rs.Next() {
		var norm, key string
		var id int64
		if err := rs.Scan(&norm, &id, &key); err != nil {
			return nil, fmt.Errorf("films of the batch's titles: %w", err)
		}
		tf := films[norm]
		if tf == nil {
			tf = &titleFilms{keys: map[string]int64{}}
			films[norm] = tf
		}
		tf.keys[key] = id
		if _, y, ok := strings.Cut(key, "|"); ok {
			if year, err := strconv.Atoi(y); err == nil {
				tf.years = append(tf.years, year)
			}
		}
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("films of the batch's titles: %w", err)
	}
	return films, nil
}

// planFilms returns, for each row, the existing film it joins (nil when it
// names no film or its title must be regrouped), and what the plan was
// made from.
func planFilms(ctx context.Context, tx pgx.Tx, rows []row, titles []string) ([]*int64, filmPlan, error) {
	filmOf := make([]*int64, len(rows))
	films, err := readTitleFilms(ctx, tx, titles)
	if err != nil {
		return nil, filmPlan{}, err
	}
	slow := map[string]bool{}
	for i, w := range rows {
		if w.filmNorm == "" || slow[w.filmNorm] {
			continue
		}
		tf := films[w.filmNorm]
		if tf == nil || (w.filmYear > 0 && !slices.Contains(tf.years, int(w.filmYear))) {
			slow[w.filmNorm] = true
			continue
		}
		id, ok := tf.keys[store.FilmKey(w.filmTitle, int(w.filmYear), tf.years)]
		if !ok {
			slow[w.filmNorm] = true
			continue
		}
		filmOf[i] = &id
	}
	for i, w := range rows {
		if slow[w.filmNorm] {
			filmOf[i] = nil
		}
	}
	return filmOf, filmPlan{films: films, slow: slow}, nil
}

// joinFilms counts the titles, years and directors of reviews inserted
// into existing films and refreshes those films.
func joinFilms(ctx context.Context, tx pgx.Tx, joiners []joiner) error {
	if len(joiners) == 0 {
		return nil
	}
	type count struct {
		film         int64
		field, value string
	}
	counts := map[count]int32{}
	touched := map[int64]bool{}
	for _, j := range joiners {
		touched[j.film] = true
		counts[count{j.film, "title", storable(j.title)}]++
		if j.year > 0 {
			counts[count{j.film, "year", strconv.Itoa(j.year)}]++
		}
		if j.director != "" {
			counts[count{j.film, "director", storable(j.director)}]++
		}
	}
	// In key order, so two writers updating the same counts lock their
	// rows in the same order.
	keys := slices.SortedFunc(maps.Keys(counts), func(a, b count) int {
		if a.film != b.film {
			return cmp.Compare(a.film, b.film)
		}
		if a.field != b.field {
			return strings.Compare(a.field, b.field)
		}
		return strings.Compare(a.value, b.value)
	})
	films := make([]int64, len(keys))
	fields, values := make([]string, len(keys)), make([]string, len(keys))
	ns := make([]int32, len(keys))
	for i, k := range keys {
		films[i], fields[i], values[i], ns[i] = k.film, k.field, k.value, counts[k]
	}
	if _, err := tx.Exec(ctx, `
		INSERT INTO film_counts (film_id, field, value, n)
		SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[])
		ON CONFLICT (film_id, field, value) DO UPDATE SET n = film_counts.n + excluded.n`,
		films, fields, values, ns); err != nil {
		return fmt.Errorf("count films' titles, years and directors: %w", err)
	}
	ids := slices.Sorted(maps.Keys(touched))
	if _, err := tx.Exec(ctx, refreshFilmsSQL, ids); err != nil {
		return fmt.Errorf("refresh films: %w", err)
	}
	return nil
}

// regroup puts every review whose normalised film title is norm into the
// film store.FilmKey assigns it, creating and deleting films as needed,
// recounts those films' titles, years and directors and refreshes them.
// Recomputing the whole title group makes the grouping independent of the
// order reviews arrive in: a year-less review moves to the film with a year
// once that film is the only one of its title, and back when a second year
// appears. The caller holds the title's lock, so no other writer changes
// the group meanwhile; each statement still sees what committed before it.
func regroup(ctx context.Context, tx pgx.Tx, norm string) error {
	rs, err := tx.Query(ctx,
		`SELECT film_year, min(film_title) FROM reviews WHERE film_norm = $1 GROUP BY film_year ORDER BY film_year`, norm)
	if err != nil {
		return err
	}
	var years []int
	var titles []string
	for rs.Next() {
		var year int32
		var title string
		if err := rs.Scan(&year, &title); err != nil {
			rs.Close()
			return err
		}
		years = append(years, int(year))
		titles = append(titles, title)
	}
	rs.Close()
	if err := rs.Err(); err != nil {
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
		if _, err := tx.Exec(ctx,
			`UPDATE reviews SET film_id = $1 WHERE film_norm = $2 AND film_year = $3 AND film_id IS DISTINCT FROM $1`,
			id, norm, year); err != nil {
			return fmt.Errorf("move reviews of year %d to film %d: %w", year, id, err)
		}
	}
	for _, q := range recountSQL {
		if _, err := tx.Exec(ctx, q, norm); err != nil {
			return fmt.Errorf("recount films: %w", err)
		}
	}
	ids := slices.Sorted(maps.Values(filmIDs))
	if _, err := tx.Exec(ctx, refreshFilmsSQL, ids); err != nil {
		return fmt.Errorf("refresh films %v: %w", ids, err)
	}
	return nil
}

// recountSQL recounts every film of the title $1, then deletes the
// emptied ones.
var recountSQL = []string{
	// The film IDs as an array, not a subquery: PostgreSQL plans
	// IN (subquery) as a hash join over all of film_counts.
	`DELETE FROM film_counts WHERE film_id = ANY (ARRAY(SELECT id FROM films WHERE norm_title = $1))`,
	`INSERT INTO film_counts (film_id, field, value, n)
	 SELECT film_id, 'title', film_title, count(*) FROM reviews
	 WHERE film_norm = $1 AND film_id IS NOT NULL GROUP BY film_id, film_title`,
	`INSERT INTO film_counts (film_id, field, value, n)
	 SELECT film_id, 'year', film_year::text, count(*) FROM reviews
	 WHERE film_norm = $1 AND film_id IS NOT NULL AND film_year > 0 GROUP BY film_id, film_year`,
	`INSERT INTO film_counts (film_id, field, value, n)
	 SELECT film_id, 'director', director, count(*) FROM reviews
	 WHERE film_norm = $1 AND film_id IS NOT NULL AND director <> '' GROUP BY film_id, director`,
	`DELETE FROM films WHERE norm_title = $1
	 AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.film_id = films.id)`,
}

func ensureFilm(ctx context.Context, tx pgx.Tx, key, norm, title string) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `SELECT id FROM films WHERE key = $1`, key).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		err = tx.QueryRow(ctx,
			`INSERT INTO films (key, norm_title, title) VALUES ($1, $2, $3) RETURNING id`, key, norm, title).Scan(&id)
	}
	if err != nil {
		return 0, fmt.Errorf("film %q: %w", key, err)
	}
	return id, nil
}

// refreshFilmsSQL sets films' title, year and director to the values most
// of their reviews state, from film_counts. Ties are broken by the values
// themselves, not by which review came first, so writers interleaving
// batches end with the same films as one writer; an all-capitals title
// loses a tie. The columns are COLLATE "C", so upper() and the ordering are
// SQLite's.
const refreshFilmsSQL = `
UPDATE films SET
    title = (SELECT value FROM film_counts WHERE film_id = films.id AND field = 'title'
             ORDER BY n DESC, value = upper(value), value LIMIT 1),
    year = (SELECT value::int FROM film_counts WHERE film_id = films.id AND field = 'year'
            ORDER BY n DESC, value::int LIMIT 1),
    director = coalesce((SELECT value FROM film_counts WHERE film_id = films.id AND field = 'director'
                         ORDER BY n DESC, value LIMIT 1), '')
WHERE id = ANY($1)`
