package server

import (
	"github.com/marquee-film/marquee/internal/aggregate"
	"github.com/marquee-film/marquee/internal/review"
)

// filmScore is the number a film's badge shows: the report's score.
func filmScore(rep *aggregate.FilmReport) *float64 {
	return rep.Score
}

// spoilerSentences tells which of r's body sentences give the plot away;
// characters are names other reviews of the film give its characters.
func spoilerSentences(r *review.Review, characters ...string) []bool {
	flags := aggregate.SpoilerSentences(r, characters...)
	if flags == nil {
		flags = []bool{}
	}
	return flags
}

// filmCharacters lists every spelling of every character the report's
// credits name.
func filmCharacters(rep *aggregate.FilmReport) []string {
	var out []string
	for _, c := range rep.Credits {
		out = append(out, c.CharacterVariants...)
	}
	return out
}
