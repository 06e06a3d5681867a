package postgres

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/marquee-film/marquee/internal/store"
)

var _ store.Catalog = (*DB)(nil)

// linkBatch is how many titles (normalised) LinkCatalog relinks per
// transaction, so a large relink holds few title locks at a time.
const linkBatch = 500

func storableList(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = storable(s)
	}
	return out
}

// lastByKey keeps the last of the records with the same key, sorted by
// key: one statement may not upsert a row twice, and writers that lock
// rows in the same order do not deadlock.
func lastByKey[T any](records []T, key func(T) string) []T {
	at := map[string]int{}
	var out []T
	for _, r := range records {
		if i, ok := at[key(r)]; ok {
			out[i] = r
			continue
		}
		at[key(r)] = len(out)
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b T) int { return strings.Compare(key(a), key(b)) })
	return out
}

// upsertTitlesSQL upserts a batch of titles from one JSON array; lists
// arrive as JSON arrays, which jsonb_to_recordset turns into text[].
const upsertTitlesSQL = `
INSERT INTO catalog_titles (id, source, title_type, title, original_title, year, runtime_minutes, directors, genres)
SELECT id, source, title_type, title, original_title, year, runtime_minutes, directors, genres
FROM jsonb_to_recordset($1::jsonb) AS x(id text, source text, title_type text, title text, original_title text,
                                         year int, runtime_minutes int, directors text[], genres text[])
ON CONFLICT (id) DO UPDATE SET
    source = excluded.source, title_type = excluded.title_type, title = excluded.title,
    original_title = excluded.original_title, year = excluded.year,
    runtime_minutes = excluded.runtime_minutes, genres = excluded.genres,
    directors = CASE WHEN cardinality(excluded.directors) = 0 THEN catalog_titles.directors ELSE excluded.directors END`

type titleRecord struct {
	ID             string   `json:"id"`
	Source         string   `json:"source"`
	TitleType      string   `json:"title_type"`
	Title          string   `json:"title"`
	OriginalTitle  string   `json:"original_title"`
	Year           int      `json:"year"`
	RuntimeMinutes int      `json:"runtime_minutes"`
	Directors      []string `json:"directors"`
	Genres         []string `json:"genres"`
}

// PutCatalogTitles implements store.Catalog.
func (db *DB) PutCatalogTitles(ctx context.Context, titles []store.CatalogTitle) error {
	if len(titles) == 0 {
		return nil
	}
	records := make([]titleRecord, 0, len(titles))
	for _, t := range titles {
		if err := store.CheckCatalogTitle(t); err != nil {
			return err
		}
		t.Title, t.OriginalTitle = storable(t.Title), storable(t.OriginalTitle)
		records = append(records, titleRecord{
			ID: storable(t.ID), Source: storable(t.Source), TitleType: storable(t.Type),
			Title: t.Title, OriginalTitle: t.OriginalTitle,
			Year: max(t.Year, 0), RuntimeMinutes: max(t.RuntimeMinutes, 0),
			Directors: storableList(t.Directors), Genres: storableList(t.Genres),
		})
	}
	records = lastByKey(records, func(r titleRecord) string { return r.ID })
	var ids, keyNorms, keyIDs []string
	for _, r := range records {
		ids = append(ids, r.ID)
		for _, k := range store.CatalogKeys(store.CatalogTitle{Title: r.Title, OriginalTitle: r.OriginalTitle}) {
			keyNorms = append(keyNorms, storable(k))
			keyIDs = append(keyIDs, r.ID)
		}
	}
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if _, err := tx.Exec(ctx, upsertTitlesSQL, records); err != nil {
		return fmt.Errorf("store %d titles: %w", len(records), err)
	}
	// A title may have been renamed since the last import.
	if _, err := tx.Exec(ctx, `DELETE FROM catalog_title_keys WHERE title_id = ANY($1)`, ids); err != nil {
		return fmt.Errorf("store title keys: %w", err)
	}
	if _, err := tx.Exec(ctx, `
		INSERT INTO catalog_title_keys (norm_title, title_id)
		SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`, keyNorms, keyIDs); err != nil {
		return fmt.Errorf("store title keys: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

type creditRecord struct {
	titleID string
	store.CatalogCredit
}

// PutCatalogCredits implements store.Catalog.
func (db *DB) PutCatalogCredits(ctx context.Context, batch []store.CatalogTitleCredits) error {
	if len(batch) == 0 {
		return nil
	}
	var titleIDs, replace []string
	var records []creditRecord
	for _, tc := range batch {
		id := storable(tc.TitleID)
		titleIDs = append(titleIDs, id)
		if !tc.Append {
			replace = append(replace, id)
		}
		for _, c := range tc.Credits {
			if c.PersonID == "" {
				return fmt.Errorf("credit %d of %s names no person", c.Ordering, tc.TitleID)
			}
			c.PersonID, c.Category, c.Job, c.Character = storable(c.PersonID), storable(c.Category), storable(c.Job), storable(c.Character)
			records = append(records, creditRecord{titleID: id, CatalogCredit: c})
		}
	}
	records = lastByKey(records, func(r creditRecord) string { return fmt.Sprintf("%s\x00%012d", r.titleID, r.Ordering) })
	n := len(records)
	title, person, category, job, character := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	ordering := make([]int32, n)
	for i, r := range records {
		title[i], ordering[i], person[i], category[i], job[i], character[i] = r.titleID, int32(r.Ordering), r.PersonID, r.Category, r.Job, r.Character
	}

	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if len(replace) > 0 {
		if _, err := tx.Exec(ctx, `DELETE FROM catalog_credits WHERE title_id = ANY($1)`, replace); err != nil {
			return fmt.Errorf("replace credits: %w", err)
		}
	}
	// Credits of titles that are not stored are skipped.
	if _, err := tx.Exec(ctx, `
		INSERT INTO catalog_credits (title_id, ordering, person_id, category, job, character)
		SELECT c.* FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[])
		    AS c(title_id, ordering, person_id, category, job, character)
		WHERE EXISTS (SELECT 1 FROM catalog_titles t WHERE t.id = c.title_id)
		ON CONFLICT (title_id, ordering) DO UPDATE SET person_id = excluded.person_id,
		    category = excluded.category, job = excluded.job, character = excluded.character`,
		title, ordering, person, category, job, character); err != nil {
		return fmt.Errorf("store %d credits of %d titles: %w", n, len(titleIDs), err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// PutCatalogPeople implements store.Catalog.
func (db *DB) PutCatalogPeople(ctx context.Context, people []store.CatalogPerson) error {
	if len(people) == 0 {
		return nil
	}
	clean := make([]store.CatalogPerson, 0, len(people))
	for _, p := range people {
		if p.ID == "" {
			return fmt.Errorf("person %q has no id", p.Name)
		}
		clean = append(clean, store.CatalogPerson{ID: storable(p.ID), Name: storable(p.Name)})
	}
	clean = lastByKey(clean, func(p store.CatalogPerson) string { return p.ID })
	ids, names := make([]string, len(clean)), make([]string, len(clean))
	for i, p := range clean {
		ids[i], names[i] = p.ID, p.Name
	}
	if _, err := db.pool.Exec(ctx, `
		INSERT INTO catalog_people (id, name) SELECT * FROM unnest($1::text[], $2::text[])
		ON CONFLICT (id) DO UPDATE SET name = excluded.name`, ids, names); err != nil {
		return fmt.Errorf("store %d people: %w", len(ids), err)
	}
	return nil
}

// refreshDirectorsSQL sets the directors of a source's titles from their
// director credits, where those name anyone; a title whose credits name
// no director keeps what its record said.
const refreshDirectorsSQL = `
UPDATE catalog_titles t SET directors = d.names
FROM (SELECT c.title_id, array_agg(p.name ORDER BY c.ordering) AS names
      FROM catalog_credits c
      JOIN catalog_people p ON p.id = c.person_id
      JOIN catalog_titles s ON s.id = c.title_id AND s.source = $1
      WHERE c.category = 'director' AND p.name <> ''
      GROUP BY c.title_id) d
WHERE t.id = d.title_id AND t.directors IS DISTINCT FROM d.names`

// LinkCatalog implements store.Catalog.
func (db *DB) LinkCatalog(ctx context.Context, source string) (store.LinkSummary, error) {
	sum := store.LinkSummary{Ambiguous: []store.AmbiguousFilm{}}
	source = storable(source)
	// An import may have grown the tables from nothing; without fresh
	// statistics the planner takes them for empty until autovacuum runs.
	if _, err := db.pool.Exec(ctx, `ANALYZE catalog_titles, catalog_title_keys, catalog_credits, catalog_people`); err != nil {
		return sum, fmt.Errorf("analyze catalogue: %w", err)
	}
	if _, err := db.pool.Exec(ctx, refreshDirectorsSQL, source); err != nil {
		return sum, fmt.Errorf("directors of %s titles: %w", source, err)
	}
	// The titles to relink: those of films with a candidate of source,
	// and those of films linked to source now (a link that no longer
	// holds is dropped).
	rs, err := db.pool.Query(ctx, `
		SELECT DISTINCT f.norm_title FROM films f
		JOIN catalog_title_keys k ON k.norm_title = f.norm_title
		JOIN catalog_titles t ON t.id = k.title_id AND t.source = $1
		UNION
		SELECT f.norm_title FROM film_catalog l JOIN films f ON f.id = l.film_id WHERE l.source = $1
		ORDER BY 1`, source)
	if err != nil {
		return sum, fmt.Errorf("films to link: %w", err)
	}
	norms, err := pgx.CollectRows(rs, pgx.RowTo[string])
	if err != nil {
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

// linkBatch relinks the films of some titles under their locks, so that
// no writer regroups them meanwhile.
func (db *DB) linkBatch(ctx context.Context, norms []string, source string, sum *store.LinkSummary) error {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := lockTitles(ctx, tx, norms); err != nil {
		return err
	}
	res, err := linkNorms(ctx, tx, norms, source, false)
	if err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
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

const titleColumns = `t.id, t.source, t.title_type, t.title, t.original_title, t.year, t.runtime_minutes, t.directors, t.genres`

func scanTitle(row pgx.Row, extra ...any) (store.CatalogTitle, error) {
	var t store.CatalogTitle
	var year, runtime int32
	dest := append(extra, &t.ID, &t.Source, &t.Type, &t.Title, &t.OriginalTitle, &year, &runtime, &t.Directors, &t.Genres)
	if err := row.Scan(dest...); err != nil {
		return t, err
	}
	t.Year, t.RuntimeMinutes = int(year), int(runtime)
	if len(t.Directors) == 0 {
		t.Directors = nil
	}
	if len(t.Genres) == 0 {
		t.Genres = nil
	}
	return t, nil
}

// linkNorms relinks the films whose normalised title is one of norms to
// the titles of source ("" for every source). With onlyWithCandidates, it
// relinks only the films of the norms that have candidates — the ingest
// path, where none has in the common case, and the cost is one query. The
// caller holds the titles' locks.
func linkNorms(ctx context.Context, tx pgx.Tx, norms []string, source string, onlyWithCandidates bool) (linkResult, error) {
	var res linkResult
	rs, err := tx.Query(ctx, `SELECT k.norm_title, `+titleColumns+`
		FROM catalog_title_keys k JOIN catalog_titles t ON t.id = k.title_id
		WHERE k.norm_title = ANY($1) AND ($2 = '' OR t.source = $2)
		ORDER BY t.source, t.year, t.id`, norms, source)
	if err != nil {
		return res, fmt.Errorf("catalogue candidates: %w", err)
	}
	byNorm := map[string][]store.CatalogTitle{}
	for rs.Next() {
		var norm string
		t, err := scanTitle(rs, &norm)
		if err != nil {
			rs.Close()
			return res, fmt.Errorf("catalogue candidates: %w", err)
		}
		byNorm[norm] = append(byNorm[norm], t)
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return res, fmt.Errorf("catalogue candidates: %w", err)
	}
	if onlyWithCandidates {
		if len(byNorm) == 0 {
			return res, nil
		}
		norms = slices.Sorted(maps.Keys(byNorm))
	}

	films, err := linkFilms(ctx, tx, norms)
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
	if _, err := tx.Exec(ctx, `
		DELETE FROM film_catalog WHERE ($2 = '' OR source = $2)
		AND film_id IN (SELECT id FROM films WHERE norm_title = ANY($1))`, norms, source); err != nil {
		return res, fmt.Errorf("unlink films: %w", err)
	}
	if len(links) == 0 {
		return res, nil
	}
	filmIDs, sources, titleIDs := make([]int64, len(links)), make([]string, len(links)), make([]string, len(links))
	for i, l := range links {
		filmIDs[i], sources[i], titleIDs[i] = l.FilmID, l.Source, l.TitleID
	}
	if _, err := tx.Exec(ctx, `INSERT INTO film_catalog (film_id, source, title_id)
		SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])`, filmIDs, sources, titleIDs); err != nil {
		return res, fmt.Errorf("link %d films: %w", len(links), err)
	}
	return res, nil
}

// linkFilms reads the films of the normalised titles with the directors
// their reviews state.
func linkFilms(ctx context.Context, tx pgx.Tx, norms []string) ([]store.LinkFilm, error) {
	rs, err := tx.Query(ctx, `
		SELECT f.id, f.norm_title, f.title, coalesce(f.year, 0), r.director
		FROM films f LEFT JOIN (
		    SELECT DISTINCT film_id, director FROM reviews
		    WHERE film_norm = ANY($1) AND director <> '' AND film_id IS NOT NULL
		) r ON r.film_id = f.id
		WHERE f.norm_title = ANY($1)
		ORDER BY f.id, r.director`, norms)
	if err != nil {
		return nil, fmt.Errorf("films to link: %w", err)
	}
	defer rs.Close()
	var films []store.LinkFilm
	for rs.Next() {
		var f store.LinkFilm
		var year int32
		var director *string
		if err := rs.Scan(&f.ID, &f.Norm, &f.Title, &year, &director); err != nil {
			return nil, fmt.Errorf("films to link: %w", err)
		}
		f.Year = int(year)
		if n := len(films); n == 0 || films[n-1].ID != f.ID {
			films = append(films, f)
		}
		if director != nil {
			last := &films[len(films)-1]
			last.Directors = append(last.Directors, *director)
		}
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("films to link: %w", err)
	}
	return films, nil
}

func (db *DB) titles(ctx context.Context, query string, args ...any) ([]store.CatalogTitle, error) {
	rs, err := db.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []store.CatalogTitle
	for rs.Next() {
		t, err := scanTitle(rs)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rs.Err()
}

// CatalogCandidates implements store.Catalog.
func (db *DB) CatalogCandidates(ctx context.Context, title string) ([]store.CatalogTitle, error) {
	norm := storable(store.NormalizeTitle(title))
	if norm == "" {
		return nil, nil
	}
	out, err := db.titles(ctx, `SELECT `+titleColumns+`
		FROM catalog_title_keys k JOIN catalog_titles t ON t.id = k.title_id
		WHERE k.norm_title = $1 ORDER BY t.source, t.year, t.id`, norm)
	if err != nil {
		return nil, fmt.Errorf("catalogue titles for %q: %w", title, err)
	}
	return out, nil
}

// FilmCatalog implements store.Catalog.
func (db *DB) FilmCatalog(ctx context.Context, filmID int64) ([]store.CatalogTitle, error) {
	out, err := db.titles(ctx, `SELECT `+titleColumns+`
		FROM film_catalog l JOIN catalog_titles t ON t.id = l.title_id WHERE l.film_id = $1`, filmID)
	if err != nil {
		return nil, fmt.Errorf("catalogue of film %d: %w", filmID, err)
	}
	store.SortCatalogTitles(out)
	return out, nil
}

// CatalogCredits implements store.Catalog.
func (db *DB) CatalogCredits(ctx context.Context, titleID string) ([]store.CatalogCredit, error) {
	rs, err := db.pool.Query(ctx, `
		SELECT c.ordering, c.person_id, coalesce(p.name, ''), c.category, c.job, c.character
		FROM catalog_credits c LEFT JOIN catalog_people p ON p.id = c.person_id
		WHERE c.title_id = $1 ORDER BY c.ordering`, storable(titleID))
	if err != nil {
		return nil, fmt.Errorf("credits of %s: %w", titleID, err)
	}
	defer rs.Close()
	var out []store.CatalogCredit
	for rs.Next() {
		var c store.CatalogCredit
		var ordering int32
		if err := rs.Scan(&ordering, &c.PersonID, &c.Person, &c.Category, &c.Job, &c.Character); err != nil {
			return nil, fmt.Errorf("credits of %s: %w", titleID, err)
		}
		c.Ordering = int(ordering)
		out = append(out, c)
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("credits of %s: %w", titleID, err)
	}
	return out, nil
}

// CatalogCounts implements store.Catalog.
func (db *DB) CatalogCounts(ctx context.Context) (store.CatalogCounts, error) {
	var titles, credits, people, links int64
	err := db.pool.QueryRow(ctx, `
		SELECT (SELECT count(*) FROM catalog_titles), (SELECT count(*) FROM catalog_credits),
		       (SELECT count(*) FROM catalog_people), (SELECT count(*) FROM film_catalog)`,
	).Scan(&titles, &credits, &people, &links)
	if err != nil {
		return store.CatalogCounts{}, fmt.Errorf("count catalogue rows: %w", err)
	}
	return store.CatalogCounts{Titles: int(titles), Credits: int(credits), People: int(people), Links: int(links)}, nil
}
