// Package hostile generates hostile inputs for tests of the paths that read
// outside data (marquee ingest and analyze, the web ingest form): binary
// files, broken encodings, compression bombs, markup nested or attributed
// without end, XML entity tricks, malformed CSV, records far over the size
// limits. Everything is generated from a seed, so the tests carry no copied
// data and every run sees the same bytes.
package hostile

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode/utf16"
)

// Invented films and critics for Review: no real review text is borrowed.
var (
	films   = []string{"The Lantern Hour", "Salt Meridian", "Nine Quiet Rooms", "Paper Harbour", "Glass Orchard", "The Copper Tram"}
	critics = []string{"Maren Holt", "Ines Varga", "Tomas Hale", "Hana Sato", "Dara Quinn", "Owen Pryce"}
	moods   = []string{"luminous", "tender", "overlong", "sly", "clumsy", "gorgeous", "muddled", "patient"}
)

// Review returns an invented plain-text review whose text, and so whose
// content hash, is unique to key. Its last sentence names key, so a test can
// find the review again by searching for it.
func Review(key string) string {
	r := rand.New(rand.NewPCG(seedOf(key), 7))
	film := films[r.IntN(len(films))]
	return fmt.Sprintf("%s (%d)\nBy %s\n\n%s is a %s film, and its lead gives a %s performance as the ferry pilot. "+
		"The photography is %s and the score lingers after the credits. "+
		"The second act drags a little, but the ending earns its quiet. Rating: %d/10. Filed under %s.\n",
		film, 1990+r.IntN(35), critics[r.IntN(len(critics))], film,
		moods[r.IntN(len(moods))], moods[r.IntN(len(moods))], moods[r.IntN(len(moods))], 1+r.IntN(10), key)
}

// Paragraphs returns Review(key) as HTML paragraphs.
func Paragraphs(key string) string {
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(Review(key)), "\n") {
		if line != "" {
			b.WriteString("<p>" + line + "</p>\n")
		}
	}
	return b.String()
}

func seedOf(key string) uint64 {
	var h uint64 = 14695981039346656037
	for i := 0; i < len(key); i++ {
		h ^= uint64(key[i])
		h *= 1099511628211
	}
	return h
}

// Random returns n pseudo-random bytes determined by seed.
func Random(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	b := make([]byte, n)
	for i := 0; i+8 <= n; i += 8 {
		binary.LittleEndian.PutUint64(b[i:], r.Uint64())
	}
	for i := n &^ 7; i < n; i++ {
		b[i] = byte(r.Uint32())
	}
	return b
}

// WithMagic returns random bytes behind a file signature ("\x89PNG\r\n\x1a\n",
// "\x7fELF", "PK\x03\x04").
func WithMagic(magic string, n int, seed uint64) []byte {
	return append([]byte(magic), Random(n, seed)...)
}

// ControlText returns n bytes of bells, backspaces and escapes between
// letters: no NUL, but far more control bytes than any text has.
func ControlText(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		if i%3 == 0 {
			b[i] = 'a' + byte(i%26)
		} else {
			b[i] = "\a\b\x01\x02\x7f"[i%5]
		}
	}
	return b
}

// UTF16 encodes text as UTF-16, little- or big-endian, with or without a
// byte order mark.
func UTF16(text string, bigEndian, bom bool) []byte {
	var order binary.AppendByteOrder = binary.LittleEndian
	if bigEndian {
		order = binary.BigEndian
	}
	units := utf16.Encode([]rune(text))
	out := make([]byte, 0, 2*len(units)+2)
	if bom {
		out = order.AppendUint16(out, 0xfeff)
	}
	for _, u := range units {
		out = order.AppendUint16(out, u)
	}
	return out
}

// Gzip compresses data as one gzip member.
func Gzip(data []byte) []byte {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	_, _ = w.Write(data)
	_ = w.Close()
	return b.Bytes()
}

// GzipBomb returns a small gzip stream that expands to about expanded bytes:
// head (say a CSV header) followed by line repeated. It is built from
// concatenated gzip members of one highly compressible megabyte, so making
// a gigabyte bomb costs a megabyte of compression.
func GzipBomb(head, line []byte, expanded int64) []byte {
	var block []byte
	for len(block) < 1<<20 {
		block = append(block, line...)
	}
	member := Gzip(block)
	var b bytes.Buffer
	b.Write(Gzip(head))
	for n := int64(len(head)); n < expanded; n += int64(len(block)) {
		b.Write(member)
	}
	return b.Bytes()
}

// DeepHTML returns a page whose body opens tag depth times around body.
// Closing tags are left out: a parser must give up on the depth before it
// would see them.
func DeepHTML(tag string, depth int, body string) []byte {
	var b bytes.Buffer
	b.WriteString("<!DOCTYPE html><html><head><title>Deep</title></head><body>")
	for range depth {
		b.WriteString("<" + tag + ">")
	}
	b.WriteString(body)
	b.WriteString("</body></html>")
	return b.Bytes()
}

// ManyAttributes returns a page with one element carrying n distinct
// attributes before the review.
func ManyAttributes(n int, body string) []byte {
	var b bytes.Buffer
	b.Grow(n*12 + len(body) + 100)
	b.WriteString("<!DOCTYPE html><html><head><title>Attributes</title></head><body><div")
	for i := range n {
		fmt.Fprintf(&b, " a%d=x", i)
	}
	b.WriteString(">")
	b.WriteString(body)
	b.WriteString("</div></body></html>")
	return b.Bytes()
}

// SpreadAttributes returns a page whose attributes are spread over many
// elements, perElement each, n in all.
func SpreadAttributes(n, perElement int, body string) []byte {
	var b bytes.Buffer
	b.WriteString("<!DOCTYPE html><html><head><title>Attributes</title></head><body>")
	b.WriteString(body)
	for i := 0; i < n; i += perElement {
		b.WriteString("<span")
		for j := 0; j < perElement && i+j < n; j++ {
			fmt.Fprintf(&b, " a%d=x", j)
		}
		b.WriteString("></span>")
	}
	b.WriteString("</body></html>")
	return b.Bytes()
}

// RepeatedRootAttributes returns a page with tags stray <html> start tags
// of perTag distinct attributes each. The HTML parsing algorithm merges
// every stray <html> tag's attributes into the root element, checking each
// against those already there.
func RepeatedRootAttributes(tags, perTag int, body string) []byte {
	var b bytes.Buffer
	b.WriteString("<!DOCTYPE html><html><head><title>Roots</title></head><body>")
	b.WriteString(body)
	for t := range tags {
		b.WriteString("<html")
		for i := range perTag {
			fmt.Fprintf(&b, " r%d_%d=x", t, i)
		}
		b.WriteString(">")
	}
	b.WriteString("</body></html>")
	return b.Bytes()
}

// rssItem is one feed item around text (which must be XML-safe, or hold
// entity references on purpose).
func rssItem(title, text string) string {
	return "<item><title>" + title + "</title><description>" + text + "</description></item>"
}

// BillionLaughs returns an RSS feed whose DTD declares levels entities,
// each ten of the one before, and whose item text refers to the last: a
// parser that expanded entities would build 10^levels copies of "lol".
func BillionLaughs(levels int, review string) []byte {
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol0 \"lol\">\n")
	for i := 1; i <= levels; i++ {
		b.WriteString(fmt.Sprintf("<!ENTITY lol%d \"%s\">\n", i, strings.Repeat(fmt.Sprintf("&lol%d;", i-1), 10)))
	}
	b.WriteString("]>\n<rss version=\"2.0\"><channel><title>Laughs</title>")
	b.WriteString(rssItem("Laughs", xmlEscape(review)+fmt.Sprintf(" &lol%d;", levels)))
	b.WriteString("</channel></rss>\n")
	return []byte(b.String())
}

// ExternalEntities returns an RSS feed that declares external entities for
// each of files (file:///etc/passwd, say) and for url, an external DTD and
// a parameter entity at url, and refers to them all in its item's text. A
// parser that resolved any of them would leak the files' contents into the
// review or make a request to url.
func ExternalEntities(files []string, url, review string) []byte {
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\"?>\n<!DOCTYPE rss SYSTEM \"" + url + "/feed.dtd\" [\n")
	var refs []string
	for i, f := range files {
		b.WriteString(fmt.Sprintf("<!ENTITY file%d SYSTEM \"file://%s\">\n", i, f))
		refs = append(refs, fmt.Sprintf("&file%d;", i))
	}
	b.WriteString("<!ENTITY remote SYSTEM \"" + url + "/entity.txt\">\n")
	b.WriteString("<!ENTITY % param SYSTEM \"" + url + "/param.dtd\">\n%param;\n")
	b.WriteString("]>\n<rss version=\"2.0\" xmlns:xi=\"http://www.w3.org/2001/XInclude\"><channel><title>Entities</title>")
	refs = append(refs, "&remote;")
	b.WriteString(rssItem("Entities &file0;", xmlEscape(review)+" "+strings.Join(refs, " ")+
		`<xi:include href="`+url+`/xinclude.txt" parse="text"/>`))
	b.WriteString("</channel></rss>\n")
	return []byte(b.String())
}

// ExternalResources returns a page that points at url in every way a page
// can make a browser fetch something: an external DTD, a stylesheet, a
// script, an image, a frame, a refresh, a base. Reading it must fetch
// nothing.
func ExternalResources(url, body string) []byte {
	return []byte(`<!DOCTYPE html SYSTEM "` + url + `/page.dtd"><html><head><title>Resources</title>
<base href="` + url + `/base/"><link rel="stylesheet" href="` + url + `/style.css">
<meta http-equiv="refresh" content="0; url=` + url + `/refresh">
<script src="` + url + `/script.js"></script>
<script type="application/ld+json">{"@context": "` + url + `/context.jsonld", "@type": "Review", "url": "` + url + `/ld"}</script>
</head><body><article>` + body + `<img src="` + url + `/image.png" srcset="` + url + `/image2.png 2x">
<iframe src="` + url + `/frame"></iframe><object data="` + url + `/object"></object></article></body></html>`)
}

// RaggedCSV returns a CSV of reviews with good rows around bad ones: rows
// with too few and too many fields, a quote inside an unquoted field, and,
// last, a quoted field that never closes. good must hold at least two
// reviews; they are the only rows that should come out as documents.
func RaggedCSV(good []string) []byte {
	var b strings.Builder
	b.WriteString("author,film,rating,text\n")
	row := func(author, film, rating, text string) {
		b.WriteString(author + "," + film + "," + rating + `,"` + strings.ReplaceAll(text, `"`, `""`) + "\"\n")
	}
	row("Maren Holt", "Salt Meridian", "3/5", good[0])
	b.WriteString("Ines Varga,Glass Orchard\n")                                                   // too few fields
	b.WriteString("Tomas Hale,Paper Harbour,4/5,a fine film,and,three,fields,too,many\n")         // too many
	b.WriteString("Hana Sato,Nine \"Quiet\" Rooms,2/5,The quote sits inside an unquoted field\n") // stray quote
	for _, text := range good[1:] {
		row("Dara Quinn", "The Lantern Hour", "5/5", text)
	}
	b.WriteString("Owen Pryce,The Copper Tram,1/5,\"This quoted field never closes.\nIts second line.\nAnd a third, still inside the quote.\n")
	return []byte(b.String())
}

// LongLineJSONL returns JSON Lines with a record of lineBytes bytes between
// two good ones.
func LongLineJSONL(before, after string, lineBytes int) []byte {
	var b bytes.Buffer
	b.Grow(lineBytes + len(before) + len(after) + 100)
	fmt.Fprintf(&b, "{\"text\":%q}\n{\"text\":\"", before)
	filler := []byte("lorem ipsum dolor sit amet ")
	for b.Len() < lineBytes {
		b.Write(filler)
	}
	fmt.Fprintf(&b, "\"}\n{\"text\":%q}\n", after)
	return b.Bytes()
}

// Words returns about n bytes of plain prose in sentences and paragraphs,
// varied enough not to compress to nothing.
func Words(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	vocab := strings.Fields("the film is luminous tender and its lead gives a clumsy performance while " +
		"photography lingers over muddled second act score ending quiet harbour ferry night rain city")
	var b bytes.Buffer
	b.Grow(n + 200)
	for b.Len() < n {
		words := 5 + r.IntN(20)
		for i := range words {
			w := vocab[r.IntN(len(vocab))]
			if i == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			b.WriteString(w)
			if i < words-1 {
				b.WriteByte(' ')
			}
		}
		b.WriteString(". ")
		if r.IntN(20) == 0 {
			b.WriteString("\n\n")
		}
	}
	return b.Bytes()[:n]
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
