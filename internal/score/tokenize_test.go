package score

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite golden files")

// render shows tokens with negated words prefixed by "~".
func render(toks []Token) string {
	parts := make([]string, len(toks))
	for i, t := range toks {
		if t.Negated {
			parts[i] = "~" + t.Word
		} else {
			parts[i] = t.Word
		}
	}
	return strings.Join(parts, " ")
}

func TestTokenize(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{"Not good. Great fun!", "not ~good great fun !"},
		{"It doesn't work, but the cast shines", "it does n't ~work but the cast shines"},
		{"it does n't work", "it does n't ~work"}, // PTB-tokenised input
		{"I can't recommend it; never again", "i can n't ~recommend ~it never ~again"},
		{"Wonderful.<br /><br />Not for kids", "wonderful not ~for ~kids"}, // IMDB line breaks
		{"A well-made, self-aware thriller", "a well-made self-aware thriller"},
		{"“Quoted” ‘words’ — and it’s fine?", "quoted words and it 's fine ?"},
		{"co-writer\\/director -LRB- sic -RRB-", "co-writer director sic"},
		{"", ""},
		{"\xff\xfe bad bytes", "bad bytes"},
		{"ÉCLATANT Début", "éclatant début"},
	} {
		if got := render(Tokenize(tc.in)); got != tc.want {
			t.Errorf("Tokenize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestTokenizeGolden pins the tokeniser on a longer invented review, so any
// change to the vocabulary the committed model was trained on shows up.
func TestTokenizeGolden(t *testing.T) {
	in, err := os.ReadFile(filepath.Join("testdata", "review.txt"))
	if err != nil {
		t.Fatal(err)
	}
	got := render(Tokenize(string(in))) + "\n"
	golden := filepath.Join("testdata", "review.tokens.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("tokens differ from %s (run with -update if intended):\n%s", golden, got)
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"Not good.", "it does n't work", "<br />", "\xff", "can't", "'s", "a-b-c", "!!!???"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range Tokenize(s) {
			if tok.Word == "" {
				t.Fatalf("empty token from %q", s)
			}
			if !utf8.ValidString(tok.Word) {
				t.Fatalf("invalid UTF-8 token %q from %q", tok.Word, s)
			}
		}
	})
}

func TestFeaturize(t *testing.T) {
	x := Featurize([]string{"good good film", "", "good good film"}, 12, 2)
	if x.Rows() != 3 {
		t.Fatalf("rows = %d", x.Rows())
	}
	row := x.row(0)
	// unigrams good, film; bigrams "good good", "good film": 4 distinct.
	if len(row) != 4 {
		t.Errorf("row 0 has %d buckets, want 4: %v", len(row), row)
	}
	for i := 1; i < len(row); i++ {
		if row[i] <= row[i-1] {
			t.Errorf("row not sorted and unique: %v", row)
		}
	}
	if len(x.row(1)) != 0 {
		t.Errorf("empty text has buckets %v", x.row(1))
	}
	if got, want := x.row(2), x.row(0); len(got) != len(want) || got[0] != want[0] {
		t.Errorf("same text featurised differently: %v vs %v", got, want)
	}
	neg := Featurize([]string{"not good"}, 12, 1).row(0)
	pos := Featurize([]string{"very good"}, 12, 1).row(0)
	shared := 0
	for _, a := range neg {
		for _, b := range pos {
			if a == b {
				shared++
			}
		}
	}
	if shared != 0 {
		t.Errorf("negated 'good' shares a bucket with plain 'good' (%v, %v)", neg, pos)
	}
}

// foldReference is what fold replaces: lower-casing, then a replacer.
var foldReference = strings.NewReplacer(
	"<br />", " . ", "<br/>", " . ", "<br>", " . ",
	`\/`, "/", "-lrb-", " ( ", "-rrb-", " ) ",
	"\u2019", "'", "\u2018", "'",
)

func TestFold(t *testing.T) {
	for _, in := range []string{
		"", "plain words", "Capitals And MORE", "Wonderful.<BR /><br/>Not<Br>for kids <b>bold</b> <br",
		`co-writer\/director -LRB- sic -rrb- -lr`, "it’s ‘fine’", "ÉCLATANT Début", "\xff\xfe bad bytes",
		"K\u212a İstanbul ǅ", "trailing \\", "-", "\ufffd kept",
	} {
		if got, want := fold(in), foldReference.Replace(strings.ToLower(in)); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzFold holds fold to exactly what it replaces, because the committed
// model's vocabulary depends on every byte of it.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"Not good.<br />Great", `a\/b -LRB- x -RRB-`, "it’s", "ÉÀ \xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if got, want := fold(in), foldReference.Replace(strings.ToLower(in)); got != want {
			t.Fatalf("fold(%q) = %q, want %q", in, got, want)
		}
	})
}
