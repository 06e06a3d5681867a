package score

import (
	"slices"

	"github.com/marquee-film/marquee/internal/review"
)

// Aspects of a film a sentence can talk about, in the order they are listed.
const (
	AspectActing         = "acting"
	AspectDirection      = "direction"
	AspectWriting        = "writing"
	AspectCinematography = "cinematography"
	AspectMusic          = "music"
	AspectEditing        = "editing"
	AspectOther          = "other"
)

var aspectOrder = []string{AspectActing, AspectDirection, AspectWriting, AspectCinematography, AspectMusic, AspectEditing}

// aspectIndex finds a word's aspect through the hash the scorer computes
// for every word anyway (wordHash, negated or not): one probe of a table
// that stays in the nearest cache, where a map lookup hashed every word of
// every review a second time. Words are compared too, so a hash collision
// cannot name an aspect.
var aspectIndex struct {
	hashes [1024]uint64 // 0 marks an empty slot
	words  [1024]string
	aspect [1024]uint8 // index into aspectOrder
}

func addToAspectIndex(word string, aspect uint8) {
	for _, negated := range []bool{false, true} {
		h := wordHash(Token{Word: word, Negated: negated})
		if h == 0 {
			panic("aspect word " + word + " hashes to the empty slot")
		}
		i := h % uint64(len(aspectIndex.hashes))
		for aspectIndex.hashes[i] != 0 {
			i = (i + 1) % uint64(len(aspectIndex.hashes))
		}
		aspectIndex.hashes[i], aspectIndex.words[i], aspectIndex.aspect[i] = h, word, aspect
	}
}

// aspectOfWord returns the index in aspectOrder of the aspect of the word
// with hash h, or -1.
func aspectOfWord(word string, h uint64) int {
	for i := h % uint64(len(aspectIndex.hashes)); aspectIndex.hashes[i] != 0; i = (i + 1) % uint64(len(aspectIndex.hashes)) {
		if aspectIndex.hashes[i] == h && aspectIndex.words[i] == word {
			return int(aspectIndex.aspect[i])
		}
	}
	return -1
}

// The lexicon is our own. "camera" is cinematography, not direction: in
// reviews it almost always describes how a film looks. "score" is music: in
// a review body the critic's own score is a rating line, which extract
// removes before scoring.
func init() {
	for aspect, words := range map[string][]string{
		AspectActing: {"acting", "actor", "actors", "actress", "actresses", "performance", "performances", "performer",
			"performers", "cast", "casting", "ensemble", "plays", "played", "playing", "portrays", "portrayal", "portrayed",
			"role", "roles", "co-star", "costar"},
		AspectDirection: {"director", "directors", "directs", "directed", "directing", "direction", "directorial",
			"filmmaker", "filmmakers", "filmmaking", "helmer", "helmed", "staging", "staged", "auteur"},
		AspectWriting: {"script", "scripts", "screenplay", "screenwriter", "screenwriters", "writer", "writers", "written",
			"writing", "dialogue", "dialog", "dialogues", "plot", "plotting", "story", "storytelling", "narrative",
			"characterization", "characterisation", "premise", "twist", "twists", "subplot", "subplots"},
		AspectCinematography: {"cinematography", "cinematographer", "shot", "shots", "lens", "lensing", "lensed", "colour",
			"color", "colours", "colors", "palette", "visual", "visuals", "visually", "camera", "camerawork", "framing",
			"frames", "photography", "photographed", "lighting", "lit", "imagery", "composition", "compositions"},
		AspectMusic: {"score", "scores", "soundtrack", "music", "musical", "song", "songs", "composer", "melody",
			"melodies", "orchestral", "sound"},
		AspectEditing: {"pacing", "paced", "pace", "editing", "edited", "editor", "cut", "cuts", "runtime", "drags",
			"dragged", "drag", "overlong", "bloated", "sluggish", "meandering", "minutes", "length"},
	} {
		for _, w := range words {
			addToAspectIndex(w, uint8(slices.Index(aspectOrder, aspect)))
		}
	}
}

// aspectsOf returns the aspects a sentence's words mention, in aspectOrder,
// or just "other". hashes[i] is wordHash(tokens[i]).
func aspectsOf(tokens []Token, hashes []uint64) []string {
	var found [6]bool
	any := false
	for i, t := range tokens {
		if a := aspectOfWord(t.Word, hashes[i]); a >= 0 {
			found[a], any = true, true
		}
	}
	if !any {
		return []string{AspectOther}
	}
	var out []string
	for i, f := range found {
		if f {
			out = append(out, aspectOrder[i])
		}
	}
	return out
}

// rollUp averages sentence polarities per aspect.
func rollUp(sentences []review.SentenceScore) map[string]review.AspectSummary {
	out := map[string]review.AspectSummary{}
	sums := map[string]float64{}
	for _, s := range sentences {
		for _, a := range s.Aspects {
			sums[a] += s.Polarity
			sum := out[a]
			sum.Sentences++
			out[a] = sum
		}
	}
	for a, sum := range out {
		sum.Polarity = round3(sums[a] / float64(sum.Sentences))
		out[a] = sum
	}
	return out
}
