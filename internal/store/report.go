package store

import "fmt"

// Rows is what both backends' query results offer (database/sql's and
// pgx's), so that the reading of the report tables, the same in both,
// is written once.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// ScanReportKeys reads rows of (film ID, key) into a map.
func ScanReportKeys(rows Rows) (map[int64]string, error) {
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var key string
		if err := rows.Scan(&id, &key); err != nil {
			return nil, fmt.Errorf("saved report keys: %w", err)
		}
		out[id] = key
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("saved report keys: %w", err)
	}
	return out, nil
}

// ScanReportPages reads rows of (page number, body), in page order, that
// should be exactly the pages from up to to of film filmID's report.
func ScanReportPages(rows Rows, filmID int64, from, to int) ([][]byte, error) {
	pages := make([][]byte, 0, max(to-from, 0))
	for rows.Next() {
		var n int
		var body []byte
		if err := rows.Scan(&n, &body); err != nil {
			return nil, fmt.Errorf("report pages of film %d: %w", filmID, err)
		}
		if n != from+len(pages) {
			return nil, fmt.Errorf("report of film %d: page %d is missing", filmID, from+len(pages))
		}
		pages = append(pages, body)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("report pages of film %d: %w", filmID, err)
	}
	if len(pages) != max(to-from, 0) {
		return nil, fmt.Errorf("report of film %d: page %d is missing", filmID, from+len(pages))
	}
	return pages, nil
}
