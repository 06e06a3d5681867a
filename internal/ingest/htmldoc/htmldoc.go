// Package htmldoc turns a web page into a review Document: its main text
// through go-trafilatura, and schema.org Review data from JSON-LD and microdata.
package htmldoc

import (
	"errors"
	"io"

	"github.com/marquee-film/marquee/internal/review"
)

// Parse reads one HTML page. SCAFFOLD: replaced by the real parser.
func Parse(r io.Reader, source string) (review.Document, error) {
	return review.Document{}, errors.New("htmldoc: not implemented")
}
