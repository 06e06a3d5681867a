package credit

import (
	"context"
	"reflect"
	"testing"

	"github.com/marquee-film/marquee/internal/review"
)

func TestEvaluateAgainstCast(t *testing.T) {
	reviews := []EvalReview{
		{
			ID: "harbour",
			Text: "Lena (Marta Vogel) bakes. Captain Brandt sails while Jon Ashby sulks. Karl is Sven Dahl's best role.\n" +
				"Ines  Moreau voices the ferryman.",
			Cast: []CastMember{
				{Person: "Marta Vogel", Characters: []string{"Lena Sorensen"}},
				{Person: "Jon Ashby", Characters: []string{"Captain Emil Brandt"}},
				{Person: "Sven Dahl", Characters: []string{"Karl"}},
				{Person: "Ruth Okafor", Characters: []string{"Jo"}}, // not named in the text
				{Person: "Ines Moreau", Characters: []string{"Herself", "The Ferryman (voice)"}},
			},
		},
		{
			ID:   "lights",
			Text: "Matt Keller (Omar Haddad) investigates.",
			Cast: []CastMember{{Person: "Omar Haddad", Characters: []string{"Matthew Keller / The Ghost"}}},
		},
	}
	extracted := map[string][]review.Credit{
		"harbour": {
			actor("Marta Vogel", "Lena"),        // matches "Lena Sorensen" (subset)
			actor("Jon Ashby", "Brandt"),        // matches "Captain Emil Brandt"
			actor("Sven Dahl", "Emil"),          // wrong character
			actor("Piet Hollander", "Karl"),     // not in the cast
			actor("Ines Moreau", "Ferryman"),    // matches "The Ferryman (voice)"
			crew("Sofia Lindqvist", "director"), // crew is not scored
		},
		"lights": {actor("Omar Haddad", "Matt Keller")}, // a spelling variant: lenient only
	}
	byText := map[string]string{}
	for i := range reviews {
		reviews[i].Sentences = SplitSentences(reviews[i].Text)
		byText[reviews[i].Sentences[0]] = reviews[i].ID
	}
	ev := EvaluateAgainstCast(reviews, func(sentences []string, _ string) []review.Credit {
		return extracted[byText[sentences[0]]]
	})
	karl := Pair{Review: "harbour", Person: "Sven Dahl", Character: "Karl", Sentence: "Karl is Sven Dahl's best role."}
	// Literal gold: Sven Dahl/Karl and Ines Moreau/The Ferryman, whose
	// full names occur (article, bracket, case and spacing aside). Lenient
	// gold adds Marta Vogel/Lena Sorensen ("Lena"), Jon Ashby/Captain Emil
	// Brandt ("Brandt") and Omar Haddad/Matthew Keller ("Keller"). Neither
	// has Ruth Okafor (absent) or Herself.
	want := Evaluation{
		Reviews: 2, Extracted: 6, TruePositives: 4, ExtractedInCast: 5,
		Precision: 4.0 / 6, InCastPrecision: 4.0 / 5,
		StrictTruePositives: 3, StrictPrecision: 3.0 / 6,
		FalsePositives: []Pair{
			{Review: "harbour", Person: "Sven Dahl", Character: "Emil"},
			{Review: "harbour", Person: "Piet Hollander", Character: "Karl"},
		},
		Gold: GoldScore{
			GoldPairs: 2, GoldFound: 1, SentenceGoldPairs: 2, SentenceGoldFound: 1, StrictGoldFound: 1,
			Recall: 1.0 / 2, SentenceRecall: 1.0 / 2, StrictRecall: 1.0 / 2,
			Misses: []Pair{karl}, SentenceMisses: []Pair{karl},
		},
		LenientGold: GoldScore{
			GoldPairs: 5, GoldFound: 4, SentenceGoldPairs: 5, SentenceGoldFound: 4, StrictGoldFound: 3,
			Recall: 4.0 / 5, SentenceRecall: 4.0 / 5, StrictRecall: 3.0 / 5,
			Misses: []Pair{karl}, SentenceMisses: []Pair{karl},
		},
	}
	if !reflect.DeepEqual(ev, want) {
		t.Errorf("got  %+v\nwant %+v", ev, want)
	}
}

func TestCharactersMatch(t *testing.T) {
	tests := []struct {
		a, b            string
		strict, lenient bool
	}{
		{"Brandt", "Captain Brandt", true, true},
		{`Josephine "Jo" Harlan`, "Jo", true, true},
		{"the Ferryman", "Ferryman", true, true},
		{"Dr. Brandt", "Baron Karl Brandt", true, true},
		{"Vic LaRue", "Vic La Rue", true, true},
		{`Robert "Bobby" Kane`, "Robert 'Bobby' Kane", true, true},
		{"Katherine Byrne", "Kate Byrne", false, true},
		{"Kat", "Katherine Holm", false, true},
		{"Lars Neilsen", "Lars Nielsen", false, true},
		{"Robert Kane", "Bobby", false, false},
		{"Lena", "Karl", false, false},
		{"Captain", "Captain Brandt", false, false}, // a bare honorific names no one
		{"Lulu", "Lula", false, true},
		{"Hendrik Vos", "Henrdik Vos", false, true},
		{"Henrdik", "Hendrik", false, true},
		{"Mary", "Mark", false, true}, // one letter apart: the performer must match too
		{"Jo", "Ji", false, false},    // too short for a spelling variant
	}
	for _, tt := range tests {
		if got := charactersMatch(tt.a, tt.b); got != tt.strict {
			t.Errorf("charactersMatch(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.strict)
		}
		if got := charactersMatchLenient(tt.a, tt.b); got != tt.lenient {
			t.Errorf("charactersMatchLenient(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.lenient)
		}
	}
}

func TestPersonsMatch(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Marta Vogel", "marta  vogel", true},
		{"Cal Brody", "Cal Brody Jr.", true},
		{"Jan LeGros", "Jan Le Gros", true},
		{"Lau Wing Chun", "Lau Wing-Chun", true},
		{"Wing Chun Lau", "Lau Wing-Chun", true},
		{"Terrance Vogel", "Terence Vogel", true},
		{"Ali McVogel", "Ali MacVogel", true},
		{"Ruth Evan", "Ruth Evans", true},
		{"Mark Eidelstein", "Mark Eydelshteyn", true}, // resolve.SamePerson
		{"Jon Ashby", "Jon Ashcroft", false},
		{"Noah Dahl", "Wallace Dahl", false},
		{"Jon Ashby", "Sven Dahl", false},
		{"Harvey", "Harvey Korman", false}, // a name alone is no one
		{"Sven Dahl", "Sven Dahl Jr.", true},
		{"Ruth Okafor", "Tuth Okafor", false}, // another first letter
	}
	for _, tt := range tests {
		if got := personsMatch(tt.a, tt.b); got != tt.want {
			t.Errorf("personsMatch(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestLiteralOccurs(t *testing.T) {
	text := newReviewText("Karl Brandt returns as the ferryman, and  “Jo”  Harlan sings. Karl Brandt is back.", []string{"Karl Brandt"})
	tests := []struct {
		character string
		want      bool
	}{
		{"The Ferryman", true},     // leading article, case
		{`"Jo" Harlan`, true},      // quotes and spacing folded
		{"Karl", false},            // only inside the performer's name
		{"Karl Brandt", false},     // playing himself: one name, not two
		{"Harlan", true},           // a whole word
		{"Harl", false},            // not a whole word
		{"Ferryman's Mate", false}, // the full name must occur
	}
	for _, tt := range tests {
		if got := literalOccurs(text.maskedText, text.masked, tt.character); got != tt.want {
			t.Errorf("literalOccurs(%q) = %v, want %v", tt.character, got, tt.want)
		}
	}
}

func TestSplitSentences(t *testing.T) {
	text := "Dr. Hale (J. K. Simmonds) operates. It works!\nA new line? Yes “Quoted.” Then 3 more. e.g. lower case stays."
	want := []string{
		"Dr. Hale (J. K. Simmonds) operates.",
		"It works!",
		"A new line?",
		"Yes “Quoted.”",
		"Then 3 more. e.g. lower case stays.",
	}
	if got := SplitSentences(text); !reflect.DeepEqual(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestMarkdownToText(t *testing.T) {
	md := `_Northern Lights_ recalls <span data-imdb-id="tt0000001">_Harbour_</span> &amp; **more**.`
	want := "Northern Lights recalls Harbour & more."
	if got := MarkdownToText(md); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestMeasurementFranksMovieLog guards the figures `marquee measure
// credits` reports; the thresholds sit just under the measured values.
func TestMeasurementFranksMovieLog(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the shared dataset")
	}
	dir := sharedDir(t, "data/franks-movielog")
	reviews, err := ReadMovieLog(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(reviews) < 1000 {
		t.Fatalf("read %d reviews, want the dataset's 1,568", len(reviews))
	}
	ev := EvaluateAgainstCast(reviews, Extract)
	t.Logf("extracted %d, true positives %d, precision %.4f", ev.Extracted, ev.TruePositives, ev.Precision)
	for _, g := range []struct {
		name  string
		score GoldScore
	}{{"literal", ev.Gold}, {"lenient", ev.LenientGold}} {
		t.Logf("%s gold %d, recall %.4f, recall within a sentence %.4f", g.name, g.score.GoldPairs, g.score.Recall, g.score.SentenceRecall)
	}
	checks := []struct {
		name     string
		got, min float64
	}{
		{"precision", ev.Precision, minPrecision},
		{"recall", ev.Gold.Recall, minRecall},
		{"recall within a sentence", ev.Gold.SentenceRecall, minSentenceRecall},
		{"recall, lenient gold", ev.LenientGold.Recall, minLenientRecall},
		{"recall within a sentence, lenient gold", ev.LenientGold.SentenceRecall, minLenientSentenceRecall},
	}
	for _, c := range checks {
		if c.got < c.min {
			t.Errorf("%s %.4f fell below %.4f", c.name, c.got, c.min)
		}
	}
}

// Each floor is just under the measured value.
// Measured 2026-11-24: precision 0.9503; literal gold recall 0.7051,
// within a sentence 0.8279; lenient gold recall 0.6495, within a sentence
// 0.8148.
const (
	minPrecision             = 0.95
	minRecall                = 0.70
	minSentenceRecall        = 0.82
	minLenientRecall         = 0.645
	minLenientSentenceRecall = 0.81
)

// BenchmarkExtractMovieLog runs Extract over every review of Frank's Movie
// Log: real prose, where the invented BenchmarkExtract review is denser in
// credits than most.
func BenchmarkExtractMovieLog(b *testing.B) {
	dir := sharedDir(b, "data/franks-movielog")
	reviews, err := ReadMovieLog(context.Background(), dir)
	if err != nil {
		b.Fatal(err)
	}
	size := 0
	for _, r := range reviews {
		for _, s := range r.Sentences {
			size += len(s)
		}
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, r := range reviews {
			Extract(r.Sentences, r.FilmTitle)
		}
	}
}
