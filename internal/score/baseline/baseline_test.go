package baseline

import "testing"

func TestVADERPolarity(t *testing.T) {
	v := NewVADER()
	for _, tc := range []struct {
		text     string
		positive bool
	}{
		{"A wonderful, moving film with a superb cast.", true},
		{"A dull, tedious mess; the worst film of the year.", false},
		{"I loved it.<br /><br />Great fun.", true},
	} {
		p := v.Polarity(tc.text)
		if (p > 0) != tc.positive {
			t.Errorf("Polarity(%q) = %g, want positive=%v", tc.text, p, tc.positive)
		}
		if s := Score(p); s < 0 || s > 100 {
			t.Errorf("Score(%g) = %g outside 0..100", p, s)
		}
	}
}
