package htmldoc

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/marquee-film/marquee/internal/review"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// goldenCases are the pages under testdata/ whose whole Document is
// compared with testdata/golden/<page>.json, plus checks that say why the
// result matters.
var goldenCases = []struct {
	page         string
	contains     []string
	notContains  []string
	rating       []float64 // value, best, worst; nil when the page states none
	checkDoc     func(t *testing.T, doc review.Document)
	structuredBy string
}{
	{
		page: "jsonld_review.html",
		contains: []string{
			"frozen apple orchard",
			"<script>salt in the roots</script>", // escaped markup is text
			"Rating: 3.5/5.",
		},
		notContains:  []string{"tracking code", "font-family", "more tracking", "All rights reserved"},
		rating:       []float64{3.5, 5, 0},
		structuredBy: "json-ld",
		checkDoc: func(t *testing.T, doc review.Document) {
			want := review.Document{
				Headline: "The Salt Orchard review: a patient, bruised family saga", Author: "Marguerite Okonkwo-Lind",
				Publication: "The Reel Ledger", URL: "https://reel-ledger.example/reviews/the-salt-orchard",
				FilmTitle: "The Salt Orchard", FilmYear: 2024, Director: "Teodor Vasquez-Hale",
			}
			checkFields(t, doc, want)
			if doc.FilmIDs["imdb"] != "tt9900001" {
				t.Errorf("FilmIDs = %v, want imdb tt9900001", doc.FilmIDs)
			}
			if doc.Published == nil || doc.Published.UTC().Format("2006-01-02T15:04") != "2025-03-14T08:30" {
				t.Errorf("Published = %v, want 2025-03-14T08:30Z", doc.Published)
			}
		},
	},
	{
		page:         "jsonld_graph.html",
		contains:     []string{"single overnight crossing", "one ending too many"},
		notContains:  []string{"Great review, I cannot wait"},
		rating:       []float64{4, 5, 1},
		structuredBy: "json-ld",
		checkDoc: func(t *testing.T, doc review.Document) {
			checkFields(t, doc, review.Document{
				Headline: "Night Ferry to Vardø: cold water, warm heart", Author: "Dag Ellingsen, Priya Ramaswamy-Holt",
				Publication: "Frames Per Second Quarterly", FilmTitle: "Night Ferry to Vardø", FilmYear: 2023,
				Director: "Siri Aaltonen",
			})
			if doc.FilmIDs["imdb"] != "tt9900042" {
				t.Errorf("FilmIDs = %v, want imdb tt9900042", doc.FilmIDs)
			}
		},
	},
	{
		page:         "microdata_review.html",
		contains:     []string{"lantern-maker", "Then the film loses its nerve", "recover the eeriness"},
		rating:       []float64{2.5, 4, 1},
		structuredBy: "microdata",
		checkDoc: func(t *testing.T, doc review.Document) {
			checkFields(t, doc, review.Document{
				Headline: "Paper Lanterns is a gentle ghost story that forgets to haunt", Author: "Bartholomew Quist",
				FilmTitle: "Paper Lanterns", FilmYear: 2022, Director: "Hana Okafor-Reyes",
			})
			if doc.Published == nil || doc.Published.Format("2006-01-02") != "2022-11-03" {
				t.Errorf("Published = %v, want 2022-11-03", doc.Published)
			}
			if doc.FilmIDs["imdb"] != "tt9900777" {
				t.Errorf("FilmIDs = %v, want imdb tt9900777", doc.FilmIDs)
			}
			// Paragraphs stay on their own lines.
			if n := strings.Count(doc.Text, "\n"); n < 2 {
				t.Errorf("Text has %d line breaks, want paragraphs on separate lines:\n%s", n, doc.Text)
			}
		},
	},
	{
		page:        "plain_blog.html",
		contains:    []string{"walked out of a film", "one of them is for the clerk"},
		notContains: []string{"Blogroll"},
		checkDoc: func(t *testing.T, doc review.Document) {
			checkFields(t, doc, review.Document{
				Headline: "Why I walked out of Copper Sky, and then walked back in", Author: "Odile Fenwick",
				Publication: "Odile Watches Films",
			})
			if doc.Published == nil || doc.Published.Format("2006-01-02") != "2021-06-05" {
				t.Errorf("Published = %v, want 2021-06-05", doc.Published)
			}
		},
	},
	{
		page:     "broken.html",
		contains: []string{"marching band", "broken tuba", "happy one"},
	},
	{
		page:     "invalid_utf8.html",
		contains: []string{"BAD1:\uFFFD END1", "BAD2:\uFFFD( END2", "lighthouse keeper’s widow"},
	},
	{
		page:     "windows1252.html",
		contains: []string{"“Café Noir” is the kind of thriller", "director’s sense", "Renée Dubois-Laurent", "Absolutely — and"},
	},
	{
		page:     "reviewbody_only.html",
		contains: []string{"deep-sea documentary", "\nThe narration is sparse", "\nA few talking-head"},
		checkDoc: func(t *testing.T, doc review.Document) {
			checkFields(t, doc, review.Document{
				Author: "Wendeline Sato", Publication: "Deep Focus Weekly", FilmTitle: "Lanternfish",
				FilmYear: 2019, Director: "Kofi Brandvold, Ada Brandvold", RatingRaw: "B+",
			})
		},
		structuredBy: "json-ld",
	},
}

func TestParseGolden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.page, func(t *testing.T) {
			doc := parseFile(t, filepath.Join("testdata", tc.page))
			if !utf8.ValidString(doc.Text) {
				t.Errorf("Text is not valid UTF-8")
			}
			if doc.Source != tc.page || doc.Format != review.FormatHTML {
				t.Errorf("Source, Format = %q, %q", doc.Source, doc.Format)
			}
			for _, s := range tc.contains {
				if !strings.Contains(doc.Text, s) {
					t.Errorf("Text lacks %q:\n%s", s, doc.Text)
				}
			}
			for _, s := range append(tc.notContains, "<p>", "</", "{") {
				if strings.Contains(doc.Text, s) && !containsAllowed(tc.contains, s) {
					t.Errorf("Text contains %q:\n%s", s, doc.Text)
				}
			}
			checkRating(t, doc, tc.rating)
			if got := doc.Extra["structured_data"]; got != tc.structuredBy {
				t.Errorf("structured_data = %q, want %q", got, tc.structuredBy)
			}
			if tc.checkDoc != nil {
				tc.checkDoc(t, doc)
			}
			compareGolden(t, filepath.Join("testdata", "golden", strings.TrimSuffix(tc.page, ".html")+".json"), doc)
		})
	}
}

// containsAllowed reports whether an otherwise forbidden substring is part
// of text the case expects (the escaped script tag).
func containsAllowed(wanted []string, s string) bool {
	for _, w := range wanted {
		if strings.Contains(w, s) {
			return true
		}
	}
	return false
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		page string
		want error
	}{
		{"empty", "", ErrEmpty},
		{"whitespace only", " \n\t\r\n ", ErrEmpty},
		{"scripts only", readTestdata(t, "no_text.html"), ErrNoText},
		{"empty body", "<html><body></body></html>", ErrNoText},
		{"binary", "\x00\x01\x02\x03\xff\xfe\x00\x00PNG\x1a\n", ErrBinary},
		{"nested 10k divs", nested("div", 10_000, "deep text"), ErrTooDeep},
		{"nested 100k divs", nested("div", 100_000, "deep text"), ErrTooDeep},
		{"nested 100k spans", nested("span", 100_000, "deep text"), ErrTooDeep},
		{"nested lists", nested("ul><li", 5_000, "deep text"), ErrTooDeep},
		{"self-closing divs", strings.Repeat("<div/>", 5_000) + "text", ErrTooDeep},
		{"unclosed bold", strings.Repeat("<b>", 5_000) + "text", ErrTooDeep},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Parse(strings.NewReader(tc.page), "page.html")
			if !errors.Is(err, tc.want) {
				t.Fatalf("Parse error = %v, want %v (doc text %q)", err, tc.want, doc.Text)
			}
			if doc.Text != "" {
				t.Errorf("failed Parse returned text %q", doc.Text)
			}
		})
	}
}

func TestParseTooLarge(t *testing.T) {
	page := strings.NewReader("<p>" + strings.Repeat("a", MaxInputSize) + "</p>")
	if _, err := Parse(page, "big.html"); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Parse error = %v, want ErrTooLarge", err)
	}
}

// TestParseAcceptsSloppyButShallowPages guards the depth estimate against
// refusing ordinary pages: thousands of unclosed paragraphs, list items
// and cells are siblings, not a nest.
func TestParseAcceptsSloppyButShallowPages(t *testing.T) {
	para := "<p>The projectionist kept the reels in order and the audience never noticed a thing. "
	tests := map[string]string{
		"unclosed paragraphs": strings.Repeat(para, 3_000),
		"unclosed list items": "<ul>" + strings.Repeat("<li>"+para, 3_000) + "</ul>",
		"unclosed cells":      "<table>" + strings.Repeat("<tr><td>a<td>"+para, 3_000) + "</table>",
		"paragraphs and divs": strings.Repeat(para+"<div>aside</div>", 3_000),
		"svg self-closing":    "<svg>" + strings.Repeat("<path d='M0 0'/>", 5_000) + "</svg>" + strings.Repeat(para, 10),
		"nested 450 deep":     nested("div", 450, strings.Repeat(para, 10)),
	}
	for name, page := range tests {
		t.Run(name, func(t *testing.T) {
			doc, err := Parse(strings.NewReader(page), "sloppy.html")
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !strings.Contains(doc.Text, "projectionist") {
				t.Errorf("Text lacks the paragraph text: %.200q", doc.Text)
			}
		})
	}
}

func TestFragmentText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"paragraphs", "<p>One  two\n three.</p><p>Four.</p>", "One two three.\nFour."},
		{"br and inline", "A <b>bold</b> claim<br>next line<br/>", "A bold claim\nnext line"},
		{"script and style dropped", "<p>Before</p><script>alert('x')</script><style>p{}</style><p>After</p>", "Before\nAfter"},
		{"escaped script kept", "<p>He typed &lt;script&gt;alert(1)&lt;/script&gt; into the form.</p>", "He typed <script>alert(1)</script> into the form."},
		{"entities", "Caf&eacute; &amp; cin&#233;ma &mdash; 4&frac12;/5", "Café & cinéma — 4½/5"},
		{"list", "<ul><li>First</li><li>Second</li></ul>", "First\nSecond"},
		{"table cells", "<table><tr><td>Runtime</td><td>97 min</td></tr><tr><td>Rating</td><td>B</td></tr></table>", "Runtime 97 min\nRating B"},
		{"pre keeps lines", "<pre>line one\n  line two</pre>", "line one\nline two"},
		{"plain text", "no markup at all", "no markup at all"},
		{"unclosed skip element", "visible<script>never closed", "visible"},
		{"nested svg", "<p>x<svg><g><text>label</text></g></svg>y</p>", "xy"},
		{"control characters", "a\x00b\x07c", "abc"},
		{"invalid utf-8", "ok \xff bad", "ok \uFFFD bad"},
		{"empty", "", ""},
		{"deeply nested", strings.Repeat("<div>", 100_000) + "deep" + strings.Repeat("</div>", 100_000), "deep"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := FragmentText(tc.in); got != tc.want {
				t.Errorf("FragmentText(%.80q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestDeclaredEncoding(t *testing.T) {
	tests := []struct {
		name, page, want string
	}{
		{"meta charset", `<meta charset="windows-1252"><p>caf` + "\xe9", "café"},
		{"http-equiv latin1", `<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>na` + "\xefve", "naïve"},
		{"undeclared invalid bytes", "<p>caf\xe9 au lait", "caf\uFFFD au lait"},
		{"undeclared utf-8", "<p>café", "café"},
		{"declared utf-8 with bad byte", `<meta charset="utf-8"><p>caf` + "\xe9!", "caf\uFFFD!"},
		{"utf-8 bom", "\xef\xbb\xbf<p>café", "café"},
		{"utf-16le bom", "\xff\xfe<\x00p\x00>\x00h\x00i\x00", "hi"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			page, err := decodeHTML([]byte(tc.page))
			if err != nil {
				t.Fatalf("decodeHTML: %v", err)
			}
			if got := FragmentText(page); !strings.Contains(got, tc.want) {
				t.Errorf("decoded text %q lacks %q", got, tc.want)
			}
		})
	}
}

func TestStructuredEdgeCases(t *testing.T) {
	tests := []struct {
		name  string
		page  string
		check func(t *testing.T, d reviewData)
	}{
		{
			name: "invalid json-ld is ignored, microdata still read",
			page: `<script type="application/ld+json">{"@type": "Review", broken</script>
				<div itemscope itemtype="http://schema.org/Review"><span itemprop="author">Ines Valt</span></div>`,
			check: func(t *testing.T, d reviewData) {
				if d.FoundJSONLD || d.Author != "Ines Valt" {
					t.Errorf("got %+v", d)
				}
			},
		},
		{
			name: "json-ld wins, microdata fills gaps",
			page: `<script type="application/ld+json; charset=utf-8">{"@type":"Review","author":"From JSON"}</script>
				<div itemscope itemtype="http://schema.org/Review"><span itemprop="author">From Microdata</span>
				<div itemprop="itemReviewed" itemscope itemtype="http://schema.org/Movie"><span itemprop="name">Gap Film</span></div></div>`,
			check: func(t *testing.T, d reviewData) {
				if d.Author != "From JSON" || d.FilmTitle != "Gap Film" {
					t.Errorf("got %+v", d)
				}
			},
		},
		{
			name: "rating strings and non-numbers",
			page: `<script type="application/ld+json">{"@type":"Review","reviewRating":{"ratingValue":"three stars","bestRating":"NaN"}}</script>`,
			check: func(t *testing.T, d reviewData) {
				if d.RatingValue != nil || d.RatingBest != nil || d.RatingRaw != "three stars" {
					t.Errorf("got value %v best %v raw %q", d.RatingValue, d.RatingBest, d.RatingRaw)
				}
			},
		},
		{
			name: "author object list with given and family names, html entities",
			page: `<script type="application/ld+json">{"@type":"Review","author":[{"givenName":"Rosa","familyName":"Mbeki"},{"name":"J&amp;K Collective"}],
				"itemReviewed":{"@type":"TVSeries","name":"Harbour Lights"}}</script>`,
			check: func(t *testing.T, d reviewData) {
				if d.Author != "Rosa Mbeki, J&K Collective" || d.ItemType != "TVSeries" || d.FilmTitle != "Harbour Lights" {
					t.Errorf("got %+v", d)
				}
			},
		},
		{
			name: "no review",
			page: `<script type="application/ld+json">{"@type":"NewsArticle","headline":"Not a review"}</script>`,
			check: func(t *testing.T, d reviewData) {
				if d.FoundJSONLD || d.Headline != "" {
					t.Errorf("got %+v", d)
				}
			},
		},
		{
			name: "json nested beyond the walk limit",
			page: `<script type="application/ld+json">` + strings.Repeat(`{"a":`, 5000) + `{"@type":"Review","author":"Deep"}` + strings.Repeat("}", 5000) + `</script>`,
			check: func(t *testing.T, d reviewData) {
				if d.FoundJSONLD {
					t.Errorf("found a review nested 5000 deep: %+v", d)
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tree := mustParseTree(t, tc.page)
			tc.check(t, structuredReview(tree))
		})
	}
}

func checkFields(t *testing.T, got, want review.Document) {
	t.Helper()
	fields := []struct {
		name      string
		got, want string
	}{
		{"Headline", got.Headline, want.Headline},
		{"Author", got.Author, want.Author},
		{"Publication", got.Publication, want.Publication},
		{"URL", got.URL, want.URL},
		{"FilmTitle", got.FilmTitle, want.FilmTitle},
		{"Director", got.Director, want.Director},
		{"RatingRaw", got.RatingRaw, want.RatingRaw},
	}
	for _, f := range fields {
		if f.want != "" && f.got != f.want {
			t.Errorf("%s = %q, want %q", f.name, f.got, f.want)
		}
	}
	if want.FilmYear != 0 && got.FilmYear != want.FilmYear {
		t.Errorf("FilmYear = %d, want %d", got.FilmYear, want.FilmYear)
	}
}

func checkRating(t *testing.T, doc review.Document, want []float64) {
	t.Helper()
	got := []*float64{doc.RatingValue, doc.RatingBest, doc.RatingWorst}
	for i, name := range []string{"RatingValue", "RatingBest", "RatingWorst"} {
		switch {
		case want == nil && got[i] != nil:
			t.Errorf("%s = %v, want nil", name, *got[i])
		case want != nil && got[i] == nil:
			t.Errorf("%s = nil, want %v", name, want[i])
		case want != nil && *got[i] != want[i]:
			t.Errorf("%s = %v, want %v", name, *got[i], want[i])
		}
	}
}

func parseFile(t testing.TB, path string) review.Document {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := Parse(f, filepath.Base(path))
	if err != nil {
		t.Fatalf("Parse(%s): %v", path, err)
	}
	return doc
}

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// nested returns text inside n levels of the element open (which may be
// "ul><li" for a list in a list item).
func nested(open string, n int, text string) string {
	closeTags := ""
	for _, name := range strings.Split(open, "><") {
		closeTags = "</" + name + ">" + closeTags
	}
	return strings.Repeat("<"+open+">", n) + text + strings.Repeat(closeTags, n)
}

// compareGolden compares doc's JSON with the file at path, or rewrites the
// file under -update.
func compareGolden(t *testing.T, path string, doc any) {
	t.Helper()
	got, err := json.MarshalIndent(doc, "", "  ")
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
		t.Errorf("Document differs from %s (run go test -update after checking the change):\ngot:\n%s", path, got)
	}
}

func mustParseTree(t *testing.T, page string) *html.Node {
	t.Helper()
	tree, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	return tree
}
