package htmldoc

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchmarkPage is testdata/jsonld_review.html with its article grown to
// about 20 KB, the size of a long review page.
func benchmarkPage(b *testing.B) []byte {
	b.Helper()
	page, err := os.ReadFile(filepath.Join("testdata", "jsonld_review.html"))
	if err != nil {
		b.Fatal(err)
	}
	start := bytes.Index(page, []byte("<p>Teodor"))
	end := bytes.Index(page, []byte("</article>"))
	article := page[start:end]
	var grown bytes.Buffer
	grown.Write(page[:start])
	for grown.Len() < 20<<10-len(page)+end {
		grown.Write(article)
	}
	grown.Write(page[end:])
	return grown.Bytes()
}

func BenchmarkParse(b *testing.B) {
	page := benchmarkPage(b)
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if _, err := Parse(bytes.NewReader(page), "bench.html"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFragmentText(b *testing.B) {
	fragment := strings.Repeat("<p>A <b>bold</b> paragraph of review text, with an &amp; entity.</p>\n", 300)
	b.SetBytes(int64(len(fragment)))
	for b.Loop() {
		FragmentText(fragment)
	}
}
