package feed

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzParse(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		"",
		"<rss",
		`<rss version="2.0"><channel><item><description>x</description></item>`,
		`<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="html">&lt;p&gt;y</content></entry></feed>`,
		`{"version":"https://jsonfeed.org/version/1.1","items":[{"content_text":"z"},null,{}]}`,
		`<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel><item><description>` + "\x93q\x94</description></item></channel></rss>",
		`<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/hostname">]><rss version="2.0"><channel><item><description>&e;</description></item></channel></rss>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := ParseItems(strings.NewReader(string(data)), "fuzz.xml")
		docs, parseErr := Parse(strings.NewReader(string(data)), "fuzz.xml")
		if (err != nil || len(res.Documents) == 0) != (parseErr != nil) || len(docs) != len(res.Documents) {
			t.Fatalf("Parse = %d docs, %v; ParseItems = %d docs, %v", len(docs), parseErr, len(res.Documents), err)
		}
		for _, s := range res.Skipped {
			if !errors.Is(s, ErrEmptyItem) || !strings.HasPrefix(s.Source, "fuzz.xml#item=") {
				t.Fatalf("bad skip %+v", s)
			}
		}
		for _, doc := range docs {
			if strings.TrimSpace(doc.Text) == "" {
				t.Fatalf("document %s has no text", doc.Source)
			}
			if !utf8.ValidString(doc.Text) || !utf8.ValidString(doc.Headline) || !utf8.ValidString(doc.Author) {
				t.Fatalf("invalid UTF-8 in %+v", doc)
			}
			if doc.Format != "feed" || !strings.HasPrefix(doc.Source, "fuzz.xml#item=") {
				t.Fatalf("Format, Source = %q, %q", doc.Format, doc.Source)
			}
		}
	})
}
