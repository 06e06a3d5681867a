package htmldoc

import (
	"bytes"
	"fmt"
	"strings"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
)

// decodeHTML returns the page as valid UTF-8. A byte-order mark or a
// <meta charset> / http-equiv declaration in the first 1024 bytes names
// the encoding; without one the page is taken as UTF-8 and invalid bytes
// become U+FFFD. (We do not guess windows-1252 the way browsers do: a
// mostly-UTF-8 page with one bad byte is far more common in scraped
// reviews than an undeclared legacy page.)
func decodeHTML(page []byte) (string, error) {
	enc, name := declaredEncoding(page)
	if enc == nil || isUTF8(name) {
		page = bytes.TrimPrefix(page, []byte("\xef\xbb\xbf"))
		return strings.ToValidUTF8(string(page), "\uFFFD"), nil
	}
	decoded, err := enc.NewDecoder().Bytes(page)
	if err != nil {
		return "", fmt.Errorf("decode page from %s: %w", name, err)
	}
	return strings.ToValidUTF8(string(decoded), "\uFFFD"), nil
}

func isUTF8(name string) bool {
	return name == "utf-8" || name == "utf8"
}

// declaredEncoding reports the encoding a page declares through a BOM or a
// meta tag, or nil when it declares none. charset.DetermineEncoding falls
// back to sniffing when nothing is declared and does not say whether it
// did; probing it with an ASCII copy of the head plus one valid UTF-8
// character tells the two apart: with no declaration the sniffer answers
// utf-8, with one it answers the declared name.
func declaredEncoding(page []byte) (encoding.Encoding, string) {
	if e, name, certain := charset.DetermineEncoding(page, ""); certain {
		if e == unicode.UTF8 {
			return nil, "utf-8"
		}
		return e, name
	}
	head := page
	if len(head) > 1000 {
		head = head[:1000]
	}
	probe := make([]byte, 0, len(head)+2)
	for _, b := range head {
		if b >= 0x80 {
			b = '?'
		}
		probe = append(probe, b)
	}
	// The sniffer ignores a trailing partial rune, so the é must not be
	// last.
	probe = append(probe, "\u00e9."...)
	e, name, _ := charset.DetermineEncoding(probe, "")
	if isUTF8(name) || e == encoding.Nop {
		return nil, "utf-8"
	}
	return e, name
}
