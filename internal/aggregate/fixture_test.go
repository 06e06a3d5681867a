package aggregate

import "github.com/marquee-film/marquee/internal/review"

// The fixtures are invented: a film called The Glass Orchard (2022),
// directed by Oona Vaskelainen, with Teodora Ilyina (also spelled Teodora
// Ilina) as Margit "Gitta" Sand and Piet Hollander as Arvid.

func ptr[T any](v T) *T { return &v }

// sentences builds SentenceScores with the scorer's aspect tags.
type scored struct {
	text     string
	polarity float64
	aspects  []string
}

func withSentences(r *review.Review, ss ...scored) *review.Review {
	for _, s := range ss {
		r.Body = append(r.Body, s.text)
		aspects := s.aspects
		if len(aspects) == 0 {
			aspects = []string{aspectOther}
		}
		r.SentenceScores = append(r.SentenceScores, review.SentenceScore{Text: s.text, Polarity: s.polarity, Aspects: aspects})
	}
	return r
}

// orchardReviews are four reviews of the invented film: two rated by the
// critic, one scored by Marquee only, one with neither. The second warns
// of spoilers and then narrates the ending.
func orchardReviews() []*review.Review {
	first := withSentences(&review.Review{
		ID: 11, Source: "orchard/ledger.txt", Author: "Perpetua Quill", Publication: "The Orchard Ledger",
		Film:     review.Film{Title: "The Glass Orchard", Year: 2022},
		Director: ptr("Oona Vaskelainen"),
		Rating:   &review.Rating{Raw: "4/5", Value: 4, Max: 5, Score: 80},
		Credits: []review.Credit{
			{Person: "Teodora Ilyina", Character: `Margit "Gitta" Sand`, Role: "actor"},
			{Person: "Piet Hollander", Character: "Arvid", Role: "actor"},
			{Person: "Oona Vaskelainen", Role: "director"},
		},
		RuntimeMinutes: ptr(112),
		MentionedFilms: []string{"The Salt Lantern", "Winter Apples", "The Glass Orchard"},
		Aspects: map[string]review.AspectSummary{
			"acting": {Polarity: 0.8, Sentences: 2}, "cinematography": {Polarity: 0.6, Sentences: 1},
			aspectOther: {Polarity: 0.1, Sentences: 3},
		},
	},
		scored{"The Glass Orchard is the most quietly confident film of the year, patient and precise.", 0.92, nil},
		scored{"Teodora Ilyina gives a performance of enormous stillness and wit as the orchard keeper.", 0.88, []string{"acting"}},
		scored{"Gitta inherits the orchard from an aunt she never met.", 0.05, nil},
		scored{"Vaskelainen frames every tree like a portrait, and the light does the rest of the work.", 0.7, []string{"cinematography"}},
	)
	second := withSentences(&review.Review{
		ID: 12, Source: "orchard/notebook.md", Author: "Lionel Abernethy-Roe", Publication: "Cinema Almanac",
		Film:           review.Film{Title: "Glass Orchard"},
		Director:       ptr("Vaskelainen"),
		Rating:         &review.Rating{Raw: "B+", Value: 8.5, Max: 10, Score: 85},
		SpoilerWarning: ptr("Spoilers follow."),
		Credits: []review.Credit{
			{Person: "Teodora Ilina", Character: "Gitta", Role: "actor"},
			{Person: "Piet Hollander", Character: "Arvid", Role: "actor"},
		},
		RuntimeMinutes: ptr(118),
		MentionedFilms: []string{"The Salt Lantern"},
		Aspects: map[string]review.AspectSummary{
			"acting": {Polarity: 0.7, Sentences: 1}, "writing": {Polarity: -0.4, Sentences: 1},
		},
	},
		scored{"Vaskelainen has made a film of rare tenderness, and The Glass Orchard earns every tear.", 0.95, nil},
		scored{"Teodora Ilina is superb, a performance built from glances and silences.", 0.9, []string{"acting"}},
		scored{"The script leans on coincidence more than it should.", -0.45, []string{"writing"}},
		scored{"Arvid burns the orchard down and Gitta walks into the sea, a finale of astonishing beauty.", 0.97, nil},
		scored{"Gitta forgives him on the pier, the most moving scene in the film.", 0.93, nil},
	)
	third := withSentences(&review.Review{
		ID: 13, Source: "orchard/feed.xml", Author: "Marisol Okonkwo-Baptiste", Publication: "Frame Theory",
		Film:     review.Film{Title: "The Glass Orchard", Year: 2022},
		Director: ptr("Oona Vaskelainen"),
		Score:    ptr(34.0), Verdict: Negative, Confidence: ptr(0.7),
		Credits: []review.Credit{
			{Person: "Teodora Ilyina", Character: "Margit “Gitta” Sand", Role: "actor"},
			{Person: "Bram Oduya", Character: "Arvid", Role: "actor"},
		},
		RuntimeMinutes: ptr(112),
		MentionedFilms: []string{"Winter Apples", "The Salt Lantern"},
		Aspects: map[string]review.AspectSummary{
			"acting": {Polarity: 0.2, Sentences: 1}, "writing": {Polarity: -0.7, Sentences: 2},
		},
	},
		scored{"The Glass Orchard mistakes slowness for depth and never finds a reason to exist.", -0.91, nil},
		scored{"The screenplay is a string of postcards with nothing written on the back.", -0.8, []string{"writing"}},
		scored{"Teodora Ilyina is fine, though the role gives her little to play.", 0.1, []string{"acting"}},
	)
	fourth := &review.Review{
		ID: 14, Source: "orchard/ilmasto.txt", Author: "Aino Räsänen",
		Film: review.Film{Title: "The Glass Orchard"}, Language: "fi",
		Body: []string{"Lasipuutarha on kaunis elokuva."},
	}
	return []*review.Review{first, second, third, fourth}
}

func nan() float64 {
	zero := 0.0
	return zero / zero
}
