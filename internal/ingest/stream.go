package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// stream is an opened input: decompressed, decoded to UTF-8 where a byte
// order mark says how, with its format decided.
type stream struct {
	source  string // Input.Path, the Source of the input's documents
	name    string // file name the format is judged by (".gz" removed); "" for stdin
	dir     string // directory of the input, for side files such as movies.csv; "" for stdin
	size    int64
	gzipped bool
	r       *bufio.Reader
	format  format
}

type format int

const (
	formatUnknown format = iota
	formatText
	formatMarkdown
	formatHTML
	formatFeed
	formatJSON
	formatJSONL
	formatCSV
)

func (f format) String() string {
	switch f {
	case formatText:
		return "text"
	case formatMarkdown:
		return "Markdown"
	case formatHTML:
		return "HTML"
	case formatFeed:
		return "feed"
	case formatJSON:
		return "JSON"
	case formatJSONL:
		return "JSON Lines"
	case formatCSV:
		return "CSV"
	}
	return "unknown"
}

const bufferSize = 64 << 10

// openStream peels transport layers off raw (gzip, byte order marks),
// refuses binary and empty input, and decides the format.
func openStream(ctx context.Context, in Input, raw io.Reader, progress func(int64)) (*stream, error) {
	s := &stream{source: in.Path, size: in.Size}
	if in.Path != StdinPath {
		s.name = filepath.Base(in.Path)
		s.dir = filepath.Dir(in.Path)
	}
	counter := &countingReader{ctx: ctx, r: raw, progress: progress}
	s.r = bufio.NewReaderSize(counter, bufferSize)
	head, err := s.peek(ctx)
	if err != nil {
		return nil, err
	}

	if bytes.HasPrefix(head, gzipMagic) {
		zr, err := gzip.NewReader(s.r)
		if err != nil {
			return nil, s.readFailure(ctx, err)
		}
		s.gzipped = true
		s.name = trimGzipSuffix(s.name)
		s.r = bufio.NewReaderSize(&bombGuard{r: zr, compressed: counter}, bufferSize)
		if head, err = s.peek(ctx); err != nil {
			return nil, err
		}
	}

	switch {
	case bytes.HasPrefix(head, utf8BOM):
		_, _ = s.r.Discard(len(utf8BOM))
	case bytes.HasPrefix(head, utf16LEBOM), bytes.HasPrefix(head, utf16BEBOM):
		var order binary.ByteOrder = binary.LittleEndian
		if bytes.HasPrefix(head, utf16BEBOM) {
			order = binary.BigEndian
		}
		_, _ = s.r.Discard(2)
		s.r = bufio.NewReaderSize(&utf16Reader{r: s.r, order: order}, bufferSize)
	default:
		// Windows tools write UTF-16 without a byte order mark too; read
		// that way, it would be "binary" for its NUL bytes.
		if order := utf16Order(head); order != nil {
			s.r = bufio.NewReaderSize(&utf16Reader{r: s.r, order: order}, bufferSize)
		}
	}
	if head, err = s.peek(ctx); err != nil {
		return nil, err
	}

	if len(head) == 0 {
		return nil, skipf(s.source, "empty file")
	}
	if len(head) < sniffSize && isBlank(string(head)) {
		return nil, skipf(s.source, "empty file: whitespace only")
	}
	if why := binaryReason(head, s.gzipped); why != "" {
		return nil, skipf(s.source, "binary file (%s)", why)
	}
	s.format, err = detectFormat(s.source, s.name, head)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// peek returns the first sniffSize bytes of the stream (fewer for a short
// input) without consuming them.
func (s *stream) peek(ctx context.Context) ([]byte, error) {
	head, err := s.r.Peek(sniffSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, s.readFailure(ctx, err)
	}
	return head, nil
}

// readFailure turns an error from reading the input into what Read should
// return: the context's error when the batch was cancelled, otherwise a
// skip of the rest of the input.
func (s *stream) readFailure(ctx context.Context, err error) error {
	return readFailure(ctx, s.source, err)
}

func readFailure(ctx context.Context, source string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	var skip *skipError
	if errors.As(err, &skip) {
		return err
	}
	var bomb *bombError
	if errors.As(err, &bomb) {
		return skipf(source, "%s; rest of input skipped", bomb.Error())
	}
	if errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) || errors.Is(err, io.ErrUnexpectedEOF) {
		return skipf(source, "corrupt gzip data: %v", err)
	}
	return skipf(source, "read error: %v", unwrapPathError(err))
}

var (
	gzipMagic  = []byte{0x1f, 0x8b}
	utf8BOM    = []byte{0xef, 0xbb, 0xbf}
	utf16LEBOM = []byte{0xff, 0xfe}
	utf16BEBOM = []byte{0xfe, 0xff}
)

func trimGzipSuffix(name string) string {
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, ".gz"):
		return name[:len(name)-len(".gz")]
	case strings.HasSuffix(lower, ".tgz"):
		return name[:len(name)-len(".tgz")] + ".tar"
	}
	return name
}

// binaryMagic lists the signatures of common non-text files that people
// drop into review folders, so the skip reason can say what the file is.
var binaryMagic = []struct {
	prefix string
	kind   string
}{
	{"\x1f\x8b", "gzip data"},
	{"PK\x03\x04", "zip archive"},
	{"PK\x05\x06", "zip archive"},
	{"PK\x07\x08", "zip archive"},
	{"\x89PNG\r\n\x1a\n", "PNG image"},
	{"\xff\xd8\xff", "JPEG image"},
	{"GIF87a", "GIF image"},
	{"GIF89a", "GIF image"},
	{"%PDF-", "PDF document"},
	{"\x7fELF", "ELF executable"},
	{"\xfd7zXZ\x00", "xz data"},
	{"\x28\xb5\x2f\xfd", "zstd data"},
	{"7z\xbc\xaf\x27\x1c", "7-zip archive"},
}

// maxControlShare is the share of control bytes above which text is taken
// for binary: real text has tabs and newlines, not bells and backspaces.
const maxControlShare = 0.10

// binaryReason says why head looks like the start of a binary file, or ""
// when it looks like text.
func binaryReason(head []byte, gzipped bool) string {
	for _, m := range binaryMagic {
		if bytes.HasPrefix(head, []byte(m.prefix)) {
			if m.kind == "gzip data" && gzipped {
				return "gzip inside gzip"
			}
			return m.kind
		}
	}
	if bytes.HasPrefix(head, []byte("BZh")) && len(head) >= 10 && string(head[4:10]) == "1AY&SY" {
		return "bzip2 data"
	}
	if i := bytes.IndexByte(head, 0); i >= 0 {
		return fmt.Sprintf("NUL byte at offset %d", i)
	}
	control := 0
	for _, b := range head {
		if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != '\v' && b != 0x1b) || b == 0x7f {
			control++
		}
	}
	if share := float64(control) / float64(len(head)); share > maxControlShare {
		return fmt.Sprintf("%.0f%% control bytes in the first %d bytes", share*100, len(head))
	}
	return ""
}

// detectFormat decides the format from the file name's extension and, where
// the extension leaves room, from the content. Standard input and files
// without an extension get their format from the content alone.
func detectFormat(source, name string, head []byte) (format, error) {
	sniffed := sniffFormat(head)
	ext := strings.ToLower(filepath.Ext(name))
	if source == StdinPath || ext == "" {
		// Without a name to go by, the content decides; what looks like
		// no structured format is text.
		return sniffed, nil
	}
	switch ext {
	case ".md", ".markdown", ".mdown", ".mkd":
		return formatMarkdown, nil
	case ".html", ".htm", ".xhtml":
		return formatHTML, nil
	case ".xml", ".rss", ".atom":
		return formatFeed, nil
	case ".jsonl", ".ndjson":
		return formatJSONL, nil
	case ".json":
		return formatJSON, nil
	case ".csv":
		return formatCSV, nil
	}
	// A saved page or feed keeps its markup whatever the file is called.
	if sniffed == formatHTML || sniffed == formatFeed {
		return sniffed, nil
	}
	switch ext {
	case ".txt", ".text":
		return formatText, nil
	}
	return formatUnknown, skipf(source, "unsupported format: extension %s is not a review format", ext)
}

// sniffFormat guesses the format from the first bytes alone.
func sniffFormat(head []byte) format {
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	lower := bytes.ToLower(trimmed[:min(len(trimmed), 512)])
	switch {
	case bytes.HasPrefix(lower, []byte("<!doctype html")), bytes.HasPrefix(lower, []byte("<html")):
		return formatHTML
	case bytes.HasPrefix(lower, []byte("<rss")), bytes.HasPrefix(lower, []byte("<feed")), bytes.HasPrefix(lower, []byte("<rdf:rdf")):
		return formatFeed
	case bytes.HasPrefix(lower, []byte("<?xml")):
		all := bytes.ToLower(trimmed)
		if bytes.Contains(all, []byte("<rss")) || bytes.Contains(all, []byte("<feed")) || bytes.Contains(all, []byte("<rdf:rdf")) {
			return formatFeed
		}
		if bytes.Contains(all, []byte("<html")) {
			return formatHTML
		}
		return formatText
	case bytes.HasPrefix(trimmed, []byte("[")):
		return formatJSON
	case bytes.HasPrefix(trimmed, []byte("{")):
		line, _, complete := bytes.Cut(trimmed, []byte("\n"))
		if complete || len(trimmed) < sniffSize {
			if looksLikeJSONObject(line) {
				return formatJSONL
			}
		}
		return formatJSON
	case hasFrontMatter(head):
		return formatMarkdown
	case looksLikeCSVHeader(head):
		return formatCSV
	}
	return formatText
}

// countingReader counts the bytes read from the input for progress reports
// and the gzip ratio check, and stops reading once the context is done.
type countingReader struct {
	ctx      context.Context
	r        io.Reader
	n        int64
	progress func(int64)
}

func (c *countingReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	if n > 0 && c.progress != nil {
		c.progress(c.n)
	}
	return n, err
}

// bombGuard stops decompression that produces implausibly much data; see
// MaxDecompressedSize and MaxCompressionRatio.
type bombGuard struct {
	r          io.Reader
	compressed *countingReader
	n          int64
}

type bombError struct {
	decompressed, compressed int64
	ratio                    bool
}

func (e *bombError) Error() string {
	if e.ratio {
		return fmt.Sprintf("gzip bomb suspected: %d compressed bytes expanded to %d (more than %dx)", e.compressed, e.decompressed, MaxCompressionRatio)
	}
	return fmt.Sprintf("gzip data too large: expanded to more than %d bytes", int64(MaxDecompressedSize))
}

func (g *bombGuard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	g.n += int64(n)
	if g.n > MaxDecompressedSize {
		return n, &bombError{decompressed: g.n, compressed: g.compressed.n}
	}
	if g.n > ratioGrace && g.n > MaxCompressionRatio*g.compressed.n {
		return n, &bombError{decompressed: g.n, compressed: g.compressed.n, ratio: true}
	}
	return n, err
}

// utf16Order recognises UTF-16 without a byte order mark by the NUL byte
// that every character up to U+00FF leaves in its code unit: when nearly
// every unit has a NUL in the same half and a letter in the other, the text
// is Latin-script UTF-16 of that byte order. Other text (UTF-16 of other
// scripts, UTF-32, binary data) does not have the pattern and is left to
// the binary check.
func utf16Order(head []byte) binary.ByteOrder {
	units := len(head) / 2
	if units < 4 {
		return nil
	}
	var le, be int
	for i := 0; i+1 < len(head); i += 2 {
		switch {
		case head[i] != 0 && head[i+1] == 0:
			le++
		case head[i] == 0 && head[i+1] != 0:
			be++
		}
	}
	switch {
	case le*10 >= units*9 && be*20 <= units:
		return binary.LittleEndian
	case be*10 >= units*9 && le*20 <= units:
		return binary.BigEndian
	}
	return nil
}

// utf16Reader decodes UTF-16 (after its byte order mark) to UTF-8,
// replacing unpaired surrogates and a dangling odd byte with U+FFFD.
type utf16Reader struct {
	r     io.Reader
	order binary.ByteOrder
	in    []byte // undecoded bytes carried over between reads
	out   []byte // decoded bytes not yet returned
	chunk [4096]byte
	err   error
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.out) == 0 {
		if u.err != nil {
			if len(u.in) > 0 {
				u.out = utf8.AppendRune(u.out[:0], utf8.RuneError)
				u.in = u.in[:0]
				break
			}
			return 0, u.err
		}
		n, err := u.r.Read(u.chunk[:])
		u.in = append(u.in, u.chunk[:n]...)
		u.err = err
		u.decode()
	}
	n := copy(p, u.out)
	u.out = u.out[n:]
	return n, nil
}

func (u *utf16Reader) decode() {
	out := u.out[:0]
	i := 0
	for i+1 < len(u.in) {
		c := rune(u.order.Uint16(u.in[i:]))
		switch {
		case c >= 0xd800 && c < 0xdc00: // high surrogate: needs its pair
			if i+3 >= len(u.in) {
				if u.err == nil {
					u.in = append(u.in[:0], u.in[i:]...)
					u.out = out
					return
				}
				out = utf8.AppendRune(out, utf8.RuneError)
				i += 2
				continue
			}
			r := utf16.DecodeRune(c, rune(u.order.Uint16(u.in[i+2:])))
			if r == utf8.RuneError {
				out = utf8.AppendRune(out, utf8.RuneError)
				i += 2 // the second unit is decoded on its own
				continue
			}
			out = utf8.AppendRune(out, r)
			i += 4
		case c >= 0xdc00 && c < 0xe000: // unpaired low surrogate
			out = utf8.AppendRune(out, utf8.RuneError)
			i += 2
		default:
			out = utf8.AppendRune(out, c)
			i += 2
		}
	}
	u.in = append(u.in[:0], u.in[i:]...)
	u.out = out
}
