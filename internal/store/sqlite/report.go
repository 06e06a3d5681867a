package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/marquee-film/marquee/internal/store"
)

var _ store.ReportKeeper = (*DB)(nil)

// ReviewSet implements store.ReportKeeper. It reads only the reviews_film
// index, whose entries hold the review IDs.
func (db *DB) ReviewSet(ctx context.Context, filmID int64) (store.ReviewSet, error) {
	var s store.ReviewSet
	err := db.read.QueryRowContext(ctx,
		`SELECT count(*), coalesce(sum(id), 0), coalesce(max(id), 0) FROM reviews WHERE film_id = ?`,
		filmID).Scan(&s.Count, &s.IDSum, &s.MaxID)
	if err != nil {
		return s, fmt.Errorf("review set of film %d: %w", filmID, err)
	}
	return s, nil
}

// SavedReport implements store.ReportKeeper. The head and the pages are
// read in one transaction, so a report saved meanwhile cannot pair one
// report's head with another's pages.
func (db *DB) SavedReport(ctx context.Context, filmID int64, from, to int) (store.SavedReport, error) {
	r := store.SavedReport{FilmID: filmID}
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return r, fmt.Errorf("report of film %d: %w", filmID, err)
	}
	defer tx.Rollback()
	var built string
	err = tx.QueryRowContext(ctx,
		`SELECT key, head, pages, built_at FROM film_reports WHERE film_id = ?`, filmID).
		Scan(&r.Key, &r.Head, &r.PageCount, &built)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("report of film %d: %w", filmID, store.ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("report of film %d: %w", filmID, err)
	}
	if r.Built, err = time.Parse(timeLayout, built); err != nil {
		return r, fmt.Errorf("report of film %d: stored time %q: %w", filmID, built, err)
	}
	if to < 0 || to > r.PageCount {
		to = r.PageCount
	}
	from = max(from, 0)
	if from >= to {
		return r, nil
	}
	r.Pages, err = reportPages(ctx, tx, filmID, from, to)
	return r, err
}

func reportPages(ctx context.Context, tx *sql.Tx, filmID int64, from, to int) ([][]byte, error) {
	rows, err := tx.QueryContext(ctx,
		`SELECT page, body FROM film_report_pages WHERE film_id = ? AND page >= ? AND page < ? ORDER BY page`,
		filmID, from, to)
	if err != nil {
		return nil, fmt.Errorf("report pages of film %d: %w", filmID, err)
	}
	defer rows.Close()
	return store.ScanReportPages(rows, filmID, from, to)
}

// SavedReportKeys implements store.ReportKeeper.
func (db *DB) SavedReportKeys(ctx context.Context) (map[int64]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT film_id, key FROM film_reports`)
	if err != nil {
		return nil, fmt.Errorf("saved report keys: %w", err)
	}
	defer rows.Close()
	return store.ScanReportKeys(rows)
}

// SaveReports implements store.ReportKeeper.
func (db *DB) SaveReports(ctx context.Context, reports []store.SavedReport) error {
	if len(reports) == 0 {
		return nil
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("save reports: %w", err)
	}
	defer tx.Rollback()
	now := time.Now().UTC().Format(timeLayout)
	for _, r := range reports {
		// The film may have been merged away since its report was built.
		res, err := tx.ExecContext(ctx, `
			INSERT INTO film_reports (film_id, key, head, pages, built_at)
			SELECT id, ?2, ?3, ?4, ?5 FROM films WHERE id = ?1
			ON CONFLICT (film_id) DO UPDATE SET key = excluded.key, head = excluded.head,
				pages = excluded.pages, built_at = excluded.built_at`,
			r.FilmID, r.Key, r.Head, len(r.Pages), now)
		if err != nil {
			return fmt.Errorf("save report of film %d: %w", r.FilmID, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			continue
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM film_report_pages WHERE film_id = ? AND page >= ?`,
			r.FilmID, len(r.Pages)); err != nil {
			return fmt.Errorf("save report of film %d: %w", r.FilmID, err)
		}
		for i, body := range r.Pages {
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO film_report_pages (film_id, page, body) VALUES (?, ?, ?)
				ON CONFLICT (film_id, page) DO UPDATE SET body = excluded.body`,
				r.FilmID, i, body); err != nil {
				return fmt.Errorf("save report of film %d, page %d: %w", r.FilmID, i, err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("save reports: %w", err)
	}
	return nil
}
