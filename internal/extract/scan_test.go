package extract

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The hand-written scanners and gates must agree exactly with the plain
// forms they replace.

// The windowed release expressions must find exactly what the plain
// expressions find.
func checkWindowedRelease(t *testing.T, s string) {
	t.Helper()
	if got, want := clauseSplitAt.split(s), clauseSplit.Split(s, -1); !slices.Equal(got, want) {
		t.Fatalf("split(%q) = %q, want %q", s, got, want)
	}
	if got, want := releaseDateAt.findAll(s), releaseDate.FindAllString(s, -1); !slices.Equal(got, want) {
		t.Fatalf("dates(%q) = %q, want %q", s, got, want)
	}
	if got, want := releaseRegionAt.findSubmatch(s), releaseRegion.FindStringSubmatch(s); !slices.Equal(got, want) {
		t.Fatalf("region(%q) = %q, want %q", s, got, want)
	}
}

func TestWindowedReleaseExpressions(t *testing.T) {
	for _, s := range []string{
		"", ";", "The Paper Kite releases on 1 November in the UK, and on 18 October in the US.",
		"It opens in UK cinemas on 14 June 2024 and arrives on Netflix on 2 August; then next Friday, while on MUBI",
		"It was released on Netflix on March 8, 2024, while it hits U.S. theaters on Nov. 22.",
		"in the UK and Ireland", "in the UK and Irelandx", "to Amazon Prime Videos", "on Disney+ from Sept. 3rd, 2024",
		"2024-07-231 and 12th Junebug, 3 June2024, x3 June, this Sundays, next Monday", "_1 May", "é1 May ſ1 May",
		"across the United Kingdom on 30th September, 2024 and then arrives", "Irish cinemas; Canadian theatres, and in Mexico",
	} {
		checkWindowedRelease(t, s)
	}
	pieces := []string{"1", "12", "30th", "2024", "2024-07-23", "-", " ", ", ", "; ", ".", "June", "Jun", "Sept", "Sep", "May",
		"Friday", "this ", "next ", "and ", "on ", "in ", "the ", "UK", "U.S.", "Ireland", "UK and Ireland", "Netflix",
		"Prime Video", "Irish", "cinemas", "theaters", "arrives", "then ", "while", "but", "from ", "x", "é", "_"}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(14) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
			if rng.IntN(2) == 0 {
				b.WriteByte(' ')
			}
		}
		checkWindowedRelease(t, b.String())
	}
}

func FuzzWindowedReleaseExpressions(f *testing.F) {
	f.Add("It opens in UK cinemas on 14 June 2024 and arrives on Netflix on 2 August.")
	f.Add("on 1 November in the UK, and on 18 October in the US; next Friday")
	f.Fuzz(func(t *testing.T, s string) {
		checkWindowedRelease(t, s)
	})
}

func TestContainsReview(t *testing.T) {
	for _, s := range []string{"", "v", "review", "reviews", "a review", "revie", "eview", "vvreview", "rev review", "the view", "REVIEW", "re-view", "reviewer’s review"} {
		if got, want := containsReview(s), strings.Contains(s, "review"); got != want {
			t.Errorf("containsReview(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestContainsFold(t *testing.T) {
	for _, tt := range []struct{ s, sub string }{
		{"Runtime: 138 MIN", "min"}, {"a 5 min read", "min"}, {"", "min"}, {"mi", "min"}, {"Ⅿin", "min"}, {"aMIN", "min"},
		{"out now", "out "}, {"OUT\tnow", "out "}, {"x", ""}, {"@pril", "`pril"}, {"[ x", "{ x"}, {"Releases", "releas"},
	} {
		want := strings.Contains(strings.Map(func(r rune) rune {
			if r >= 'A' && r <= 'Z' {
				return r + 'a' - 'A'
			}
			return r
		}, tt.s), tt.sub)
		if got := containsFold(tt.s, tt.sub); got != want {
			t.Errorf("containsFold(%q, %q) = %v, want %v", tt.s, tt.sub, got, want)
		}
	}
}

// referenceIsCleanText is isCleanText one rune at a time.
func referenceIsCleanText(s string) bool {
	for i, r := range s {
		_, size := utf8.DecodeRuneInString(s[i:])
		if r < utf8.RuneSelf {
			if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f {
				return false
			}
			continue
		}
		if r == utf8.RuneError && size == 1 || r == '\u00a0' || r == '\u2028' || r == '\u2029' || r == '\ufeff' || r == '\u200b' || unicode.IsControl(r) {
			return false
		}
	}
	return true
}

func TestIsCleanText(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	alphabet := []string{"a", "Z", " ", "\n", "\t", "\r", "\x00", "\x1f", "\x7f", "~", "é", "’", "\u00a0", "\u200b", "\xff", "\xc3", "\u0085"}
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(40) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		s := b.String()
		if got, want := isCleanText(s), referenceIsCleanText(s); got != want {
			t.Fatalf("isCleanText(%q) = %v, want %v", s, got, want)
		}
	}
}
