// Package htmldoc turns a web page into a review Document: its main text
// through go-trafilatura, and schema.org Review data from JSON-LD and
// microdata.
//
// Metadata precedence: what the page's schema.org Review states (headline,
// author, publisher, date, URL, film, director, rating) wins over what
// trafilatura infers from <meta> tags and the page layout. The text is
// trafilatura's main content, or the Review's reviewBody when that is
// longer. Extra["structured_data"] names the sources read ("json-ld",
// "microdata" or both) and Extra["item_reviewed_type"] the reviewed
// item's schema.org type when it is not Movie. A numeric reviewRating
// fills RatingValue/RatingBest/RatingWorst only with the values stated
// (schema.org's implied 1-5 scale is left to extract); RatingRaw holds a
// textual rating ("B+").
//
// Limits: Parse reads at most MaxInputSize bytes and refuses pages whose
// elements nest more than MaxDepth deep (ErrTooDeep) or carry more
// attributes than MaxAttributes on one element or MaxPageAttributes in all
// (ErrTooManyAttributes), so a hostile page costs time roughly linear in
// its size.
package htmldoc

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"github.com/marquee-film/marquee/internal/review"
)

const (
	// MaxInputSize is the largest page Parse reads; callers already cap
	// files at this size, so a larger input is a caller's mistake.
	MaxInputSize = 20 << 20
	// MaxDepth is how deep elements may nest: golang.org/x/net/html
	// refuses deeper pages, which keeps its own work (it scans the stack
	// of open elements for most tags) and the recursive passes of the
	// extractor after it bounded. Real pages stay under 100 levels.
	MaxDepth = 512
	// MaxAttributes is the most attributes one element may carry, and
	// MaxPageAttributes the most a page may carry in all. Real pages stay
	// far below both (tens on an element, tens of thousands on a large
	// page); a page of a million attributes costs the parser seconds and
	// the extractor, which walks and copies them, minutes.
	MaxAttributes     = 1000
	MaxPageAttributes = 200000
	// maxRootTags is how many <html> (and, apart, <body>) start tags the
	// parser gets to see. The HTML algorithm merges every stray <html> or
	// <body> tag's attributes into the root or body element, a pass over
	// all the attributes gathered there so far, so thousands of them cost
	// time quadratic in the page's size. Old templates open the root in
	// conditional comments a few times over; later ones are renamed.
	maxRootTags = 16
)

// Errors Parse returns, wrapped with detail; test with errors.Is.
var (
	ErrEmpty    = errors.New("htmldoc: empty page")
	ErrTooLarge = errors.New("htmldoc: page too large")
	ErrTooDeep  = errors.New("htmldoc: elements nested too deep")
	ErrNoText   = errors.New("htmldoc: no main text")
	ErrBinary   = errors.New("htmldoc: binary data, not HTML")

	ErrTooManyAttributes = errors.New("htmldoc: too many attributes")
)

// binarySniffSize is how much of the decoded page is searched for NUL
// bytes, which no text page contains.
const binarySniffSize = 8 << 10

// Parse reads one HTML page. The error wraps one of the package's
// sentinel errors when the page is empty, too large, too deeply nested or
// has no main text; the Document is then empty.
func Parse(r io.Reader, source string) (review.Document, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxInputSize+1))
	if err != nil {
		return review.Document{}, fmt.Errorf("read page: %w", err)
	}
	if len(raw) > MaxInputSize {
		return review.Document{}, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, MaxInputSize)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return review.Document{}, ErrEmpty
	}
	page, err := decodeHTML(raw)
	if err != nil {
		return review.Document{}, err
	}
	if strings.IndexByte(page[:min(len(page), binarySniffSize)], 0) >= 0 {
		return review.Document{}, ErrBinary
	}
	tree, err := html.Parse(strings.NewReader(renameRootTags(page)))
	if err != nil {
		// Reading from a string cannot fail, so the parser's only
		// error is its nesting limit.
		return review.Document{}, fmt.Errorf("%w: %w", ErrTooDeep, err)
	}
	// Counted on the tree, so that the count is the parser's own: a scan
	// of the markup can be led to disagree with the parser about what is
	// a tag.
	if err := checkAttributes(tree); err != nil {
		return review.Document{}, err
	}

	structured := structuredReview(tree)
	main, extractErr := extractMain(tree)

	doc := review.Document{Source: source, Format: review.FormatHTML}
	if main != nil {
		doc.Text = nodeText(main.ContentNode)
		meta := main.Metadata
		doc.Headline = meta.Title
		doc.Author = meta.Author
		doc.Publication = meta.Sitename
		doc.URL = meta.URL
		if !meta.Date.IsZero() {
			published := meta.Date
			doc.Published = &published
		}
	}
	if utf8.RuneCountInString(structured.Body) > utf8.RuneCountInString(doc.Text) {
		doc.Text = structured.Body
	}
	if strings.TrimSpace(doc.Text) == "" {
		if extractErr != nil {
			return review.Document{}, fmt.Errorf("%w: %w", ErrNoText, extractErr)
		}
		return review.Document{}, ErrNoText
	}
	applyStructured(&doc, structured)
	return doc, nil
}

// extractOptions: comments are not the critic's text; the fallback
// extractors (readability, distiller) rescue pages whose layout
// trafilatura's own heuristics miss. The date comes from metadata and
// markup only: a full-text date search picks up release dates the review
// mentions.
var extractOptions = trafilatura.Options{
	EnableFallback:  true,
	ExcludeComments: true,
	HtmlDateMode:    trafilatura.Fast,
}

// extractMain runs trafilatura, turning a panic inside it (hostile pages
// reach corners of a large third-party code base) into an error.
func extractMain(tree *html.Node) (result *trafilatura.ExtractResult, err error) {
	defer func() {
		if p := recover(); p != nil {
			result, err = nil, fmt.Errorf("trafilatura panicked: %v", p)
		}
	}()
	result, err = trafilatura.ExtractDocument(tree, extractOptions)
	if err != nil {
		return nil, fmt.Errorf("trafilatura: %w", err)
	}
	return result, nil
}

// nodeText renders trafilatura's content node as plain text lines.
func nodeText(n *html.Node) string {
	if n == nil {
		return ""
	}
	var buf bytes.Buffer
	if err := html.Render(&buf, n); err != nil {
		return ""
	}
	return FragmentText(buf.String())
}

func applyStructured(doc *review.Document, s reviewData) {
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&doc.Headline, s.Headline)
	set(&doc.Author, s.Author)
	set(&doc.Publication, s.Publication)
	set(&doc.URL, s.URL)
	set(&doc.FilmTitle, s.FilmTitle)
	set(&doc.Director, s.Director)
	set(&doc.RatingRaw, s.RatingRaw)
	if s.Published != nil {
		published := *s.Published
		doc.Published = &published
	}
	if s.FilmYear != 0 {
		doc.FilmYear = s.FilmYear
	}
	if s.IMDbID != "" {
		doc.FilmIDs = map[string]string{"imdb": s.IMDbID}
	}
	doc.RatingValue, doc.RatingBest, doc.RatingWorst = s.RatingValue, s.RatingBest, s.RatingWorst
	extra := make(map[string]string)
	if s.ItemType != "" {
		extra["item_reviewed_type"] = s.ItemType
	}
	switch {
	case s.FoundJSONLD && s.FoundMicroda:
		extra["structured_data"] = "json-ld,microdata"
	case s.FoundJSONLD:
		extra["structured_data"] = "json-ld"
	case s.FoundMicroda:
		extra["structured_data"] = "microdata"
	}
	if len(extra) > 0 {
		doc.Extra = extra
	}
}

// renameRootTags renames the <html> and <body> start tags after the first
// maxRootTags of each to <wbr>: an empty element whose attributes stay on
// it instead of being merged (see maxRootTags), and which, being void,
// does not nest what follows it. The scan ignores context (comments,
// scripts, attribute values), so it may rename text that only looks like
// such a tag; nothing that reaches a reader is changed by that.
func renameRootTags(page string) string {
	var (
		out         strings.Builder
		copied      int // page[:copied] is in out
		html, body  int
		searchStart int
	)
	for {
		i := strings.IndexByte(page[searchStart:], '<')
		if i < 0 {
			break
		}
		i += searchStart
		searchStart = i + 1
		if len(page)-i < 6 || !isTagEnd(page[i+5]) {
			continue
		}
		var count *int
		switch name := page[i+1 : i+5]; {
		case strings.EqualFold(name, "html"):
			count = &html
		case strings.EqualFold(name, "body"):
			count = &body
		default:
			continue
		}
		if *count++; *count <= maxRootTags {
			continue
		}
		out.WriteString(page[copied : i+1])
		out.WriteString("wbr")
		copied = i + 5
	}
	if copied == 0 {
		return page
	}
	out.WriteString(page[copied:])
	return out.String()
}

// isTagEnd tells the bytes that end a tag name in the HTML tokenizer.
func isTagEnd(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\f', '/', '>':
		return true
	}
	return false
}

// checkAttributes enforces MaxAttributes and MaxPageAttributes on a parsed
// page.
func checkAttributes(root *html.Node) error {
	total := 0
	// Iterative, in document order: the tree's depth is the parser's
	// business, not this walk's.
	for n := root; n != nil; {
		if n.Type == html.ElementNode {
			if len(n.Attr) > MaxAttributes {
				return fmt.Errorf("%w: a <%s> element has more than %d", ErrTooManyAttributes, n.Data, MaxAttributes)
			}
			if total += len(n.Attr); total > MaxPageAttributes {
				return fmt.Errorf("%w: more than %d in the page", ErrTooManyAttributes, MaxPageAttributes)
			}
		}
		if n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		for n != nil && n.NextSibling == nil {
			n = n.Parent
		}
		if n != nil {
			n = n.NextSibling
		}
	}
	return nil
}
