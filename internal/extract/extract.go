// Package extract turns a Document into a Review: the facts the review states.
package extract

import "github.com/marquee-film/marquee/internal/review"

// Extract reads everything a review states. It is a pure function.
// SCAFFOLD: replaced by the real extractor.
func Extract(doc review.Document) review.Review {
	return review.Review{Source: doc.Source, Format: doc.Format}
}
