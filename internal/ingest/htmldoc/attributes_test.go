package htmldoc

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

const attrBody = "<article><p>The lighthouse keeper's daughter is a patient, tender film about weather and work.</p></article>"

func attrs(prefix string, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, " %s%d=x", prefix, i)
	}
	return b.String()
}

// TestAttributeLimits: an element over MaxAttributes, or a page over
// MaxPageAttributes, is refused with ErrTooManyAttributes; pages at the
// limits are read.
func TestAttributeLimits(t *testing.T) {
	spread := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i += 100 {
			b.WriteString("<span" + attrs("a", min(100, n-i)) + "></span>")
		}
		return b.String()
	}
	tests := []struct {
		name string
		page string
		want string // "" for a page that is read
	}{
		{"element at the limit", "<html><body><div" + attrs("a", MaxAttributes) + ">" + attrBody + "</div></body></html>", ""},
		{"element over the limit", "<html><body><div" + attrs("a", MaxAttributes+1) + ">" + attrBody + "</div></body></html>",
			"htmldoc: too many attributes: a <div> element has more than 1000"},
		{"duplicate names count once", "<html><body><div" + strings.Repeat(" a=x", 5000) + ">" + attrBody + "</div></body></html>", ""},
		{"page at the limit", "<html><body>" + attrBody + spread(MaxPageAttributes) + "</body></html>", ""},
		{"page over the limit", "<html><body>" + attrBody + spread(MaxPageAttributes+1) + "</body></html>",
			"htmldoc: too many attributes: more than 200000 in the page"},
		{"stray root tags merge into the root", "<html><body>" + attrBody + strings.Repeat("<html"+attrs("r", 70)+">", 16) + "</body></html>", ""},
		{"stray root tags with new names each", "<html><body>" + attrBody + func() string {
			var b strings.Builder
			for i := range 40 {
				b.WriteString("<html" + attrs(fmt.Sprintf("r%d_", i), 70) + ">")
			}
			return b.String()
		}() + "</body></html>", "htmldoc: too many attributes: a <html> element has more than 1000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Parse(strings.NewReader(tc.page), "page.html")
			if tc.want == "" {
				if err != nil || !strings.Contains(doc.Text, "lighthouse keeper") {
					t.Fatalf("Parse = %q, %v; want the review", doc.Text, err)
				}
				return
			}
			if !errors.Is(err, ErrTooManyAttributes) || err.Error() != tc.want {
				t.Fatalf("Parse error %v, want %q", err, tc.want)
			}
		})
	}
}

// TestRenameRootTags: the first maxRootTags <html> and <body> start tags
// stay; later ones, in any case and followed by anything that ends a tag
// name, become <wbr>; look-alikes are left alone.
func TestRenameRootTags(t *testing.T) {
	keep := strings.Repeat("<html a>", maxRootTags) + strings.Repeat("<BODY b>", maxRootTags)
	tests := []struct{ in, want string }{
		{"<html><body>x</body></html>", "<html><body>x</body></html>"},
		{keep, keep},
		{keep + "<html c><Html\td><HTML/><body\ne><bOdY>", keep + "<wbr c><wbr\td><wbr/><wbr\ne><wbr>"},
		{keep + "<htmlx><bodyguard><html", keep + "<htmlx><bodyguard><html"},
		{keep + "</html></body><!-- <html> -->", keep + "</html></body><!-- <wbr> -->"},
	}
	for _, tc := range tests {
		if got := renameRootTags(tc.in); got != tc.want {
			t.Errorf("renameRootTags(%q)\n = %q\nwant %q", tc.in, got, tc.want)
		}
	}
	// The renamed tags keep their attributes on elements of their own.
	page := keep + "<html late=1>"
	tree, err := html.Parse(strings.NewReader(renameRootTags(page)))
	if err != nil {
		t.Fatal(err)
	}
	if got := len(tree.FirstChild.Attr); got != 1 {
		t.Errorf("the root has %d attributes, want the 1 of the first tags", got)
	}
}
