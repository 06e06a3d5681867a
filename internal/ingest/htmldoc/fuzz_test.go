package htmldoc

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzParse(f *testing.F) {
	pages, err := filepath.Glob(filepath.Join("testdata", "*.html"))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		"",
		"<",
		"<p>short",
		"\xff\xfe<\x00p\x00>\x00",
		`<meta charset="shift_jis"><p>` + "\x82\xa0\x82\xa2",
		`<script type="application/ld+json">{"@graph":[{"@type":"Review","reviewRating":{"ratingValue":"1e400"}}]}</script><p>x</p>`,
		`<div itemscope itemtype="https://schema.org/Review"><div itemprop="itemReviewed" itemscope><span itemprop="name">x</span></div></div>`,
		strings.Repeat("<div>", 600) + "deep",
		// Attribute limits: one element over MaxAttributes, and stray
		// <html> tags past the ones the parser gets to merge.
		"<div" + attrs("a", MaxAttributes+1) + "><p>text</p></div>",
		strings.Repeat(`<html lang="en" a=1>`, 20) + "<body a=2><body b=3><p>text</p>",
	} {
		f.Add([]byte(s))
	}
	sentinels := []error{ErrEmpty, ErrTooLarge, ErrTooDeep, ErrNoText, ErrBinary, ErrTooManyAttributes}
	f.Fuzz(func(t *testing.T, page []byte) {
		doc, err := Parse(strings.NewReader(string(page)), "fuzz.html")
		if err != nil {
			for _, s := range sentinels {
				if errors.Is(err, s) {
					return
				}
			}
			t.Fatalf("Parse error %v wraps none of the package's sentinel errors", err)
		}
		if strings.TrimSpace(doc.Text) == "" {
			t.Fatal("Parse succeeded with empty text")
		}
		for name, s := range map[string]string{"Text": doc.Text, "Headline": doc.Headline, "Author": doc.Author, "FilmTitle": doc.FilmTitle} {
			if !utf8.ValidString(s) {
				t.Fatalf("%s is not valid UTF-8: %q", name, s)
			}
		}
		if doc.Format != "html" || doc.Source != "fuzz.html" {
			t.Fatalf("Format, Source = %q, %q", doc.Format, doc.Source)
		}
	})
}

func FuzzFragmentText(f *testing.F) {
	for _, s := range []string{
		"<p>a</p><p>b</p>", "x<br>y", "<script>s</script>t", "&lt;script&gt;", "<pre> a\n b</pre>",
		"<svg><svg></svg>z", "\x00\xff", "<td>a<td>b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, fragment string) {
		text := FragmentText(fragment)
		if !utf8.ValidString(text) {
			t.Fatalf("invalid UTF-8 output %q", text)
		}
		for _, line := range strings.Split(text, "\n") {
			if text != "" && (line == "" || strings.TrimSpace(line) != line) {
				t.Fatalf("line %q of %q is empty or untrimmed", line, text)
			}
		}
	})
}
