package score

import (
	"reflect"
	"testing"

	"github.com/marquee-film/marquee/internal/review"
)

func TestAspectsOf(t *testing.T) {
	for _, tc := range []struct {
		sentence string
		want     []string
	}{
		{"Her performance is a marvel.", []string{AspectActing}},
		{"The director stages it well, but the script is thin.", []string{AspectDirection, AspectWriting}},
		{"Gorgeous cinematography and a soaring score.", []string{AspectCinematography, AspectMusic}},
		{"At 150 minutes it drags.", []string{AspectEditing}},
		{"I laughed a lot.", []string{AspectOther}},
		{"Not the performance I hoped for.", []string{AspectActing}}, // a negated word
		{"The scorer missed.", []string{AspectOther}},
	} {
		toks := Tokenize(tc.sentence)
		hashes := make([]uint64, len(toks))
		for i, tok := range toks {
			hashes[i] = wordHash(tok)
		}
		if got := aspectsOf(toks, hashes); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("aspectsOf(%q) = %v, want %v", tc.sentence, got, tc.want)
		}
	}
}

func TestEvidenceAndRollUp(t *testing.T) {
	sentences := []review.SentenceScore{
		{Text: "a", Polarity: 0.9, Aspects: []string{AspectActing}},
		{Text: "b", Polarity: -0.8, Aspects: []string{AspectWriting}},
		{Text: "c", Polarity: 0.5, Aspects: []string{AspectActing, AspectMusic}},
		{Text: "d", Polarity: 0.7, Aspects: []string{AspectOther}},
		{Text: "e", Polarity: 0.95, Aspects: []string{AspectOther}},
		{Text: "f", Polarity: 0, Aspects: []string{AspectOther}},
		{Text: "g", Polarity: -0.2, Aspects: []string{AspectOther}},
	}
	got := evidence(sentences)
	want := []review.Evidence{{Text: "e", Polarity: 0.95}, {Text: "a", Polarity: 0.9}, {Text: "d", Polarity: 0.7}, {Text: "b", Polarity: -0.8}, {Text: "g", Polarity: -0.2}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("evidence = %v, want %v", got, want)
	}
	aspects := rollUp(sentences)
	if s := aspects[AspectActing]; s.Sentences != 2 || s.Polarity != 0.7 {
		t.Errorf("acting = %+v, want 2 sentences at 0.7", s)
	}
	if s := aspects[AspectOther]; s.Sentences != 4 {
		t.Errorf("other = %+v, want 4 sentences", s)
	}
	if _, ok := aspects[AspectDirection]; ok {
		t.Error("direction present without sentences")
	}
}

func TestApplyTo(t *testing.T) {
	var r review.Review
	(*Analysis)(nil).ApplyTo(&r)
	if r.Score != nil || r.Verdict != "" {
		t.Fatalf("nil analysis set fields: %+v", r)
	}
	a := &Analysis{Score: 71, Verdict: Positive, Confidence: 0.6, Evidence: []review.Evidence{{Text: "x", Polarity: 0.9}}}
	a.ApplyTo(&r)
	if r.Score == nil || *r.Score != 71 || r.Verdict != Positive || r.Confidence == nil || *r.Confidence != 0.6 || len(r.Evidence) != 1 {
		t.Errorf("ApplyTo gave %+v", r)
	}
}
