// Package feed turns the items of an RSS, Atom or JSON Feed into review
// Documents, one per item, through github.com/mmcdole/gofeed.
//
// An item without text is skipped, not fatal: Parse returns the other
// items' documents and a nil error, and ParseItems also lists the skipped
// items with their reasons. Only a feed that cannot be read at all, or
// whose items all lack text, is an error.
//
// XML safety: gofeed parses with encoding/xml, which never reads external
// entities and does not expand entities declared in a DTD, so XXE and
// "billion laughs" feeds parse to harmless literal text (see the tests).
package feed

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"

	"github.com/marquee-film/marquee/internal/ingest/htmldoc"
	"github.com/marquee-film/marquee/internal/review"
)

// MaxInputSize is the largest feed Parse reads; callers already cap files
// at this size.
const MaxInputSize = 20 << 20

// Errors Parse returns, wrapped with detail; test with errors.Is.
var (
	ErrEmpty     = errors.New("feed: empty input")
	ErrTooLarge  = errors.New("feed: input too large")
	ErrNotFeed   = errors.New("feed: not an RSS, Atom or JSON feed")
	ErrNoItems   = errors.New("feed: feed has no items")
	ErrEmptyItem = errors.New("feed: item has no text")
)

// ItemError says why one item produced no document.
type ItemError struct {
	Source string // the item's Source, as its Document would have had
	Index  int    // 1-based position in the feed
	Err    error
}

func (e *ItemError) Error() string { return e.Source + ": " + e.Err.Error() }
func (e *ItemError) Unwrap() error { return e.Err }

// Result is a parsed feed: a Document for each item with text, in feed
// order, and the items skipped for lack of it.
type Result struct {
	Documents []review.Document
	Skipped   []*ItemError
}

// Parse reads a whole feed and returns one Document per item that has
// text, in feed order; items without text are left out (ParseItems says
// which). Each Document's Source is source + "#item=N", N the item's
// 1-based position in the feed; the item's guid, when it has one, is in
// Extra["guid"].
//
// The error wraps ErrEmpty, ErrTooLarge, ErrNotFeed or ErrNoItems when the
// feed as a whole is unusable, and ErrEmptyItem when no item has text;
// there are no documents then.
func Parse(r io.Reader, source string) ([]review.Document, error) {
	res, err := ParseItems(r, source)
	if err != nil {
		return nil, err
	}
	if len(res.Documents) == 0 {
		return nil, fmt.Errorf("%w: none of the %d items has text", ErrEmptyItem, len(res.Skipped))
	}
	return res.Documents, nil
}

// ParseItems is Parse with the skipped items reported: the error is only
// for a feed that cannot be read at all, and a feed whose items all lack
// text gives a Result with no Documents.
func ParseItems(r io.Reader, source string) (Result, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxInputSize+1))
	if err != nil {
		return Result{}, fmt.Errorf("read feed: %w", err)
	}
	if len(raw) > MaxInputSize {
		return Result{}, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, MaxInputSize)
	}
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(raw)) == 0 {
		return Result{}, ErrEmpty
	}
	parsed, err := parseFeed(sanitizeXML(raw))
	if err != nil {
		return Result{}, err
	}
	if len(parsed.Items) == 0 {
		return Result{}, ErrNoItems
	}

	publication := oneLine(parsed.Title)
	var res Result
	for i, item := range parsed.Items {
		itemSource := fmt.Sprintf("%s#item=%d", source, i+1)
		var doc review.Document
		if item != nil {
			doc = itemDocument(item, itemSource, publication, parsed.FeedType)
		}
		if strings.TrimSpace(doc.Text) == "" {
			res.Skipped = append(res.Skipped, &ItemError{Source: itemSource, Index: i + 1, Err: ErrEmptyItem})
			continue
		}
		res.Documents = append(res.Documents, doc)
	}
	return res, nil
}

// parseFeed runs gofeed, turning a panic inside it into an error: hostile
// feeds reach corners of third-party code we do not control.
func parseFeed(raw []byte) (parsed *gofeed.Feed, err error) {
	defer func() {
		if p := recover(); p != nil {
			parsed, err = nil, fmt.Errorf("parse feed: gofeed panicked: %v", p)
		}
	}()
	parsed, err = gofeed.NewParser().Parse(bytes.NewReader(raw))
	switch {
	case errors.Is(err, gofeed.ErrFeedTypeNotDetected):
		return nil, fmt.Errorf("%w: %w", ErrNotFeed, err)
	case err != nil:
		return nil, fmt.Errorf("parse feed: %w", err)
	case parsed == nil:
		return nil, ErrNotFeed
	}
	return parsed, nil
}

var xmlEncodingDecl = regexp.MustCompile(`^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']`)

// sanitizeXML repairs a UTF-8 feed so that encoding/xml accepts it:
// invalid bytes become U+FFFD and control characters that XML forbids are
// dropped. Scraped feeds often have both, and encoding/xml fails the whole
// feed on either. A feed that declares another encoding is left to
// gofeed's charset conversion.
func sanitizeXML(raw []byte) []byte {
	if m := xmlEncodingDecl.FindSubmatch(raw[:min(len(raw), 200)]); m != nil {
		name := strings.ToLower(string(m[1]))
		if name != "utf-8" && name != "utf8" {
			return raw
		}
	}
	if utf8.Valid(raw) && !hasForbiddenControl(raw) {
		return raw
	}
	out := make([]byte, 0, len(raw))
	for len(raw) > 0 {
		r, size := utf8.DecodeRune(raw)
		switch {
		case r == utf8.RuneError && size == 1:
			out = utf8.AppendRune(out, utf8.RuneError)
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r':
		default:
			out = append(out, raw[:size]...)
		}
		raw = raw[size:]
	}
	return out
}

func hasForbiddenControl(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return true
		}
	}
	return false
}

func itemDocument(item *gofeed.Item, source, publication, feedType string) review.Document {
	doc := review.Document{
		Source:      source,
		Format:      review.FormatFeed,
		Text:        htmldoc.BodyText(item.Content),
		Headline:    oneLine(item.Title),
		Author:      authors(item),
		Publication: publication,
		URL:         strings.TrimSpace(item.Link),
	}
	if strings.TrimSpace(doc.Text) == "" {
		doc.Text = htmldoc.BodyText(item.Description)
	}
	switch {
	case item.PublishedParsed != nil:
		published := *item.PublishedParsed
		doc.Published = &published
	case item.UpdatedParsed != nil:
		updated := *item.UpdatedParsed
		doc.Published = &updated
	}

	extra := map[string]string{}
	if feedType != "" {
		extra["feed_type"] = feedType
	}
	if guid := strings.TrimSpace(item.GUID); guid != "" {
		extra["guid"] = guid
	}
	var categories []string
	for _, c := range item.Categories {
		c = oneLine(c)
		if c == "" {
			continue
		}
		if rating, ok := categoryRating(c); ok && doc.RatingRaw == "" {
			doc.RatingRaw = rating
			continue
		}
		categories = append(categories, c)
	}
	if len(categories) > 0 {
		extra["categories"] = strings.Join(categories, "; ")
	}
	applyCustomElements(&doc, item)
	if len(extra) > 0 {
		doc.Extra = extra
	}
	return doc
}

func authors(item *gofeed.Item) string {
	var names []string
	seen := map[string]bool{}
	add := func(name string) {
		name = oneLine(name)
		if name != "" && !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	for _, p := range item.Authors {
		if p != nil {
			if p.Name != "" {
				add(p.Name)
			} else {
				add(p.Email)
			}
		}
	}
	if len(names) == 0 && item.DublinCoreExt != nil {
		for _, c := range item.DublinCoreExt.Creator {
			add(c)
		}
	}
	return strings.Join(names, ", ")
}

var (
	// "Rating: 3.5/5", "Grade - B+", "Stars: 4"
	labelledRating = regexp.MustCompile(`(?i)^(?:my\s+)?(?:rating|grade|score|stars|verdict score)\s*[:=\-–]\s*(.+)$`)
	// "3.5/5", "4 out of 5", "3 stars", "★★★½"
	bareRating = regexp.MustCompile(`(?i)^(?:\d+(?:[.,]\d+)?\s*(?:/\s*\d+|out of\s+\d+|stars?)|[★☆½]+)$`)
)

// categoryRating recognises a rating among an item's categories, which
// some review blogs use to tag the grade.
func categoryRating(c string) (string, bool) {
	if m := labelledRating.FindStringSubmatch(c); m != nil {
		return strings.TrimSpace(m[1]), true
	}
	if bareRating.MatchString(c) {
		return c, true
	}
	return "", false
}

// applyCustomElements reads the film and rating elements that review
// sites add to items in their own namespace (<site:filmTitle>,
// <site:filmYear>, <site:memberRating>) or without one.
func applyCustomElements(doc *review.Document, item *gofeed.Item) {
	fields := map[string]string{}
	for key, value := range item.Custom {
		fields[strings.ToLower(key)] = value
	}
	namespaces := make([]string, 0, len(item.Extensions))
	for ns := range item.Extensions {
		namespaces = append(namespaces, ns)
	}
	sort.Strings(namespaces)
	for _, ns := range namespaces {
		if ns == "dc" || ns == "content" || ns == "atom" {
			continue
		}
		for name, values := range item.Extensions[ns] {
			if v := firstValue(values); v != "" {
				if _, taken := fields[strings.ToLower(name)]; !taken {
					fields[strings.ToLower(name)] = v
				}
			}
		}
	}
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		value := oneLine(fields[name])
		switch {
		case value == "":
		case strings.Contains(name, "rating") || name == "grade" || name == "stars":
			if doc.RatingRaw == "" {
				doc.RatingRaw = value
			}
		case name == "filmtitle" || name == "movietitle":
			doc.FilmTitle = value
		case name == "filmyear" || name == "movieyear":
			if year, err := strconv.Atoi(value); err == nil && year > 1870 && year < 2200 {
				doc.FilmYear = year
			}
		case name == "director" || name == "filmdirector":
			doc.Director = value
		}
	}
}

func firstValue(values []ext.Extension) string {
	for _, v := range values {
		if s := strings.TrimSpace(v.Value); s != "" {
			return s
		}
	}
	return ""
}

// oneLine renders a title or name, which feeds sometimes carry as escaped
// HTML, as a single line of plain text.
func oneLine(s string) string {
	return strings.Join(strings.Fields(htmldoc.BodyText(s)), " ")
}
