package extract

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/marquee-film/marquee/internal/review"
)

// Layout of a scraped review page, top to bottom: an optional star line,
// a headline, byline/date/"N min read" lines (often as a bullet list), a
// standfirst, a spoiler warning, the body, and widget leftovers (share
// buttons, comment counters, tags, copyright). readLayout sorts the lines
// of a text or Markdown document into those parts. It decides by the shape
// of a line, never by its position alone, so that a page without a
// headline (its first line is already body prose) keeps all its prose.

// layout is what readLayout found.
type layout struct {
	text       string // the document's text, cleaned
	headline   string
	byline     string // author named by a "By …" style line
	handle     string // a bare account handle in the header ("- kayleighgreig")
	dateLine   string // the header line that states the publication date
	spoiler    string
	paragraphs []string // body paragraphs, in order; the standfirst is the first
	italics    []string // Markdown _emphasised_ phrases (titles, by convention)
}

type lineKind int

const (
	kindText lineKind = iota
	kindBlank
	kindStars
	kindWidget
	kindByline
	kindDate
	kindSpoiler
)

// Headline shape: a headline is short and does not end like a sentence.
const (
	headlineMaxRunes = 160
	headlineMaxWords = 25
)

// Widget and spoiler lines are short; a long line is prose even when it
// mentions comments or spoilers.
const (
	widgetMaxRunes  = 120
	spoilerMaxRunes = 220
)

func readLayout(doc review.Document) layout {
	var l layout
	text := cleanText(doc.Text)
	l.text = text
	lines := strings.Split(text, "\n")
	if doc.Format == review.FormatMarkdown {
		for i, line := range lines {
			var italics []string
			lines[i], italics = stripMarkdown(line)
			l.italics = append(l.italics, italics...)
		}
	}
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	kinds := make([]lineKind, len(lines))
	values := make([]string, len(lines))
	for i, line := range lines {
		kinds[i], values[i] = classifyLine(line)
	}
	end := bodyEnd(lines, kinds)
	lines, kinds, values = lines[:end], kinds[:end], values[:end]

	inHeader := true
	var paragraph []string // consecutive text lines of Markdown form one paragraph
	flush := func() {
		if len(paragraph) > 0 {
			l.paragraphs = append(l.paragraphs, strings.Join(paragraph, " "))
			paragraph = paragraph[:0]
		}
	}
	joinLines := doc.Format == review.FormatMarkdown
	for i, line := range lines {
		kind, value := kinds[i], values[i]
		if kind == kindText && inHeader {
			if inner, ok := bulletItem(line); ok {
				if innerKind, innerValue := classifyLine(inner); innerKind != kindText {
					kind, value = innerKind, innerValue
				} else if isHandle(inner) {
					if l.handle == "" {
						l.handle = inner
					}
					continue
				} else if name, ok := personName(inner); ok && l.byline == "" {
					l.byline = name
					continue
				}
			}
		}
		switch kind {
		case kindBlank:
			flush()
			continue
		case kindStars, kindWidget:
			continue
		case kindSpoiler:
			if l.spoiler == "" {
				l.spoiler = value
			}
			flush()
			continue
		case kindByline:
			if inHeader || i >= len(lines)-2 {
				if l.byline == "" {
					l.byline = value
				}
				continue
			}
		case kindDate:
			if inHeader {
				if l.dateLine == "" {
					l.dateLine = value
				}
				continue
			}
		}
		if inHeader && l.headline == "" && len(l.paragraphs) == 0 && isHeadlineShaped(line) && slices.Contains(kinds[i+1:], kindText) {
			l.headline = headlineText(line)
			continue
		}
		inHeader = false
		if joinLines {
			paragraph = append(paragraph, line)
		} else {
			l.paragraphs = append(l.paragraphs, line)
		}
	}
	flush()
	return l
}

// cleanText makes text safe to process: valid UTF-8, "\n" line ends, no
// control characters, no byte-order mark.
func cleanText(s string) string {
	if isCleanText(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\u00a0' || r == '\u2028' || r == '\u2029':
			return ' '
		case r == '\ufeff' || r == '\u200b' || unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
}

// runeCountUpTo is utf8.RuneCountInString(s) when that is below limit,
// else limit: the callers only compare counts with small limits, and
// lines can be long.
func runeCountUpTo(s string, limit int) int {
	// A rune is at most four bytes, so the first 4×limit bytes hold at
	// least limit runes (a rune cut in two counts as two).
	return min(limit, utf8.RuneCountInString(s[:min(len(s), utf8.UTFMax*limit)]))
}

// isCleanText reports text that cleanText would not change; checking is
// much cheaper than mapping, and most text is clean. Eight bytes of
// printable ASCII at a time pass without a closer look.
func isCleanText(s string) bool {
	const (
		ones = 0x0101010101010101
		high = 0x8080808080808080
	)
	for i := 0; i < len(s); {
		if i+8 <= len(s) {
			x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
				uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
			// The lowest byte that is ≥ 0x80, < 0x20 (x-0x20 borrows into
			// its high bit) or 0x7f (x+1 carries into it) sets a high bit.
			if (x|(x-0x20*ones)|(x+ones))&high == 0 {
				i += 8
				continue
			}
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u00a0' || r == '\u2028' || r == '\u2029' || r == '\ufeff' || r == '\u200b' || unicode.IsControl(r) {
			return false
		}
		i += size
	}
	return true
}

// bodyEnd returns the index after the last line of the body: it drops the
// trailing block of short lines that starts with a widget marker ("Share
// this:", "Related", "Comments", "Tags: …"), blank lines, and lone widget
// lines at the end.
func bodyEnd(lines []string, kinds []lineKind) int {
	end := len(lines)
	for end > 0 {
		if kind := kinds[end-1]; kind != kindBlank && kind != kindWidget {
			break
		}
		end--
	}
	// Walk up the trailing run of short lines; cut at the highest marker.
	for i := end - 1; i >= 0; i-- {
		line := lines[i]
		// Prose ends the walk: a sentence-like line, or a long one.
		if kinds[i] == kindText && (utf8.RuneCountInString(line) > widgetMaxRunes || endsLikeSentence(line) || wordCount(line) > 12) {
			break
		}
		if isTailMarker(line) {
			end = i
		}
	}
	return end
}

var (
	widgetLine = regexp.MustCompile(`(?i)^(?:comments?|coment[aá]rios?|comentarios|commentaires|share|share this|share this article|share on \w+|like this|like|like loading|loading|related|related posts|related articles|leave a (?:reply|comment)|leave a reply cancel reply|subscribe|subscribe now|read more|read next|advertisement|advertisements|tweet|email|print|facebook|twitter|x|pinterest|whatsapp|reddit|linkedin|telegram|tumblr|reblog|more|menu|home|sign up|log in|follow|click to share on .*|\d+ (?:min|minute) read|\d+ (?:comments?|likes?|shares?|views?)|posted in .*|filed under[: ].*|tags?: .*|tagged[: ].*|categories: .*|category: .*|(?:©|\(c\)|copyright) .*|all rights reserved\.?|you may also like|more from .*|recommended|up next)[:.…!]*$`)
	tailMarker = regexp.MustCompile(`(?i)^(?:comments?|coment[aá]rios?|comentarios|commentaires|\d+ comments?|share this|share|like this|related|related posts|related articles|leave a (?:reply|comment)|subscribe|read more|read next|posted in\b.*|filed under\b.*|tags?:.*|tagged\b.*|you may also like|more from\b.*|recommended|up next)[:.…!]*$`)
	bylineLine = regexp.MustCompile(`(?i)^(?:by|review by|reviewed by|words by|written by|posted by|published by|critic:|reviewer:|author:)\s+(.+)$`)
	dashLine   = regexp.MustCompile(`^[—–]\s*(.+)$`)
	spoilerRe  = regexp.MustCompile(`(?i)^\W*spoilers?\b|\bcontains? (?:\w+ ){0,2}spoilers?\b|\bspoilers? (?:ahead|follow|below|alert|warning)|\b(?:mild|minor|major|heavy|some|light|plot|full) spoilers\b|\breveal(?:s)? (?:\w+ ){0,3}(?:elements|details|points|parts|twists?) of the (?:plot|story|film|ending)`)
	noSpoiler  = regexp.MustCompile(`(?i)spoiler[- ]free|\bno spoilers\b|without spoilers|spoiler-light`)
	handleRe   = regexp.MustCompile(`^@?[a-z0-9][a-z0-9._]{2,29}$`)
)

func classifyLine(line string) (lineKind, string) {
	if line == "" {
		return kindBlank, ""
	}
	if isStarLine(line) {
		return kindStars, line
	}
	runes := runeCountUpTo(line, spoilerMaxRunes+1)
	if runes > spoilerMaxRunes {
		return kindText, line // prose: too long for any other kind
	}
	// Each regular expression runs only after a cheap check that its
	// match is possible: classifyLine sees every line of every review.
	if runes <= widgetMaxRunes && mayBeWidget(line) && widgetLine.MatchString(line) {
		return kindWidget, line
	}
	if (containsFold(line, "spoil") || containsFold(line, "reveal")) && spoilerRe.MatchString(line) &&
		!noSpoiler.MatchString(line) && sentenceCount(line) <= 2 {
		return kindSpoiler, strings.Trim(line, "*_()[] ")
	}
	if runes <= 80 {
		if inFoldedSet(bylineWords, firstWord(line)) {
			if m := bylineLine.FindStringSubmatch(line); m != nil {
				if name, ok := personName(m[1]); ok {
					return kindByline, name
				}
			}
		}
		if strings.HasPrefix(line, "—") || strings.HasPrefix(line, "–") {
			if m := dashLine.FindStringSubmatch(line); m != nil {
				if name, ok := personName(m[1]); ok {
					return kindByline, name
				}
			}
		}
		if hasDigit(line) && isDateLine(line) {
			return kindDate, line
		}
	}
	return kindText, line
}

var bylineWords = setOf("by", "review", "reviewed", "words", "written", "posted", "published", "critic", "reviewer", "author")

// widgetFirstWords are the lowercase first words of every widgetLine
// alternative.
var widgetFirstWords = setOf("comment", "comments", "comentários", "comentário", "comentarios", "comentarios", "commentaires",
	"share", "like", "loading", "related", "leave", "subscribe", "read", "advertisement", "advertisements", "tweet",
	"email", "print", "facebook", "twitter", "x", "pinterest", "whatsapp", "reddit", "linkedin", "telegram", "tumblr",
	"reblog", "more", "menu", "home", "sign", "log", "follow", "click", "posted", "filed", "tags", "tag", "tagged",
	"categories", "category", "c", "copyright", "all", "you", "recommended", "up")

func mayBeWidget(line string) bool {
	r, _ := utf8.DecodeRuneInString(line)
	if unicode.IsDigit(r) || r == '©' {
		return true
	}
	return widgetFirstWords[strings.ToLower(firstWord(strings.TrimPrefix(line, "(")))]
}

// containsFold reports whether s contains the lowercase ASCII word sub in
// any letter case, without allocating.
func containsFold(s, sub string) bool {
	if sub == "" {
		return true
	}
	first := sub[0]
	// For a letter, c|0x20 == first holds for its two cases only.
	firstIsLetter := first >= 'a' && first <= 'z'
	for i := 0; i+len(sub) <= len(s); i++ {
		if c := s[i]; firstIsLetter && c|0x20 != first || !firstIsLetter && c != first {
			continue
		}
		match := true
		for j := 1; j < len(sub); j++ {
			c := s[i+j]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != sub[j] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

// isStarLine reports a line of rating stars only ("★★★½", "★ ★ ★ ☆").
func isStarLine(line string) bool {
	stars := 0
	for _, r := range line {
		switch r {
		case '★', '☆', '✩', '✪', '✫', '✬', '✭', '✮', '✯', '⭐':
			stars++
		case '½', ' ', '\t', '*':
		default:
			return false
		}
	}
	return stars > 0
}

func isTailMarker(line string) bool {
	return utf8.RuneCountInString(line) <= widgetMaxRunes && tailMarker.MatchString(line)
}

// bulletItem returns the item text of a "- item" / "* item" / "• item" line.
func bulletItem(line string) (string, bool) {
	for _, bullet := range []string{"- ", "* ", "• ", "· "} {
		if strings.HasPrefix(line, bullet) {
			return strings.TrimSpace(line[len(bullet):]), true
		}
	}
	return "", false
}

func isHandle(s string) bool {
	return handleRe.MatchString(s) && !isDateLine(s)
}

func isHeadlineShaped(line string) bool {
	if utf8.RuneCountInString(line) > headlineMaxRunes || wordCount(line) > headlineMaxWords {
		return false
	}
	trimmed := strings.TrimRight(line, "\"'”’)")
	return !strings.HasSuffix(trimmed, ".") && !strings.HasSuffix(trimmed, ",") &&
		!strings.HasSuffix(trimmed, ";") && !strings.HasSuffix(trimmed, ":")
}

func headlineText(line string) string {
	return strings.TrimSpace(strings.TrimLeft(line, "#"))
}

func endsLikeSentence(s string) bool {
	s = strings.TrimRight(s, "\"'”’)")
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?")
}

func sentenceCount(s string) int {
	return len(splitSentences(s, nil))
}

func wordCount(s string) int {
	n := 0
	inWord := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			inWord = false
			continue
		}
		if !inWord && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			n++
			inWord = true
		}
	}
	return n
}

// Person names: one to four capitalised words, allowing particles ("de",
// "van") and initials, no digits. A byline often continues with a job or
// an outlet ("Jane Doe, Film Critic", "Jane Doe | The Daily"); that part
// is cut off first.
var (
	nameParticles = map[string]bool{"de": true, "da": true, "del": true, "della": true, "van": true, "von": true, "der": true, "le": true, "la": true, "di": true, "du": true, "bin": true, "al": true, "dos": true}
	nameCut       = regexp.MustCompile(`\s*(?:[,|/(]|\s[-–—]\s|\sfor\s|\sat\s|\son\s|\sand\s).*$`)
)

func personName(s string) (string, bool) {
	s = strings.TrimSpace(nameCut.ReplaceAllString(strings.TrimSpace(s), ""))
	s = strings.TrimRight(s, ".:;")
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 4 || utf8.RuneCountInString(s) > 40 {
		return "", false
	}
	capitalised := 0
	for _, w := range words {
		if nameParticles[w] {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return "", false
		}
		for _, c := range w {
			if !unicode.IsLetter(c) && !strings.ContainsRune(".'’-", c) {
				return "", false
			}
		}
		if isCommonCapitalised(w) {
			return "", false
		}
		capitalised++
	}
	if capitalised == 0 {
		return "", false
	}
	return s, true
}

// isCommonCapitalised reports words that start many header lines but are
// not names ("Share", "Posted", "Updated").
func isCommonCapitalised(w string) bool {
	switch strings.ToLower(strings.TrimRight(w, ".:")) {
	case "the", "a", "an", "share", "posted", "updated", "published", "review", "reviews", "film", "films", "movie", "staff", "admin", "editor", "team", "guest", "contributor", "in", "on", "of", "and", "comments", "tags", "read", "more", "home":
		return true
	}
	return false
}

// Dates. Layouts are tried after normalising ordinals, commas, weekday
// prefixes and "Published"-style labels away. A date without a year is
// recognised as a date line (so it leaves the body) but yields no date.
var (
	datePrefix  = regexp.MustCompile(`(?i)^(?:published|posted|updated|last updated|first published|date)(?:\s+on)?\s*:?\s*`)
	weekdayPart = regexp.MustCompile(`(?i)^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+`)
	ordinal     = regexp.MustCompile(`(\d)(?:st|nd|rd|th)\b`)
	dateLayouts = []string{
		"January 2 2006", "Jan 2 2006", "2 January 2006", "2 Jan 2006",
		"2006-01-02", "2006/01/02", "2006.01.02", "January 2006",
	}
	yearlessLayouts = []string{"January 2", "Jan 2", "2 January", "2 Jan"}
)

// dateSeparators turns the punctuation of a date into spaces.
var dateSeparators = strings.NewReplacer(",", " ", ".", " ")

func normaliseDate(s string) string {
	// Each regular expression runs only when the first byte (or a digit
	// and letter pair, for ordinals) allows a match: normaliseDate runs
	// for every short line with a digit.
	s = strings.TrimSpace(s)
	if s != "" && (s[0] >= utf8.RuneSelf || strings.IndexByte("pPuUlLfFdD", s[0]) >= 0) {
		s = strings.TrimSpace(datePrefix.ReplaceAllString(s, ""))
	}
	if s != "" && (s[0] >= utf8.RuneSelf || strings.IndexByte("mMtTwWfFsS", s[0]) >= 0) {
		s = weekdayPart.ReplaceAllString(s, "")
	}
	if mayHaveOrdinal(s) {
		s = ordinal.ReplaceAllString(s, "$1")
	}
	if len(s) >= 10 && s[4] == '-' && s[7] == '-' { // ISO, maybe with a time
		return s[:10]
	}
	fields := strings.Fields(dateSeparators.Replace(s))
	for i, f := range fields {
		switch f {
		case "Sept", "sept":
			fields[i] = "Sep"
		case "of":
			fields[i] = ""
		}
	}
	return strings.Join(strings.Fields(strings.Join(fields, " ")), " ")
}

// mayHaveOrdinal reports a digit followed by the first letter of an
// ordinal suffix ("1st", "2nd", "3rd", "4th").
func mayHaveOrdinal(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			switch s[i+1] {
			case 's', 'n', 'r', 't':
				return true
			}
		}
	}
	return false
}

// parseDate reads a whole string as a date. ok reports a date at all;
// t is zero when the year is missing.
func parseDate(s string) (t time.Time, ok bool) {
	if len(s) > 60 {
		return time.Time{}, false
	}
	n := normaliseDate(s)
	if n == "" || !hasDigit(n) {
		return time.Time{}, false
	}
	if len(s) >= 10 && (strings.Count(s, "-") == 2 || strings.Count(s, "/") == 2) {
		// ISO forms keep their separators through normaliseDate.
		for _, layout := range []string{"2006-01-02", "2006/01/02"} {
			if !layoutMayFit(layout, n) {
				continue
			}
			if t, err := time.Parse(layout, n); err == nil {
				return t, true
			}
		}
	}
	for _, layout := range dateLayouts {
		if !layoutMayFit(layout, n) {
			continue
		}
		if t, err := time.Parse(layout, n); err == nil {
			if layout == "January 2006" {
				return time.Time{}, true // no day: a date line, not a date
			}
			return t, true
		}
	}
	for _, layout := range yearlessLayouts {
		if !layoutMayFit(layout, n) {
			continue
		}
		if _, err := time.Parse(layout, n); err == nil {
			return time.Time{}, true
		}
	}
	return time.Time{}, false
}

// layoutMayFit reports whether time.Parse(layout, value) can succeed as
// far as the first byte tells: a layout that starts with a number (day
// or year) needs a value that starts with a digit, one that starts with
// a month name a value that starts with a letter. A failed time.Parse
// allocates its error, and parseDate runs for every short line with a
// digit.
func layoutMayFit(layout, value string) bool {
	layoutDigit := isDigit(layout[0])
	switch c := value[0]; {
	case isDigit(c):
		return layoutDigit
	case c|0x20 >= 'a' && c|0x20 <= 'z':
		return !layoutDigit
	}
	return true
}

func isDateLine(line string) bool {
	_, ok := parseDate(line)
	return ok
}
