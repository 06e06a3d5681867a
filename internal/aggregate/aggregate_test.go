package aggregate

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/marquee-film/marquee/internal/resolve"
	"github.com/marquee-film/marquee/internal/review"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestBuildGolden(t *testing.T) {
	rep := Build(7, "The Glass Orchard", 2022, "Oona Vaskelainen", orchardReviews())
	got, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "glass_orchard.golden.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run with -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("report differs from %s (run with -update after checking the diff):\n%s", path, got)
	}
}

func TestBuildScore(t *testing.T) {
	rep := Build(7, "The Glass Orchard", 2022, "", orchardReviews())
	if rep.Reviews != 4 || rep.Rated != 2 {
		t.Errorf("reviews, rated = %d, %d; want 4, 2", rep.Reviews, rep.Rated)
	}
	// Own ratings 80 and 85, inferred 34; the Finnish review has neither.
	if rep.Score == nil || *rep.Score != 66.3 {
		t.Fatalf("score = %v, want 66.3", rep.Score)
	}
	if rep.ScoreBasis != (ScoreBasis{OwnRating: 2, Inferred: 1}) {
		t.Errorf("score basis = %+v", rep.ScoreBasis)
	}
	if rep.Counts != (Counts{Positive: 2, Negative: 1}) {
		t.Errorf("counts = %+v", rep.Counts)
	}
	if rep.PositiveShare == nil || *rep.PositiveShare != 0.667 {
		t.Errorf("positive share = %v, want 0.667", rep.PositiveShare)
	}
	if rep.Verdict != Positive {
		t.Errorf("verdict = %q", rep.Verdict)
	}
	bins := map[int]int{}
	for _, b := range rep.Histogram {
		if b.Count > 0 {
			bins[b.From] = b.Count
		}
	}
	if len(rep.Histogram) != 10 || bins[80] != 2 || bins[30] != 1 || len(bins) != 2 {
		t.Errorf("histogram = %+v", rep.Histogram)
	}
	lo, hi := rep.ScoreInterval[0], rep.ScoreInterval[1]
	if !(lo < *rep.Score && *rep.Score < hi) || hi-lo < 40 {
		t.Errorf("interval %v around %v: want a wide interval for 3 reviews", rep.ScoreInterval, *rep.Score)
	}
	var sketch []string
	for _, r := range rep.ReviewList {
		s := "-"
		if r.Score != nil {
			s = r.ScoreBasis + ":" + r.Verdict
		}
		sketch = append(sketch, s)
	}
	want := []string{"own_rating:positive", "own_rating:positive", "inferred:negative", "-"}
	if !slices.Equal(sketch, want) {
		t.Errorf("review list scores = %v, want %v", sketch, want)
	}
}

func TestBuildNoScores(t *testing.T) {
	rep := Build(1, "Nothing Scored", 0, "", []*review.Review{{ID: 1, Body: []string{"A sentence."}}, nil})
	if rep.Reviews != 1 || rep.Score != nil || rep.ScoreInterval != nil || rep.PositiveShare != nil || rep.Verdict != "" {
		t.Errorf("unscored film: %+v", rep)
	}
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{`"score":null`, `"consensus":[]`, `"quotes":[]`, `"credits":[]`, `"conflicts":[]`, `"compared_to":[]`, `"aspects":{}`} {
		if !bytes.Contains(b, []byte(field)) {
			t.Errorf("JSON lacks %s: %s", field, b)
		}
	}
}

func TestScoreOf(t *testing.T) {
	low, _ := verdictThresholds()
	tests := []struct {
		name        string
		r           review.Review
		ok          bool
		score       float64
		verdict     string
		basis       string
		description string
	}{
		{name: "own rating wins", r: review.Review{Rating: &review.Rating{Score: 70}, Score: ptr(20.0), Verdict: Negative}, ok: true, score: 70, verdict: Positive, basis: BasisOwnRating},
		{name: "rating at the high threshold is mixed", r: review.Review{Rating: &review.Rating{Score: 60}}, ok: true, score: 60, verdict: Mixed, basis: BasisOwnRating},
		{name: "rating at the low threshold is mixed", r: review.Review{Rating: &review.Rating{Score: low}}, ok: true, score: low, verdict: Mixed, basis: BasisOwnRating},
		{name: "rating just under the low threshold", r: review.Review{Rating: &review.Rating{Score: low - 0.1}}, ok: true, score: low - 0.1, verdict: Negative, basis: BasisOwnRating},
		{name: "inferred keeps the scorer's verdict", r: review.Review{Score: ptr(59.0), Verdict: Positive}, ok: true, score: 59, verdict: Positive, basis: BasisInferred},
		{name: "inferred without verdict", r: review.Review{Score: ptr(12.0)}, ok: true, score: 12, verdict: Negative, basis: BasisInferred},
		{name: "out of range rating clamped", r: review.Review{Rating: &review.Rating{Score: 130}}, ok: true, score: 100, verdict: Positive, basis: BasisOwnRating},
		{name: "NaN rating falls back to inferred", r: review.Review{Rating: &review.Rating{Score: nan()}, Score: ptr(50.0), Verdict: Mixed}, ok: true, score: 50, verdict: Mixed, basis: BasisInferred},
		{name: "neither", r: review.Review{Verdict: Positive}, ok: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := scoreOf(&tt.r)
			if ok != tt.ok || (ok && (got.score != tt.score || got.verdict != tt.verdict || got.basis != tt.basis)) {
				t.Errorf("scoreOf = %+v, %v; want %v %v %v, %v", got, ok, tt.score, tt.verdict, tt.basis, tt.ok)
			}
		})
	}
}

func TestBuildAspects(t *testing.T) {
	rep := Build(7, "The Glass Orchard", 2022, "", orchardReviews())
	want := map[string]FilmAspect{
		"acting":         {Polarity: 0.567, Reviews: 3, Sentences: 4, Label: LabelPraised},
		"cinematography": {Polarity: 0.6, Reviews: 1, Sentences: 1, Label: LabelPraised},
		"writing":        {Polarity: -0.55, Reviews: 2, Sentences: 3, Label: LabelCriticised},
	}
	if len(rep.Aspects) != len(want) {
		t.Errorf("aspects = %v, want %v (no %q)", rep.Aspects, want, aspectOther)
	}
	for name, w := range want {
		if rep.Aspects[name] != w {
			t.Errorf("aspect %s = %+v, want %+v", name, rep.Aspects[name], w)
		}
	}
	split := Build(1, "Split", 0, "", []*review.Review{
		{ID: 1, Aspects: map[string]review.AspectSummary{"music": {Polarity: 0.9, Sentences: 1}}},
		{ID: 2, Aspects: map[string]review.AspectSummary{"music": {Polarity: 0.6, Sentences: 1}}},
		{ID: 3, Aspects: map[string]review.AspectSummary{"music": {Polarity: -0.3, Sentences: 1}}},
		{ID: 4, Aspects: map[string]review.AspectSummary{"music": {Polarity: -0.2, Sentences: 1}}},
	})
	// Mean 0.25 leans positive, but only half the reviews do: mixed.
	if got := split.Aspects["music"]; got.Label != LabelMixed || got.Reviews != 4 {
		t.Errorf("split aspect = %+v, want mixed over 4 reviews", got)
	}
}

func TestBuildComparedTo(t *testing.T) {
	rep := Build(7, "The Glass Orchard", 2022, "", orchardReviews())
	want := []Mention{{Title: "The Salt Lantern", Reviews: 3}, {Title: "Winter Apples", Reviews: 2}}
	if !slices.Equal(rep.ComparedTo, want) {
		t.Errorf("compared to = %+v, want %+v", rep.ComparedTo, want)
	}
	tests := []struct {
		name     string
		title    string
		mentions [][]string
		want     []Mention
	}{
		{"spellings grouped, self by subtitle left out", "Vanishing Point: Part One",
			[][]string{{"Vanishing Point", "Solaris", "solaris"}, {"SOLARIS", "2001: A Space Odyssey"}, {"2001: A Space Odyssey"}},
			[]Mention{{Title: "2001: A Space Odyssey", Reviews: 2}, {Title: "Solaris", Reviews: 2}}},
		{"ties by title", "Northbound", [][]string{{"Paris, Texas"}, {"The Florida Project"}, {"Paris, Texas", "The Florida Project", "Northbound"}},
			[]Mention{{Title: "Paris, Texas", Reviews: 2}, {Title: "The Florida Project", Reviews: 2}}},
		{"nothing mentioned", "Quiet", nil, []Mention{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rs []*review.Review
			for i, m := range tt.mentions {
				rs = append(rs, &review.Review{ID: int64(i + 1), MentionedFilms: m})
			}
			got := Build(1, tt.title, 0, "", rs).ComparedTo
			if !slices.Equal(got, tt.want) {
				t.Errorf("compared to = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestBuildCreditsAndConflicts(t *testing.T) {
	rep := Build(7, "The Glass Orchard", 2022, "", orchardReviews())
	byPerson := map[string]FilmCredit{}
	for _, c := range rep.Credits {
		byPerson[c.Person+"/"+c.Role] = c
	}
	lead, ok := byPerson["Teodora Ilyina/actor"]
	if !ok {
		t.Fatalf("no cluster for Teodora Ilyina: %+v", rep.Credits)
	}
	if !slices.Contains(lead.PersonVariants, "Teodora Ilina") || !slices.Equal(lead.Sources, []int64{11, 12, 13}) {
		t.Errorf("lead = %+v, want both spellings from reviews 11-13", lead)
	}
	for _, v := range []string{"Gitta", "Margit “Gitta” Sand", `Margit "Gitta" Sand`} {
		if !slices.Contains(lead.CharacterVariants, v) {
			t.Errorf("lead's character variants %v lack %q", lead.CharacterVariants, v)
		}
	}
	if d := byPerson["Oona Vaskelainen/director"]; d.Person == "" || d.CharacterVariants == nil {
		t.Errorf("director credit = %+v", d)
	}
	kinds := map[string][]string{}
	for _, c := range rep.Conflicts {
		kinds[c.Kind] = c.Values
	}
	if v := kinds[ConflictRuntime]; !slices.Equal(v, []string{"112", "118"}) {
		t.Errorf("runtime conflict = %v, want [112 118]", v)
	}
	if v, ok := kinds[ConflictDirector]; ok {
		t.Errorf("director conflict %v: Vaskelainen and Oona Vaskelainen are one person", v)
	}
	if v := kinds[resolve.ConflictCharacterActors]; !slices.Equal(v, []string{"Bram Oduya", "Piet Hollander"}) {
		t.Errorf("cast conflict = %v (all: %+v)", v, rep.Conflicts)
	}

	two := Build(1, "Two Directors", 0, "", []*review.Review{
		{ID: 1, Director: ptr("Harlan Mercer")}, {ID: 2, Director: ptr("Jun Takeda-Ross")}, {ID: 3, Director: ptr("Mercer")},
	})
	if len(two.Conflicts) != 1 || two.Conflicts[0].Kind != ConflictDirector ||
		!slices.Equal(two.Conflicts[0].ValueSources["Harlan Mercer"], []int64{1, 3}) {
		t.Errorf("director conflict = %+v", two.Conflicts)
	}
}

func TestBuildConsensusAndQuotes(t *testing.T) {
	rs := orchardReviews()
	rep := Build(7, "The Glass Orchard", 2022, "", rs)
	wantConsensus := []int64{12, 11}
	var gotConsensus []int64
	for _, c := range rep.Consensus {
		gotConsensus = append(gotConsensus, c.ReviewID)
		if c.Polarity < minPolarity {
			t.Errorf("consensus sentence %q leans against the positive majority", c.Text)
		}
	}
	if !slices.Equal(gotConsensus, wantConsensus) {
		t.Errorf("consensus from reviews %v, want %v: %+v", gotConsensus, wantConsensus, rep.Consensus)
	}
	var quoteReviews []int64
	for _, q := range rep.Quotes {
		quoteReviews = append(quoteReviews, q.ReviewID)
	}
	// Two from the positive majority, the last slot for the dissent.
	if !slices.Equal(quoteReviews, []int64{12, 11, 13}) {
		t.Errorf("quotes from reviews %v, want [12 11 13]: %+v", quoteReviews, rep.Quotes)
	}
	if len(rep.Quotes) == 3 && (rep.Quotes[2].Polarity >= 0 || rep.Quotes[2].Author != "Marisol Okonkwo-Baptiste") {
		t.Errorf("dissent quote = %+v", rep.Quotes[2])
	}
	for _, text := range append(consensusTexts(rep), quoteTexts(rep)...) {
		for _, banned := range []string{"finale", "burns the orchard", "forgives him", "Gitta inherits"} {
			if strings.Contains(text, banned) {
				t.Errorf("consensus or quote %q gives the plot away", text)
			}
		}
	}
}

func TestConsensusMixedMajority(t *testing.T) {
	mk := func(id int64, verdict string, s ...scored) *review.Review {
		return withSentences(&review.Review{ID: id, Score: ptr(50.0), Verdict: verdict}, s...)
	}
	rs := []*review.Review{
		mk(1, Mixed,
			scored{"Copper Mile looks wonderful, every frame of the desert glowing like a coal.", 0.8, []string{"cinematography"}},
			scored{"Copper Mile has a script that never decides what kind of western it wants to be.", -0.7, []string{"writing"}}),
		mk(2, Mixed,
			scored{"The performances in Copper Mile are better than the material deserves, and then some.", 0.6, []string{"acting"}},
			scored{"Copper Mile drags through a middle hour that tests even a patient audience.", -0.75, []string{"editing"}}),
		mk(3, Positive, scored{"I loved Copper Mile more than any western since I was a child.", 0.99, nil}),
	}
	rep := Build(1, "Copper Mile", 0, "", rs)
	if len(rep.Consensus) < 2 {
		t.Fatalf("consensus = %+v, want praise and complaint", rep.Consensus)
	}
	if rep.Consensus[0].Polarity <= 0 || rep.Consensus[1].Polarity >= 0 || rep.Consensus[0].ReviewID == rep.Consensus[1].ReviewID {
		t.Errorf("mixed consensus = %+v, want praise then complaint from two reviews", rep.Consensus)
	}
	for _, c := range rep.Consensus {
		if strings.Contains(c.Text, "I loved") {
			t.Errorf("first-person sentence %q in the consensus", c.Text)
		}
	}
}

func TestConsensusSentenceRules(t *testing.T) {
	long := "Copper Mile " + strings.Repeat("is very good and ", 15) + "done."
	tests := []struct {
		name string
		text string
		ok   bool
	}{
		{"names the film", "Copper Mile is a western of real grandeur and of surprising modesty.", true},
		{"too short", "Copper Mile is great.", false},
		{"too long", long, false},
		{"first person", "I think Copper Mile is a western of real grandeur and modesty.", false},
		{"opens with a pronoun", "It is a western of real grandeur and of surprising modesty, Copper Mile.", false},
		{"a question", "Is Copper Mile the western of real grandeur we have waited years for?", false},
		{"she without a name", "Copper Mile lets her carry every scene, and she carries them with ease.", false},
		{"she with a credited name", "Copper Mile lets Lorna Castellanos carry every scene, and she does so.", true},
		{"names a character", "Copper Mile follows Esther across a desert of real grandeur and menace.", false},
		{"about nothing in particular", "Everything here is done with real grandeur and surprising modesty.", false},
		{"an aspect is enough", "The screenplay is a marvel of economy, with real grandeur and modesty.", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			aspects := []string{aspectOther}
			if strings.Contains(tt.text, "screenplay") {
				aspects = []string{"writing"}
			}
			r := &review.Review{ID: 1, Score: ptr(80.0), Verdict: Positive,
				Credits: []review.Credit{{Person: "Lorna Castellanos", Character: "Esther Vance", Role: "actor"}},
				Body:    []string{tt.text}, SentenceScores: []review.SentenceScore{{Text: tt.text, Polarity: 0.9, Aspects: aspects}}}
			rep := Build(1, "Copper Mile", 0, "", []*review.Review{r})
			if got := len(rep.Consensus) == 1; got != tt.ok {
				t.Errorf("in consensus = %v, want %v", got, tt.ok)
			}
		})
	}
}

func consensusTexts(rep FilmReport) []string {
	var out []string
	for _, c := range rep.Consensus {
		out = append(out, c.Text)
	}
	return out
}

func quoteTexts(rep FilmReport) []string {
	var out []string
	for _, q := range rep.Quotes {
		out = append(out, q.Text)
	}
	return out
}

func TestConsensusFromEvidenceWhenNoSentenceScores(t *testing.T) {
	good := "Harbour Lights is a gentle, generous comedy that earns its happy tears."
	spoiler := "Harbour Lights ends with the twist that the harbour master was dead all along."
	r := &review.Review{
		ID: 5, Score: ptr(82.0), Verdict: Positive, Author: "Fen Ashdown",
		Body:     []string{good, spoiler},
		Evidence: []review.Evidence{{Text: spoiler, Polarity: 0.99}, {Text: good, Polarity: 0.9}},
	}
	rep := Build(1, "Harbour Lights", 0, "", []*review.Review{r})
	if len(rep.Consensus) != 1 || rep.Consensus[0].Text != good {
		t.Errorf("consensus = %+v, want the one spoiler-free evidence sentence", rep.Consensus)
	}
	if len(rep.Quotes) != 0 {
		t.Errorf("quotes = %+v, want none: the only spoiler-free sentence is in the consensus", rep.Quotes)
	}
}
