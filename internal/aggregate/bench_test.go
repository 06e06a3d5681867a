package aggregate

import (
	"fmt"
	"testing"

	"github.com/marquee-film/marquee/internal/review"
)

// benchReviews makes n invented reviews of one film, each with a body of
// 40 scored sentences, credits, aspects and mentions, like what extract
// and score produce for a full-length review.
func benchReviews(n int) []*review.Review {
	out := make([]*review.Review, n)
	for i := range out {
		r := &review.Review{
			ID: int64(i + 1), Source: fmt.Sprintf("bench/%d.txt", i), Author: fmt.Sprintf("Critic %d", i),
			Film:     review.Film{Title: "The Long Quiet", Year: 2025},
			Director: ptr("Jun Takeda-Ross"),
			Credits: []review.Credit{
				{Person: "Celeste Marlowe", Character: "Nell Darrow", Role: "actor"},
				{Person: "Dane Whitaker", Character: "Sheriff Cobb", Role: "actor"},
				{Person: "Jun Takeda-Ross", Role: "director"},
			},
			RuntimeMinutes: ptr(131),
			MentionedFilms: []string{"The Conversation", fmt.Sprintf("Other Film %d", i%7)},
			Aspects: map[string]review.AspectSummary{
				"acting": {Polarity: float64(i%5)/5 - 0.3, Sentences: 3}, "writing": {Polarity: -0.2, Sentences: 2},
			},
		}
		if i%2 == 0 {
			r.Rating = &review.Rating{Score: float64(20 + i%70)}
		} else {
			r.Score, r.Verdict = ptr(float64(30+i%60)), verdictOf(float64(30+i%60))
		}
		if i%3 == 0 {
			r.SpoilerWarning = ptr("Spoilers.")
		}
		for k := range 40 {
			var text string
			switch k % 4 {
			case 0:
				text = fmt.Sprintf("The Long Quiet is a remake that finds %d new ways to make a small town feel enormous.", k)
			case 1:
				text = fmt.Sprintf("Nell Darrow walks to the sheriff's office for the %dth time and nothing happens.", k)
			case 2:
				text = fmt.Sprintf("Celeste Marlowe gives a performance of real control in scene %d, quiet and exact.", k)
			default:
				text = fmt.Sprintf("In the final scene number %d the radio goes silent.", k)
			}
			r.Body = append(r.Body, text)
			r.SentenceScores = append(r.SentenceScores, review.SentenceScore{Text: text, Polarity: float64((i+k)%11)/5 - 1, Aspects: []string{"acting"}})
		}
		out[i] = r
	}
	return out
}

func BenchmarkBuild(b *testing.B) {
	reviews := benchReviews(300)
	b.ReportAllocs()
	for b.Loop() {
		Build(1, "The Long Quiet", 2025, "Jun Takeda-Ross", reviews)
	}
}
