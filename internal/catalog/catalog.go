// Package catalog reads film catalogues — the IMDb non-commercial datasets
// and the TMDB 5000 movies CSV — as streams of records for the caller to
// store. Readers never hold a whole file: each record goes to a callback as
// soon as it is parsed. A malformed row is reported and skipped; only an
// unreadable stream, a missing header or an error from the callback stops a
// read.
package catalog

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Title is one film (or other title) of a catalogue.
type Title struct {
	// ID is the catalogue-qualified id: "imdb:tt0000001" or "tmdb:19995".
	ID     string
	IMDbID string // "tt…", when the catalogue states it
	TMDBID int    // when the catalogue is TMDB
	// Type is IMDb's titleType (movie, tvMovie, short, video, …); TMDB
	// titles are "movie".
	Type          string
	Title         string
	OriginalTitle string
	Adult         bool
	Year          int // 0 when unknown
	EndYear       int // series only; 0 when unknown
	// ReleaseDate is TMDB's release date (YYYY-MM-DD), empty when unknown.
	ReleaseDate      string
	RuntimeMinutes   int // 0 when unknown
	Genres           []string
	OriginalLanguage string // ISO 639-1, TMDB only
}

// Principal is one row of IMDb's title.principals: a person's credit on a
// title.
type Principal struct {
	TitleID    string // tconst
	Ordering   int
	PersonID   string // nconst
	Category   string // actor, actress, director, writer, cinematographer, …
	Job        string // free text, empty when absent
	Characters []string
}

// Person is one row of IMDb's name.basics.
type Person struct {
	ID          string // nconst
	Name        string
	BirthYear   int // 0 when unknown
	DeathYear   int // 0 when unknown or alive
	Professions []string
	KnownFor    []string // tconsts
}

// Options tune a read. The zero value keeps every row and skips bad rows
// silently (they are still counted in Stats.Bad).
type Options struct {
	// TitleTypes, when not empty, keeps only titles of these IMDb
	// titleTypes; the others are counted in Stats.Filtered. FilmTypes is
	// the usual choice.
	TitleTypes []string
	// OnBadRow, when set, is told about each malformed row. Returning an
	// error stops the read with that error.
	OnBadRow func(*RowError) error
}

// FilmTypes are the IMDb titleTypes that are films.
var FilmTypes = []string{"movie", "tvMovie", "short", "video"}

// Stats count what a read saw.
type Stats struct {
	Rows     int // data rows read (header excluded)
	Kept     int // rows passed to the callback
	Filtered int // rows dropped by Options.TitleTypes
	Bad      int // malformed rows skipped
}

// RowError is a malformed row: its 1-based line number in the
// (decompressed) file, counting the header as line 1, and why.
type RowError struct {
	Line int
	Err  error
}

func (e *RowError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *RowError) Unwrap() error { return e.Err }

// maxLineBytes bounds one row. Real rows are far shorter (IMDb's longest
// are a few kilobytes); a longer line is reported as a bad row and skipped
// without being held in memory.
const maxLineBytes = 1 << 20

// ctxCheckEvery is how many rows pass between checks of the context.
const ctxCheckEvery = 4096

var errLineTooLong = errors.New("line longer than 1 MiB")

// decompressed returns r, transparently gunzipped when it starts with the
// gzip magic number.
func decompressed(r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	magic, err := br.Peek(2)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("sniff gzip header: %w", err)
	}
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("open gzip stream: %w", err)
		}
		return gzipErrors{zr}, nil
	}
	return br, nil
}

// gzipErrors says that a read error came from decompression, which the
// bare "unexpected EOF" of a truncated archive does not.
type gzipErrors struct{ r io.Reader }

func (g gzipErrors) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("decompress gzip: %w", err)
	}
	return n, err
}

// lineReader yields lines without their terminator, bounded in length.
type lineReader struct {
	br   *bufio.Reader
	line int
	buf  []byte
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, 64<<10)}
}

// next returns the next line. A line over maxLineBytes is consumed and
// returned as errLineTooLong; io.EOF ends the stream; other errors are the
// reader's.
func (lr *lineReader) next() ([]byte, error) {
	lr.buf = lr.buf[:0]
	tooLong := false
	for {
		chunk, err := lr.br.ReadSlice('\n')
		if !tooLong {
			if len(lr.buf)+len(chunk) > maxLineBytes+2 {
				tooLong = true
				lr.buf = lr.buf[:0]
			} else {
				lr.buf = append(lr.buf, chunk...)
			}
		}
		switch {
		case err == nil:
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if len(lr.buf) == 0 && len(chunk) == 0 && !tooLong {
				return nil, io.EOF
			}
		default:
			return nil, err
		}
		lr.line++
		if tooLong {
			return nil, errLineTooLong
		}
		return bytes.TrimRight(lr.buf, "\r\n"), nil
	}
}

// validText turns a field into a string, replacing bytes that are not UTF-8
// so that stored text is always valid.
func validText(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}
