// Package feed turns the items of an RSS or Atom feed into review Documents.
package feed

import (
	"errors"
	"io"

	"github.com/marquee-film/marquee/internal/review"
)

// Parse reads a whole feed. SCAFFOLD: replaced by the real parser.
func Parse(r io.Reader, source string) ([]review.Document, error) {
	return nil, errors.New("feed: not implemented")
}
