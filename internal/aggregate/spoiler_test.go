package aggregate

import (
	"slices"
	"testing"

	"github.com/marquee-film/marquee/internal/review"
)

func TestIsSpoilerSentence(t *testing.T) {
	tests := []struct {
		sentence string
		warned   bool
		want     bool
	}{
		{"The ending lands like a door closing in an empty house.", false, true},
		{"In the final scenes the ferry never arrives.", false, true},
		{"Nobody expects the twist, least of all the sheriff.", false, true},
		{"It turns out the lighthouse was never lit at all.", false, true},
		{"The mayor dies in the second reel.", false, true},
		{"By the end of the film the two brothers have swapped lives.", false, true},
		{"The third act belongs to the mother.", false, true},
		{"Her fate is sealed on the pier.", false, false},
		{"Her fate is sealed on the pier.", true, true},
		{"The wedding in Reno is a comic high point.", true, true},
		{"The secret is revealed in a single look.", true, true},
		{"Everything unravels once the family arrives.", true, true},
		{"The photography is luminous and the score hums along.", true, false},
		{"The photography is luminous and the score hums along.", false, false},
		{"A film about grief that is never grim.", false, false},
		{"", true, false},
	}
	for _, tt := range tests {
		if got := IsSpoilerSentence(tt.sentence, tt.warned); got != tt.want {
			t.Errorf("IsSpoilerSentence(%q, warned=%v) = %v, want %v", tt.sentence, tt.warned, got, tt.want)
		}
	}
}

func TestSpoilerSentences(t *testing.T) {
	body := []string{
		"Saltgrass is a small, sure-footed drama about a family that cannot leave an island.", // 0
		"Nuala runs the choir and Seánie keeps the boats.",                                    // 1 character, first half
		"The photography is cold and beautiful.",                                              // 2
		"The cast is uniformly strong, the youngest especially.",                              // 3
		"Seánie sells the boats to pay her debts.",                                            // 4 character, later half
		"She leaves on the mail ferry without a word.",                                        // 5 spills over from 4
		"The music, all fiddles and rain, is the best thing in it.",                           // 6
		"Nuala's choir deserves a film of its own.",                                           // 7 character, later half
	}
	credits := []review.Credit{{Person: "Deirdre Casey", Character: "Nuala", Role: "actor"}, {Person: "Fiachra Doyle", Character: "Seánie", Role: "actor"}}
	tests := []struct {
		name    string
		warning *string
		extra   []string
		body    []string
		want    []int
	}{
		{"warned: later half naming characters, and the spill-over", ptr("Spoilers ahead."), nil, body, []int{4, 5, 7}},
		{"not warned: only strong markers", nil, nil, body, nil},
		{"not warned, ending narrated with spill-over",
			nil, nil,
			[]string{
				"Saltgrass is a small drama.",
				"In the final scene Nuala sings alone in the empty church.",
				"Then the bells start.",
				"Seánie is on the ferry.",
				"Nuala smiles.",
				"The music is the best thing in it.",
			},
			[]int{1, 2, 3}},
		{"warning of empty text is no warning", ptr("  "), nil, body, nil},
		{"names from other reviews count", ptr("Spoilers."), []string{"Ciarán"},
			[]string{"One.", "Two.", "Three.", "Ciarán rows out alone."}, []int{3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &review.Review{Film: review.Film{Title: "Saltgrass"}, SpoilerWarning: tt.warning, Credits: credits, Body: tt.body}
			flags := SpoilerSentences(r, tt.extra...)
			if len(flags) != len(tt.body) {
				t.Fatalf("%d flags for %d sentences", len(flags), len(tt.body))
			}
			var got []int
			for i, f := range flags {
				if f {
					got = append(got, i)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("spoilers at %v, want %v", got, tt.want)
			}
		})
	}
	if SpoilerSentences(nil) != nil {
		t.Error("nil review: want nil flags")
	}
}

func TestCharacterNamesSkipTitleAndAddress(t *testing.T) {
	r := &review.Review{
		Film: review.Film{Title: "Anselm"},
		Credits: []review.Credit{
			{Person: "Dane Whitaker", Character: "Sheriff Cobb", Role: "actor"},
			{Person: "Jonas Hedlund", Character: "Anselm Solberg", Role: "actor"},
			{Person: "Ada Quist", Character: "the ferryman's wife", Role: "actor"},
		},
	}
	got := characterNames(r, nil).own
	want := map[string]bool{"cobb": true, "solberg": true}
	if len(got) != len(want) {
		t.Errorf("names = %v, want %v", got, want)
	}
	for n := range want {
		if !got[n] {
			t.Errorf("names %v lack %q", got, n)
		}
	}
}

func FuzzSpoilerSentences(f *testing.F) {
	f.Add("The ending is a shock.\nShe dies.", "Spoilers!", "Maren \"Mo\" Solberg")
	f.Add("In the end, it works.", "", "")
	f.Add("\xff\xfe broken ’s ’’ \x00", "warn", "’s")
	f.Add("Ani’s marriage unravels.", "This review may reveal later elements of the plot.", "Anora “Ani” Mikheeva")
	f.Fuzz(func(t *testing.T, text, warning, character string) {
		body := []string{text, text + " " + text, ""}
		r := &review.Review{Body: body, Credits: []review.Credit{{Person: "A B", Character: character}}}
		if warning != "" {
			r.SpoilerWarning = &warning
		}
		flags := SpoilerSentences(r, character)
		if len(flags) != len(body) {
			t.Fatalf("%d flags for %d sentences", len(flags), len(body))
		}
		if flags[2] {
			t.Errorf("empty sentence flagged")
		}
		if IsSpoilerSentence(text, false) && !IsSpoilerSentence(text, true) {
			t.Errorf("%q is a spoiler unwarned but not warned", text)
		}
	})
}
