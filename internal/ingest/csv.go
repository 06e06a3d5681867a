package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/marquee-film/marquee/internal/review"
)

// CSV is read with a record splitter of our own rather than encoding/csv,
// for two reasons: encoding/csv holds a whole record in memory however long
// it is, and after an unbalanced quote it swallows the rest of the file into
// one field. Here a record is assembled from physical lines while its quote
// count is odd, is capped at MaxRecordSize, and when it turns out malformed
// only its first line is dropped and the following lines are read again, so
// one stray quote costs one row, not the file.

// csvRecord is one logical record, or the reason it could not be read.
type csvRecord struct {
	fields  []string // substrings of one string holding the record
	line    int      // physical line the record starts on
	problem string   // set when the record is skipped
}

// csvLine is a physical line kept for reading again; its text is owned.
type csvLine struct {
	text   []byte
	quotes int
	num    int
	offset int64
}

type csvReader struct {
	lines   *lineReader
	pending []csvLine // lines to read again after a malformed record
	record  []byte    // the record being assembled, reused
	starts  []int     // where each of its lines starts in record
	meta    []csvLine // its lines' numbers and offsets (text unset)
}

func newCSVReader(r *bufio.Reader) *csvReader {
	return &csvReader{lines: &lineReader{r: r, limit: MaxRecordSize}}
}

// nextLine returns the next physical line; text is valid until the next
// call.
func (c *csvReader) nextLine() (csvLine, bool, error) {
	if len(c.pending) > 0 {
		l := c.pending[0]
		c.pending = c.pending[1:]
		return l, false, nil
	}
	pl, err := c.lines.Next(true)
	if err != nil {
		return csvLine{}, false, err
	}
	return csvLine{text: pl.text, quotes: pl.quotes, num: c.lines.line, offset: c.lines.offset}, pl.tooLong, nil
}

// requeue puts the lines of the current record after its first back in
// front of the input, to be read again.
func (c *csvReader) requeue() {
	if len(c.meta) < 2 {
		return
	}
	again := make([]csvLine, 0, len(c.meta)-1+len(c.pending))
	for i := 1; i < len(c.meta); i++ {
		end := len(c.record)
		if i+1 < len(c.starts) {
			end = c.starts[i+1] - 1 // before the joining LF
		}
		l := c.meta[i]
		l.text = bytes.Clone(c.record[c.starts[i]:end])
		if l.text == nil {
			l.text = []byte{}
		}
		again = append(again, l)
	}
	c.pending = append(again, c.pending...)
}

// next returns the next record, skipping empty lines; io.EOF at the end.
// Any other error is a read error that ends the input.
func (c *csvReader) next() (csvRecord, error) {
	c.record, c.starts, c.meta = c.record[:0], c.starts[:0], c.meta[:0]
	var (
		start    int
		quotes   int
		tooLarge bool
	)
	for {
		l, tooLong, err := c.nextLine()
		if errors.Is(err, io.EOF) {
			switch {
			case start == 0:
				return csvRecord{}, io.EOF
			case tooLarge:
				return csvRecord{line: start, problem: fmt.Sprintf("unbalanced quote: the quoted field opened on line %d never closes; lines %d to the end skipped", start, start)}, nil
			}
			c.requeue()
			return csvRecord{line: start, problem: fmt.Sprintf("unbalanced quote: the quoted field opened on line %d never closes", start)}, nil
		}
		if err != nil {
			return csvRecord{}, err
		}
		if start == 0 {
			if !tooLong && len(l.text) == 0 {
				continue // empty line between records, as in encoding/csv
			}
			start = l.num
		}
		quotes += l.quotes
		switch {
		case tooLarge:
		case tooLong || len(c.record)+len(l.text) > MaxRecordSize:
			tooLarge = true
		default:
			if len(c.meta) > 0 {
				c.record = append(c.record, '\n')
			}
			c.starts = append(c.starts, len(c.record))
			c.record = append(c.record, l.text...)
			c.meta = append(c.meta, csvLine{num: l.num, offset: l.offset, quotes: l.quotes})
		}
		if quotes%2 == 0 {
			break
		}
	}
	if tooLarge {
		return csvRecord{line: start, problem: fmt.Sprintf("record too large: the record on line %d is longer than %d bytes", start, MaxRecordSize)}, nil
	}
	if err := checkUTF8(c.record); err != nil {
		return csvRecord{line: start, problem: fmt.Sprintf("%v of the record on line %d (file offset %d)", err, start, c.meta[0].offset)}, nil
	}
	fields, err := splitCSVRecord(string(c.record))
	if err != nil {
		// A stray quote made this record run on into the lines after it:
		// drop the first line only and read the others again.
		c.requeue()
		return csvRecord{line: start, problem: fmt.Sprintf("malformed CSV on line %d: %v", start, err)}, nil
	}
	return csvRecord{fields: fields, line: start}, nil
}

// splitCSVRecord splits one RFC 4180 record (quotes doubled inside quoted
// fields; newlines inside them already joined with LF).
func splitCSVRecord(s string) ([]string, error) {
	var fields []string
	for i := 0; ; {
		if i < len(s) && s[i] == '"' {
			j := i + 1
			if k := strings.IndexByte(s[j:], '"'); k >= 0 && (j+k+1 == len(s) || s[j+k+1] != '"') {
				// No doubled quote: the field is a substring, no copy.
				fields = append(fields, s[j:j+k])
				j += k + 1
				if j == len(s) {
					return fields, nil
				}
				if s[j] != ',' {
					return nil, fmt.Errorf("field %d: text after the closing quote", len(fields))
				}
				i = j + 1
				continue
			}
			// Find the closing quote past the doubled ones, then undouble
			// them in one allocation.
			begin := j
			for {
				k := strings.IndexByte(s[j:], '"')
				if k < 0 {
					return nil, fmt.Errorf("field %d: quoted field never closes", len(fields)+1)
				}
				j += k + 1
				if j < len(s) && s[j] == '"' {
					j++
					continue
				}
				break
			}
			fields = append(fields, strings.ReplaceAll(s[begin:j-1], `""`, `"`))
			if j == len(s) {
				return fields, nil
			}
			if s[j] != ',' {
				return nil, fmt.Errorf("field %d: text after the closing quote", len(fields))
			}
			i = j + 1
			continue
		}
		k := strings.IndexByte(s[i:], ',')
		f := s[i:]
		if k >= 0 {
			f = s[i : i+k]
		}
		if strings.IndexByte(f, '"') >= 0 {
			return nil, fmt.Errorf("field %d: quote inside an unquoted field", len(fields)+1)
		}
		fields = append(fields, f)
		if k < 0 {
			return fields, nil
		}
		i += k + 1
	}
}

// csvLayout says how a CSV's columns become Document fields.
type csvLayout int

const (
	layoutGeneric csvLayout = iota
	layoutRottenTomatoes
	layoutIMDb
)

func detectCSVLayout(columns map[string]int) csvLayout {
	has := func(names ...string) bool {
		for _, n := range names {
			if _, ok := columns[n]; !ok {
				return false
			}
		}
		return true
	}
	switch {
	case has("reviewid", "movieid", "quote"):
		return layoutRottenTomatoes
	case has("split", "label", "id", "rating", "url", "text"):
		return layoutIMDb
	}
	return layoutGeneric
}

// looksLikeCSVHeader reports whether the first line of head is a CSV header
// with a review text column; standard input is recognised as CSV by it.
func looksLikeCSVHeader(head []byte) bool {
	line, _, _ := strings.Cut(string(head), "\n")
	fields, err := splitCSVRecord(strings.TrimSuffix(line, "\r"))
	if err != nil || len(fields) < 2 {
		return false
	}
	for _, f := range fields {
		if fr, ok := fieldKinds[normalizeKey(f)]; ok && (fr.kind == kindText || fr.kind == kindMarkdownText) {
			return true
		}
	}
	return false
}

// readCSV reads a CSV file with a header row, one document per row.
func readCSV(ctx context.Context, r *bufio.Reader, source, dir string, emit func(Item) error) error {
	records := newCSVReader(r)
	header, err := records.next()
	if errors.Is(err, io.EOF) {
		return skipf(source, "empty file: no CSV header")
	}
	if err != nil {
		return readFailure(ctx, source, err)
	}
	if header.problem != "" {
		return skipf(source, "malformed CSV header: %s", header.problem)
	}
	columns := make(map[string]int, len(header.fields))
	hasText := false
	for i, name := range header.fields {
		key := normalizeKey(name)
		if _, dup := columns[key]; !dup {
			columns[key] = i
		}
		if fr, ok := fieldKinds[key]; ok && (fr.kind == kindText || fr.kind == kindMarkdownText) {
			hasText = true
		}
	}
	if !hasText {
		return skipf(source, "no review text column: the CSV header has %s", listColumns(header.fields))
	}
	layout := detectCSVLayout(columns)
	var films map[string]rtFilm
	if layout == layoutRottenTomatoes && dir != "" {
		var moviesPath string
		films, moviesPath, err = loadRTFilms(ctx, dir)
		if err != nil {
			if ctxErr := ctx.Err(); ctxErr != nil {
				return ctxErr
			}
			if err := emitSkip(emit, moviesPath, "film titles not joined: %v", err); err != nil {
				return err
			}
		}
	}

	for row := 1; ; row++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec, err := records.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return readFailure(ctx, source, fmt.Errorf("after line %d: %w", records.lines.line, err))
		}
		rowSource := fmt.Sprintf("%s#row=%d", source, row)
		if rec.problem != "" {
			if err := emitSkip(emit, rowSource, "%s", rec.problem); err != nil {
				return err
			}
			continue
		}
		if len(rec.fields) != len(header.fields) {
			if err := emitSkip(emit, rowSource, "ragged row: line %d has %d fields, the header has %d", rec.line, len(rec.fields), len(header.fields)); err != nil {
				return err
			}
			continue
		}
		doc := review.Document{Source: rowSource, Format: review.FormatCSV}
		emptyReason := "empty text"
		switch layout {
		case layoutRottenTomatoes:
			rtDocument(&doc, header.fields, rec.fields, films)
			emptyReason = "empty quote"
		case layoutIMDb:
			imdbDocument(&doc, rec.fields, columns)
		default:
			fields := make([]field, len(rec.fields))
			for i, v := range rec.fields {
				fields[i] = field{key: header.fields[i], value: v}
			}
			applyFields(&doc, fields)
		}
		if err := emitDoc(emit, doc, emptyReason); err != nil {
			return err
		}
	}
}

// listColumns names a header's columns for a skip reason, the first few
// when there are many.
func listColumns(names []string) string {
	const shown = 12
	if len(names) <= shown {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:shown], ", "), len(names)-shown)
}

// rtDocument maps a row of Rotten Tomatoes' critic review export. The
// generic names cover most columns (quote, criticName, publicationName,
// creationDate, originalScore, reviewUrl, reviewState); the ids get names
// of their own, and the film comes from movies.csv.
func rtDocument(doc *review.Document, names, values []string, films map[string]rtFilm) {
	fields := make([]field, 0, len(values))
	for i, v := range values {
		switch normalizeKey(names[i]) {
		case "movieid":
			if v = strings.TrimSpace(v); v != "" {
				setFilmID(doc, "rt", v)
				if film, ok := films[v]; ok {
					doc.FilmTitle, doc.FilmYear = film.title, film.year
				}
			}
		case "reviewid":
			setExtra(doc, "review_id", v)
		default:
			fields = append(fields, field{key: names[i], value: v})
		}
	}
	applyFields(doc, fields)
}

var (
	imdbTitleID = regexp.MustCompile(`\btt\d{5,}\b`)
)

// imdbDocument maps a row of the IMDB Large Movie Review layout
// (split,label,id,rating,url,text): user reviews rated 1-10 whose text keeps
// the original <br /> line breaks, and whose url is the film's page.
func imdbDocument(doc *review.Document, values []string, columns map[string]int) {
	get := func(name string) string { return strings.TrimSpace(values[columns[name]]) }
	doc.Text = strings.TrimSpace(normalizeNewlines(replaceBreaks(values[columns["text"]])))
	if rating := get("rating"); rating != "" {
		doc.RatingRaw = rating + "/10"
	}
	if id := imdbTitleID.FindString(get("url")); id != "" {
		setFilmID(doc, "imdb", id)
	}
	for _, name := range []string{"split", "label", "id"} {
		setExtra(doc, name, get(name))
	}
	setExtra(doc, "film_url", get("url"))
}

// replaceBreaks turns <br>, <br/>, <BR /> and the like into newlines.
func replaceBreaks(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		s = s[i:]
		if n := breakTagLen(s); n > 0 {
			b.WriteByte('\n')
			s = s[n:]
		} else {
			b.WriteByte('<')
			s = s[1:]
		}
	}
}

// breakTagLen returns the length of the <br> tag s starts with, or 0.
func breakTagLen(s string) int {
	if len(s) < 4 || !strings.EqualFold(s[:3], "<br") {
		return 0
	}
	i := 3
	for i < len(s) && isSpaceByte(s[i]) {
		i++
	}
	if i < len(s) && s[i] == '/' {
		i++
	}
	for i < len(s) && isSpaceByte(s[i]) {
		i++
	}
	if i < len(s) && s[i] == '>' {
		return i + 1
	}
	return 0
}

type rtFilm struct {
	title string
	year  int
}

// loadRTFilms reads the movies.csv that Rotten Tomatoes exports ship next
// to critic_reviews.csv (movieId, movieTitle, movieYear). No such file is
// no error: the reviews then carry no film title.
func loadRTFilms(ctx context.Context, dir string) (map[string]rtFilm, string, error) {
	var path string
	var f *os.File
	for _, name := range []string{"movies.csv", "movies.csv.gz"} {
		path = filepath.Join(dir, name)
		var err error
		if f, err = os.Open(path); err == nil {
			break
		}
		if !errors.Is(err, os.ErrNotExist) {
			return nil, path, unwrapPathError(err)
		}
	}
	if f == nil {
		return nil, path, nil
	}
	defer f.Close()
	s, err := openStream(ctx, Input{Path: path}, f, nil)
	if err != nil {
		return nil, path, reasonOf(err)
	}
	records := newCSVReader(s.r)
	header, err := records.next()
	if err != nil || header.problem != "" {
		return nil, path, errors.New("no CSV header")
	}
	columns := make(map[string]int)
	for i, name := range header.fields {
		columns[normalizeKey(name)] = i
	}
	idCol, okID := columns["movieid"]
	titleCol, okTitle := columns["movietitle"]
	yearCol, okYear := columns["movieyear"]
	if !okID || !okTitle {
		return nil, path, errors.New("no movieId and movieTitle columns")
	}
	films := make(map[string]rtFilm)
	for {
		if err := ctx.Err(); err != nil {
			return nil, path, err
		}
		rec, err := records.next()
		if errors.Is(err, io.EOF) {
			return films, path, nil
		}
		if err != nil {
			return films, path, fmt.Errorf("read error after line %d: %w", records.lines.line, err)
		}
		if rec.problem != "" || len(rec.fields) != len(header.fields) {
			continue
		}
		film := rtFilm{title: collapseSpace(rec.fields[titleCol])}
		if okYear {
			film.year, _ = parseYear(rec.fields[yearCol])
		}
		if id := strings.TrimSpace(rec.fields[idCol]); id != "" && film.title != "" && utf8.ValidString(film.title) {
			films[id] = film
		}
	}
}

// reasonOf gives the reason of a skip error, for reporting it in another
// skip.
func reasonOf(err error) error {
	var skip *skipError
	if errors.As(err, &skip) {
		return errors.New(skip.reason)
	}
	return err
}
