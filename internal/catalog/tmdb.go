package catalog

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// The TMDB 5000 movies CSV (Kaggle "TMDB 5000 Movie Dataset") is RFC 4180
// CSV with a header; genres is a JSON list of {"id", "name"} objects,
// release_date is YYYY-MM-DD, runtime is minutes and may be empty or 0.
// It has no IMDb id column; an imdb_id column, as other TMDB exports have,
// is read when present.

// ReadTMDBMovies streams a TMDB movies CSV (gzipped or not) to fn.
func ReadTMDBMovies(ctx context.Context, r io.Reader, opts Options, fn func(Title) error) (Stats, error) {
	return readCSV(ctx, r, []string{"id", "title"}, opts, func(rec []string, index map[string]int) (rowOutcome, error) {
		t, err := parseTMDBMovie(rec, index)
		if err != nil {
			return rowBad, err
		}
		return rowKept, fn(t)
	})
}

// readCSV streams an RFC 4180 CSV with a header naming at least the
// required columns, as readTSV does a TSV: handle parses one record, and
// rowBad with the problem skips it, while rowKept with an error (the
// callback's) stops the read.
func readCSV(ctx context.Context, r io.Reader, required []string, opts Options,
	handle func(rec []string, index map[string]int) (rowOutcome, error)) (Stats, error) {
	var st Stats
	dr, err := decompressed(r)
	if err != nil {
		return st, err
	}
	cr := csv.NewReader(dr)
	cr.FieldsPerRecord = -1 // checked per row so that one bad row does not stop the read
	cr.ReuseRecord = true
	header, err := cr.Read()
	switch {
	case errors.Is(err, io.EOF):
		return st, errors.New("read header: empty input")
	case err != nil:
		return st, fmt.Errorf("read header: %w", err)
	}
	index := make(map[string]int, len(header))
	for i, h := range header {
		index[strings.TrimPrefix(strings.TrimSpace(h), "\ufeff")] = i
	}
	for _, col := range required {
		if _, ok := index[col]; !ok {
			return st, fmt.Errorf("read header: missing column %q", col)
		}
	}
	width := len(header)
	bad := func(line int, problem error) error {
		st.Bad++
		if opts.OnBadRow != nil {
			return opts.OnBadRow(&RowError{Line: line, Err: problem})
		}
		return nil
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return st, nil
		}
		st.Rows++
		if st.Rows%ctxCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return st, err
			}
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return st, fmt.Errorf("read row %d: %w", st.Rows, err)
			}
			if err := bad(pe.StartLine, pe.Err); err != nil {
				return st, err
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != width {
			if err := bad(line, fmt.Errorf("has %d fields, header has %d", len(rec), width)); err != nil {
				return st, err
			}
			continue
		}
		switch outcome, err := handle(rec, index); outcome {
		case rowKept:
			if err != nil {
				return st, fmt.Errorf("line %d: %w", line, err)
			}
			st.Kept++
		case rowFiltered:
			st.Filtered++
		case rowBad:
			if err := bad(line, err); err != nil {
				return st, err
			}
		}
	}
}

func parseTMDBMovie(rec []string, index map[string]int) (Title, error) {
	get := func(col string) string {
		if i, ok := index[col]; ok {
			return strings.TrimSpace(validText([]byte(rec[i])))
		}
		return ""
	}
	id, err := strconv.Atoi(get("id"))
	if err != nil || id <= 0 {
		return Title{}, fmt.Errorf("id %.20q is not a positive integer", get("id"))
	}
	t := Title{
		ID:               "tmdb:" + strconv.Itoa(id),
		TMDBID:           id,
		Type:             "movie",
		Title:            get("title"),
		OriginalTitle:    get("original_title"),
		OriginalLanguage: get("original_language"),
	}
	if t.Title == "" {
		return Title{}, errors.New("empty title")
	}
	if imdb := get("imdb_id"); imdb != "" {
		if err := checkID(imdb, "tt"); err != nil {
			return Title{}, err
		}
		t.IMDbID = imdb
	}
	if d := get("release_date"); d != "" {
		when, err := time.Parse("2006-01-02", d)
		if err != nil {
			return Title{}, fmt.Errorf("parse release_date %.20q: %w", d, err)
		}
		t.ReleaseDate, t.Year = d, when.Year()
	}
	if rt := get("runtime"); rt != "" {
		minutes, err := strconv.ParseFloat(rt, 64)
		if err != nil || minutes < 0 || minutes > 100000 || math.IsNaN(minutes) {
			return Title{}, fmt.Errorf("parse runtime %.20q: not a number of minutes", rt)
		}
		t.RuntimeMinutes = int(math.Round(minutes))
	}
	if g := get("genres"); g != "" {
		var genres []struct {
			Name string `json:"name"`
		}
		if err := json.Unmarshal([]byte(g), &genres); err != nil {
			return Title{}, fmt.Errorf("parse genres %.40q: %w", g, err)
		}
		for _, x := range genres {
			if name := strings.TrimSpace(x.Name); name != "" {
				t.Genres = append(t.Genres, name)
			}
		}
	}
	return t, nil
}
