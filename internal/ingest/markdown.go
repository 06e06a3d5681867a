package ingest

import (
	"errors"
	"fmt"
	"html"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/marquee-film/marquee/internal/review"
)

// parseMarkdown reads a Markdown review: YAML front matter, when present,
// fills the metadata (see fieldNames), and the body becomes plain text.
// Malformed front matter is an error, since the metadata it was meant to
// carry (the grade, above all) would silently go missing.
func parseMarkdown(data []byte, source string) (review.Document, error) {
	doc := review.Document{Source: source, Format: review.FormatMarkdown}
	text := normalizeNewlines(string(data))
	frontMatter, body, found, err := splitFrontMatter(text)
	if err != nil {
		return doc, err
	}
	if found {
		fields, err := frontMatterFields(frontMatter)
		if err != nil {
			return doc, err
		}
		applyFields(&doc, fields)
		if doc.FilmTitle == "" && doc.Headline != "" {
			// Review front matter usually titles the review after the
			// film, often as "Title (1984)".
			doc.FilmTitle, doc.FilmYear = splitTitleYear(doc.Headline, doc.FilmYear)
		}
	}
	if bodyText, mentions := markdownToText(body); !isBlank(bodyText) || isBlank(doc.Text) {
		doc.Text = bodyText
		addMentions(&doc, mentions)
	}
	return doc, nil
}

// splitFrontMatter separates a leading "---" ... "---" (or "...") block
// from the body. text has LF line ends.
func splitFrontMatter(text string) (frontMatter, body string, found bool, err error) {
	first, rest, ok := strings.Cut(text, "\n")
	if strings.TrimRight(first, " \t") != "---" {
		return "", text, false, nil
	}
	if !ok {
		return "", "", false, errors.New("malformed front matter: opening --- is never closed")
	}
	offset := 0
	for offset <= len(rest) {
		line, _, _ := strings.Cut(rest[offset:], "\n")
		if trimmed := strings.TrimRight(line, " \t"); trimmed == "---" || trimmed == "..." {
			end := min(offset+len(line)+1, len(rest))
			return rest[:offset], rest[end:], true, nil
		}
		offset += len(line) + 1
	}
	return "", "", false, errors.New("malformed front matter: opening --- is never closed")
}

// hasFrontMatter reports whether head starts with a closed front matter
// block of YAML key: value pairs, which is how standard input is recognised
// as Markdown (a text that merely opens with a "---" rule stays text).
func hasFrontMatter(head []byte) bool {
	frontMatter, _, found, err := splitFrontMatter(normalizeNewlines(string(head)))
	if !found || err != nil {
		return false
	}
	fields, err := frontMatterFields(frontMatter)
	return err == nil && len(fields) > 0
}

// frontMatterFields parses YAML front matter into fields. It walks the
// node tree rather than decoding into a map so that values keep their
// written form: a date stays "2007-08-12", a grade "B+", a year "1984".
func frontMatterFields(frontMatter string) ([]field, error) {
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(frontMatter), &root); err != nil {
		return nil, fmt.Errorf("malformed front matter: %w", err)
	}
	if root.Kind == 0 {
		return nil, nil // empty front matter
	}
	mapping := &root
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		mapping = root.Content[0]
	}
	if mapping.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("malformed front matter: %s, want key: value pairs", nodeKindName(mapping.Kind))
	}
	fields := make([]field, 0, len(mapping.Content)/2)
	for i := 0; i+1 < len(mapping.Content); i += 2 {
		key, value := mapping.Content[i], mapping.Content[i+1]
		if key.Kind != yaml.ScalarNode {
			continue
		}
		if v, ok := yamlScalarText(value); ok {
			// Keys like ":movie:" occur in hand-written front matter.
			fields = append(fields, field{key: strings.Trim(key.Value, ": "), value: v})
		}
	}
	return fields, nil
}

// yamlScalarText gives a scalar's text, or a list of scalars joined by
// ", " (several directors, say). Nested mappings carry no review field.
func yamlScalarText(n *yaml.Node) (string, bool) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "", false
		}
		return n.Value, true
	case yaml.SequenceNode:
		var parts []string
		for _, item := range n.Content {
			if item.Kind == yaml.ScalarNode && item.Tag != "!!null" {
				parts = append(parts, item.Value)
			}
		}
		return strings.Join(parts, ", "), len(parts) > 0
	}
	return "", false
}

func nodeKindName(k yaml.Kind) string {
	switch k {
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return "a single value"
	case yaml.DocumentNode:
		return "several documents"
	}
	return "not a mapping"
}

var titleYear = regexp.MustCompile(`^(.*\S)\s*\((\d{4})\)$`)

// splitTitleYear splits "Heat (1995)" into "Heat" and 1995, keeping a
// year already known.
func splitTitleYear(title string, year int) (string, int) {
	m := titleYear.FindStringSubmatch(title)
	if m == nil {
		return title, year
	}
	stated, ok := parseYear(m[2])
	if !ok {
		return title, year // "(0001)" is no release year
	}
	if year == 0 {
		year = stated
	}
	return m[1], year
}

type mentionedFilm struct {
	title  string
	imdbID string
}

var (
	fenceLine      = regexp.MustCompile("^\\s{0,3}(```|~~~)")
	referenceDef   = regexp.MustCompile(`^\s{0,3}\[[^\]^][^\]]*\]:\s*\S+`)
	footnoteDef    = regexp.MustCompile(`^\s{0,3}\[\^[^\]]+\]:\s*`)
	footnoteRef    = regexp.MustCompile(`\[\^[^\]\s]+\]`)
	inlineFootnote = regexp.MustCompile(`\^\[([^\[\]]*)\]`)
	headingPrefix  = regexp.MustCompile(`^\s{0,3}#{1,6}(\s+|$)`)
	headingSuffix  = regexp.MustCompile(`\s+#+\s*$`)
	ruleLine       = regexp.MustCompile(`^\s{0,3}(-{3,}|={3,}|_{3,})\s*$`)
	quotePrefix    = regexp.MustCompile(`^\s{0,3}(>\s?)+`)
	htmlComment    = regexp.MustCompile(`(?s)<!--.*?-->`)
	imdbSpan       = regexp.MustCompile(`(?is)<span\b[^>]*\bdata-imdb-id\s*=\s*["']?(tt\d+)["']?[^>]*>(.*?)</span\s*>`)
	image          = regexp.MustCompile(`!\[([^\[\]]*)\]\([^)]*\)`)
	inlineLink     = regexp.MustCompile(`\[([^\[\]]+)\]\([^)\s]*(?:\s+"[^"]*")?\)`)
	referenceLink  = regexp.MustCompile(`\[([^\[\]]+)\]\[[^\[\]]*\]`)
	autoLink       = regexp.MustCompile(`<((?:https?|mailto):[^<>\s]+)>`)
	lineBreakTag   = regexp.MustCompile(`(?i)<br\s*/?\s*>`)
	htmlTag        = regexp.MustCompile(`</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>`)
	codeSpan       = regexp.MustCompile("`([^`\n]+)`")
	escapedChar    = regexp.MustCompile("\\\\([\\\\`*_{}\\[\\]()#+\\-.!<>|~])")
	blankLineBurst = regexp.MustCompile(`\n{3,}`)
)

// markdownToText turns a Markdown body into plain text, lightly: block
// markers and inline markup go, the words stay, line structure stays. It
// also returns the films the body links by IMDb id (<span
// data-imdb-id="tt…">Title</span>), which mark references to other films.
func markdownToText(md string) (string, []mentionedFilm) {
	var mentions []mentionedFilm
	seen := make(map[mentionedFilm]bool)
	md = htmlComment.ReplaceAllString(md, "")
	md = imdbSpan.ReplaceAllStringFunc(md, func(span string) string {
		m := imdbSpan.FindStringSubmatch(span)
		title := collapseSpace(cleanInline(m[2]))
		if film := (mentionedFilm{title: title, imdbID: m[1]}); title != "" && !seen[film] {
			seen[film] = true
			mentions = append(mentions, film)
		}
		return m[2]
	})

	lines := strings.Split(md, "\n")
	out := lines[:0]
	inFence := false
	for _, line := range lines {
		if fenceLine.MatchString(line) {
			inFence = !inFence
			continue
		}
		if inFence {
			out = append(out, line)
			continue
		}
		switch {
		case referenceDef.MatchString(line), ruleLine.MatchString(line):
			continue
		case headingPrefix.MatchString(line):
			line = headingSuffix.ReplaceAllString(headingPrefix.ReplaceAllString(line, ""), "")
		}
		line = quotePrefix.ReplaceAllString(line, "")
		// Footnotes are the critic's words too: keep their text, drop
		// the markers.
		line = footnoteDef.ReplaceAllString(line, "")
		out = append(out, cleanInline(line))
	}
	text := strings.Join(out, "\n")
	text = blankLineBurst.ReplaceAllString(text, "\n\n")
	return strings.TrimSpace(text), mentions
}

// cleanInline removes inline Markdown and HTML from one line (or span).
func cleanInline(s string) string {
	s = footnoteRef.ReplaceAllString(s, "")
	s = inlineFootnote.ReplaceAllString(s, " ($1)")
	s = image.ReplaceAllString(s, "$1")
	s = inlineLink.ReplaceAllString(s, "$1")
	s = referenceLink.ReplaceAllString(s, "$1")
	s = autoLink.ReplaceAllString(s, "$1")
	s = lineBreakTag.ReplaceAllString(s, "\n")
	s = htmlTag.ReplaceAllString(s, "")
	s = codeSpan.ReplaceAllString(s, "$1")
	for _, delim := range []string{"**", "__", "*", "_"} {
		s = stripEmphasis(s, delim)
	}
	s = escapedChar.ReplaceAllString(s, "$1")
	if strings.Contains(s, "&") {
		s = html.UnescapeString(s)
	}
	return s
}

// stripEmphasis removes paired emphasis markers (delim text delim) and keeps
// the text. Like Markdown it wants the text to hug its markers, and for
// underscores it wants word boundaries outside, so snake_case words, "5 * 3"
// and star ratings such as "***" or "**1/2" stay as written.
func stripEmphasis(s, delim string) string {
	if !strings.Contains(s, delim) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if s[i] == '\\' && i+1 < len(s) {
			b.WriteString(s[i : i+2])
			i += 2
			continue
		}
		if strings.HasPrefix(s[i:], delim) && canOpenEmphasis(s, i, delim) {
			if j := closeEmphasis(s, i+len(delim), delim); j >= 0 {
				b.WriteString(s[i+len(delim) : j])
				i = j + len(delim)
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

func canOpenEmphasis(s string, i int, delim string) bool {
	next := i + len(delim)
	if next >= len(s) || isSpaceByte(s[next]) || s[next] == delim[0] {
		return false
	}
	if i > 0 && s[i-1] == delim[0] {
		return false
	}
	return delim[0] != '_' || i == 0 || !isWordByte(s[i-1])
}

// closeEmphasis finds the closing delimiter for text starting at from, on
// the same line, or returns -1.
func closeEmphasis(s string, from int, delim string) int {
	for k := from + 1; k < len(s); k++ {
		switch s[k] {
		case '\n':
			return -1
		case '\\':
			k++
			continue
		}
		if !strings.HasPrefix(s[k:], delim) || isSpaceByte(s[k-1]) {
			continue
		}
		after := k + len(delim)
		if after < len(s) && (s[after] == delim[0] || (delim[0] == '_' && isWordByte(s[after]))) {
			continue
		}
		return k
	}
	return -1
}

func isSpaceByte(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}
