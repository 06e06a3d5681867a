package rating

import (
	"errors"
	"math"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in    string
		kind  Kind
		score float64
		value float64 // checked when max != 0
		max   float64
		err   error
	}{
		// Fractions.
		{in: "3.5/4", kind: KindFraction, score: 87.5, value: 3.5, max: 4},
		{in: "4/5", kind: KindFraction, score: 80, value: 4, max: 5},
		{in: "8/10", kind: KindFraction, score: 80, value: 8, max: 10},
		{in: "92/100", kind: KindFraction, score: 92, value: 92, max: 100},
		{in: "1/4", kind: KindFraction, score: 25, value: 1, max: 4},
		{in: "0/4", kind: KindFraction, score: 0, value: 0, max: 4},
		{in: "4 / 5", kind: KindFraction, score: 80, value: 4, max: 5},
		{in: "4\u00a0/\u00a05", kind: KindFraction, score: 80, value: 4, max: 5},
		{in: "3.5 / 5", kind: KindFraction, score: 70, value: 3.5, max: 5},
		{in: "6.5/ 10", kind: KindFraction, score: 65, value: 6.5, max: 10},
		{in: "3.5/4.0", kind: KindFraction, score: 87.5, value: 3.5, max: 4},
		{in: ".5/4", kind: KindFraction, score: 12.5, value: 0.5, max: 4},
		{in: "2.75/5", kind: KindFraction, score: 55, value: 2.75, max: 5},
		{in: "7.0681328/10", kind: KindFraction, score: 70.7, value: 7.0681328, max: 10},
		{in: "14/20", kind: KindFraction, score: 70, value: 14, max: 20},
		{in: "3/5 stars", kind: KindFraction, score: 60, value: 3, max: 5},
		{in: "'2.5/4'", kind: KindFraction, score: 62.5, value: 2.5, max: 4},
		{in: "\"3/4\"", kind: KindFraction, score: 75, value: 3, max: 4},
		{in: "  4/4  ", kind: KindFraction, score: 100, value: 4, max: 4},
		{in: "Rating: 3/4", kind: KindFraction, score: 75, value: 3, max: 4},
		{in: "2.1/2", kind: KindFraction, err: ErrOutOfRange},
		{in: "5/4", kind: KindFraction, err: ErrOutOfRange},
		{in: "-1/4", kind: KindFraction, err: ErrOutOfRange},
		{in: "3.0/.0", kind: KindFraction, err: ErrNotRating},
		{in: "3/0", kind: KindFraction, err: ErrNotRating},
		{in: "3/", kind: KindOther, err: ErrNotRating},
		{in: "3.5.5", kind: KindOther, err: ErrNotRating},
		{in: "10/12/2024", kind: KindOther, err: ErrNotRating},
		// Out of.
		{in: "3 of 5", kind: KindOutOf, score: 60, value: 3, max: 5},
		{in: "7 out of 10", kind: KindOutOf, score: 70, value: 7, max: 10},
		{in: "4 out of five", kind: KindOutOf, score: 80, value: 4, max: 5},
		{in: "three out of four stars", kind: KindOutOf, score: 75, value: 3, max: 4},
		{in: "+1 out of -4..+4", kind: KindOutOf, score: 62.5, value: 1, max: 4},
		{in: "+3 out of -4..+4", kind: KindOutOf, score: 87.5, value: 3, max: 4},
		{in: "-4 out of -4..+4", kind: KindOutOf, score: 0, value: -4, max: 4},
		{in: "high +2 out of -4..+4", kind: KindOutOf, score: 75, value: 2, max: 4},
		{in: "0 out of -2 to 2", kind: KindOutOf, score: 50, value: 0, max: 2},
		// A scale that tops out at zero or below is none (found by FuzzParse).
		{in: "0 out of -1..0", kind: KindOther, err: ErrNotRating},
		{in: "-2 out of -4..-1", kind: KindOther, err: ErrNotRating},
		{in: "+5 out of -4..+4", kind: KindOutOf, err: ErrOutOfRange},
		{in: "11 out of 10", kind: KindOutOf, err: ErrOutOfRange},
		{in: "half of one star", kind: KindStars, err: ErrAmbiguous},
		{in: "2 of 1", kind: KindOther, err: ErrNotRating},
		// Stars.
		{in: "4 stars", kind: KindStars, err: ErrAmbiguous},
		{in: "3 stars", kind: KindStars, err: ErrAmbiguous},
		{in: "4.5 stars", kind: KindStars, score: 90, value: 4.5, max: 5},
		{in: "FIVE STARS", kind: KindStars, score: 100, value: 5, max: 5},
		{in: "ZERO STARS", kind: KindStars, score: 0, value: 0, max: 5},
		{in: "three and a half stars", kind: KindStars, err: ErrAmbiguous},
		{in: "three and a half stars out of five", kind: KindStars, score: 70, value: 3.5, max: 5},
		{in: "4 stars out of 5", kind: KindStars, score: 80, value: 4, max: 5},
		{in: "half a star", kind: KindStars, err: ErrAmbiguous},
		{in: "1/2 of a star", kind: KindStars, err: ErrAmbiguous},
		{in: "***", kind: KindStars, err: ErrAmbiguous},
		{in: "**1/2", kind: KindStars, err: ErrAmbiguous},
		{in: "* * * *", kind: KindStars, err: ErrAmbiguous},
		{in: "****1/2", kind: KindStars, score: 90, value: 4.5, max: 5},
		{in: "*****", kind: KindStars, score: 100, value: 5, max: 5},
		{in: "***/4", kind: KindStars, score: 75, value: 3, max: 4},
		{in: "**½ out of 4", kind: KindStars, score: 62.5, value: 2.5, max: 4},
		{in: "3 1/2 stars", kind: KindStars, err: ErrAmbiguous},
		{in: "★★★★★", kind: KindStars, score: 100, value: 5, max: 5},
		{in: "★★★★½", kind: KindStars, score: 90, value: 4.5, max: 5},
		{in: "★★★☆☆", kind: KindStars, score: 60, value: 3, max: 5},
		{in: "★★½☆", kind: KindStars, score: 62.5, value: 2.5, max: 4},
		{in: "★★★", kind: KindStars, score: 60, value: 3, max: 5},
		{in: "★ ★ ★ ☆ ☆", kind: KindStars, score: 60, value: 3, max: 5},
		{in: "½", kind: KindStars, score: 10, value: 0.5, max: 5},
		{in: "☆", kind: KindStars, score: 0, value: 0, max: 5},
		{in: "⭐⭐⭐⭐", kind: KindStars, score: 80, value: 4, max: 5},
		{in: "★★★/4", kind: KindStars, score: 75, value: 3, max: 4},
		{in: "★★★★★★★", kind: KindStars, err: ErrAmbiguous},
		{in: "☆★★", kind: KindOther, err: ErrNotRating},
		// Letter grades.
		{in: "A+", kind: KindLetter, score: 100, value: 100, max: 100},
		{in: "A", kind: KindLetter, score: 100, value: 100, max: 100},
		{in: "A-", kind: KindLetter, score: 91, value: 91, max: 100},
		{in: "B+", kind: KindLetter, score: 83, value: 83, max: 100},
		{in: "B", kind: KindLetter, score: 75, value: 75, max: 100},
		{in: "B-", kind: KindLetter, score: 67, value: 67, max: 100},
		{in: "C+", kind: KindLetter, score: 58, value: 58, max: 100},
		{in: "C", kind: KindLetter, score: 50, value: 50, max: 100},
		{in: "C-", kind: KindLetter, score: 42, value: 42, max: 100},
		{in: "D+", kind: KindLetter, score: 33, value: 33, max: 100},
		{in: "D", kind: KindLetter, score: 25, value: 25, max: 100},
		{in: "D-", kind: KindLetter, score: 16, value: 16, max: 100},
		{in: "F+", kind: KindLetter, score: 8, value: 8, max: 100},
		{in: "F", kind: KindLetter, score: 0, value: 0, max: 100},
		{in: "F-", kind: KindLetter, score: 0, value: 0, max: 100},
		{in: "b+", kind: KindLetter, score: 83, value: 83, max: 100},
		{in: "C +", kind: KindLetter, score: 58, value: 58, max: 100},
		{in: "A -", kind: KindLetter, score: 91, value: 91, max: 100},
		{in: "C-plus", kind: KindLetter, score: 58, value: 58, max: 100},
		{in: "B-plus", kind: KindLetter, score: 83, value: 83, max: 100},
		{in: "A-minus", kind: KindLetter, score: 91, value: 91, max: 100},
		{in: "A minus", kind: KindLetter, score: 91, value: 91, max: 100},
		{in: "C plus", kind: KindLetter, score: 58, value: 58, max: 100},
		{in: "A−", kind: KindLetter, score: 91, value: 91, max: 100},
		{in: "C=", kind: KindLetter, err: ErrAmbiguous},
		{in: "E", kind: KindWords, err: ErrNotRating},
		{in: "G", kind: KindWords, err: ErrNotRating},
		{in: "A++", kind: KindWords, err: ErrNotRating},
		{in: "Bad", kind: KindWords, err: ErrNotRating},
		// Bare numbers.
		{in: "2.5", kind: KindBare, err: ErrAmbiguous},
		{in: "4", kind: KindBare, err: ErrAmbiguous},
		{in: "5", kind: KindBare, err: ErrAmbiguous},
		{in: "'2'", kind: KindBare, err: ErrAmbiguous},
		{in: "0", kind: KindBare, err: ErrAmbiguous},
		{in: "7", kind: KindBare, score: 70, value: 7, max: 10},
		{in: "9.5", kind: KindBare, score: 95, value: 9.5, max: 10},
		{in: "10", kind: KindBare, score: 100, value: 10, max: 10},
		{in: "85", kind: KindBare, score: 85, value: 85, max: 100},
		{in: "2024", kind: KindBare, err: ErrNotRating},
		{in: "-3", kind: KindBare, err: ErrOutOfRange},
		{in: "99999999999999999999", kind: KindOther, err: ErrNotRating},
		// Words and junk.
		{in: "Recommended", kind: KindWords, err: ErrNotRating},
		{in: "Not Recommended", kind: KindWords, err: ErrNotRating},
		{in: "Big Screen Watch", kind: KindWords, err: ErrNotRating},
		{in: "G.O.A.T", kind: KindWords, err: ErrNotRating},
		{in: "short", kind: KindWords, err: ErrNotRating},
		{in: "FIVE", kind: KindWords, err: ErrNotRating},
		{in: "", kind: KindOther, err: ErrNotRating},
		{in: "   ", kind: KindOther, err: ErrNotRating},
		{in: "''", kind: KindOther, err: ErrNotRating},
		{in: "‘", kind: KindOther, err: ErrNotRating},
		{in: "“B+”", kind: KindLetter, score: 83, value: 83, max: 100},
		{in: "35mm", kind: KindOther, err: ErrNotRating},
		{in: "$15", kind: KindOther, err: ErrNotRating},
		{in: "\xff\xfe3/4", kind: KindOther, err: ErrNotRating},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			r, kind, err := ParseKind(tt.in)
			if kind != tt.kind {
				t.Errorf("kind = %q, want %q", kind, tt.kind)
			}
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v (rating %+v)", err, tt.err, r)
				}
				return
			}
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			if r.Score != tt.score || r.Value != tt.value || r.Max != tt.max {
				t.Errorf("got value %g max %g score %g, want %g %g %g", r.Value, r.Max, r.Score, tt.value, tt.max, tt.score)
			}
			if r.Raw == "" {
				t.Errorf("empty Raw")
			}
		})
	}
}

func TestLetterGradesTable(t *testing.T) {
	if len(LetterGrades) != 15 {
		t.Fatalf("LetterGrades has %d rows, want A+ .. F-", len(LetterGrades))
	}
	for i, g := range LetterGrades {
		r, err := Parse(g.Grade)
		if err != nil || r.Score != g.Score {
			t.Errorf("Parse(%q) = %v, %v; want score %g", g.Grade, r.Score, err, g.Score)
		}
		if i > 0 && g.Score > LetterGrades[i-1].Score {
			t.Errorf("%s (%g) scores above %s", g.Grade, g.Score, LetterGrades[i-1].Grade)
		}
	}
}

func ptr(v float64) *float64 { return &v }

func TestFromSchema(t *testing.T) {
	tests := []struct {
		name        string
		value       float64
		best, worst *float64
		score       float64
		raw         string
		err         error
	}{
		{name: "defaults 1..5", value: 3, score: 50, raw: "3 (1-5)"},
		{name: "defaults top", value: 5, score: 100, raw: "5 (1-5)"},
		{name: "best 10 worst 1", value: 8, best: ptr(10), score: 77.8, raw: "8 (1-10)"},
		{name: "explicit zero worst", value: 4, best: ptr(5), worst: ptr(0), score: 80, raw: "4/5"},
		{name: "zero with no worst means a 0-based scale", value: 0, best: ptr(5), score: 0, raw: "0/5"},
		{name: "half with no worst", value: 0.5, best: ptr(5), score: 10, raw: "0.5/5"},
		{name: "percent", value: 92, best: ptr(100), worst: ptr(0), score: 92, raw: "92/100"},
		{name: "above best", value: 8, err: ErrOutOfRange},
		{name: "below worst", value: 1, worst: ptr(2), err: ErrOutOfRange},
		{name: "negative", value: -1, err: ErrOutOfRange},
		{name: "best equals worst", value: 1, best: ptr(1), worst: ptr(1), err: ErrNotRating},
		{name: "NaN", value: math.NaN(), err: ErrNotRating},
		{name: "Inf best", value: 3, best: ptr(math.Inf(1)), err: ErrNotRating},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := FromSchema(tt.value, tt.best, tt.worst)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Score != tt.score || r.Raw != tt.raw || r.Value != tt.value {
				t.Errorf("got %+v, want score %g raw %q", r, tt.score, tt.raw)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"3.5/4", "B+", "C-plus", "★★★★½", "**1/2", "+1 out of -4..+4", "2.5", "FIVE STARS",
		"'2.5/4'", "three and a half stars out of five", "1/2 of a star", "☆", "C=", "", "\xff", "9999999999999/1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, kind, err := ParseKind(s)
		if kind == "" {
			t.Errorf("ParseKind(%q): empty kind", s)
		}
		if err != nil {
			return
		}
		if !(r.Score >= 0 && r.Score <= 100) {
			t.Errorf("Parse(%q).Score = %v outside 0..100", s, r.Score)
		}
		if !(r.Max > 0) || math.IsInf(r.Max, 0) {
			t.Errorf("Parse(%q).Max = %v", s, r.Max)
		}
	})
}
