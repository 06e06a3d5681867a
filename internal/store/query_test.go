package store

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestParseQuery(t *testing.T) {
	tests := []struct {
		in   string
		want []Term
	}{
		{"", nil},
		{"   ", nil},
		{"lantern", []Term{{Text: "lantern"}}},
		{"quiet  harbour", []Term{{Text: "quiet"}, {Text: "harbour"}}},
		{`"quiet harbour"`, []Term{{Text: "quiet harbour", Phrase: true}}},
		{`"  quiet   harbour "`, []Term{{Text: "quiet harbour", Phrase: true}}},
		{`"harbour"`, []Term{{Text: "harbour"}}},
		{`lan"tern`, []Term{{Text: `lan"tern`}}},
		{`"unterminated phrase`, []Term{{Text: "unterminated"}, {Text: "phrase"}}},
		{`a "b c" d`, []Term{{Text: "a"}, {Text: "b c", Phrase: true}, {Text: "d"}}},
		{"lant*", []Term{{Text: "lant", Prefix: true}}},
		{"lant**", []Term{{Text: "lant", Prefix: true}}},
		{"*", nil},
		{"*lant", []Term{{Text: "*lant"}}},
		{"- : ^ ( ) + \" \"", nil},
		{"NEAR(a b)", []Term{{Text: "NEAR(a"}, {Text: "b)"}}},
		{"a OR b", []Term{{Text: "a"}, {Text: "OR"}, {Text: "b"}}},
		{"headline:lantern", []Term{{Text: "headline:lantern"}}},
		{"tab\tand\nnewline\x00nul", []Term{{Text: "tab"}, {Text: "and"}, {Text: "newline"}, {Text: "nul"}}},
		{"bad\xffbyte", []Term{{Text: "bad"}, {Text: "byte"}}},
		{"café 日本語", []Term{{Text: "café"}, {Text: "日本語"}}},
	}
	for _, tc := range tests {
		if got := ParseQuery(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseQuery(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
	if got := len(ParseQuery(strings.Repeat("w ", 100))); got != MaxQueryTerms {
		t.Errorf("ParseQuery of 100 words kept %d terms, want %d", got, MaxQueryTerms)
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"", "lantern", `"quiet harbour"`, "lant*", `"`, `a "b`, "NEAR(a b)", "\x00", "\xff", "*", "headline:x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		terms := ParseQuery(q)
		if len(terms) > MaxQueryTerms {
			t.Fatalf("%d terms", len(terms))
		}
		for _, term := range terms {
			if !utf8.ValidString(term.Text) || !hasWordChar(term.Text) {
				t.Fatalf("ParseQuery(%q): term %q is not a valid word", q, term.Text)
			}
			if strings.IndexFunc(term.Text, func(r rune) bool { return unicode.IsControl(r) || r == '\t' || r == '\n' }) >= 0 {
				t.Fatalf("ParseQuery(%q): term %q holds a control character", q, term.Text)
			}
			if term.Text != strings.TrimSpace(term.Text) || strings.Contains(term.Text, "  ") {
				t.Fatalf("ParseQuery(%q): term %q has stray spaces", q, term.Text)
			}
			if term.Phrase && term.Prefix {
				t.Fatalf("ParseQuery(%q): term %+v is both phrase and prefix", q, term)
			}
		}
	})
}
