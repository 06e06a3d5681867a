package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func addFixtureSeeds(f *testing.F, names ...string) {
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join("testdata", "inputs", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

// checkItems runs a reader over data and checks what every reader promises:
// no error but the callback's, one of Doc and Skip per item, documents
// with valid, non-empty text and a source inside the input.
func checkItems(t *testing.T, source string, read func(emit func(Item) error) error) []Item {
	var items []Item
	err := read(func(it Item) error {
		if (it.Doc == nil) == (it.Skip == nil) {
			t.Fatalf("item with both or neither of Doc and Skip: %+v", it)
		}
		if it.Doc != nil {
			if !utf8.ValidString(it.Doc.Text) || isBlank(it.Doc.Text) || !strings.HasPrefix(it.Doc.Source, source) {
				t.Fatalf("bad document %+v", *it.Doc)
			}
		} else if it.Skip.Reason == "" || !strings.HasPrefix(it.Skip.Source, source) {
			t.Fatalf("bad skip %+v", *it.Skip)
		}
		items = append(items, it)
		return nil
	})
	var skip *skipError
	if err != nil && !errors.As(err, &skip) {
		t.Fatalf("reader error %v", err)
	}
	return items
}

func FuzzReadJSONL(f *testing.F) {
	addFixtureSeeds(f, "reviews.jsonl", "review.json", "reviews_array.json")
	f.Add([]byte(`{"text":"x","year":1999,"rating":4.5,"director":["a","b"],"nested":{"a":[1,{"b":null}]}}`))
	f.Add([]byte("{\"text\":\"a\"}\r\n\r\n{\"text\":\"b\"}"))
	f.Add([]byte(`{"text":"\ud800 lone surrogate escape"}`))
	f.Add([]byte(`{"text":"x"} {"text":"y"}`))
	f.Add([]byte("{\"text\":\"\xff\"}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		items := checkItems(t, "fuzz", func(emit func(Item) error) error {
			return readJSONL(context.Background(), bufio.NewReader(bytes.NewReader(data)), "fuzz", emit)
		})
		lines := bytes.Count(data, []byte{'\n'}) + 1
		if len(items) > lines {
			t.Fatalf("%d items from %d lines", len(items), lines)
		}
		checkItems(t, "fuzz", func(emit func(Item) error) error {
			return readJSON(context.Background(), data, "fuzz", emit)
		})
	})
}

// FuzzReadCSV checks the CSV reader against encoding/csv: where the standard
// reader accepts the input, ours must find the same records; elsewhere it
// must still skip cleanly.
func FuzzReadCSV(f *testing.F) {
	addFixtureSeeds(f, "reviews.csv", "unbalanced.csv", "stray_quotes.csv", "imdb_layout.csv", "rt/critic_reviews.csv")
	f.Add([]byte("text,a\n\"x\"\"y\",1\n\n\"multi\nline\",2\r\n"))
	f.Add([]byte("text\n\"never closed\nmore\n"))
	f.Add([]byte("text\r\nlast\r"))
	f.Add([]byte("a,\"b\"c,d\n"))
	f.Add([]byte("text\n \n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkItems(t, "fuzz", func(emit func(Item) error) error {
			return readCSV(context.Background(), bufio.NewReader(bytes.NewReader(data)), "fuzz", "", emit)
		})

		if !utf8.Valid(data) {
			return
		}
		std := csv.NewReader(bytes.NewReader(data))
		std.FieldsPerRecord = -1
		want, err := std.ReadAll()
		if err != nil {
			return
		}
		records := newCSVReader(bufio.NewReader(bytes.NewReader(data)))
		var got [][]string
		for {
			rec, err := records.next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if rec.problem != "" {
				t.Fatalf("encoding/csv reads %q but we skip a record: %s", data, rec.problem)
			}
			got = append(got, rec.fields)
		}
		if !slices.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("records of %q:\n got %q\nwant %q", data, got, want)
		}
	})
}

func FuzzFrontMatter(f *testing.F) {
	addFixtureSeeds(f, "frontmatter.md", "frontmatter_crlf.md", "plain.md", "bad_frontmatter.md", "unclosed_frontmatter.md", "list_frontmatter.md")
	f.Add([]byte("---\n---\n"))
	f.Add([]byte("---\na: &x [1, 2]\nb: *x\nc: {d: e}\n...\nbody _x_ **y** [z](u) <b>w</b> \\*v\\*"))
	f.Add([]byte("---\r\n? complex\r\n: key\r\n---\r\n"))
	f.Add([]byte("---\ntitle: A (1999)\nyear: 2001\n---\n<span data-imdb-id=\"tt1\">*S*</span> [^1]\n\n[^1]: note"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := parseMarkdown(data, "fuzz.md")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "malformed front matter: ") {
				t.Fatalf("error %q does not say what is wrong", err)
			}
			return
		}
		if strings.Contains(doc.Text, "\r") {
			t.Fatalf("text keeps CR: %q", doc.Text)
		}
		if utf8.Valid(data) && !utf8.ValidString(doc.Text+doc.Headline+doc.FilmTitle+doc.RatingRaw) {
			t.Fatalf("valid input gave invalid UTF-8: %+v", doc)
		}
		if doc.FilmYear != 0 && (doc.FilmYear < 1870 || doc.FilmYear > 2200) {
			t.Fatalf("implausible year %d", doc.FilmYear)
		}
	})
}

// FuzzRead runs whole inputs through Read as standard input, so sniffing,
// decoding and every format's reader see arbitrary bytes.
func FuzzRead(f *testing.F) {
	addFixtureSeeds(f, "plain.txt", "frontmatter.md", "reviews.jsonl", "reviews_array.json", "reviews.csv", "imdb_layout.csv")
	f.Add(utf16Bytes("---\r\ngrade: B\r\n---\r\nbody", false))
	f.Add(utf16Bytes("text\nrow", true))
	f.Add([]byte("\xef\xbb\xbf{\"text\":\"bom\"}"))
	f.Add([]byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"))
	f.Add([]byte("   \n\t"))
	// UTF-16 without a byte order mark, little- and big-endian.
	f.Add([]byte("T\x00h\x00e\x00 \x00f\x00i\x00l\x00m\x00\n\x00"))
	f.Add([]byte("\x00T\x00h\x00e\x00 \x00f\x00i\x00l\x00m\x00\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkItems(t, StdinPath, func(emit func(Item) error) error {
			return Read(context.Background(), Input{Path: StdinPath}, bytes.NewReader(data), nil, emit)
		})
	})
}
