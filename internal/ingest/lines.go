package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// lineReader reads lines of at most limit bytes. Unlike bufio.Scanner it
// survives a longer line: it consumes and drops it, counting only its
// quotes (which CSV needs to stay in step), and reports it as too long.
type lineReader struct {
	r      *bufio.Reader
	limit  int
	line   int   // number of the line last returned, from 1
	offset int64 // byte offset of the line last returned
	next   int64 // byte offset of the line after it
	buf    []byte
}

// physicalLine is one line of input, without its LF or CRLF end.
type physicalLine struct {
	// text is valid until the next call of Next; nil when tooLong.
	text    []byte
	tooLong bool
	quotes  int // number of '"' bytes on the whole line
}

// Next returns the next line, io.EOF after the last one, or the error that
// stopped reading.
func (lr *lineReader) Next(countQuotes bool) (physicalLine, error) {
	var pl physicalLine
	chunk, err := lr.r.ReadSlice('\n')
	read := len(chunk)
	if countQuotes {
		pl.quotes = bytes.Count(chunk, quote)
	}
	if errors.Is(err, bufio.ErrBufferFull) {
		// A line longer than the buffer: collect it, up to the limit.
		lr.buf = append(lr.buf[:0], chunk...)
		for errors.Is(err, bufio.ErrBufferFull) {
			chunk, err = lr.r.ReadSlice('\n')
			read += len(chunk)
			if countQuotes {
				pl.quotes += bytes.Count(chunk, quote)
			}
			if !pl.tooLong && len(lr.buf)+len(chunk) > lr.limit+2 { // +2: the line end is no content
				pl.tooLong = true
				lr.buf = lr.buf[:0]
			}
			if !pl.tooLong {
				lr.buf = append(lr.buf, chunk...)
			}
		}
		chunk = lr.buf
	}
	if err != nil && (!errors.Is(err, io.EOF) || read == 0) {
		return physicalLine{}, err
	}
	lr.line++
	lr.offset = lr.next
	lr.next += int64(read)
	if pl.tooLong {
		return pl, nil
	}
	chunk = bytes.TrimSuffix(chunk, newline)
	chunk = bytes.TrimSuffix(chunk, carriageReturn)
	if len(chunk) > lr.limit {
		pl.tooLong = true
		return pl, nil
	}
	pl.text = chunk
	if pl.text == nil {
		pl.text = []byte{}
	}
	return pl, nil
}

var (
	quote          = []byte{'"'}
	newline        = []byte{'\n'}
	carriageReturn = []byte{'\r'}
)
