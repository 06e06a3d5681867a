package feed

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/marquee-film/marquee/internal/review"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

func TestParseGolden(t *testing.T) {
	tests := []struct {
		file        string
		wantDocs    int
		wantSkipped []int // 1-based item indexes
		check       func(t *testing.T, docs []review.Document)
	}{
		{
			file:        "rss_content_encoded.xml",
			wantDocs:    3,
			wantSkipped: []int{3},
			check: func(t *testing.T, docs []review.Document) {
				first := docs[0]
				want := review.Document{
					Source: "rss_content_encoded.xml#item=1", Headline: "Review: The Weight of Kites",
					Author: "Tomasz Willoughby", Publication: "Cine & Circle",
					URL: "https://cinecircle.example/reviews/weight-of-kites", RatingRaw: "4/5",
				}
				checkFields(t, first, want)
				mustContain(t, first.Text, "kite shop on a windy pier", "Odette Marlowe gives", "\nRating: 4/5")
				mustNotContain(t, first.Text, "teaser", "alert", "<p>")
				if first.Published == nil || first.Published.UTC().Format("2006-01-02T15:04") != "2025-02-08T16:45" {
					t.Errorf("Published = %v", first.Published)
				}
				if first.Extra["guid"] != "cinecircle-review-101" || first.Extra["categories"] != "Drama" {
					t.Errorf("Extra = %v", first.Extra)
				}

				second := docs[1]
				checkFields(t, second, review.Document{
					Source: "rss_content_encoded.xml#item=2", Headline: "Quick take: Sundown Motel (2024)", Author: "Ruth Anand-Obi",
				})
				mustContain(t, second.Text, "mistakes mood for plot.\n★★½")

				fourth := docs[2]
				checkFields(t, fourth, review.Document{
					Source: "rss_content_encoded.xml#item=4", FilmTitle: "Lakeside Hymn", RatingRaw: "3.5",
				})
				if fourth.FilmYear != 2024 {
					t.Errorf("FilmYear = %d, want 2024", fourth.FilmYear)
				}
				mustContain(t, fourth.Text, "ampersand & a line.\nSecond line")
			},
		},
		{
			file:        "atom_html.xml",
			wantDocs:    2,
			wantSkipped: []int{3},
			check: func(t *testing.T, docs []review.Document) {
				checkFields(t, docs[0], review.Document{
					Headline: "Winter Ledger is a ledger of small mercies", Author: "Celestine Park-Ibarra, Noor Halvorsen",
					Publication: "The Ninth Row", URL: "https://ninthrow.example/2024/winter-ledger", RatingRaw: "B+",
				})
				mustContain(t, docs[0].Text, "Small mercies\nWinter Ledger is an accountant's drama", "\nThe final audit")
				if docs[0].Published == nil || docs[0].Published.Format("2006-01-02") != "2024-11-28" {
					t.Errorf("Published = %v, want the published date, not updated", docs[0].Published)
				}
				checkFields(t, docs[1], review.Document{Headline: "Glasswork review"})
				mustContain(t, docs[1].Text, "glassblowers.\nIt is beautiful")
				if docs[1].Published == nil || docs[1].Published.Format("2006-01-02") != "2024-11-20" {
					t.Errorf("Published = %v, want the updated date", docs[1].Published)
				}
			},
		},
		{
			file:     "jsonfeed.json",
			wantDocs: 2,
			check: func(t *testing.T, docs []review.Document) {
				checkFields(t, docs[0], review.Document{
					Headline: "Ember Season", Author: "Ishaan Kowalczyk", Publication: "Reel Notes (JSON)",
				})
				mustContain(t, docs[0].Text, "footing.\nTwo stars")
				mustContain(t, docs[1].Text, "Harbour Bells.\nIt has a second line.")
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			res, err := ParseItems(bytes.NewReader(raw), tc.file)
			if err != nil {
				t.Fatalf("ParseItems: %v", err)
			}
			docs := res.Documents
			var skipped []int
			for _, item := range res.Skipped {
				if !errors.Is(item, ErrEmptyItem) {
					t.Errorf("skipped item %d: %v, want ErrEmptyItem", item.Index, item)
				}
				skipped = append(skipped, item.Index)
			}
			if len(skipped) != len(tc.wantSkipped) || (len(skipped) > 0 && !equalInts(skipped, tc.wantSkipped)) {
				t.Errorf("skipped items %v, want %v", skipped, tc.wantSkipped)
			}
			parseDocs, err := Parse(bytes.NewReader(raw), tc.file)
			if err != nil || len(parseDocs) != len(docs) {
				t.Errorf("Parse = %d documents, %v; want ParseItems' %d documents and no error", len(parseDocs), err, len(docs))
			}
			if len(docs) != tc.wantDocs {
				t.Fatalf("got %d documents, want %d", len(docs), tc.wantDocs)
			}
			for _, doc := range docs {
				if doc.Format != review.FormatFeed || !strings.HasPrefix(doc.Source, tc.file+"#item=") {
					t.Errorf("Format, Source = %q, %q", doc.Format, doc.Source)
				}
			}
			tc.check(t, docs)
			compareGolden(t, filepath.Join("testdata", "golden", tc.file+".json"), docs)
		})
	}
}

func TestParseFeedErrors(t *testing.T) {
	tests := []struct {
		name string
		feed string
		want error
	}{
		{"empty", "", ErrEmpty},
		{"whitespace", "\n \t ", ErrEmpty},
		{"html page", "<html><body><p>Not a feed</p></body></html>", ErrNotFeed},
		{"binary", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ErrNotFeed},
		{"no items", `<rss version="2.0"><channel><title>Empty</title></channel></rss>`, ErrNoItems},
		{"all items empty", `<rss version="2.0"><channel><item><title>t</title></item></channel></rss>`, ErrEmptyItem},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			docs, err := Parse(strings.NewReader(tc.feed), "bad.xml")
			if !errors.Is(err, tc.want) {
				t.Fatalf("Parse error = %v, want %v", err, tc.want)
			}
			if len(docs) != 0 {
				t.Errorf("got %d documents from a bad feed", len(docs))
			}
		})
	}
}

func TestParseTooLarge(t *testing.T) {
	feed := strings.NewReader(`<rss version="2.0"><channel>` + strings.Repeat(" ", MaxInputSize))
	if _, err := Parse(feed, "big.xml"); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Parse error = %v, want ErrTooLarge", err)
	}
}

// TestParseHostileXML checks that entity tricks cannot read local files or
// blow up memory: encoding/xml neither fetches external entities nor
// expands DTD-declared ones, so the references stay literal text or the
// feed fails to parse.
func TestParseHostileXML(t *testing.T) {
	laughs := `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Laughs</title>
<item><title>Boom</title><description>before &lol9; after</description></item>
</channel></rss>`
	xxe := `<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>XXE</title>
<item><title>Leak</title><description>secret: &xxe; end</description></item>
</channel></rss>`
	tests := []struct {
		name    string
		feed    string
		literal string // the reference as it must stay when the feed is accepted
	}{
		{"billion laughs", laughs, "before &lol9; after"},
		{"external entity", xxe, "secret: &xxe; end"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			docs, err := Parse(strings.NewReader(tc.feed), "hostile.xml")
			if err != nil && len(docs) == 0 {
				return // refusing the feed is a harmless result
			}
			for _, doc := range docs {
				if strings.Contains(doc.Text, "root:") || strings.Contains(doc.Text, "/bin/") {
					t.Fatalf("external entity was expanded: %q", doc.Text)
				}
				if len(doc.Text) > 1000 || strings.Contains(doc.Text, "lollol") {
					t.Fatalf("entity was expanded: %d bytes of text", len(doc.Text))
				}
				if doc.Text != tc.literal {
					t.Errorf("Text = %q, want the literal %q", doc.Text, tc.literal)
				}
			}
			if len(docs) != 1 {
				t.Errorf("got %d documents, want 1 (err %v)", len(docs), err)
			}
		})
	}
}

func TestParseRepairsEncoding(t *testing.T) {
	tests := []struct {
		name, feed, want string
	}{
		{
			name: "invalid utf-8 bytes",
			feed: `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>T</title>` +
				"<item><title>Bad bytes</title><description>caf\xe9 \xff ok</description></item></channel></rss>",
			want: "caf\uFFFD \uFFFD ok",
		},
		{
			name: "forbidden control characters",
			feed: `<rss version="2.0"><channel><title>T</title>` +
				"<item><title>Ctl</title><description>form\x0cfeed and bell\x07 gone</description></item></channel></rss>",
			want: "formfeed and bell gone",
		},
		{
			name: "declared latin-1",
			feed: `<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>T</title>` +
				"<item><title>Latin</title><description>na\xefve caf\xe9</description></item></channel></rss>",
			want: "naïve café",
		},
		{
			name: "utf-8 bom",
			feed: "\xef\xbb\xbf" + `<rss version="2.0"><channel><title>T</title><item><title>B</title><description>with bom</description></item></channel></rss>`,
			want: "with bom",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			docs, err := Parse(strings.NewReader(tc.feed), "enc.xml")
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if len(docs) != 1 || docs[0].Text != tc.want {
				t.Fatalf("got %+v, want one document with text %q", docs, tc.want)
			}
		})
	}
}

func TestParseDeeplyNestedItem(t *testing.T) {
	for _, depth := range []int{10_000, 100_000} {
		feed := `<rss version="2.0"><channel><title>T</title><item><title>Deep</title><description>kept</description>` +
			strings.Repeat("<x:n xmlns:x='urn:x'>", depth) + "v" + strings.Repeat("</x:n>", depth) +
			`</item></channel></rss>`
		docs, err := Parse(strings.NewReader(feed), "deep.xml")
		if err == nil && (len(docs) != 1 || docs[0].Text != "kept") {
			t.Errorf("depth %d: got %+v", depth, docs)
		}
	}
}

func TestCategoryRating(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"Rating: 3.5/5", "3.5/5", true},
		{"grade - A-", "A-", true},
		{"4 out of 5", "4 out of 5", true},
		{"3 stars", "3 stars", true},
		{"★★★½", "★★★½", true},
		{"Drama", "", false},
		{"2024", "", false},
		{"Top 10 of 2024", "", false},
	}
	for _, tc := range tests {
		got, ok := categoryRating(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("categoryRating(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func checkFields(t *testing.T, got, want review.Document) {
	t.Helper()
	fields := []struct{ name, got, want string }{
		{"Source", got.Source, want.Source},
		{"Headline", got.Headline, want.Headline},
		{"Author", got.Author, want.Author},
		{"Publication", got.Publication, want.Publication},
		{"URL", got.URL, want.URL},
		{"FilmTitle", got.FilmTitle, want.FilmTitle},
		{"RatingRaw", got.RatingRaw, want.RatingRaw},
	}
	for _, f := range fields {
		if f.want != "" && f.got != f.want {
			t.Errorf("%s = %q, want %q", f.name, f.got, f.want)
		}
	}
}

func mustContain(t *testing.T, text string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(text, p) {
			t.Errorf("text lacks %q:\n%s", p, text)
		}
	}
}

func mustNotContain(t *testing.T, text string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(text, p) {
			t.Errorf("text contains %q:\n%s", p, text)
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func compareGolden(t *testing.T, path string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run go test -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("documents differ from %s (run go test -update after checking the change):\ngot:\n%s", path, got)
	}
}
