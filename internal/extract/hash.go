package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// contentHash identifies a review's text regardless of the format it came
// in: the body's sentences, NFKC-normalised, lowercased, with quote and
// dash styles unified, Markdown emphasis dropped and whitespace collapsed.
// Headline, bylines and widget text are not part of the body, so a page
// and its feed item hash the same.
//
// It runs once per review over the whole body, so it avoids the two costs
// of the obvious version: normalising every sentence (NFKC is only needed
// for a sentence with a rune that NFKC could change; review prose is
// ASCII plus curly quotes and dashes, which it leaves alone) and decoding
// every ASCII byte as a rune (a table maps it).
func contentHash(sentences []string, scratch []byte) (string, []byte) {
	buf := scratch[:0]
	// The hash was first written to stream 4 KB blocks into SHA-256, and a
	// block never began with the space between two sentences. Hashes are
	// stored, so that stays: block is where such a block would begin.
	block := 0
	pendingSpace := false
	for i, sentence := range sentences {
		if i > 0 {
			pendingSpace = true
		}
		mark, markSpace := len(buf), pendingSpace
		var ok bool
		if buf, pendingSpace, ok = appendHashedFast(buf, block, sentence, pendingSpace); !ok {
			buf, pendingSpace = appendHashed(buf[:mark], block, norm.NFKC.String(sentence), markSpace)
		}
		if len(buf)-block > 4096 {
			block = len(buf)
		}
	}
	sum := sha256.Sum256(buf)
	return hex.EncodeToString(sum[:]), buf
}

// Classes of hashByte besides a byte to write.
const (
	hashDrop  = -1 // Markdown emphasis: left out
	hashSpace = -2 // collapsed into one space
)

// hashByte maps an ASCII byte to what the hash reads: itself lowercased,
// the backquote unified to an apostrophe, or a class above.
var hashByte = func() (t [utf8.RuneSelf]int16) {
	for c := range utf8.RuneSelf {
		r := rune(c)
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		switch r = unifyPunctuation(r); {
		case r == -1:
			t[c] = hashDrop
		case r == ' ' || r == '\t' || r == '\n':
			t[c] = hashSpace
		default:
			t[c] = int16(r)
		}
	}
	return t
}()

// appendHashedFast appends the hashed form of a sentence that NFKC leaves
// unchanged; ok is false, and buf must be rolled back, when the sentence
// has a rune that NFKC might change.
func appendHashedFast(buf []byte, block int, s string, pendingSpace bool) (_ []byte, _ bool, ok bool) {
	// ASCII bytes are written by index into room made for the whole
	// sentence: a byte and the space before it at most.
	buf = slices.Grow(buf, 2*len(s))
	n, out := len(buf), buf[:cap(buf)]
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if h := hashByte[c]; h >= 0 {
				if pendingSpace && n > block {
					out[n] = ' '
					n++
				}
				pendingSpace = false
				out[n] = byte(h)
				n++
			} else if h == hashSpace {
				pendingSpace = true
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !nfkcInert(r) {
			return out[:n], pendingSpace, false
		}
		i += size
		buf, pendingSpace = appendHashedRune(out[:n], block, r, pendingSpace)
		buf = slices.Grow(buf, 2*(len(s)-i))
		n, out = len(buf), buf[:cap(buf)]
	}
	return out[:n], pendingSpace, true
}

// appendHashed appends the hashed form of an NFKC-normalised sentence.
func appendHashed(buf []byte, block int, s string, pendingSpace bool) ([]byte, bool) {
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		buf, pendingSpace = appendHashedRune(buf, block, r, pendingSpace)
	}
	return buf, pendingSpace
}

func appendHashedRune(buf []byte, block int, r rune, pendingSpace bool) ([]byte, bool) {
	if r >= utf8.RuneSelf {
		r = unicode.ToLower(r)
	} else if r >= 'A' && r <= 'Z' {
		r += 'a' - 'A'
	}
	r = unifyPunctuation(r)
	switch {
	case r == -1:
		return buf, pendingSpace
	case r == ' ' || r == '\t' || r == '\n' || r >= utf8.RuneSelf && unicode.IsSpace(r):
		return buf, true
	}
	if pendingSpace && len(buf) > block {
		buf = append(buf, ' ')
	}
	if r < utf8.RuneSelf {
		return append(buf, byte(r)), false
	}
	return utf8.AppendRune(buf, r), false
}

// inertLimit bounds the runes nfkcInert knows: Latin, Greek, Cyrillic,
// general punctuation and the other scripts and symbols below U+3000.
const inertLimit = 0x3000

var (
	inertOnce  sync.Once
	inertRunes [inertLimit / 64]uint64 // bit set: rune is NFKC-inert
)

// nfkcInert reports a rune that NFKC leaves alone wherever it stands: it
// is its own normal form and neither reorders nor combines with the rune
// before it. (A rune after it that could combine with it is not inert
// itself.) A sentence of ASCII and inert runes is in NFKC already.
func nfkcInert(r rune) bool {
	if r >= inertLimit {
		return false
	}
	inertOnce.Do(func() {
		var b [utf8.UTFMax]byte
		for r := rune(utf8.RuneSelf); r < inertLimit; r++ {
			if !utf8.ValidRune(r) {
				continue
			}
			s := string(b[:utf8.EncodeRune(b[:], r)])
			if norm.NFKC.PropertiesString(s).BoundaryBefore() && norm.NFKC.IsNormalString(s) {
				inertRunes[r/64] |= 1 << (r % 64)
			}
		}
	})
	return inertRunes[r/64]&(1<<(r%64)) != 0
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
