package language

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
)

// referenceVote is functionWordVote written plainly (a map of votes, a
// lowercase copy of every word); the fast version must agree with it.
func referenceVote(sample string) (string, float64, bool) {
	votes := map[string]int{}
	words := 0
	count := func(word string) {
		words++
		word = strings.ToLower(word)
		for code, list := range functionWords {
			for _, w := range list {
				if w == word {
					votes[code]++
				}
			}
		}
	}
	start := -1
	for i, r := range sample {
		letter := unicode.IsLetter(r)
		switch {
		case letter && start < 0:
			start = i
		case !letter && start >= 0:
			count(sample[start:i])
			start = -1
		}
	}
	if start >= 0 {
		count(sample[start:])
	}
	if words < voteMinimumWords {
		return "", 0, false
	}
	var leader string
	var first, second, total int
	for lang, n := range votes {
		total += n
		switch {
		case n > first || n == first && lang < leader:
			second = first
			first, leader = n, lang
		case n > second:
			second = n
		}
	}
	if float64(first) < voteMinimumShare*float64(words) || float64(first) < voteMinimumLeadRate*float64(second) {
		return "", 0, false
	}
	return leader, float64(first) / float64(total), true
}

func TestFunctionWordVoteMatchesReference(t *testing.T) {
	samples := []string{englishReview, spanishReview, portugueseReview, frenchReview, russianReview, germanReview,
		strings.ToUpper(englishReview), strings.Repeat("de la que ", 20), strings.Repeat("die de het ", 20),
		strings.Repeat("THE \u212aOOK ДЛЯ İS ", 15), ""}
	// Random mixtures of function words of all languages, so that ties
	// and near-ties between languages occur.
	var pool []string
	for _, words := range functionWords {
		pool = append(pool, words...)
	}
	pool = append(pool, "Film", "KAMERA", "película", "x", "averyveryverylongword")
	rng := rand.New(rand.NewPCG(5, 6))
	for range 500 {
		var b strings.Builder
		for range 35 + rng.IntN(30) {
			b.WriteString(pool[rng.IntN(len(pool))])
			b.WriteString([]string{" ", ", ", ". ", "—"}[rng.IntN(4)])
		}
		samples = append(samples, b.String())
	}
	for _, s := range samples {
		code, confidence, ok := functionWordVote(s)
		wantCode, wantConfidence, wantOK := referenceVote(s)
		if code != wantCode || confidence != wantConfidence || ok != wantOK {
			t.Fatalf("functionWordVote(%.80q) = %q, %v, %v; want %q, %v, %v", s, code, confidence, ok, wantCode, wantConfidence, wantOK)
		}
	}
}

// shortReviews are invented one-sentence reviews of 12 to 20 words, the
// length of a critic's pull quote, in every candidate language.
var shortReviews = map[string][]string{
	"en": {"The best, most inventive take on a story the cinema has told a hundred times.",
		"It is tense and funny, a grim but absorbing little thriller with a fine cast.",
		"A lot of fun for anyone who loves old monster movies and cheap thrills."},
	"es": {"La película es lenta pero hermosa, y la actriz principal sostiene cada escena con una calma que no se olvida.",
		"Un guion torpe y unos diálogos que suenan falsos arruinan lo que pudo ser el mejor thriller del año.",
		"No hay nada nuevo en esta comedia, pero el reparto se divierte y el público también."},
	"pt": {"O filme é lento mas bonito, e a atriz principal segura cada cena com uma calma que não se esquece.",
		"Um roteiro desajeitado e diálogos falsos estragam o que podia ser o melhor suspense do ano.",
		"Não há nada de novo nesta comédia, mas o elenco se diverte e o público também."},
	"fr": {"Le film est lent mais beau, et l'actrice principale porte chaque scène avec un calme qu'on n'oublie pas.",
		"Un scénario maladroit et des dialogues qui sonnent faux gâchent ce qui aurait pu être le meilleur thriller de l'année.",
		"Il n'y a rien de neuf dans cette comédie, mais la troupe s'amuse et le public aussi."},
	"de": {"Der Film ist langsam, aber schön, und die Hauptdarstellerin trägt jede Szene mit einer Ruhe, die man nicht vergisst.",
		"Ein ungeschicktes Drehbuch und falsch klingende Dialoge ruinieren, was der beste Thriller des Jahres hätte sein können.",
		"Diese Komödie bietet nichts Neues, aber das Ensemble hat Spaß und das Publikum auch."},
	"it": {"Il film è lento ma bello, e l'attrice protagonista regge ogni scena con una calma che non si dimentica.",
		"Una sceneggiatura goffa e dialoghi che suonano falsi rovinano quello che poteva essere il miglior thriller dell'anno.",
		"Non c'è niente di nuovo in questa commedia, ma il cast si diverte e anche il pubblico."},
	"nl": {"De film is traag maar mooi, en de hoofdrolspeelster draagt elke scène met een rust die je niet vergeet.",
		"Een onhandig script en dialogen die vals klinken verpesten wat de beste thriller van het jaar had kunnen zijn.",
		"Er is niets nieuws aan deze komedie, maar de cast heeft plezier en het publiek ook."},
	"ru": {"Фильм медленный, но красивый, и исполнительница главной роли держит каждую сцену с удивительным спокойствием.",
		"Неуклюжий сценарий и фальшивые диалоги губят то, что могло стать лучшим триллером года.",
		"В этой комедии нет ничего нового, но актёры веселятся, и зрители тоже."},
}

// TestShortReviews checks the function-word vote on texts just above its
// minimum length: it must be right or undecided (lingua then judges), and
// Detect must be right either way.
func TestShortReviews(t *testing.T) {
	decided := 0
	for want, texts := range shortReviews {
		for _, text := range texts {
			if got, _, ok := functionWordVote(text); ok {
				decided++
				if got != want {
					t.Errorf("vote: got %q, want %q for %q", got, want, text)
				}
			}
			if got, _ := Detect(text); got != want {
				t.Errorf("Detect: got %q, want %q for %q", got, want, text)
			}
		}
	}
	if decided < 8 {
		t.Errorf("the vote decided %d short reviews, want at least 8: short text is going to lingua again", decided)
	}
}
