package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/marquee-film/marquee/internal/store"
)

var _ store.Catalog = (*DB)(nil)

// linkBatch is how many titles (normalised) LinkCatalog relinks per
// transaction, so a large relink does not hold the write lock for long.
const linkBatch = 500

// jsonList encodes a list of strings for a JSON column; nil is "[]".
func jsonList(list []string) (string, error) {
	if list == nil {
		list = []string{}
	}
	b, err := json.Marshal(list)
	return string(b), err
}

func decodeList(s string) ([]string, error) {
	var list []string
	if err := json.Unmarshal([]byte(s), &list); err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, nil
	}
	return list, nil
}

const (
	upsertTitlesHead = `INSERT INTO catalog_titles (id, source, title_type, title, original_title, year, runtime_minutes, directors, genres) VALUES `
	upsertTitlesTail = ` ON CONFLICT (id) DO UPDATE SET
    source = excluded.source, title_type = excluded.title_type, title = excluded.title,
    original_title = excluded.original_title, year = excluded.year,
    runtime_minutes = excluded.runtime_minutes, genres = excluded.genres,
    directors = CASE WHEN excluded.directors = '[]' THEN catalog_titles.directors ELSE excluded.directors END`
)

// PutCatalogTitles implements store.Catalog. Of records with the same id
// in a batch, the last is stored.
func (db *DB) PutCatalogTitles(ctx context.Context, titles []store.CatalogTitle) error {
	if len(titles) == 0 {
		return nil
	}
	last := map[string]int{}
	for i, t := range titles {
		if err := store.CheckCatalogTitle(t); err != nil {
			return err
		}
		last[t.ID] = i
	}
	ids := make([]string, 0, len(last))
	for i, t := range titles {
		if last[t.ID] == i {
			ids = append(ids, t.ID)
		}
	}
	idList, err := json.Marshal(ids)
	if err != nil {
		return fmt.Errorf("store titles: %w", err)
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	// The titles may have been renamed since the last import.
	if _, err := tx.ExecContext(ctx, `DELETE FROM catalog_title_keys WHERE title_id IN (SELECT value FROM json_each(?))`, string(idList)); err != nil {
		return fmt.Errorf("replace title keys: %w", err)
	}
	upsert, err := newRowInserter(ctx, tx, upsertTitlesHead, upsertTitlesTail, 9)
	if err != nil {
		return fmt.Errorf("prepare title upsert: %w", err)
	}
	defer upsert.close()
	addKeys, err := newRowInserter(ctx, tx, `INSERT OR IGNORE INTO catalog_title_keys (norm_title, title_id) VALUES `, ``, 2)
	if err != nil {
		return fmt.Errorf("prepare key insert: %w", err)
	}
	defer addKeys.close()
	for i, t := range titles {
		if last[t.ID] != i {
			continue
		}
		directors, err := jsonList(t.Directors)
		if err != nil {
			return fmt.Errorf("title %s: %w", t.ID, err)
		}
		genres, err := jsonList(t.Genres)
		if err != nil {
			return fmt.Errorf("title %s: %w", t.ID, err)
		}
		if err := upsert.add(ctx, t.ID, t.Source, t.Type, t.Title, t.OriginalTitle,
			max(t.Year, 0), max(t.RuntimeMinutes, 0), directors, genres); err != nil {
			return fmt.Errorf("store titles: %w", err)
		}
	}
	// All titles before their keys, which refer to them.
	if err := upsert.flush(ctx); err != nil {
		return fmt.Errorf("store titles: %w", err)
	}
	for i, t := range titles {
		if last[t.ID] != i {
			continue
		}
		for _, k := range store.CatalogKeys(t) {
			if err := addKeys.add(ctx, k, t.ID); err != nil {
				return fmt.Errorf("store title keys: %w", err)
			}
		}
	}
	if err := addKeys.flush(ctx); err != nil {
		return fmt.Errorf("store title keys: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// PutCatalogCredits implements store.Catalog. The batch's replaced titles
// lose their stored credits first; then all its credits are stored.
func (db *DB) PutCatalogCredits(ctx context.Context, batch []store.CatalogTitleCredits) error {
	if len(batch) == 0 {
		return nil
	}
	var ids, replace []string
	for _, tc := range batch {
		ids = append(ids, tc.TitleID)
		if !tc.Append {
			replace = append(replace, tc.TitleID)
		}
		for _, c := range tc.Credits {
			if c.PersonID == "" {
				return fmt.Errorf("credit %d of %s names no person", c.Ordering, tc.TitleID)
			}
		}
	}
	idList, err := json.Marshal(ids)
	if err != nil {
		return fmt.Errorf("store credits: %w", err)
	}
	replaceList, err := json.Marshal(replace)
	if err != nil {
		return fmt.Errorf("store credits: %w", err)
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	// Credits of titles that are not stored are skipped.
	stored := map[string]bool{}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM catalog_titles WHERE id IN (SELECT value FROM json_each(?))`, string(idList))
	if err != nil {
		return fmt.Errorf("credits' titles: %w", err)
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("credits' titles: %w", err)
		}
		stored[id] = true
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fmt.Errorf("credits' titles: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM catalog_credits WHERE title_id IN (SELECT value FROM json_each(?))`, string(replaceList)); err != nil {
		return fmt.Errorf("replace credits: %w", err)
	}
	insert, err := newRowInserter(ctx, tx,
		`INSERT INTO catalog_credits (title_id, ordering, person_id, category, job, character) VALUES `,
		` ON CONFLICT (title_id, ordering) DO UPDATE SET person_id = excluded.person_id,
		    category = excluded.category, job = excluded.job, character = excluded.character`, 6)
	if err != nil {
		return fmt.Errorf("prepare credit insert: %w", err)
	}
	defer insert.close()
	for _, tc := range batch {
		if !stored[tc.TitleID] {
			continue
		}
		for _, c := range tc.Credits {
			if err := insert.add(ctx, tc.TitleID, c.Ordering, c.PersonID, c.Category, c.Job, c.Character); err != nil {
				return fmt.Errorf("store credits of %s: %w", tc.TitleID, err)
			}
		}
	}
	if err := insert.flush(ctx); err != nil {
		return fmt.Errorf("store credits: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// PutCatalogPeople implements store.Catalog.
func (db *DB) PutCatalogPeople(ctx context.Context, people []store.CatalogPerson) error {
	if len(people) == 0 {
		return nil
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	upsert, err := newRowInserter(ctx, tx, `INSERT INTO catalog_people (id, name) VALUES `,
		` ON CONFLICT (id) DO UPDATE SET name = excluded.name`, 2)
	if err != nil {
		return fmt.Errorf("prepare person upsert: %w", err)
	}
	defer upsert.close()
	for _, p := range people {
		if p.ID == "" {
			return fmt.Errorf("person %q has no id", p.Name)
		}
		if err := upsert.add(ctx, p.ID, p.Name); err != nil {
			return fmt.Errorf("store people: %w", err)
		}
	}
	if err := upsert.flush(ctx); err != nil {
		return fmt.Errorf("store people: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// rowsPerInsert is how many rows one INSERT statement of a catalogue
// import carries: the driver's cost per statement, not SQLite's per row,
// dominates one-row inserts.
const rowsPerInsert = 100

// rowInserter inserts rows rowsPerInsert at a time. SQLite applies the
// rows of one statement in order, so a later row may update an earlier
// one through ON CONFLICT, as it would with one statement per row.
type rowInserter struct {
	tx         *sql.Tx
	head, tail string
	cols       int
	full       *sql.Stmt
	args       []any
}

func newRowInserter(ctx context.Context, tx *sql.Tx, head, tail string, cols int) (*rowInserter, error) {
	full, err := tx.PrepareContext(ctx, head+valuesSQL(rowsPerInsert, cols)+tail)
	if err != nil {
		return nil, err
	}
	return &rowInserter{tx: tx, head: head, tail: tail, cols: cols, full: full, args: make([]any, 0, rowsPerInsert*cols)}, nil
}

func (ri *rowInserter) add(ctx context.Context, values ...any) error {
	ri.args = append(ri.args, values...)
	if len(ri.args) < rowsPerInsert*ri.cols {
		return nil
	}
	_, err := ri.full.ExecContext(ctx, ri.args...)
	ri.args = ri.args[:0]
	return err
}

// flush inserts the rows left over.
func (ri *rowInserter) flush(ctx context.Context) error {
	if len(ri.args) == 0 {
		return nil
	}
	_, err := ri.tx.ExecContext(ctx, ri.head+valuesSQL(len(ri.args)/ri.cols, ri.cols)+ri.tail, ri.args...)
	ri.args = ri.args[:0]
	return err
}

func (ri *rowInserter) close() { ri.full.Close() }

// valuesSQL is "(?, ?), (?, ?)" for rows rows of cols columns.
func valuesSQL(rows, cols int) string {
	row := "(" + strings.Repeat("?, ", cols-1) + "?)"
	return strings.Repeat(row+", ", rows-1) + row
}

// refreshDirectorsSQL sets the directors of a source's titles from their
// director credits, where those name anyone; a title whose credits name
// no director keeps what its record said.
const refreshDirectorsSQL = `
UPDATE catalog_titles SET directors = (
    SELECT json_group_array(p.name ORDER BY c.ordering)
    FROM catalog_credits c JOIN catalog_people p ON p.id = c.person_id
    WHERE c.title_id = catalog_titles.id AND c.category = 'director' AND p.name <> '')
WHERE source = ? AND EXISTS (
    SELECT 1 FROM catalog_credits c JOIN catalog_people p ON p.id = c.person_id
    WHERE c.title_id = catalog_titles.id AND c.category = 'director' AND p.name <> '')`

// LinkCatalog implements store.Catalog.
func (db *DB) LinkCatalog(ctx context.Context, source string) (store.LinkSummary, error) {
	sum := store.LinkSummary{Ambiguous: []store.AmbiguousFilm{}}
	if _, err := db.write.ExecContext(ctx, refreshDirectorsSQL, source); err != nil {
		return sum, fmt.Errorf("directors of %s titles: %w", source, err)
	}
	// The titles to relink: those of films with a candidate of source,
	// and those of films linked to source now (a link that no longer
	// holds is dropped).
	rows, err := db.read.QueryContext(ctx, `
		SELECT DISTINCT f.norm_title FROM films f
		JOIN catalog_title_keys k ON k.norm_title = f.norm_title
		JOIN catalog_titles t ON t.id = k.title_id AND t.source = ?1
		UNION
		SELECT f.norm_title FROM film_catalog l JOIN films f ON f.id = l.film_id WHERE l.source = ?1
		ORDER BY 1`, source)
	if err != nil {
		return sum, fmt.Errorf("films to link: %w", err)
	}
	var norms []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return sum, fmt.Errorf("films to link: %w", err)
		}
		norms = append(norms, n)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return sum, fmt.Errorf("films to link: %w", err)
	}
	for len(norms) > 0 {
		n := min(linkBatch, len(norms))
		if err := db.linkBatch(ctx, norms[:n], source, &sum); err != nil {
			return sum, err
		}
		norms = norms[n:]
	}
	return sum, nil
}

func (db *DB) linkBatch(ctx context.Context, norms []string, source string, sum *store.LinkSummary) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	res, err := linkNorms(ctx, tx, norms, source, false)
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	sum.Candidates += res.candidates
	sum.Linked += res.linked
	sum.Ambiguous = append(sum.Ambiguous, res.ambiguous...)
	return nil
}

type linkResult struct {
	candidates, linked int
	ambiguous          []store.AmbiguousFilm
}

const candidatesSQL = `
SELECT k.norm_title, t.id, t.source, t.title_type, t.title, t.original_title, t.year,
       t.runtime_minutes, t.directors, t.genres
FROM catalog_title_keys k JOIN catalog_titles t ON t.id = k.title_id
WHERE k.norm_title IN (SELECT value FROM json_each(?1)) AND (?2 = '' OR t.source = ?2)
ORDER BY t.source, t.year, t.id`

// linkNorms relinks the films whose normalised title is one of norms to
// the titles of source ("" for every source). With onlyWithCandidates, it
// relinks only the films of the norms that have candidates — the ingest
// path, where none has in the common case, and the cost is one query.
func linkNorms(ctx context.Context, tx *sql.Tx, norms []string, source string, onlyWithCandidates bool) (linkResult, error) {
	var res linkResult
	list, err := json.Marshal(norms)
	if err != nil {
		return res, fmt.Errorf("link films: %w", err)
	}
	byNorm := map[string][]store.CatalogTitle{}
	rows, err := tx.QueryContext(ctx, candidatesSQL, string(list), source)
	if err != nil {
		return res, fmt.Errorf("catalogue candidates: %w", err)
	}
	for rows.Next() {
		var norm string
		t, err := scanTitle(func(dest ...any) error { return rows.Scan(append([]any{&norm}, dest...)...) })
		if err != nil {
			rows.Close()
			return res, fmt.Errorf("catalogue candidates: %w", err)
		}
		byNorm[norm] = append(byNorm[norm], t)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return res, fmt.Errorf("catalogue candidates: %w", err)
	}
	if onlyWithCandidates {
		if len(byNorm) == 0 {
			return res, nil
		}
		norms = slices.Sorted(maps.Keys(byNorm))
		if list, err = json.Marshal(norms); err != nil {
			return res, fmt.Errorf("link films: %w", err)
		}
	}

	films, err := linkFilms(ctx, tx, string(list))
	if err != nil {
		return res, err
	}
	links, ambiguous := store.PlanLinks(films, byNorm)
	for _, f := range films {
		if len(byNorm[f.Norm]) > 0 {
			res.candidates++
		}
	}
	res.linked, res.ambiguous = len(links), ambiguous
	if _, err := tx.ExecContext(ctx, `
		DELETE FROM film_catalog WHERE (?2 = '' OR source = ?2)
		AND film_id IN (SELECT id FROM films WHERE norm_title IN (SELECT value FROM json_each(?1)))`,
		string(list), source); err != nil {
		return res, fmt.Errorf("unlink films: %w", err)
	}
	for _, l := range links {
		if _, err := tx.ExecContext(ctx, `INSERT INTO film_catalog (film_id, source, title_id) VALUES (?, ?, ?)`,
			l.FilmID, l.Source, l.TitleID); err != nil {
			return res, fmt.Errorf("link film %d to %s: %w", l.FilmID, l.TitleID, err)
		}
	}
	return res, nil
}

// linkFilms reads the films of the normalised titles in list (a JSON
// array) with the directors their reviews state.
func linkFilms(ctx context.Context, tx *sql.Tx, list string) ([]store.LinkFilm, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT f.id, f.norm_title, f.title, coalesce(f.year, 0), r.director
		FROM films f LEFT JOIN (
		    SELECT DISTINCT film_id, director FROM reviews
		    WHERE film_norm IN (SELECT value FROM json_each(?1)) AND director <> '' AND film_id IS NOT NULL
		) r ON r.film_id = f.id
		WHERE f.norm_title IN (SELECT value FROM json_each(?1))
		ORDER BY f.id, r.director`, list)
	if err != nil {
		return nil, fmt.Errorf("films to link: %w", err)
	}
	defer rows.Close()
	var films []store.LinkFilm
	for rows.Next() {
		var f store.LinkFilm
		var director sql.NullString
		if err := rows.Scan(&f.ID, &f.Norm, &f.Title, &f.Year, &director); err != nil {
			return nil, fmt.Errorf("films to link: %w", err)
		}
		if n := len(films); n == 0 || films[n-1].ID != f.ID {
			films = append(films, f)
		}
		if director.Valid {
			last := &films[len(films)-1]
			last.Directors = append(last.Directors, director.String)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("films to link: %w", err)
	}
	return films, nil
}

const titleColumns = `t.id, t.source, t.title_type, t.title, t.original_title, t.year, t.runtime_minutes, t.directors, t.genres`

func scanTitle(scan func(...any) error) (store.CatalogTitle, error) {
	var t store.CatalogTitle
	var directors, genres string
	if err := scan(&t.ID, &t.Source, &t.Type, &t.Title, &t.OriginalTitle, &t.Year, &t.RuntimeMinutes, &directors, &genres); err != nil {
		return t, err
	}
	var err error
	if t.Directors, err = decodeList(directors); err != nil {
		return t, fmt.Errorf("title %s directors: %w", t.ID, err)
	}
	if t.Genres, err = decodeList(genres); err != nil {
		return t, fmt.Errorf("title %s genres: %w", t.ID, err)
	}
	return t, nil
}

func (db *DB) titles(ctx context.Context, query string, args ...any) ([]store.CatalogTitle, error) {
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.CatalogTitle
	for rows.Next() {
		t, err := scanTitle(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// CatalogCandidates implements store.Catalog.
func (db *DB) CatalogCandidates(ctx context.Context, title string) ([]store.CatalogTitle, error) {
	norm := store.NormalizeTitle(title)
	if norm == "" {
		return nil, nil
	}
	out, err := db.titles(ctx, `SELECT `+titleColumns+`
		FROM catalog_title_keys k JOIN catalog_titles t ON t.id = k.title_id
		WHERE k.norm_title = ? ORDER BY t.source, t.year, t.id`, norm)
	if err != nil {
		return nil, fmt.Errorf("catalogue titles for %q: %w", title, err)
	}
	return out, nil
}

// FilmCatalog implements store.Catalog.
func (db *DB) FilmCatalog(ctx context.Context, filmID int64) ([]store.CatalogTitle, error) {
	out, err := db.titles(ctx, `SELECT `+titleColumns+`
		FROM film_catalog l JOIN catalog_titles t ON t.id = l.title_id WHERE l.film_id = ?`, filmID)
	if err != nil {
		return nil, fmt.Errorf("catalogue of film %d: %w", filmID, err)
	}
	store.SortCatalogTitles(out)
	return out, nil
}

// CatalogCredits implements store.Catalog.
func (db *DB) CatalogCredits(ctx context.Context, titleID string) ([]store.CatalogCredit, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT c.ordering, c.person_id, coalesce(p.name, ''), c.category, c.job, c.character
		FROM catalog_credits c LEFT JOIN catalog_people p ON p.id = c.person_id
		WHERE c.title_id = ? ORDER BY c.ordering`, titleID)
	if err != nil {
		return nil, fmt.Errorf("credits of %s: %w", titleID, err)
	}
	defer rows.Close()
	var out []store.CatalogCredit
	for rows.Next() {
		var c store.CatalogCredit
		if err := rows.Scan(&c.Ordering, &c.PersonID, &c.Person, &c.Category, &c.Job, &c.Character); err != nil {
			return nil, fmt.Errorf("credits of %s: %w", titleID, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("credits of %s: %w", titleID, err)
	}
	return out, nil
}

// CatalogCounts implements store.Catalog.
func (db *DB) CatalogCounts(ctx context.Context) (store.CatalogCounts, error) {
	var c store.CatalogCounts
	err := db.read.QueryRowContext(ctx, `
		SELECT (SELECT count(*) FROM catalog_titles), (SELECT count(*) FROM catalog_credits),
		       (SELECT count(*) FROM catalog_people), (SELECT count(*) FROM film_catalog)`,
	).Scan(&c.Titles, &c.Credits, &c.People, &c.Links)
	if err != nil {
		return c, fmt.Errorf("count catalogue rows: %w", err)
	}
	return c, nil
}
