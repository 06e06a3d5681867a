// Package credit finds who played whom, and who did which crew job, in the
// ways critics write it.
package credit

import "github.com/marquee-film/marquee/internal/review"

// Extract returns the cast (role "actor") and crew credits that the
// sentences state. filmTitle, when known, helps read "Sean Baker's Anora".
// SCAFFOLD: replaced by the real extractor.
func Extract(sentences []string, filmTitle string) []review.Credit { return nil }
