package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/marquee-film/marquee/internal/review"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// result collects what Read reported for one input.
type result struct {
	docs  []review.Document
	skips []Skip
	order []string // "doc" or "skip", in emission order
}

func (r result) skipReasons() []string {
	var reasons []string
	for _, s := range r.skips {
		reasons = append(reasons, s.Source+": "+s.Reason)
	}
	return reasons
}

func readPath(t testing.TB, path string) result {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return readInputT(t, Input{Path: path, Size: info.Size()}, nil)
}

func readStdin(t testing.TB, data []byte) result {
	t.Helper()
	return readInputT(t, Input{Path: StdinPath}, bytes.NewReader(data))
}

func readInputT(t testing.TB, in Input, stdin *bytes.Reader) result {
	t.Helper()
	var res result
	var stdinReader = stdinOrNil(stdin)
	err := Read(context.Background(), in, stdinReader, nil, func(it Item) error {
		switch {
		case it.Doc != nil && it.Skip == nil:
			checkDocument(t, *it.Doc)
			res.docs = append(res.docs, *it.Doc)
			res.order = append(res.order, "doc")
		case it.Skip != nil && it.Doc == nil:
			if it.Skip.Reason == "" || it.Skip.Source == "" {
				t.Errorf("skip without source or reason: %+v", *it.Skip)
			}
			res.skips = append(res.skips, *it.Skip)
			res.order = append(res.order, "skip")
		default:
			t.Errorf("item must have exactly one of Doc and Skip: %+v", it)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Read(%s) = %v, want nil", in.Path, err)
	}
	return res
}

func stdinOrNil(r *bytes.Reader) io.Reader {
	if r == nil {
		return nil
	}
	return r
}

// checkDocument holds the invariants every emitted document keeps.
func checkDocument(t testing.TB, doc review.Document) {
	t.Helper()
	if doc.Source == "" || doc.Format == "" {
		t.Errorf("document without source or format: %+v", doc)
	}
	if strings.TrimSpace(doc.Text) == "" {
		t.Errorf("%s: document with empty text", doc.Source)
	}
	for name, s := range map[string]string{"Text": doc.Text, "Headline": doc.Headline, "Author": doc.Author, "FilmTitle": doc.FilmTitle} {
		if !utf8.ValidString(s) {
			t.Errorf("%s: %s is not valid UTF-8", doc.Source, name)
		}
	}
	if doc.Format != review.FormatHTML && doc.Format != review.FormatFeed && strings.Contains(doc.Text, "\r") {
		t.Errorf("%s: text keeps a CR", doc.Source)
	}
}

// TestGolden reads every fixture under testdata/inputs (found by Scan) and
// compares documents and skips with testdata/golden. HTML and feeds are left
// out: their parsers live in htmldoc and feed, with their own tests.
func TestGolden(t *testing.T) {
	inputs, skips, err := Scan(context.Background(), []string{filepath.Join("testdata", "inputs")})
	if err != nil {
		t.Fatal(err)
	}
	if len(skips) != 0 {
		t.Errorf("Scan skips = %v, want none", skips)
	}
	for _, in := range inputs {
		if strings.Contains(in.Path, "/.") {
			t.Errorf("Scan returned hidden file %s", in.Path)
		}
		ext := filepath.Ext(in.Path)
		if ext == ".html" || ext == ".xml" {
			continue
		}
		rel, _ := filepath.Rel(filepath.Join("testdata", "inputs"), in.Path)
		name := strings.ReplaceAll(rel, string(filepath.Separator), "_")
		t.Run(name, func(t *testing.T) {
			res := readInputT(t, in, nil)
			var items []any
			di, si := 0, 0
			for _, kind := range res.order {
				if kind == "doc" {
					items = append(items, map[string]any{"doc": res.docs[di]})
					di++
				} else {
					items = append(items, map[string]any{"skip": res.skips[si]})
					si++
				}
			}
			got, err := json.MarshalIndent(items, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGolden -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s:\n%s", in.Path, golden, got)
			}
		})
	}
}

func TestFormats(t *testing.T) {
	in := func(name string) string { return filepath.Join("testdata", "inputs", name) }
	tests := []struct {
		path      string
		wantDocs  int
		wantSkips []string // substrings of the skip reasons, in order
		check     func(t *testing.T, docs []review.Document)
	}{
		{path: in("plain.txt"), wantDocs: 1, check: func(t *testing.T, docs []review.Document) {
			d := docs[0]
			if d.Format != review.FormatText || !strings.HasPrefix(d.Text, "The Lighthouse Keeper's Daughter review") || !strings.Contains(d.Text, "\n★★★½\n") {
				t.Errorf("text document = %+v", d)
			}
			if d.Headline != "" || d.Author != "" {
				t.Errorf("text layout must be left to extract, got headline %q author %q", d.Headline, d.Author)
			}
		}},
		{path: in("NOTES"), wantDocs: 1},
		{path: in("frontmatter.md"), wantDocs: 1, check: func(t *testing.T, docs []review.Document) {
			d := docs[0]
			wantEqual(t, "Headline", d.Headline, "Paper Comets (1987)")
			wantEqual(t, "FilmTitle", d.FilmTitle, "Paper Comets")
			wantEqual(t, "FilmYear", d.FilmYear, 1987)
			wantEqual(t, "RatingRaw", d.RatingRaw, "B+")
			wantEqual(t, "Published", d.Published.Format("2006-01-02"), "2019-06-02")
			wantEqual(t, "imdb", d.FilmIDs["imdb"], "tt9000001")
			wantEqual(t, "mentioned_films", d.Extra["mentioned_films"], "The Glass Harbor\nMidnight Semaphore")
			wantEqual(t, "mentioned_film_ids", d.Extra["mentioned_film_ids"], "tt9000002\ntt9000003")
			wantEqual(t, "synopsis", d.Extra["synopsis"], "A stunt pilot and a projectionist fall for the same silent film.")
			for _, want := range []string{
				"takes a job at a failing picture house",
				"\nWhat works\n",
				"Paper Comets borrows its structure from The Glass Harbor and its\nending from Midnight Semaphore, but the projection booth\nscenes",
				"snake_case_sign", "5 * 3 gag", "Rated *** by my neighbour",
				"Tom & Jerry cameo.\nThe end.",
			} {
				if !strings.Contains(d.Text, want) {
					t.Errorf("markdown text lacks %q:\n%s", want, d.Text)
				}
			}
			for _, unwanted := range []string{"<span", "---", "grade:", "](", "##", "_Paper", "> Rated"} {
				if strings.Contains(d.Text, unwanted) {
					t.Errorf("markdown text keeps %q:\n%s", unwanted, d.Text)
				}
			}
		}},
		{path: in("frontmatter_crlf.md"), wantDocs: 1, check: func(t *testing.T, docs []review.Document) {
			d := docs[0]
			wantEqual(t, "FilmTitle", d.FilmTitle, "Velvet Tractor")
			wantEqual(t, "FilmYear", d.FilmYear, 2011)
			wantEqual(t, "RatingRaw", d.RatingRaw, "D-")
			wantEqual(t, "Author", d.Author, "Ansel Birch")
			wantEqual(t, "Director", d.Director, "Rui Okonkwo, Lene Moss")
			wantEqual(t, "Text", d.Text, "Velvet Tractor is ninety minutes of farm equipment and regret.\n\nSkip it.")
		}},
		{path: in("plain.md"), wantDocs: 1, check: func(t *testing.T, docs []review.Document) {
			wantEqual(t, "Text", docs[0].Text, "Northern Static\n\nA review in Markdown without front matter. The film, Northern Static, is a radio drama that forgot to be a film.\n\nSee the trailer if you must.")
		}},
		{path: in("bad_frontmatter.md"), wantSkips: []string{"malformed front matter: yaml: "}},
		{path: in("unclosed_frontmatter.md"), wantSkips: []string{"malformed front matter: opening --- is never closed"}},
		{path: in("list_frontmatter.md"), wantSkips: []string{"malformed front matter: a list"}},
		{path: in("reviews.jsonl"), wantDocs: 3, wantSkips: []string{
			"#line=2: invalid JSON: ",
			"#line=5: not a JSON object: the line holds an array",
			"#line=6: no review text",
		}, check: func(t *testing.T, docs []review.Document) {
			d := docs[0]
			wantEqual(t, "Source", d.Source, in("reviews.jsonl")+"#line=1")
			wantEqual(t, "FilmTitle", d.FilmTitle, "Cold Orchard")
			wantEqual(t, "FilmYear", d.FilmYear, 2021)
			wantEqual(t, "RatingRaw", d.RatingRaw, "3.5/5")
			wantEqual(t, "Extra[mood]", d.Extra["mood"], "wintry")
			wantEqual(t, "imdb", d.FilmIDs["imdb"], "tt9000010")
			d = docs[1]
			wantEqual(t, "Source", d.Source, in("reviews.jsonl")+"#line=4")
			wantEqual(t, "Text", d.Text, "A second review with reviewBody.\nTwo lines.")
			wantEqual(t, "Author", d.Author, "Olu Bankole")
			wantEqual(t, "Publication", d.Publication, "The Reel Ledger")
			wantEqual(t, "Published", d.Published.Format("2006-01-02"), "2020-05-01")
			wantEqual(t, "RatingRaw", d.RatingRaw, "7")
			wantEqual(t, "Director", d.Director, "Mae Thorne, Ivo Grant")
			wantEqual(t, "URL", d.URL, "https://example.org/sand-choir")
			d = docs[2]
			if d.Published != nil || d.FilmYear != 0 {
				t.Errorf("unparseable date and year must stay unset, got %v %d", d.Published, d.FilmYear)
			}
			wantEqual(t, "Extra[date]", d.Extra["date"], "sometime in spring")
			wantEqual(t, "Extra[year]", d.Extra["year"], "nineteen")
		}},
		{path: in("review.json"), wantDocs: 1, check: func(t *testing.T, docs []review.Document) {
			d := docs[0]
			wantEqual(t, "FilmTitle", d.FilmTitle, "Harbor Lights")
			wantEqual(t, "FilmYear", d.FilmYear, 1959)
			wantEqual(t, "RatingRaw", d.RatingRaw, "A-")
			wantEqual(t, "Author", d.Author, "Quentin Marsh")
		}},
		{path: in("reviews_array.json"), wantDocs: 2, wantSkips: []string{"#item=2: not a JSON object: array element 2 is a number"}},
		{path: in("reviews.csv"), wantDocs: 3, wantSkips: []string{
			"#row=3: ragged row: line 6 has 4 fields, the header has 6",
			"#row=4: malformed CSV on line 7: field 5: quote inside an unquoted field",
		}, check: func(t *testing.T, docs []review.Document) {
			wantEqual(t, "Text", docs[0].Text, `A tense desert thriller, with "real" stakes.`)
			wantEqual(t, "Headline", docs[0].Headline, "Glass Canyon")
			wantEqual(t, "Author", docs[0].Author, "Rhea Doyle")
			wantEqual(t, "Extra[Notes]", docs[0].Extra["Notes"], "first")
			wantEqual(t, "Text", docs[1].Text, "Two paragraphs here.\n\nThe second one, after a blank line.")
			wantEqual(t, "Source", docs[2].Source, in("reviews.csv")+"#row=5")
		}},
		{path: in("unbalanced.csv"), wantDocs: 3, wantSkips: []string{"#row=2: unbalanced quote: the quoted field opened on line 3 never closes"}},
		{path: in("stray_quotes.csv"), wantDocs: 3, wantSkips: []string{
			"#row=2: malformed CSV on line 3",
			"#row=4: unbalanced quote: the quoted field opened on line 5",
		}, check: func(t *testing.T, docs []review.Document) {
			wantEqual(t, "last text", docs[2].Text, "last")
		}},
		{path: in("no_text_column.csv"), wantSkips: []string{"no review text column: the CSV header has id, name"}},
		{path: in("rt/critic_reviews.csv"), wantDocs: 3, wantSkips: []string{"#row=3: empty quote"}, check: func(t *testing.T, docs []review.Document) {
			d := docs[0]
			wantEqual(t, "Text", d.Text, "A warm, funny heist with a heart of tin.")
			wantEqual(t, "Author", d.Author, "Bea Kolar")
			wantEqual(t, "Publication", d.Publication, "Daily Lantern")
			wantEqual(t, "Published", d.Published.Format("2006-01-02"), "2019-02-03")
			wantEqual(t, "RatingRaw", d.RatingRaw, "3.5/4")
			wantEqual(t, "Verdict", d.Verdict, "fresh")
			wantEqual(t, "rt", d.FilmIDs["rt"], "aaaa-1111")
			wantEqual(t, "review_id", d.Extra["review_id"], "101")
			wantEqual(t, "FilmTitle", d.FilmTitle, "The Tin Heist")
			wantEqual(t, "FilmYear", d.FilmYear, 1964)
			wantEqual(t, "URL", d.URL, "https://example.org/r/101")
			d = docs[1]
			if d.Published != nil {
				t.Errorf("placeholder date 1800-01-01 must be ignored, got %v", d.Published)
			}
			wantEqual(t, "URL", d.URL, "")
			wantEqual(t, "Extra[reviewUrl]", d.Extra["reviewUrl"], "")
			wantEqual(t, "Verdict", d.Verdict, "rotten")
			wantEqual(t, "FilmTitle", docs[2].FilmTitle, "")
		}},
		{path: in("imdb_layout.csv"), wantDocs: 2, wantSkips: []string{"#row=3: empty text"}, check: func(t *testing.T, docs []review.Document) {
			d := docs[0]
			wantEqual(t, "Text", d.Text, "Loved it.\n\nThe score alone is worth it, \"honestly\".")
			wantEqual(t, "RatingRaw", d.RatingRaw, "9/10")
			wantEqual(t, "imdb", d.FilmIDs["imdb"], "tt9000020")
			wantEqual(t, "split", d.Extra["split"], "train")
			wantEqual(t, "label", d.Extra["label"], "pos")
			wantEqual(t, "id", d.Extra["id"], "7")
			wantEqual(t, "URL", d.URL, "")
			wantEqual(t, "Text", docs[1].Text, "Dull.\nVery dull.\nThe end.")
		}},
		{path: in("script.py"), wantSkips: []string{"unsupported format: extension .py"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res := readPath(t, tt.path)
			checkResult(t, res, tt.wantDocs, tt.wantSkips)
			if tt.check != nil && len(res.docs) == tt.wantDocs {
				tt.check(t, res.docs)
			}
		})
	}
}

func checkResult(t *testing.T, res result, wantDocs int, wantSkips []string) {
	t.Helper()
	if len(res.docs) != wantDocs {
		t.Errorf("got %d documents, want %d; skips: %q", len(res.docs), wantDocs, res.skipReasons())
	}
	reasons := res.skipReasons()
	if len(reasons) != len(wantSkips) {
		t.Fatalf("skips = %q, want %d matching %q", reasons, len(wantSkips), wantSkips)
	}
	for i, want := range wantSkips {
		if !strings.Contains(reasons[i], want) {
			t.Errorf("skip %d = %q, want it to contain %q", i, reasons[i], want)
		}
	}
}

func wantEqual[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %#v, want %#v", what, got, want)
	}
}

// TestParsersRouted checks that pages and feeds reach htmldoc and feed: they
// either come back as documents of their format or as skips naming the
// parser.
func TestParsersRouted(t *testing.T) {
	tests := []struct {
		path   string
		format review.Format
		prefix string
	}{
		{filepath.Join("testdata", "inputs", "page.html"), review.FormatHTML, "html: "},
		{filepath.Join("testdata", "inputs", "feed.xml"), review.FormatFeed, "feed: "},
	}
	for _, tt := range tests {
		res := readPath(t, tt.path)
		for _, d := range res.docs {
			wantEqual(t, tt.path+" format", d.Format, tt.format)
		}
		for _, s := range res.skips {
			if !strings.HasPrefix(s.Reason, tt.prefix) {
				t.Errorf("%s: skip %q, want prefix %q", tt.path, s.Reason, tt.prefix)
			}
		}
	}
	// Content decides when the extension does not.
	dir := t.TempDir()
	for name, body := range map[string]string{
		"saved.txt": "  <!DOCTYPE html><html><body><p>Hi</p></body></html>",
		"items":     `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>`,
	} {
		path := filepath.Join(dir, name)
		writeFile(t, path, []byte(body))
		res := readPath(t, path)
		if len(res.skips) == 1 && !strings.HasPrefix(res.skips[0].Reason, "html: ") && !strings.HasPrefix(res.skips[0].Reason, "feed: ") {
			t.Errorf("%s: skip %q, want it routed to the HTML or feed parser", name, res.skips[0].Reason)
		}
		for _, d := range res.docs {
			if d.Format != review.FormatHTML && d.Format != review.FormatFeed {
				t.Errorf("%s: format %s", name, d.Format)
			}
		}
	}
}

func writeFile(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func gzipBytes(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func utf16Bytes(s string, bigEndian bool) []byte {
	units := utf16.Encode([]rune(s))
	out := make([]byte, 0, 2+2*len(units))
	if bigEndian {
		out = append(out, 0xfe, 0xff)
	} else {
		out = append(out, 0xff, 0xfe)
	}
	for _, u := range units {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

const sampleText = "Marsh Lights — a review\nBy Ida Grell\n★★★★☆\nA film about fog, 🎬 and a ferry that never docks.\n"

// TestHostileInput covers the inputs that must become clean skips, and the
// encodings that must be decoded rather than refused.
func TestHostileInput(t *testing.T) {
	tests := []struct {
		name     string
		data     []byte
		wantText string // document text, when a document is expected
		wantSkip string // skip reason substring otherwise
	}{
		{name: "utf16le.txt", data: utf16Bytes(sampleText, false), wantText: strings.TrimSuffix(sampleText, "")},
		{name: "utf16be.txt", data: utf16Bytes(sampleText, true), wantText: sampleText},
		{name: "utf16_crlf.md", data: utf16Bytes("---\r\ngrade: B\r\n---\r\nFog *everywhere*.\r\n", false), wantText: "Fog everywhere."},
		{name: "bom.txt", data: append([]byte{0xef, 0xbb, 0xbf}, sampleText...), wantText: sampleText},
		{name: "bom.csv", data: append([]byte{0xef, 0xbb, 0xbf}, "text,author\nFoggy.,Ida\n"...), wantText: "Foggy."},
		{name: "utf16_odd.txt", data: append(utf16Bytes("Odd", false), 'x'), wantText: "Odd\uFFFD"},
		{name: "utf16_lone_surrogate.txt", data: append(utf16Bytes("Lone", false), 0x00, 0xd8, 'A', 0), wantText: "Lone\uFFFDA"},
		{name: "empty.txt", data: nil, wantSkip: "empty file"},
		{name: "spaces.txt", data: []byte(" \n\t\r\n  \n"), wantSkip: "empty file: whitespace only"},
		{name: "spaces.csv", data: []byte("\n\n   \n"), wantSkip: "empty file: whitespace only"},
		{name: "only_header.csv", data: []byte("text,author\n"), wantSkip: "no records"},
		{name: "nul.txt", data: []byte("looks like text\x00but is not"), wantSkip: "binary file (NUL byte at offset 15)"},
		{name: "control.txt", data: bytes.Repeat([]byte("ab\x01\x02\x03\x04"), 50), wantSkip: "binary file (67% control bytes"},
		{name: "image.txt", data: []byte("\x89PNG\r\n\x1a\n rest"), wantSkip: "binary file (PNG image)"},
		{name: "photo.md", data: []byte("\xff\xd8\xff\xe0 rest"), wantSkip: "binary file (JPEG image)"},
		{name: "doc.csv", data: []byte("%PDF-1.7\n rest"), wantSkip: "binary file (PDF document)"},
		{name: "archive.jsonl", data: []byte("PK\x03\x04 rest"), wantSkip: "binary file (zip archive)"},
		{name: "program", data: []byte("\x7fELF\x02\x01\x01 rest"), wantSkip: "binary file (ELF executable)"},
		{name: "double.txt.gz", data: gzipBytes(t, gzipBytes(t, []byte(sampleText))), wantSkip: "binary file (gzip inside gzip)"},
		{name: "latin1.txt", data: []byte("Caf\xe9 society, a review."), wantSkip: "invalid UTF-8 at byte offset 3 (byte 0xe9)"},
		{name: "latin1.md", data: []byte("---\ngrade: A\n---\nna\xefve"), wantSkip: "invalid UTF-8 at byte offset 19"},
		{name: "latin1.csv", data: []byte("text\nna\xefve\n"), wantSkip: "invalid UTF-8 at byte offset 2 (byte 0xef) of the record on line 2 (file offset 5)"},
		{name: "latin1.jsonl", data: []byte("{\"text\":\"ok\"}\n{\"text\":\"na\xefve\"}\n"), wantText: "ok", wantSkip: "invalid UTF-8 at byte offset 11 (byte 0xef) of line 2 (file offset 14)"},
		{name: "review.txt.gz", data: gzipBytes(t, []byte(sampleText)), wantText: sampleText},
		{name: "reviews.csv.gz", data: gzipBytes(t, []byte("text,rating\nCompressed and fine.,B\n")), wantText: "Compressed and fine."},
		{name: "reviews.jsonl.gz", data: gzipBytes(t, []byte(`{"text":"Compressed line."}`+"\n")), wantText: "Compressed line."},
		{name: "reviews.gz", data: gzipBytes(t, []byte(`{"text":"Sniffed after gunzip."}`+"\n")), wantText: "Sniffed after gunzip."},
		{name: "truncated.txt.gz", data: gzipBytes(t, []byte(sampleText))[:30], wantSkip: "corrupt gzip data: unexpected EOF"},
		{name: "bad.json", data: []byte(`{"text": "unterminated`), wantSkip: "invalid JSON: unexpected end of data"},
		{name: "scalar.json", data: []byte(`"just a string"`), wantSkip: "not a JSON object: the top-level value is a string"},
		{name: "lines.json", data: []byte("{\"text\":\"one\"}\n{\"text\":\"two\"}\n"), wantText: "one"},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name)
			writeFile(t, path, tt.data)
			res := readPath(t, path)
			if tt.wantSkip != "" && tt.wantText != "" {
				if len(res.docs) != 1 || res.docs[0].Text != tt.wantText || len(res.skips) != 1 || !strings.Contains(res.skips[0].Reason, tt.wantSkip) {
					t.Fatalf("got %d docs, skips %q; want one document %q and a skip containing %q", len(res.docs), res.skipReasons(), tt.wantText, tt.wantSkip)
				}
				return
			}
			if tt.wantSkip != "" {
				if len(res.docs) != 0 || len(res.skips) != 1 || !strings.Contains(res.skips[0].Reason, tt.wantSkip) {
					t.Fatalf("got %d docs, skips %q; want one skip containing %q", len(res.docs), res.skipReasons(), tt.wantSkip)
				}
				return
			}
			if len(res.docs) == 0 || len(res.skips) != 0 {
				t.Fatalf("got %d docs, skips %q; want a document", len(res.docs), res.skipReasons())
			}
			if got := res.docs[0].Text; got != strings.TrimSpace(tt.wantText) && got != tt.wantText {
				t.Errorf("text = %q, want %q", got, tt.wantText)
			}
		})
	}
}

func TestStdin(t *testing.T) {
	tests := []struct {
		name   string
		data   string
		format review.Format
		docs   int
	}{
		{"text", sampleText, review.FormatText, 1},
		{"front matter", "---\ngrade: C\n---\nA body.\n", review.FormatMarkdown, 1},
		{"json lines", "{\"text\":\"a\"}\n{\"text\":\"b\"}\n", review.FormatJSONL, 2},
		{"json object", "{\n  \"text\": \"pretty printed\"\n}\n", review.FormatJSONL, 1},
		{"json array", `[{"text":"a"},{"text":"b"},{"text":"c"}]`, review.FormatJSONL, 3},
		{"csv", "author,quote\nAnn,Short and sharp.\n", review.FormatCSV, 1},
		{"text with commas", "Well, I liked it, mostly.\nReally.", review.FormatText, 1},
		{"text with rules", "---\nHeadline: a review of sorts, with: colons\nBy Me\n---\nBody text.\n", review.FormatText, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := readStdin(t, []byte(tt.data))
			if len(res.docs) != tt.docs || len(res.skips) != 0 {
				t.Fatalf("got %d docs, skips %q; want %d docs", len(res.docs), res.skipReasons(), tt.docs)
			}
			for _, d := range res.docs {
				wantEqual(t, "format", d.Format, tt.format)
				if !strings.HasPrefix(d.Source, StdinPath) {
					t.Errorf("source %q, want it to start with -", d.Source)
				}
			}
		})
	}
	res := readStdin(t, gzipBytes(t, []byte("text\ngzipped on stdin\n")))
	checkResult(t, res, 1, nil)
	var got Item
	err := Read(context.Background(), Input{Path: StdinPath}, nil, nil, func(it Item) error { got = it; return nil })
	if err != nil || got.Skip == nil {
		t.Errorf("Read without stdin = %v, %+v; want a skip", err, got)
	}
}
