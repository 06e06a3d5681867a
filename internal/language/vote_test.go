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
