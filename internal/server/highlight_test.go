package server

import (
	"html"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestHighlightSnippet(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"plain", "plain"},
		{"the ⟦sea⟧ is near", "the <mark>sea</mark> is near"},
		{"⟦a⟧ and ⟦b⟧", "<mark>a</mark> and <mark>b</mark>"},
		{"⟦<script>⟧alert(1)", "<mark>&lt;script&gt;</mark>alert(1)"},
		{`"quoted" & 'single'`, "&#34;quoted&#34; &amp; &#39;single&#39;"},
		{"unclosed ⟦mark", "unclosed <mark>mark</mark>"},
		{"stray⟧ close", "stray close"},
		{"⟦⟦double⟧⟧", "<mark>double</mark>"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := string(highlightSnippet(tc.in)); got != tc.want {
			t.Errorf("highlightSnippet(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzHighlightSnippet checks that whatever a snippet holds, the only tags
// in the output are balanced <mark> pairs and the text reads back as the
// snippet without its markers.
func FuzzHighlightSnippet(f *testing.F) {
	for _, s := range []string{"a ⟦b⟧ c", "<img src=x onerror=alert(1)>", "⟦⟦⟧", "&amp;⟦&lt;⟧", "\xff⟦\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := string(highlightSnippet(s))
		depth := 0
		rest := out
		for {
			i := strings.IndexByte(rest, '<')
			if i < 0 {
				break
			}
			switch {
			case strings.HasPrefix(rest[i:], "<mark>"):
				depth++
				rest = rest[i+len("<mark>"):]
			case strings.HasPrefix(rest[i:], "</mark>"):
				depth--
				rest = rest[i+len("</mark>"):]
			default:
				t.Fatalf("tag other than mark in %q (from %q)", out, s)
			}
			if depth < 0 || depth > 1 {
				t.Fatalf("unbalanced marks in %q", out)
			}
		}
		if depth != 0 {
			t.Fatalf("unclosed mark in %q", out)
		}
		text := html.UnescapeString(strings.NewReplacer("<mark>", "", "</mark>", "").Replace(out))
		want := strings.NewReplacer("⟦", "", "⟧", "").Replace(s)
		if utf8.ValidString(s) && text != want {
			t.Fatalf("text %q, want %q", text, want)
		}
	})
}
