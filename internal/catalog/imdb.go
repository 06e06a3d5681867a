package catalog

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// IMDb datasets are tab-separated with a header row, no quoting (fields
// never contain tabs or newlines) and `\N` for null; see
// https://developer.imdb.com/non-commercial-datasets/. The readers below
// accept them gzipped or not.

var (
	titleColumns     = []string{"tconst", "titleType", "primaryTitle", "originalTitle", "isAdult", "startYear", "endYear", "runtimeMinutes", "genres"}
	principalColumns = []string{"tconst", "ordering", "nconst", "category", "job", "characters"}
	nameColumns      = []string{"nconst", "primaryName", "birthYear", "deathYear", "primaryProfession", "knownForTitles"}
)

// tsvRow gives a row's fields by column name, `\N` read as empty.
type tsvRow struct {
	fields [][]byte
	index  map[string]int
}

func (r tsvRow) get(col string) string {
	f := r.fields[r.index[col]]
	if len(f) == 2 && f[0] == '\\' && f[1] == 'N' {
		return ""
	}
	return validText(f)
}

type rowOutcome int

const (
	rowKept rowOutcome = iota
	rowFiltered
	rowBad
)

// readTSV streams an IMDb TSV. handle parses one row: rowBad with the
// problem skips the row, any other non-nil error stops the read.
func readTSV(ctx context.Context, r io.Reader, required []string, opts Options, handle func(tsvRow) (rowOutcome, error)) (Stats, error) {
	var st Stats
	dr, err := decompressed(r)
	if err != nil {
		return st, err
	}
	lr := newLineReader(dr)
	header, err := lr.next()
	switch {
	case errors.Is(err, io.EOF):
		return st, errors.New("read header: empty input")
	case errors.Is(err, errLineTooLong):
		return st, errors.New("read header: line too long, not an IMDb TSV")
	case err != nil:
		return st, fmt.Errorf("read header: %w", err)
	}
	header = bytes.TrimPrefix(header, []byte("\xef\xbb\xbf"))
	names := bytes.Split(header, []byte{'\t'})
	index := make(map[string]int, len(names))
	for i, n := range names {
		index[string(n)] = i
	}
	for _, col := range required {
		if _, ok := index[col]; !ok {
			return st, fmt.Errorf("read header: missing column %q (have %q)", col, validText(header))
		}
	}
	row := tsvRow{index: index}
	for {
		line, err := lr.next()
		if errors.Is(err, io.EOF) {
			return st, nil
		}
		if err != nil && !errors.Is(err, errLineTooLong) {
			return st, fmt.Errorf("read line %d: %w", lr.line+1, err)
		}
		if err == nil && len(line) == 0 {
			continue // a blank line is not a row
		}
		st.Rows++
		if st.Rows%ctxCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return st, err
			}
		}
		var outcome rowOutcome
		var problem error
		if err != nil {
			outcome, problem = rowBad, err
		} else {
			row.fields = splitTabs(row.fields[:0], line)
			if len(row.fields) != len(names) {
				outcome, problem = rowBad, fmt.Errorf("has %d fields, header has %d", len(row.fields), len(names))
			} else {
				outcome, problem = handle(row)
			}
		}
		switch outcome {
		case rowKept:
			if problem != nil {
				return st, fmt.Errorf("line %d: %w", lr.line, problem)
			}
			st.Kept++
		case rowFiltered:
			st.Filtered++
		case rowBad:
			st.Bad++
			if opts.OnBadRow != nil {
				if err := opts.OnBadRow(&RowError{Line: lr.line, Err: problem}); err != nil {
					return st, err
				}
			}
		}
	}
}

// splitTabs splits line at tabs into dst, reusing its storage across rows.
func splitTabs(dst [][]byte, line []byte) [][]byte {
	for {
		i := bytes.IndexByte(line, '\t')
		if i < 0 {
			return append(dst, line)
		}
		dst = append(dst, line[:i])
		line = line[i+1:]
	}
}

// ReadIMDbTitles streams IMDb's title.basics.tsv(.gz) to fn.
func ReadIMDbTitles(ctx context.Context, r io.Reader, opts Options, fn func(Title) error) (Stats, error) {
	keep := typeFilter(opts.TitleTypes)
	return readTSV(ctx, r, titleColumns, opts, func(row tsvRow) (rowOutcome, error) {
		t, err := parseIMDbTitle(row)
		if err != nil {
			return rowBad, err
		}
		if keep != nil && !keep[t.Type] {
			return rowFiltered, nil
		}
		return rowKept, fn(t)
	})
}

func parseIMDbTitle(row tsvRow) (Title, error) {
	id := row.get("tconst")
	if err := checkID(id, "tt"); err != nil {
		return Title{}, err
	}
	t := Title{
		ID:            "imdb:" + id,
		IMDbID:        id,
		Type:          row.get("titleType"),
		Title:         row.get("primaryTitle"),
		OriginalTitle: row.get("originalTitle"),
		Genres:        splitList(row.get("genres")),
	}
	if t.Title == "" {
		return Title{}, errors.New("empty primaryTitle")
	}
	switch adult := row.get("isAdult"); adult {
	case "0", "":
	case "1":
		t.Adult = true
	default:
		return Title{}, fmt.Errorf("isAdult %q is not 0 or 1", adult)
	}
	var err error
	if t.Year, err = optionalInt(row.get("startYear"), "startYear"); err != nil {
		return Title{}, err
	}
	if t.EndYear, err = optionalInt(row.get("endYear"), "endYear"); err != nil {
		return Title{}, err
	}
	if t.RuntimeMinutes, err = optionalInt(row.get("runtimeMinutes"), "runtimeMinutes"); err != nil {
		return Title{}, err
	}
	return t, nil
}

// ReadIMDbPrincipals streams IMDb's title.principals.tsv(.gz) to fn.
func ReadIMDbPrincipals(ctx context.Context, r io.Reader, opts Options, fn func(Principal) error) (Stats, error) {
	return readTSV(ctx, r, principalColumns, opts, func(row tsvRow) (rowOutcome, error) {
		p, err := parseIMDbPrincipal(row)
		if err != nil {
			return rowBad, err
		}
		return rowKept, fn(p)
	})
}

func parseIMDbPrincipal(row tsvRow) (Principal, error) {
	p := Principal{
		TitleID:  row.get("tconst"),
		PersonID: row.get("nconst"),
		Category: row.get("category"),
		Job:      row.get("job"),
	}
	if err := checkID(p.TitleID, "tt"); err != nil {
		return Principal{}, err
	}
	if err := checkID(p.PersonID, "nm"); err != nil {
		return Principal{}, err
	}
	var err error
	if p.Ordering, err = optionalInt(row.get("ordering"), "ordering"); err != nil {
		return Principal{}, err
	}
	if chars := row.get("characters"); chars != "" {
		if err := json.Unmarshal([]byte(chars), &p.Characters); err != nil {
			return Principal{}, fmt.Errorf("characters %.40q is not a JSON list of strings: %w", chars, err)
		}
	}
	return p, nil
}

// ReadIMDbNames streams IMDb's name.basics.tsv(.gz) to fn.
func ReadIMDbNames(ctx context.Context, r io.Reader, opts Options, fn func(Person) error) (Stats, error) {
	return readTSV(ctx, r, nameColumns, opts, func(row tsvRow) (rowOutcome, error) {
		p, err := parseIMDbName(row)
		if err != nil {
			return rowBad, err
		}
		return rowKept, fn(p)
	})
}

func parseIMDbName(row tsvRow) (Person, error) {
	p := Person{
		ID:          row.get("nconst"),
		Name:        row.get("primaryName"),
		Professions: splitList(row.get("primaryProfession")),
		KnownFor:    splitList(row.get("knownForTitles")),
	}
	if err := checkID(p.ID, "nm"); err != nil {
		return Person{}, err
	}
	if p.Name == "" {
		return Person{}, errors.New("empty primaryName")
	}
	var err error
	if p.BirthYear, err = optionalInt(row.get("birthYear"), "birthYear"); err != nil {
		return Person{}, err
	}
	if p.DeathYear, err = optionalInt(row.get("deathYear"), "deathYear"); err != nil {
		return Person{}, err
	}
	return p, nil
}

// checkID accepts IMDb ids: the prefix and at least one digit, digits only.
func checkID(id, prefix string) error {
	digits, ok := strings.CutPrefix(id, prefix)
	if !ok || digits == "" {
		return fmt.Errorf("id %.40q is not an IMDb %s… id", id, prefix)
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return fmt.Errorf("id %.40q is not an IMDb %s… id", id, prefix)
		}
	}
	return nil
}

func optionalInt(s, field string) (int, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("parse %s %.20q: not a non-negative integer", field, s)
	}
	return n, nil
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func typeFilter(types []string) map[string]bool {
	if len(types) == 0 {
		return nil
	}
	m := make(map[string]bool, len(types))
	for _, t := range types {
		m[t] = true
	}
	return m
}
