package extract

import (
	"regexp"
	"strings"
)

// Markdown reviews mark film titles with emphasis by convention
// ("_Tangerine_"). stripMarkdown removes the markup ingest left in a line
// and returns the emphasised phrases it removed.
var (
	mdImage    = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	mdLink     = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	mdStrong   = regexp.MustCompile(`\*\*([^*]+)\*\*|__([^_]+)__`)
	mdEmphasis = regexp.MustCompile(`(^|[^\pL\pN_*])[_*]([^_*\s][^_*]*?)[_*]($|[^\pL\pN_*])`)
	mdHeading  = regexp.MustCompile(`^\s{0,3}#{1,6}\s+`)
	mdQuote    = regexp.MustCompile(`^\s{0,3}>\s?`)
	mdRule     = regexp.MustCompile(`^\s{0,3}(?:[-*_]\s*){3,}$`)
)

func stripMarkdown(line string) (string, []string) {
	if mdRule.MatchString(line) {
		return "", nil
	}
	line = mdHeading.ReplaceAllString(line, "")
	line = mdQuote.ReplaceAllString(line, "")
	if !strings.ContainsAny(line, "[*_") {
		return line, nil
	}
	line = mdImage.ReplaceAllString(line, "")
	line = mdLink.ReplaceAllString(line, "$1")
	line = mdStrong.ReplaceAllString(line, "$1$2")
	var italics []string
	for _, m := range mdEmphasis.FindAllStringSubmatch(line, -1) {
		italics = append(italics, strings.TrimSpace(m[2]))
	}
	line = mdEmphasis.ReplaceAllString(line, "$1$2$3")
	return line, italics
}
