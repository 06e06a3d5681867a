package ingest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/marquee-film/marquee/internal/ingest/feed"
	"github.com/marquee-film/marquee/internal/ingest/htmldoc"
	"github.com/marquee-film/marquee/internal/review"
)

// dispatch reads the stream in its format: CSV and JSON Lines record by
// record, everything else as one in-memory file.
func (s *stream) dispatch(ctx context.Context, emit func(Item) error) error {
	switch s.format {
	case formatCSV:
		return readCSV(ctx, s.r, s.source, s.dir, emit)
	case formatJSONL:
		return readJSONL(ctx, s.r, s.source, emit)
	}
	if !s.gzipped && s.size > MaxFileSize {
		return skipf(s.source, "too large: %d bytes, the limit for %s files is %d", s.size, s.format, MaxFileSize)
	}
	data, err := io.ReadAll(io.LimitReader(s.r, MaxFileSize+1))
	if err != nil {
		return s.readFailure(ctx, err)
	}
	if len(data) > MaxFileSize {
		return skipf(s.source, "too large: more than %d bytes, the limit for %s files", MaxFileSize, s.format)
	}

	switch s.format {
	case formatHTML:
		// Pages declare their own charset, so the bytes go to the HTML
		// parser undecoded.
		doc, err := parseHTML(data, s.source)
		if err != nil {
			return skipf(s.source, "html: %v", err)
		}
		fillDefaults(&doc, s.source, review.FormatHTML)
		return emitDoc(emit, doc, "no review text: the page has no main text")
	case formatFeed:
		res, err := parseFeed(data, s.source)
		if err != nil {
			return skipf(s.source, "feed: %v", err)
		}
		// Items without text are reported one by one; the others go on.
		for _, bad := range res.Skipped {
			if err := emit(Item{Skip: &Skip{Source: bad.Source, Reason: fmt.Sprintf("no review text: %v", bad.Err)}}); err != nil {
				return err
			}
		}
		docs := res.Documents
		for i := range docs {
			fillDefaults(&docs[i], fmt.Sprintf("%s#item=%d", s.source, i+1), review.FormatFeed)
			if err := emitDoc(emit, docs[i], "no review text: the feed item has no content"); err != nil {
				return err
			}
		}
		if len(docs) == 0 {
			return skipf(s.source, "no records: the feed has no items")
		}
		return nil
	}

	if err := checkUTF8(data); err != nil {
		return skipf(s.source, "%v", err)
	}
	switch s.format {
	case formatText:
		doc := review.Document{Source: s.source, Format: review.FormatText, Text: normalizeNewlines(string(data))}
		return emitDoc(emit, doc, "empty file: whitespace only")
	case formatMarkdown:
		doc, err := parseMarkdown(data, s.source)
		if err != nil {
			return skipf(s.source, "%v", err)
		}
		return emitDoc(emit, doc, "no review text: the Markdown body is empty")
	case formatJSON:
		return readJSON(ctx, data, s.source, emit)
	}
	return skipf(s.source, "unsupported format")
}

// fillDefaults sets what a sub-parser may have left out.
func fillDefaults(doc *review.Document, source string, f review.Format) {
	if doc.Source == "" {
		doc.Source = source
	}
	if doc.Format == "" {
		doc.Format = f
	}
}

// parseHTML and parseFeed shield the batch from panics in the page and feed
// parsers, which run third-party code on hostile markup.
func parseHTML(data []byte, source string) (doc review.Document, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("parser panic: %v", p)
		}
	}()
	return htmldoc.Parse(bytes.NewReader(data), source)
}

func parseFeed(data []byte, source string) (res feed.Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("parser panic: %v", p)
		}
	}()
	return feed.ParseItems(bytes.NewReader(data), source)
}

// checkUTF8 reports the first invalid UTF-8 sequence with its byte offset.
func checkUTF8(data []byte) error {
	if utf8.Valid(data) {
		return nil
	}
	off := 0
	for off < len(data) {
		r, size := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && size <= 1 {
			return fmt.Errorf("invalid UTF-8 at byte offset %d (byte 0x%02x)", off, data[off])
		}
		off += size
	}
	return nil
}

// normalizeNewlines turns CRLF and lone CR line ends into LF.
func normalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }
