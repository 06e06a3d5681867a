package htmldoc

import (
	"bytes"
	"io"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// FragmentText converts an HTML fragment (a feed item's content, a JSON-LD
// reviewBody, the main-content node trafilatura found) to plain text: one
// line per paragraph, block or <br>, whitespace inside a line collapsed,
// no empty lines. Script, style and other non-text elements are dropped;
// escaped markup in text (&lt;script&gt;) comes out as literal text.
//
// It runs on the tokenizer, not on a parsed tree, so its cost is linear in
// the input however deeply (or brokenly) the fragment nests.
func FragmentText(fragment string) string {
	return tokenText(strings.NewReader(fragment))
}

// looksLikeMarkup matches a tag, the sign that a body is HTML.
var looksLikeMarkup = regexp.MustCompile(`</?[a-zA-Z][^<>]*>`)

// BodyText converts a body that may be HTML or plain text (a JSON-LD
// reviewBody, a feed item's description) to plain text lines. HTML goes
// through FragmentText; plain text keeps its own line breaks, which would
// otherwise collapse as HTML whitespace, and has its entities decoded.
func BodyText(body string) string {
	if looksLikeMarkup.MatchString(body) {
		return FragmentText(body)
	}
	return plainLines(html.UnescapeString(body))
}

// plainLines collapses the whitespace inside each line of s and drops
// empty lines and control characters.
func plainLines(s string) string {
	var out lineWriter
	for _, line := range strings.Split(s, "\n") {
		out.write(line, false)
		out.breakLine()
	}
	return out.finish()
}

// blockTags end the current line when they open or close.
var blockTags = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true,
	"body": true, "br": true, "caption": true, "center": true, "dd": true,
	"details": true, "dialog": true, "dir": true, "div": true, "dl": true,
	"dt": true, "fieldset": true, "figcaption": true, "figure": true,
	"footer": true, "form": true, "h1": true, "h2": true, "h3": true,
	"h4": true, "h5": true, "h6": true, "header": true, "hgroup": true,
	"hr": true, "html": true, "legend": true, "li": true, "main": true,
	"menu": true, "nav": true, "ol": true, "p": true, "pre": true,
	"section": true, "summary": true, "table": true, "tbody": true,
	"tfoot": true, "thead": true, "tr": true, "ul": true,
}

// skippedTags hold no reader-facing text.
var skippedTags = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true,
	"iframe": true, "svg": true, "math": true, "head": true, "select": true,
	"textarea": true, "object": true, "noembed": true, "noframes": true,
	"title": true, "button": true,
}

// cellTags separate their text from the neighbouring cell's.
var cellTags = map[string]bool{"td": true, "th": true}

func tokenText(r io.Reader) string {
	z := html.NewTokenizer(r)
	var (
		out      lineWriter
		skipName string // the skipped element we are inside, if any
		skipOpen int    // how many skipName elements are open
		preOpen  int
	)
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return out.finish()
		case html.TextToken:
			if skipOpen > 0 {
				continue
			}
			out.write(string(z.Text()), preOpen > 0)
		case html.StartTagToken, html.SelfClosingTagToken:
			nameBytes, _ := z.TagName()
			name := string(nameBytes)
			if skipOpen > 0 {
				if name == skipName && tt == html.StartTagToken {
					skipOpen++
				}
				continue
			}
			if skippedTags[name] {
				if tt == html.StartTagToken {
					skipName, skipOpen = name, 1
				}
				continue
			}
			switch {
			case blockTags[name]:
				out.breakLine()
			case cellTags[name]:
				out.space()
			}
			if name == "pre" && tt == html.StartTagToken {
				preOpen++
			}
		case html.EndTagToken:
			nameBytes, _ := z.TagName()
			name := string(nameBytes)
			if skipOpen > 0 {
				if name == skipName {
					skipOpen--
				}
				continue
			}
			switch {
			case blockTags[name]:
				out.breakLine()
			case cellTags[name]:
				out.space()
			}
			if name == "pre" && preOpen > 0 {
				preOpen--
			}
		}
	}
}

// lineWriter collects text into trimmed, non-empty lines.
type lineWriter struct {
	out          bytes.Buffer
	line         bytes.Buffer
	pendingSpace bool
}

func (w *lineWriter) write(s string, keepNewlines bool) {
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		switch {
		case r == '\n' && keepNewlines:
			w.breakLine()
		case unicode.IsSpace(r):
			w.space()
		case r == utf8.RuneError && size == 1:
			w.put(utf8.RuneError)
		case unicode.IsControl(r), r == '\uFEFF':
			// NULs, stray control bytes and byte-order marks are
			// transport noise, not text.
		default:
			w.put(r)
		}
	}
}

func (w *lineWriter) put(r rune) {
	if w.pendingSpace && w.line.Len() > 0 {
		w.line.WriteByte(' ')
	}
	w.pendingSpace = false
	w.line.WriteRune(r)
}

func (w *lineWriter) space() { w.pendingSpace = true }

func (w *lineWriter) breakLine() {
	w.pendingSpace = false
	if w.line.Len() == 0 {
		return
	}
	if w.out.Len() > 0 {
		w.out.WriteByte('\n')
	}
	w.out.Write(w.line.Bytes())
	w.line.Reset()
}

func (w *lineWriter) finish() string {
	w.breakLine()
	return w.out.String()
}
