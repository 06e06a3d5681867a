package store

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalizeTitle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Alien", "alien"},
		{"  ALIEN  ", "alien"},
		{"The Quiet Harbour", "quiet harbour"},
		{"the quiet harbour", "quiet harbour"},
		{"Quiet Harbour, The", "quiet harbour"},
		{"QUIET HARBOUR, THE", "quiet harbour"},
		{"Quiet Harbour,the", "quiet harbour"},
		{"A Winter in Ostrava", "winter in ostrava"},
		{"An Ordinary Tuesday", "ordinary tuesday"},
		{"Ordinary Tuesday, An", "ordinary tuesday"},
		{"Anatomy of a Fall", "anatomy of a fall"}, // "an" only as a whole word
		{"Theorem", "theorem"},
		{"The", "the"}, // an article alone is the title
		{"A", "a"},
		{" ,A", "a"}, // punctuation and an article: the article is the title (found by FuzzNormalizeTitle)
		{"!!, The", "the"},
		{"The The", "the"},
		{"Éclair de Minuit", "eclair de minuit"},
		{"Thé Qüiet Hárbour!", "quiet harbour"},
		{"Straße der Sehnsucht", "strasse der sehnsucht"},
		{"Smørrebrød", "smorrebrod"},
		{"Łódź Nights", "lodz nights"},
		{"Schindler's List", "schindlers list"},
		{"Schindler’s List", "schindlers list"},
		{"L.A. Confidential", "la confidential"},
		{"Spider-Man: Into the Spider-Verse", "spider man into the spider verse"},
		{"Fast & Furious", "fast and furious"},
		{"Fast and Furious", "fast and furious"},
		{"100% Cotton", "100 cotton"},
		{"Se7en", "se7en"},
		{"東京物語", "東京物語"},
		{"Ｆｕｌｌ　Ｗｉｄｔｈ", "full width"},
		{"!!!", "!!!"}, // only punctuation: kept so it still names a film
		{"", ""},
		{"   ", ""},
		{"bad \xff utf8", "bad utf8"},
	}
	for _, tc := range tests {
		if got := NormalizeTitle(tc.in); got != tc.want {
			t.Errorf("NormalizeTitle(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFilmKey(t *testing.T) {
	tests := []struct {
		name  string
		title string
		year  int
		known []int
		want  string
	}{
		{"title and year", "The Quiet Harbour", 2001, nil, "quiet harbour|2001"},
		{"year wins over known years", "Night Ferry", 1961, []int{2011}, "night ferry|1961"},
		{"no year, nothing known", "Night Ferry", 0, nil, "night ferry"},
		{"no year joins the only year", "Night Ferry", 0, []int{1961}, "night ferry|1961"},
		{"repeats of one year are one year", "Night Ferry", 0, []int{1961, 0, 1961}, "night ferry|1961"},
		{"zeros are not years", "Night Ferry", 0, []int{0, 0}, "night ferry"},
		{"two years: stays apart", "Night Ferry", 0, []int{1961, 2011}, "night ferry"},
		{"two years in any order", "Night Ferry", 0, []int{2011, 0, 1961, 2011}, "night ferry"},
		{"negative year is unknown", "Night Ferry", -5, []int{1961}, "night ferry|1961"},
		{"variants share a key", "NIGHT FERRY, THE", 1961, nil, "night ferry|1961"},
		{"no title, no film", "", 1961, []int{1961}, ""},
		{"punctuation title", "?!", 1999, nil, "?!|1999"},
	}
	for _, tc := range tests {
		if got := FilmKey(tc.title, tc.year, tc.known); got != tc.want {
			t.Errorf("%s: FilmKey(%q, %d, %v) = %q, want %q", tc.name, tc.title, tc.year, tc.known, got, tc.want)
		}
	}
}

func FuzzNormalizeTitle(f *testing.F) {
	for _, s := range []string{"The Quiet Harbour", "Quiet Harbour, The", "Éclair", "ß", "!!!", "", "\xff", "a", "Ｆｕｌｌ", "L.A.", "Fast & Furious"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, title string) {
		n := NormalizeTitle(title)
		if !utf8.ValidString(n) {
			t.Fatalf("NormalizeTitle(%q) = %q: invalid UTF-8", title, n)
		}
		if n != strings.TrimSpace(n) || strings.Contains(n, "  ") {
			t.Fatalf("NormalizeTitle(%q) = %q: stray spaces", title, n)
		}
		if n == "" && hasWordChar(title) {
			t.Fatalf("NormalizeTitle(%q) is empty", title)
		}
		if k := FilmKey(title, 1999, nil); (n == "") != (k == "") {
			t.Fatalf("FilmKey(%q) = %q but normalised title %q", title, k, n)
		}
	})
}
