// Package ingest turns paths into a stream of review Documents. It finds the
// input files (Scan), recognises each file's format, and reads it (Read):
// plain text, Markdown with YAML front matter, HTML pages (through htmldoc),
// RSS/Atom feeds (through feed), JSON, JSON Lines and CSV, optionally
// gzip-compressed.
//
// Outside input is hostile, so every problem with one file or one record is
// reported as a Skip with a reason and the batch goes on; only a cancelled
// context or the caller's own callback error stops a Read.
//
// Reasons have the shape "kind: detail" (or "kind (detail)"), so a caller can
// group them by the part before the first colon.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/marquee-film/marquee/internal/review"
)

// Limits on what one input may cost. Whole-file formats (text, Markdown,
// HTML, feeds, JSON) are held in memory, so a file is skipped when it is
// larger than MaxFileSize. CSV and JSON Lines are streamed record by record
// and may be of any size, but a single record larger than MaxRecordSize is
// skipped.
//
// Gzip input is decompressed on the fly. The record and file limits above
// apply to the decompressed bytes, so a gzip bomb cannot make a record or a
// document large; to keep it from burning CPU on an endless stream of small
// records, the rest of an input is skipped once it decompresses to more
// than MaxDecompressedSize bytes, or, beyond the first ratioGrace bytes, to
// more than MaxCompressionRatio times the compressed bytes read so far.
// Real review dumps compress 3-10x; highly repetitive generated data can
// exceed the ratio and is then refused with a reason that says why.
//
// MaxTextSize bounds the text of one document, whatever it came in: the
// pipeline's work and memory grow with the text (a 20 MB text costs it
// tens of seconds and over a gigabyte), and no review is that long; a
// book-length essay is well under it.
const (
	MaxTextSize         = 2 << 20
	MaxFileSize         = 20 << 20
	MaxRecordSize       = 20 << 20
	MaxDecompressedSize = 4 << 30
	MaxCompressionRatio = 100
	ratioGrace          = 20 << 20
	// sniffSize is how much of the start of an input decides its format
	// and whether it is binary.
	sniffSize = 8 << 10
)

// StdinPath is the Input path that stands for standard input.
const StdinPath = "-"

// Input is one file, or standard input, to read.
type Input struct {
	Path string // StdinPath for standard input
	Size int64  // bytes on disk (compressed size for .gz); 0 when unknown
}

// Skip is an input, or a record inside one, that produced no document.
type Skip struct {
	Source string // path, path with a record fragment, or "-"
	Reason string
}

// Item is one result of Read: exactly one of Doc and Skip is set.
type Item struct {
	Doc  *review.Document
	Skip *Skip
}

// skipError ends the reading of one input early; Read turns it into a Skip
// for the input (or the record named in source) and carries on with the
// batch.
type skipError struct {
	source string
	reason string
}

func (e *skipError) Error() string { return e.source + ": " + e.reason }

func skipf(source, format string, args ...any) error {
	return &skipError{source: source, reason: fmt.Sprintf(format, args...)}
}

// Read reads one input and calls fn for each document or skip in it, in
// input order. stdin is read when in.Path is StdinPath. progress, when not
// nil, is called with the number of input bytes consumed so far (compressed
// bytes for gzip input), for a progress bar.
//
// Read returns only the context's error or an error returned by fn; every
// problem with the input itself is reported to fn as a Skip.
func Read(ctx context.Context, in Input, stdin io.Reader, progress func(done int64), fn func(Item) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var emitted int
	emit := func(it Item) error {
		emitted++
		return fn(it)
	}
	err := readInput(ctx, in, stdin, progress, emit)
	var skip *skipError
	switch {
	case errors.As(err, &skip):
		return fn(Item{Skip: &Skip{Source: skip.source, Reason: skip.reason}})
	case err != nil:
		return err
	case emitted == 0:
		return fn(Item{Skip: &Skip{Source: in.Path, Reason: "no records: the input holds no review"}})
	}
	return nil
}

func readInput(ctx context.Context, in Input, stdin io.Reader, progress func(int64), emit func(Item) error) error {
	var raw io.Reader
	if in.Path == StdinPath {
		if stdin == nil {
			return skipf(in.Path, "unreadable: no standard input")
		}
		raw = stdin
	} else {
		f, err := os.Open(in.Path)
		if err != nil {
			return skipf(in.Path, "unreadable: %v", unwrapPathError(err))
		}
		defer f.Close()
		raw = f
	}
	s, err := openStream(ctx, in, raw, progress)
	if err != nil {
		return err
	}
	return s.dispatch(ctx, emit)
}

// unwrapPathError drops the path that os errors repeat, since the Skip
// already names the source.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// emitDoc hands a finished document to the caller, or a skip when the
// document has no text to analyse or more than MaxTextSize.
func emitDoc(emit func(Item) error, doc review.Document, emptyReason string) error {
	if isBlank(doc.Text) {
		return emit(Item{Skip: &Skip{Source: doc.Source, Reason: emptyReason}})
	}
	if len(doc.Text) > MaxTextSize {
		return emitSkip(emit, doc.Source, "text too long: %d bytes of text, the limit for one review is %d", len(doc.Text), MaxTextSize)
	}
	return emit(Item{Doc: &doc})
}

func emitSkip(emit func(Item) error, source, format string, args ...any) error {
	return emit(Item{Skip: &Skip{Source: source, Reason: fmt.Sprintf(format, args...)}})
}
