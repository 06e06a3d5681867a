package postgres

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/marquee-film/marquee/internal/review"
	"github.com/marquee-film/marquee/internal/store"
)

// document is the JSON stored in reviews.doc: the review's public JSON form
// plus, only when the body column cannot give them back exactly, the body
// sentences (review.Review leaves Body out of its JSON). The SQLite backend
// stores the same form.
type document struct {
	*review.Review
	StoredBody []string `json:"stored_body,omitempty"`
}

// row is a review ready for the reviews table, its text made storable.
type row struct {
	hash                string
	filmNorm, filmTitle string
	filmYear            int32
	director            string
	source              string
	headline, author    string
	publication         string
	published           *string
	ratingScore         *float64
	language            string
	body                *string
	doc                 string
	credits             []review.Credit
}

// storable makes s acceptable to PostgreSQL, whose text holds neither
// invalid UTF-8 nor NUL bytes: both become U+FFFD.
func storable(s string) string {
	if utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
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
	// json.Marshal already turned invalid UTF-8 into U+FFFD; jsonb also
	// refuses the escaped NUL.
	if bytes.Contains(doc, []byte(`\u0000`)) {
		if doc, err = withoutNUL(doc); err != nil {
			return row{}, fmt.Errorf("encode review: %w", err)
		}
	}
	out := row{
		hash:        storable(r.ContentHash),
		filmNorm:    storable(store.NormalizeTitle(r.Film.Title)),
		filmTitle:   storable(r.Film.Title),
		filmYear:    int32(min(max(r.Film.Year, 0), 1<<31-1)),
		source:      storable(r.Source),
		headline:    storable(r.Headline),
		author:      storable(r.Author),
		publication: storable(r.Publication),
		language:    storable(r.Language),
		body:        body,
		doc:         string(doc),
		credits:     r.Credits,
	}
	if r.Director != nil {
		out.director = storable(*r.Director)
	}
	if r.Published != nil {
		p := storable(*r.Published)
		out.published = &p
	}
	if r.Rating != nil {
		out.ratingScore = &r.Rating.Score
	}
	return out, nil
}

// withoutNUL rewrites a JSON document with every NUL in its strings (keys
// included) replaced by U+FFFD. Numbers keep their text.
func withoutNUL(doc []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	var clean func(any) any
	clean = func(v any) any {
		switch v := v.(type) {
		case string:
			return storable(v)
		case []any:
			for i := range v {
				v[i] = clean(v[i])
			}
		case map[string]any:
			out := make(map[string]any, len(v))
			for k, e := range v {
				out[storable(k)] = clean(e)
			}
			return out
		}
		return v
	}
	return json.Marshal(clean(v))
}

// encodeBody joins the sentences with newlines for the body column (what
// full-text search indexes). When splitting that text would not give the
// same slice back — a sentence holding a newline, or a single empty
// sentence — it also returns the sentences to keep in the JSON document.
func encodeBody(body []string) (*string, []string) {
	if body == nil {
		return nil, nil
	}
	text := strings.Join(body, "\n")
	var keep []string
	if (len(body) == 1 && body[0] == "") || (len(body) > 0 && strings.Count(text, "\n") != len(body)-1) {
		keep = body
	}
	text = storable(text)
	return &text, keep
}

func decodeBody(text *string, kept []string) []string {
	switch {
	case kept != nil:
		return kept
	case text == nil:
		return nil
	case *text == "":
		return []string{}
	}
	return strings.Split(*text, "\n")
}

// insertReviewsSQL inserts a batch in one statement, in the order given
// (by content hash: see AddReviews), with IDs drawn beforehand in the
// batch's order. A review whose hash is stored, or being stored by a
// transaction that then commits, is skipped (its ID is never used);
// RETURNING lists the ones inserted.
const insertReviewsSQL = `
INSERT INTO reviews (id, content_hash, film_norm, film_title, film_year, director, source,
    headline, author, publication, published, rating_score, language, body, doc, film_id)
SELECT id, hash, film_norm, film_title, film_year, director, source,
    headline, author, publication, published, rating_score, language, body, doc::jsonb, film_id
FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[],
            $9::text[], $10::text[], $11::text[], $12::float8[], $13::text[], $14::text[], $15::text[], $16::bigint[])
     WITH ORDINALITY AS batch(id, hash, film_norm, film_title, film_year, director, source, headline,
                             author, publication, published, rating_score, language, body, doc, film_id, n)
ORDER BY n
ON CONFLICT (content_hash) DO NOTHING
RETURNING id, content_hash`

const insertCreditsSQL = `
INSERT INTO credits (review_id, position, person, character, role)
SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::text[])`

// AddReviews implements store.Store.
//
// Many processes, on many machines, may add reviews at once, the same
// ones included. Three things make that safe:
//   - content_hash is UNIQUE and the insert says ON CONFLICT DO NOTHING: a
//     writer inserting a hash another transaction has just inserted waits
//     for that transaction, then skips the review if it committed (and
//     reads its ID) or inserts it if it rolled back. Nothing errors and
//     nothing is stored twice.
//   - each batch inserts its reviews in content hash order, so two writers
//     waiting on each other's uncommitted hashes always wait in the same
//     direction and cannot deadlock.
//   - regrouping a title into films reads and rewrites every review of
//     that title, so it runs under a transaction-level advisory lock on
//     the title, taken in key order (deadlock-free again) and held to
//     commit. Every writer that added reviews of a title regroups it after
//     all earlier writers of that title committed, so the last one sees
//     them all and the result does not depend on the interleaving.
func (db *DB) AddReviews(ctx context.Context, reviews []*review.Review) ([]store.AddResult, error) {
	rows := make([]row, len(reviews))
	for i, r := range reviews {
		var err error
		if rows[i], err = encodeReview(r); err != nil {
			return nil, fmt.Errorf("review %d of the batch: %w", i+1, err)
		}
	}
	if len(reviews) == 0 {
		return []store.AddResult{}, nil
	}
	// A review is inserted into the film planned before the title locks
	// are taken; another writer's regroup may delete that film meanwhile,
	// and the insert then fails its foreign key. The batch is simply run
	// again: the new plan sees the films as they are now.
	var results []store.AddResult
	var err error
	for attempt := 1; ; attempt++ {
		results, err = db.addBatch(ctx, rows)
		var pgErr *pgconn.PgError
		if err == nil || attempt == 3 || !errors.As(err, &pgErr) || pgErr.Code != foreignKeyViolation {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	for i, r := range reviews {
		r.ID = results[i].ID
	}
	return results, nil
}

// foreignKeyViolation is PostgreSQL's SQLSTATE for a row that refers to a
// missing row.
const foreignKeyViolation = "23503"

// addBatch stores rows in one transaction (see AddReviews).
func (db *DB) addBatch(ctx context.Context, rows []row) ([]store.AddResult, error) {
	results := make([]store.AddResult, len(rows))
	// The distinct hashes, sorted; a later copy in the batch is a
	// duplicate of the first.
	first := map[string]int{}
	var order []int
	for i, w := range rows {
		if _, ok := first[w.hash]; !ok {
			first[w.hash] = i
			order = append(order, i)
		}
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(rows[a].hash, rows[b].hash) })

	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))

	// Plan each review's film from the films as they stand, without
	// locks: the popular titles are in nearly every batch, and holding
	// their locks through the insert (the costly part: text search
	// vectors, indexes) would let only one writer work at a time. The plan
	// is checked again under the locks below.
	titles := batchTitles(rows)
	filmOf, planned, err := planFilms(ctx, tx, rows, titles)
	if err != nil {
		return nil, err
	}

	ids, err := insertReviews(ctx, tx, rows, order, filmOf)
	if err != nil {
		return nil, err
	}
	var missing []string
	for _, i := range order {
		if _, ok := ids[rows[i].hash]; !ok {
			missing = append(missing, rows[i].hash)
		}
	}
	added := make(map[string]bool, len(ids))
	for h := range ids {
		added[h] = true
	}
	if len(missing) > 0 {
		// Stored before, or by a transaction that committed while the
		// insert waited for it: this statement's snapshot sees it.
		existing, err := hashIDs(ctx, tx, `SELECT id, content_hash FROM reviews WHERE content_hash = ANY($1)`, missing)
		if err != nil {
			return nil, fmt.Errorf("find duplicates: %w", err)
		}
		for h, id := range existing {
			ids[h] = id
		}
	}
	for i, w := range rows {
		id, ok := ids[w.hash]
		if !ok {
			return nil, fmt.Errorf("review %d (%q): neither inserted nor found", i+1, w.source)
		}
		results[i] = store.AddResult{ID: id, Added: added[w.hash] && first[w.hash] == i}
	}

	if err := insertCredits(ctx, tx, rows, results); err != nil {
		return nil, err
	}
	touched := map[string]bool{}
	for i, w := range rows {
		if results[i].Added && w.filmNorm != "" {
			touched[w.filmNorm] = true
		}
	}
	if err := db.groupAdded(ctx, tx, rows, results, filmOf, planned, slices.Sorted(maps.Keys(touched))); err != nil {
		return nil, err
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("commit: %w", err)
	}
	return results, nil
}

// groupAdded puts the batch's added reviews into films under the locks of
// their titles. Every writer that added reviews of a title does this after
// all earlier writers of that title committed, so the last one sees them
// all and the result does not depend on the interleaving. A title whose
// films changed since the plan was made, or that the plan could not place,
// is regrouped from all its reviews; the rest join their planned films.
func (db *DB) groupAdded(ctx context.Context, tx pgx.Tx, rows []row, results []store.AddResult,
	filmOf []*int64, planned filmPlan, titles []string) error {
	if len(titles) == 0 {
		return nil
	}
	if err := lockTitles(ctx, tx, titles); err != nil {
		return err
	}
	current, err := readTitleFilms(ctx, tx, titles)
	if err != nil {
		return err
	}
	regroupTitles := map[string]bool{}
	for _, t := range titles {
		if planned.slow[t] || planned.films[t].fingerprint() != current[t].fingerprint() {
			regroupTitles[t] = true
		}
	}
	var joined []joiner
	for i, w := range rows {
		if results[i].Added && filmOf[i] != nil && !regroupTitles[w.filmNorm] {
			joined = append(joined, joiner{*filmOf[i], w.filmTitle, int(w.filmYear), w.director})
		}
	}
	if err := joinFilms(ctx, tx, joined); err != nil {
		return err
	}
	for _, t := range slices.Sorted(maps.Keys(regroupTitles)) {
		if err := regroup(ctx, tx, t); err != nil {
			return fmt.Errorf("group reviews of %q into films: %w", t, err)
		}
	}
	// The films' years and directors may have changed: relink those the
	// catalogue has titles for, in one lookup for the batch.
	if _, err := linkNorms(ctx, tx, titles, "", true); err != nil {
		return err
	}
	return nil
}

// insertReviews inserts rows[order...] and returns the IDs of those it
// inserted, by hash. The rows are inserted in hash order, but their IDs
// are drawn first and handed out in the batch's order, so IDs (the order
// reviews were stored in) follow the order the caller gave them.
func insertReviews(ctx context.Context, tx pgx.Tx, rows []row, order []int, filmOf []*int64) (map[string]int64, error) {
	n := len(order)
	rs, err := tx.Query(ctx, `SELECT nextval(pg_get_serial_sequence('reviews', 'id')) FROM generate_series(1, $1)`, n)
	if err != nil {
		return nil, fmt.Errorf("draw review IDs: %w", err)
	}
	drawn, err := pgx.CollectRows(rs, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("draw review IDs: %w", err)
	}
	slices.Sort(drawn)
	byBatchOrder := slices.Sorted(slices.Values(order))
	idOf := make(map[int]int64, n)
	for k, i := range byBatchOrder {
		idOf[i] = drawn[k]
	}
	var (
		id                                  = make([]int64, n)
		hash, norm, title, director, source = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		headline, author, publication, lang = make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		doc                                 = make([]string, n)
		year                                = make([]int32, n)
		published, body                     = make([]*string, n), make([]*string, n)
		score                               = make([]*float64, n)
		film                                = make([]*int64, n)
	)
	for k, i := range order {
		w := rows[i]
		id[k] = idOf[i]
		hash[k], norm[k], title[k], year[k], director[k], source[k] = w.hash, w.filmNorm, w.filmTitle, w.filmYear, w.director, w.source
		headline[k], author[k], publication[k], published[k] = w.headline, w.author, w.publication, w.published
		score[k], lang[k], body[k], doc[k], film[k] = w.ratingScore, w.language, w.body, w.doc, filmOf[i]
	}
	ids, err := hashIDs(ctx, tx, insertReviewsSQL, id,
		hash, norm, title, year, director, source, headline, author, publication, published, score, lang, body, doc, film)
	if err != nil {
		return nil, fmt.Errorf("insert reviews: %w", err)
	}
	return ids, nil
}

// hashIDs runs a query returning (id, content_hash) rows.
func hashIDs(ctx context.Context, tx pgx.Tx, sql string, args ...any) (map[string]int64, error) {
	rs, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	ids := map[string]int64{}
	for rs.Next() {
		var id int64
		var hash string
		if err := rs.Scan(&id, &hash); err != nil {
			return nil, err
		}
		ids[hash] = id
	}
	return ids, rs.Err()
}

// insertCredits stores the credits of the reviews the batch added.
func insertCredits(ctx context.Context, tx pgx.Tx, rows []row, results []store.AddResult) error {
	var ids []int64
	var pos []int32
	var person, character, role []string
	for i, w := range rows {
		if !results[i].Added {
			continue
		}
		for p, c := range w.credits {
			ids = append(ids, results[i].ID)
			pos = append(pos, int32(p))
			person = append(person, storable(c.Person))
			character = append(character, storable(c.Character))
			role = append(role, storable(c.Role))
		}
	}
	if len(ids) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, insertCreditsSQL, ids, pos, person, character, role); err != nil {
		return fmt.Errorf("insert credits: %w", err)
	}
	return nil
}

// titleLockClass is the first key of the advisory locks on titles, which
// keeps them apart from other users' locks on the same server (goose's
// migration lock, for one, uses the single-key form).
const titleLockClass = 0x4d525145 // "MRQE"

// lockTitles takes the advisory locks of titles, in key order, held to
// the end of the transaction.
func lockTitles(ctx context.Context, tx pgx.Tx, titles []string) error {
	if len(titles) == 0 {
		return nil
	}
	rs, err := tx.Query(ctx, `SELECT DISTINCT hashtext(t) FROM unnest($1::text[]) AS t ORDER BY 1`, titles)
	if err != nil {
		return fmt.Errorf("title lock keys: %w", err)
	}
	keys, err := pgx.CollectRows(rs, pgx.RowTo[int32])
	if err != nil {
		return fmt.Errorf("title lock keys: %w", err)
	}
	for _, k := range keys {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1::int4, $2::int4)`, titleLockClass, k); err != nil {
			return fmt.Errorf("lock titles: %w", err)
		}
	}
	return nil
}
