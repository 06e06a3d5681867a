// Package rating reads critics' explicit ratings in every common notation and
// normalises them to a 0-100 score.
package rating

import (
	"errors"

	"github.com/marquee-film/marquee/internal/review"
)

// ErrNotRating reports a string that is not a rating notation.
var ErrNotRating = errors.New("not a rating")

// Parse normalises a standalone rating string such as a CSV column, a front
// matter field or a schema.org ratingValue gives it. SCAFFOLD: replaced by the real parser.
func Parse(s string) (review.Rating, error) { return review.Rating{}, ErrNotRating }

// FromSchema builds a rating from schema.org ratingValue, bestRating and
// worstRating (best defaults to 5, worst to 1, as schema.org says).
func FromSchema(value float64, best, worst *float64) (review.Rating, error) {
	return review.Rating{}, ErrNotRating
}

// Find looks for the critic's own rating in review text.
func Find(text string) *review.Rating { return nil }
