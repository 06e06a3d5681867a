package main

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// displayText makes text from outside (file names, skip reasons that quote
// them, review fields) safe to print to a terminal: control characters, the
// bidirectional overrides that reorder what is shown, and invalid UTF-8
// bytes are written as Go escapes (\x1b, \u202e, \xff), so that a file named
// "\x1b]0;…\a" cannot retitle the terminal or hide the rest of the line.
// Other text, newlines and tabs included, is left as it is; callers that
// print one item per line escape newlines with displayLine.
func displayText(s string) string {
	if !strings.ContainsFunc(s, needsEscape) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case needsEscape(r):
			if r < 0x80 {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// displayLine is displayText for text that must stay on one line: a
// newline in a file name is escaped too.
func displayLine(s string) string {
	return strings.ReplaceAll(displayText(s), "\n", `\n`)
}

func needsEscape(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20, r >= 0x7f && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return false
}

// displayJSON escapes, inside encoded JSON, the characters encoding/json
// leaves raw that a terminal would act on (DEL, the C1 controls, the
// bidirectional overrides), as \u escapes. They can only occur inside
// strings, where the escape means the same character, so the JSON is
// unchanged for a reader.
func displayJSON(encoded []byte) []byte {
	if !bytes.ContainsFunc(encoded, needsEscape) {
		return encoded
	}
	out := make([]byte, 0, len(encoded)+16)
	for i := 0; i < len(encoded); {
		r, size := utf8.DecodeRune(encoded[i:])
		if needsEscape(r) && r != utf8.RuneError {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, encoded[i:i+size]...)
		}
		i += size
	}
	return out
}
