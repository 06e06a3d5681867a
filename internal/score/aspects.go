package score

import "github.com/marquee-film/marquee/internal/review"

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

// aspectWords is our own keyword lexicon. "camera" is cinematography, not
// direction: in reviews it almost always describes how a film looks.
// "score" is music: in a review body the critic's own score is a rating
// line, which extract removes before scoring.
var aspectWords = map[string]string{}

// aspectMinLen and aspectMaxLen bound the lexicon's word lengths: most of a
// sentence's words are shorter ("a", "of", "it") and need no lookup.
var aspectMinLen, aspectMaxLen = 1 << 30, 0

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
			aspectWords[w] = aspect
			aspectMinLen, aspectMaxLen = min(aspectMinLen, len(w)), max(aspectMaxLen, len(w))
		}
	}
}

// aspectsOf returns the aspects a sentence's words mention, in aspectOrder,
// or just "other".
func aspectsOf(tokens []Token) []string {
	var found [6]bool
	any := false
	for _, t := range tokens {
		if len(t.Word) < aspectMinLen || len(t.Word) > aspectMaxLen {
			continue
		}
		if a, ok := aspectWords[t.Word]; ok {
			for i, name := range aspectOrder {
				if name == a {
					found[i] = true
					any = true
				}
			}
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
