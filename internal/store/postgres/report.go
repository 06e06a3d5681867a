package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/marquee-film/marquee/internal/store"
)

var _ store.ReportKeeper = (*DB)(nil)

// ReviewSet implements store.ReportKeeper.
func (db *DB) ReviewSet(ctx context.Context, filmID int64) (store.ReviewSet, error) {
	var s store.ReviewSet
	err := db.pool.QueryRow(ctx,
		`SELECT count(*), coalesce(sum(id), 0)::bigint, coalesce(max(id), 0) FROM reviews WHERE film_id = $1`,
		filmID).Scan(&s.Count, &s.IDSum, &s.MaxID)
	if err != nil {
		return s, fmt.Errorf("review set of film %d: %w", filmID, err)
	}
	return s, nil
}

// SavedReport implements store.ReportKeeper. The head and the pages are
// read in one repeatable-read transaction, so a report saved meanwhile
// cannot pair one report's head with another's pages.
func (db *DB) SavedReport(ctx context.Context, filmID int64, from, to int) (store.SavedReport, error) {
	r := store.SavedReport{FilmID: filmID}
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return r, fmt.Errorf("report of film %d: %w", filmID, err)
	}
	defer tx.Rollback(ctx)
	err = tx.QueryRow(ctx, `SELECT key, head, pages, built_at FROM film_reports WHERE film_id = $1`, filmID).
		Scan(&r.Key, &r.Head, &r.PageCount, &r.Built)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, fmt.Errorf("report of film %d: %w", filmID, store.ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("report of film %d: %w", filmID, err)
	}
	if to < 0 || to > r.PageCount {
		to = r.PageCount
	}
	from = max(from, 0)
	if from >= to {
		return r, nil
	}
	rows, err := tx.Query(ctx,
		`SELECT page, body FROM film_report_pages WHERE film_id = $1 AND page >= $2 AND page < $3 ORDER BY page`,
		filmID, from, to)
	if err != nil {
		return r, fmt.Errorf("report pages of film %d: %w", filmID, err)
	}
	defer rows.Close()
	r.Pages, err = store.ScanReportPages(rows, filmID, from, to)
	return r, err
}

// SavedReportKeys implements store.ReportKeeper.
func (db *DB) SavedReportKeys(ctx context.Context) (map[int64]string, error) {
	rows, err := db.pool.Query(ctx, `SELECT film_id, key FROM film_reports`)
	if err != nil {
		return nil, fmt.Errorf("saved report keys: %w", err)
	}
	defer rows.Close()
	return store.ScanReportKeys(rows)
}

// SaveReports implements store.ReportKeeper. Two processes saving the same
// film's report serialise on its row; the later one wins, and both built
// from what they read, so either report is one the film had.
func (db *DB) SaveReports(ctx context.Context, reports []store.SavedReport) error {
	if len(reports) == 0 {
		return nil
	}
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("save reports: %w", err)
	}
	defer tx.Rollback(ctx)
	for _, r := range reports {
		// The film may have been merged away since its report was built.
		tag, err := tx.Exec(ctx, `
			INSERT INTO film_reports (film_id, key, head, pages, built_at)
			SELECT id, $2, $3, $4, now() FROM films WHERE id = $1
			ON CONFLICT (film_id) DO UPDATE SET key = excluded.key, head = excluded.head,
				pages = excluded.pages, built_at = excluded.built_at`,
			r.FilmID, r.Key, r.Head, len(r.Pages))
		if err != nil {
			return fmt.Errorf("save report of film %d: %w", r.FilmID, err)
		}
		if tag.RowsAffected() == 0 {
			continue
		}
		if _, err := tx.Exec(ctx, `DELETE FROM film_report_pages WHERE film_id = $1 AND page >= $2`,
			r.FilmID, len(r.Pages)); err != nil {
			return fmt.Errorf("save report of film %d: %w", r.FilmID, err)
		}
		if len(r.Pages) == 0 {
			continue
		}
		pages := make([]int32, len(r.Pages))
		for i := range pages {
			pages[i] = int32(i)
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO film_report_pages (film_id, page, body)
			SELECT $1, p, b FROM unnest($2::integer[], $3::bytea[]) AS t (p, b)
			ON CONFLICT (film_id, page) DO UPDATE SET body = excluded.body`,
			r.FilmID, pages, r.Pages); err != nil {
			return fmt.Errorf("save report pages of film %d: %w", r.FilmID, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("save reports: %w", err)
	}
	return nil
}
