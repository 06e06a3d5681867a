package postgres

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestGroupingPlansWithoutStatistics checks that the statements every
// batch and every regrouped title run are planned as index lookups on
// tables PostgreSQL has no statistics for, as during a bulk load into a new
// database (or on a server without autovacuum). Planned as scans, they made
// loading a million reviews grow with the square of the films: each batch
// read every film, each regrouped title every film count.
func TestGroupingPlansWithoutStatistics(t *testing.T) {
	db := openURL(t, newDatabase(t))
	ctx := context.Background()
	const films = 20000
	for _, q := range []string{
		fmt.Sprintf(`INSERT INTO films (key, norm_title, title)
			SELECT 'title ' || i || '|2000', 'title ' || i, 'Title ' || i FROM generate_series(1, %d) i`, films),
		`INSERT INTO film_counts (film_id, field, value, n)
			SELECT id, f.field, f.value, 1 FROM films,
			(VALUES ('title', 'Title'), ('year', '2000'), ('director', 'Someone')) AS f(field, value)`,
	} {
		if _, err := db.pool.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	titles := make([]string, 100)
	for i := range titles {
		titles[i] = fmt.Sprintf("title %d", i*150+1)
	}
	for _, c := range []struct {
		name  string
		sql   string
		arg   any
		table string
	}{
		{"a batch's films", titleFilmsSQL, titles, "films"},
		{"recounting a title's films", recountSQL[0], "title 77", "film_counts"},
	} {
		var lines []string
		rows, err := db.pool.Query(ctx, "EXPLAIN "+c.sql, c.arg)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, line)
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		plan := strings.Join(lines, "\n")
		if strings.Contains(plan, "Seq Scan on "+c.table) {
			t.Errorf("%s scans all of %s:\n%s", c.name, c.table, plan)
		}
	}
}
