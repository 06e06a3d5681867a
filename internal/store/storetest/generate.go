package storetest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/marquee-film/marquee/internal/review"
)

// Invented films, critics and words: the generated reviews read like
// reviews to the store (several per film, some spelling variants, ratings,
// credits, a body of about the size of a scraped web review) without
// borrowing anyone's text.
var (
	genFilms = []struct {
		title, director string
		year            int
	}{
		{"The Lantern Keepers", "Ines Varga", 1998},
		{"Salt and Copper", "Tomas Hale", 2011},
		{"A Winter in Ostrava", "Milena Dvorak", 2019},
		{"Harbour Lights", "Owen Pryce", 1987},
		{"Harbour Lights", "Kasia Nowak", 2022},
		{"Nine Quiet Rooms", "Jun Arai", 2005},
		{"The Clockmaker's Daughter", "Elise Ferrand", 2014},
		{"Blue Meridian", "Samir Haddad", 2020},
		{"Paper Kites", "Rosa Lindqvist", 2009},
		{"Éclair de Minuit", "Léa Morel", 2016},
		{"The Last Tram to Vell", "Piotr Zalewski", 1976},
		{"Orchard of Glass", "Hana Sato", 2023},
		{"Signal Fires", "Dara Quinn", 2001},
		{"An Ordinary Tuesday", "Felix Brandt", 2018},
		{"Under the Copper Sky", "Nadia Okafor", 2012},
		{"Driftwood Choir", "Ben Ashdown", 1994},
	}
	genCritics = []struct{ name, outlet string }{
		{"Maren Holt", "The Evening Reel"},
		{"Colm Fairley", "Frame Rate Weekly"},
		{"Priya Raman", "Screen Notes"},
		{"Juno Abbott", "Northern Projector"},
		{"Tobias Wren", ""},
		{"Aiko Mori", "Late Show Journal"},
	}
	genPeople = []string{"Ada Brook", "Luca Ferri", "Noor Aziz", "Eamon Tully", "Sofie Berg", "Rafael Cruz", "Ilse Martens", "Kofi Mensah"}
	genRoles  = []string{"Marta", "the keeper", "Captain Orrin", "Dr. Vell", "Theo", "the widow"}
	genWords  = strings.Fields(`film frame light shadow score camera story performance actor actress
		scene cut edit sound silence city harbour winter summer rain night morning tension humour grief
		memory family journey letter window train road river orchard lantern copper glass salt kite
		choir signal fire quiet restless patient luminous awkward tender brittle generous sly stubborn
		ambitious uneven gorgeous muted crowded lonely careful reckless slow brisk handsome ragged
		director screenplay cinematographer composer ensemble montage close-up dialogue ending opening
		reveals lingers stumbles sings drifts insists wanders earns squanders rewards withholds frames`)
	genGrades = []struct {
		raw        string
		value, max float64
	}{{"3/4", 3, 4}, {"4/5", 4, 5}, {"B+", 8, 10}, {"2.5/5", 2.5, 5}, {"★★★★", 4, 5}, {"7/10", 7, 10}}
)

// GenerateReviews returns n invented reviews, the same for the same seed:
// about 60 sentences each, spread over a few dozen films with some title
// variants (case, diacritics, article) and year-less reviews, two thirds
// rated, each with credits. Review i of seed s always has the same
// ContentHash, so overlapping calls make duplicates on purpose.
func GenerateReviews(n int, seed uint64) []*review.Review {
	out := make([]*review.Review, n)
	for i := range out {
		out[i] = generateReview(seed, i)
	}
	return out
}

func generateReview(seed uint64, i int) *review.Review {
	rng := rand.New(rand.NewPCG(seed, uint64(i)))
	film := genFilms[rng.IntN(len(genFilms))]
	critic := genCritics[rng.IntN(len(genCritics))]
	title, year := film.title, film.year
	switch rng.IntN(10) {
	case 0:
		title = strings.ToUpper(title)
	case 1:
		year = 0
	case 2:
		title = strings.TrimPrefix(strings.TrimPrefix(title, "The "), "An ")
	}
	sentences := make([]string, 55+rng.IntN(15))
	for s := range sentences {
		sentences[s] = generateSentence(rng)
	}
	words := 0
	for _, s := range sentences {
		words += len(strings.Fields(s))
	}
	director := film.director
	published := fmt.Sprintf("%d-%02d-%02d", max(film.year, 2000)+rng.IntN(3), 1+rng.IntN(12), 1+rng.IntN(28))
	r := &review.Review{
		Source:      fmt.Sprintf("generated/%d/%d.txt", seed, i),
		Format:      review.FormatText,
		Headline:    fmt.Sprintf("%s: %s %s", film.title, genWords[rng.IntN(len(genWords))], genWords[rng.IntN(len(genWords))]),
		Author:      critic.name,
		Publication: critic.outlet,
		Published:   &published,
		Film:        review.Film{Title: title, Year: year},
		Director:    &director,
		Language:    "en",
		Scorable:    true,
		Sentences:   len(sentences),
		Words:       words,
		Body:        sentences,
	}
	if rng.IntN(3) > 0 {
		g := genGrades[rng.IntN(len(genGrades))]
		r.Rating = &review.Rating{Raw: g.raw, Value: g.value, Max: g.max, Score: 100 * g.value / g.max}
	}
	for range 2 + rng.IntN(3) {
		r.Credits = append(r.Credits, review.Credit{
			Person:    genPeople[rng.IntN(len(genPeople))],
			Character: genRoles[rng.IntN(len(genRoles))],
			Role:      "actor",
		})
	}
	r.Credits = append(r.Credits, review.Credit{Person: director, Role: "director"})
	sum := sha256.Sum256(fmt.Appendf(nil, "marquee storetest %d %d", seed, i))
	r.ContentHash = hex.EncodeToString(sum[:])
	return r
}

func generateSentence(rng *rand.Rand) string {
	words := make([]string, 12+rng.IntN(14))
	for w := range words {
		words[w] = genWords[rng.IntN(len(genWords))]
	}
	s := strings.Join(words, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}
