package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
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
    headline, author, publication, published, rating_score, language, body, doc, created_at, film_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (content_hash) DO NOTHING
RETURNING id`

// encodeReviews encodes a batch on every core: there is one writer, and
// whatever it does outside the transaction still holds up the next batch.
func encodeReviews(reviews []*review.Review) ([]row, error) {
	rows := make([]row, len(reviews))
	errs := make([]error, len(reviews))
	workers := min(runtime.GOMAXPROCS(0), (len(reviews)+63)/64)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(reviews); i += workers {
				rows[i], errs[i] = encodeReview(reviews[i])
			}
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("review %d of the batch: %w", i+1, err)
		}
	}
	return rows, nil
}

// AddReviews implements store.Store.
func (db *DB) AddReviews(ctx context.Context, reviews []*review.Review) ([]store.AddResult, error) {
	rows, err := encodeReviews(reviews)
	if err != nil {
		return nil, err
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

	g, err := newGrouper(ctx, tx)
	if err != nil {
		return nil, err
	}
	defer g.close()
	filmOf, regroupNorms, err := g.plan(ctx, rows)
	if err != nil {
		return nil, err
	}

	now := time.Now().UTC().Format(timeLayout)
	var joined []joiner
	var added []int64
	addedNorms := map[string]bool{}
	for i, w := range rows {
		var id int64
		err := insert.QueryRowContext(ctx, w.hash, w.filmNorm, w.filmTitle, w.filmYear, w.director,
			w.source, w.headline, w.author, w.publication, w.published, w.ratingScore, w.language,
			w.body, w.doc, now, filmOf[i]).Scan(&id)
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
			addedNorms[w.filmNorm] = true
		}
		if filmOf[i].Valid {
			joined = append(joined, joiner{filmOf[i].Int64, w.filmTitle, w.filmYear, w.director})
		}
	}
	if err := indexReviews(ctx, tx, added); err != nil {
		return nil, err
	}
	if err := g.join(ctx, joined); err != nil {
		return nil, err
	}
	for _, n := range regroupNorms {
		if err := g.regroup(ctx, n); err != nil {
			return nil, fmt.Errorf("group reviews of %q into films: %w", n, err)
		}
	}
	norms := slices.Sorted(maps.Keys(addedNorms))
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
