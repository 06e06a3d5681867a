package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// contentHash identifies a review's text regardless of the format it came
// in: the body's sentences, NFKC-normalised, lowercased, with quote and
// dash styles unified, Markdown emphasis dropped and whitespace collapsed.
// Headline, bylines and widget text are not part of the body, so a page
// and its feed item hash the same.
func contentHash(sentences []string) string {
	h := sha256.New()
	buf := make([]byte, 0, 8192)
	pendingSpace := false
	for i, sentence := range sentences {
		if i > 0 {
			pendingSpace = true
		}
		normal := norm.NFKC.String(sentence)
		for i := 0; i < len(normal); {
			r, size := rune(normal[i]), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRuneInString(normal[i:])
				r = unicode.ToLower(r)
			} else if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			}
			i += size
			r = unifyPunctuation(r)
			switch {
			case r == -1:
				continue
			case r == ' ' || r == '\t' || r == '\n' || r >= utf8.RuneSelf && unicode.IsSpace(r):
				pendingSpace = true
				continue
			}
			if pendingSpace && len(buf) > 0 {
				buf = append(buf, ' ')
			}
			pendingSpace = false
			if r < utf8.RuneSelf {
				buf = append(buf, byte(r))
			} else {
				buf = utf8.AppendRune(buf, r)
			}
		}
		if len(buf) > 4096 {
			h.Write(buf)
			buf = buf[:0]
		}
	}
	h.Write(buf)
	return hex.EncodeToString(h.Sum(nil))
}

// unifyPunctuation maps quote and dash variants to ASCII and drops
// Markdown emphasis marks (-1).
func unifyPunctuation(r rune) rune {
	switch r {
	case '‘', '’', '‚', '‛', '′', '`', '´':
		return '\''
	case '“', '”', '„', '‟', '″', '«', '»':
		return '"'
	case '–', '—', '‒', '―', '‐', '‑', '−':
		return '-'
	case '*', '_':
		return -1
	}
	return r
}
