package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/marquee-film/marquee/internal/store"
)

// A joiner is a review that a batch has just inserted into an existing
// film, with the fields the film's counts keep.
type joiner struct {
	film     int64
	title    string
	year     int
	director string
}

// A grouper puts a batch's new reviews into films, inside the batch's
// transaction, with statements prepared once per batch.
//
// Most batches only add reviews to films that already exist: their years
// are years the title already has, so no review changes film. For those
// (plan) the film is known before the review is inserted, and joining it
// costs a few index lookups per film whatever the film's size. Only a
// title's first reviews, a new year, or a year-less review with no film to
// join take the slow path (regroup), which recomputes the title's grouping
// from all its reviews.
type grouper struct {
	films, addCount, refresh, titleYears, findFilm, newFilm, moveReviews *sql.Stmt
	recount                                                              []*sql.Stmt

	// heads are the title, year and director of the films plan read.
	heads map[int64]filmHead
}

// filmHead is what a film shows: the title, year and director most of its
// reviews state.
type filmHead struct {
	title    string
	year     int
	director string
}

// keeps reports whether a review joining the film leaves its head as it
// is: every value the review states is the one the film shows. That value
// already has the most reviews, and one more keeps it first whatever the
// tie-break, so refreshing the film would write the same row again.
func (h filmHead) keeps(j joiner) bool {
	return j.title == h.title && (j.year == 0 || j.year == h.year) && (j.director == "" || j.director == h.director)
}

// recountSQL recounts every film of a title, before regroup deletes the
// films it emptied.
var recountSQL = []string{
	`DELETE FROM film_counts WHERE film_id IN (SELECT id FROM films WHERE norm_title = ?1)`,
	`INSERT INTO film_counts (film_id, field, value, n)
	 SELECT film_id, 'title', film_title, count(*) FROM reviews
	 WHERE film_norm = ?1 AND film_id IS NOT NULL GROUP BY film_id, film_title`,
	`INSERT INTO film_counts (film_id, field, value, n)
	 SELECT film_id, 'year', film_year, count(*) FROM reviews
	 WHERE film_norm = ?1 AND film_id IS NOT NULL AND film_year > 0 GROUP BY film_id, film_year`,
	`INSERT INTO film_counts (film_id, field, value, n)
	 SELECT film_id, 'director', director, count(*) FROM reviews
	 WHERE film_norm = ?1 AND film_id IS NOT NULL AND director <> '' GROUP BY film_id, director`,
	`DELETE FROM films WHERE norm_title = ?1
	 AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.film_id = films.id)`,
}

func newGrouper(ctx context.Context, tx *sql.Tx) (*grouper, error) {
	g := &grouper{recount: make([]*sql.Stmt, len(recountSQL)), heads: map[int64]filmHead{}}
	stmts := []struct {
		stmt **sql.Stmt
		sql  string
	}{
		{&g.films, `SELECT id, key, title, coalesce(year, 0), director FROM films WHERE norm_title = ?`},
		{&g.addCount, `INSERT INTO film_counts (film_id, field, value, n) VALUES (?, ?, ?, ?)
			ON CONFLICT (film_id, field, value) DO UPDATE SET n = n + excluded.n`},
		{&g.refresh, refreshFilmSQL},
		{&g.titleYears, `SELECT film_year, min(film_title) FROM reviews WHERE film_norm = ? GROUP BY film_year`},
		{&g.findFilm, `SELECT id FROM films WHERE key = ?`},
		{&g.newFilm, `INSERT INTO films (key, norm_title, title) VALUES (?, ?, ?) RETURNING id`},
		{&g.moveReviews, `UPDATE reviews SET film_id = ? WHERE film_norm = ? AND film_year = ? AND film_id IS NOT ?`},
	}
	for i, q := range recountSQL {
		stmts = append(stmts, struct {
			stmt **sql.Stmt
			sql  string
		}{&g.recount[i], q})
	}
	for _, p := range stmts {
		stmt, err := tx.PrepareContext(ctx, p.sql)
		if err != nil {
			g.close()
			return nil, fmt.Errorf("prepare film grouping: %w", err)
		}
		*p.stmt = stmt
	}
	return g, nil
}

func (g *grouper) close() {
	for _, s := range append([]*sql.Stmt{g.films, g.addCount, g.refresh, g.titleYears, g.findFilm, g.newFilm, g.moveReviews}, g.recount...) {
		if s != nil {
			s.Close()
		}
	}
}

// plan returns, for each row, the existing film it joins (NULL when it
// names no film or its title must be regrouped), and the titles to regroup
// once the batch is inserted, in order.
func (g *grouper) plan(ctx context.Context, rows []row) ([]sql.NullInt64, []string, error) {
	filmOf := make([]sql.NullInt64, len(rows))
	byNorm := map[string][]int{}
	for i, w := range rows {
		if w.filmNorm != "" {
			byNorm[w.filmNorm] = append(byNorm[w.filmNorm], i)
		}
	}
	var slow []string
	for _, norm := range slices.Sorted(maps.Keys(byNorm)) {
		keys, years, err := g.titleFilms(ctx, norm)
		if err != nil {
			return nil, nil, err
		}
		members := byNorm[norm]
		ok := true
		for _, i := range members {
			w := rows[i]
			if w.filmYear > 0 && !slices.Contains(years, w.filmYear) {
				ok = false
				break
			}
			id, found := keys[store.FilmKey(w.filmTitle, w.filmYear, years)]
			if !found {
				ok = false
				break
			}
			filmOf[i] = sql.NullInt64{Int64: id, Valid: true}
		}
		if !ok {
			for _, i := range members {
				filmOf[i] = sql.NullInt64{}
			}
			slow = append(slow, norm)
		}
	}
	return filmOf, slow, nil
}

// join counts the titles, years and directors of reviews inserted into
// existing films and refreshes those whose head they may change.
func (g *grouper) join(ctx context.Context, joiners []joiner) error {
	counts := map[filmCount]int{}
	touched := map[int64]bool{}
	for _, j := range joiners {
		if h, ok := g.heads[j.film]; !ok || !h.keeps(j) {
			touched[j.film] = true
		}
		counts[filmCount{j.film, "title", j.title}]++
		if j.year > 0 {
			counts[filmCount{j.film, "year", j.year}]++
		}
		if j.director != "" {
			counts[filmCount{j.film, "director", j.director}]++
		}
	}
	for c, n := range counts {
		if _, err := g.addCount.ExecContext(ctx, c.film, c.field, c.value, n); err != nil {
			return fmt.Errorf("count %s of film %d: %w", c.field, c.film, err)
		}
	}
	return g.refreshFilms(ctx, touched)
}

type filmCount struct {
	film  int64
	field string
	value any // string, or int for a year
}

// titleFilms returns the films of a title by key, and the years they are
// for. A film's key holds its year (store.FilmKey), and a title has a film
// for a year exactly when one of its reviews states that year, so the keys
// give the title's years without reading its reviews.
func (g *grouper) titleFilms(ctx context.Context, norm string) (map[string]int64, []int, error) {
	rows, err := g.films.QueryContext(ctx, norm)
	if err != nil {
		return nil, nil, fmt.Errorf("films of the title: %w", err)
	}
	keys := map[string]int64{}
	var years []int
	for rows.Next() {
		var id int64
		var key string
		var h filmHead
		if err := rows.Scan(&id, &key, &h.title, &h.year, &h.director); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("films of the title: %w", err)
		}
		keys[key] = id
		g.heads[id] = h
		if _, y, ok := strings.Cut(key, "|"); ok {
			if year, err := strconv.Atoi(y); err == nil {
				years = append(years, year)
			}
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, nil, fmt.Errorf("films of the title: %w", err)
	}
	return keys, years, nil
}

func (g *grouper) refreshFilms(ctx context.Context, ids map[int64]bool) error {
	sorted := make([]int64, 0, len(ids))
	for id := range ids {
		sorted = append(sorted, id)
	}
	slices.Sort(sorted)
	for _, id := range sorted {
		if _, err := g.refresh.ExecContext(ctx, id); err != nil {
			return fmt.Errorf("refresh film %d: %w", id, err)
		}
	}
	return nil
}

// regroup puts every review whose normalised film title is norm into the
// film store.FilmKey assigns it, creating and deleting films as needed,
// recounts those films' titles, years and directors, and refreshes them.
// Recomputing the whole title group makes the grouping independent of the
// order reviews arrive in: a year-less review moves to the film with a year
// once that film is the only one of its title, and back when a second year
// appears. All reviews of a title that state the same year get the same
// key, so the work is per year, not per review.
func (g *grouper) regroup(ctx context.Context, norm string) error {
	rs, err := g.titleYears.QueryContext(ctx, norm)
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
	touched := map[int64]bool{}
	for i, year := range years {
		key := store.FilmKey(titles[i], year, years)
		id, ok := filmIDs[key]
		if !ok {
			if id, err = g.ensureFilm(ctx, key, norm, titles[i]); err != nil {
				return err
			}
			filmIDs[key] = id
			touched[id] = true
		}
		if _, err := g.moveReviews.ExecContext(ctx, id, norm, year, id); err != nil {
			return fmt.Errorf("move reviews of year %d to film %d: %w", year, id, err)
		}
	}
	for _, stmt := range g.recount {
		if _, err := stmt.ExecContext(ctx, norm); err != nil {
			return fmt.Errorf("recount films: %w", err)
		}
	}
	return g.refreshFilms(ctx, touched)
}

func (g *grouper) ensureFilm(ctx context.Context, key, norm, title string) (int64, error) {
	var id int64
	err := g.findFilm.QueryRowContext(ctx, key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = g.newFilm.QueryRowContext(ctx, key, norm, title).Scan(&id)
	}
	if err != nil {
		return 0, fmt.Errorf("film %q: %w", key, err)
	}
	return id, nil
}

// refreshFilmSQL sets a film's title, year and director to the values most
// of its reviews state, from film_counts. Ties are broken by the values
// themselves, not by which review came first, so writers interleaving
// batches end with the same films as one writer; an all-capitals title
// loses a tie.
const refreshFilmSQL = `
UPDATE films SET
    title = (SELECT value FROM film_counts WHERE film_id = films.id AND field = 'title'
             ORDER BY n DESC, value = upper(value), value LIMIT 1),
    year = (SELECT value FROM film_counts WHERE film_id = films.id AND field = 'year'
            ORDER BY n DESC, value LIMIT 1),
    director = coalesce((SELECT value FROM film_counts WHERE film_id = films.id AND field = 'director'
                         ORDER BY n DESC, value LIMIT 1), '')
WHERE id = ?`
