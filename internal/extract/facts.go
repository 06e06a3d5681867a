package extract

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/marquee-film/marquee/internal/review"
)

// Author from a standfirst such as "Section Editor Jane Doe reviews …":
// the capitalised words right before "reviews", after any job title.
var jobTitleWords = setOf(
	"Editor", "Critic", "Writer", "Reviewer", "Contributor", "Correspondent", "Columnist", "Section", "Film",
	"Chief", "Senior", "Staff", "Deputy", "Associate", "Managing", "Features", "Culture", "Arts", "Guest", "Our",
	"Offenders", "Editor-in-Chief", "Co-Editor", "Intern", "Host",
)

func authorFromStandfirst(body *parsedText, l layout) string {
	// Only the first two sentences can be a standfirst.
	for si := 0; si < len(body.words) && si < 2; si++ {
		words := body.words[si]
		for i, w := range words {
			if (w.text != "reviews" && w.text != "reviewed") || i == 0 {
				continue
			}
			start := i
			for start > 0 && start > i-3 && words[start-1].capitalised() && words[start-1].trail == "" &&
				!words[start-1].possessive && !jobTitleWords[words[start-1].text] {
				start--
			}
			if i-start < 2 {
				continue
			}
			if name, ok := personName(joinWords(words[start:i])); ok {
				return name
			}
		}
	}
	return ""
}

// Runtime. Only minute counts tied to the film count, and only from 40
// minutes up: "the film’s 138-minute runtime", "runs 138 minutes",
// "clocks in at 2h 18m", "Runtime: 138 min", "2 hours and 18 minutes".
// "5 min read", "the final minutes" and "a 10-minute scene" do not.
var (
	runtimeMinutes = regexp.MustCompile(`(?i)\b(\d{2,3})[- ]?(?:minutes?|mins?)[- ](?:runtime|running time|run time|runtime|film|feature|movie|picture|epic|drama|documentary|cut)\b` +
		`|\b(?:runtime|running time|run time|length|duration)(?: of| is| was|:|,)?\s*(?:just |only |a |an |nearly |almost |about |around |over |under |roughly |some )?(\d{2,3})\s*(?:minutes?|mins?|m)\b` +
		`|\b(?:runs|running|clocks in at|clocking in at|clocks at|lasts|comes in at|coming in at)\s+(?:just |only |a |an |nearly |almost |about |around |over |under |roughly |some |a lean |a brisk |a bloated |a whopping |a mere |a full )?(\d{2,3})\s*(?:minutes?|mins?)\b`)
	runtimeHours = regexp.MustCompile(`(?i)\b(\d)\s*(?:h|hr|hrs|hours?)\.?,?\s*(?:and\s+)?(\d{1,2})\s*(?:m|min|mins|minutes?)\b`)
)

const (
	minimumRuntime = 40
	maximumRuntime = 999
)

func findRuntime(body *parsedText) *int {
	for _, s := range body.sentences {
		if !mayStateDuration(s) || !mentionsDuration(s) {
			continue
		}
		for _, m := range runtimeMinutes.FindAllStringSubmatch(s, -1) {
			for _, g := range m[1:] {
				if n, err := strconv.Atoi(g); err == nil && n >= minimumRuntime && n <= maximumRuntime {
					return &n
				}
			}
		}
		for _, m := range runtimeHours.FindAllStringSubmatch(s, -1) {
			hours, _ := strconv.Atoi(m[1])
			minutes, _ := strconv.Atoi(m[2])
			if n := hours*60 + minutes; minutes < 60 && n >= minimumRuntime && n <= maximumRuntime {
				return &n
			}
		}
	}
	return nil
}

// Release dates. A sentence qualifies by a release verb; each clause of it
// ("… on 1 November in the UK, and on 18 October in the US") pairs a date
// with the region or platform the clause names. Dates are ISO when their
// year is stated, else kept as written ("18 October", "Friday"); a year is
// never guessed from the film's year, which may be a festival year.
var (
	releaseTrigger = regexp.MustCompile(`(?i)\b(?:releas(?:es|ed|ing|e)|opens|arrives|arriving|hits|lands|premieres|debuts|streaming|streams|in (?:cinemas|theaters|theatres)|out (?:on|in|from|now)|available)\b`)
	releaseDate    = regexp.MustCompile(`\b(\d{1,2}(?:st|nd|rd|th)? (?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?(?:,? \d{4})?|(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.? \d{1,2}(?:st|nd|rd|th)?(?:,? \d{4})?|\d{4}-\d{2}-\d{2}|(?:this |next )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b`)
	clauseSplit    = regexp.MustCompile(`;|,? and (?:on |from |in )|, (?:while|whereas|but) | and (?:then )?(?:arrives|opens|hits|lands|streams|premieres|debuts|releases|comes|goes)\b`)
	// A weekday alone ("Friday") is a release date only next to a venue.
	releaseVenue  = regexp.MustCompile(`(?i)\b(?:cinemas|theaters|theatres|streaming|netflix|mubi|prime video|disney\+|hulu|apple tv\+|on demand|vod)\b`)
	releaseRegion = regexp.MustCompile(`\b(?:in|across|on|to) (?:the )?(UK and Ireland|UK|U\.K\.|US|U\.S\.|USA|United States|United Kingdom|North America|America|Ireland|Canada|Australia|New Zealand|France|Germany|Spain|Italy|Japan|India|Brazil|Mexico|Europe)\b` +
		`|\b(?:on|via|to) (Netflix|Amazon Prime Video|Prime Video|Disney\+|Hulu|Max|HBO Max|Apple TV\+|MUBI|Mubi|Peacock|Paramount\+|BFI Player|Curzon Home Cinema|Shudder|Criterion Channel|Sky Cinema|NOW|BBC iPlayer|Channel 4)\b` +
		`|\b(UK|US|U\.K\.|U\.S\.|Irish|Australian|Canadian) (?:cinemas|theaters|theatres)\b`)
)

// The release regular expressions run on every clause of a release
// sentence, and Go's matcher tries each of them at every byte of the
// clause: with their long alternations that was most of the cost of a
// review that states a release. They run instead anchored, on a short
// window, at the bytes where a match can start (see windowedRegexp).
var (
	releaseDateAt = windowedRegexp{re: anchored(releaseDate), window: 32, start: func(s string, i int) bool {
		if !wordStartAt(s, i) {
			return false
		}
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			return true
		case c == 't' || c == 'n':
			return strings.HasPrefix(s[i:], "this ") || strings.HasPrefix(s[i:], "next ")
		}
		return strings.IndexByte("JFMASONDTW", s[i]) >= 0 // months and weekdays
	}}
	clauseSplitAt = windowedRegexp{re: anchored(clauseSplit), window: 32, start: func(s string, i int) bool {
		return s[i] == ';' || strings.HasPrefix(s[i:], ", ") || strings.HasPrefix(s[i:], " and ")
	}}
	releaseRegionAt = windowedRegexp{re: anchored(releaseRegion), window: 40, start: func(s string, i int) bool {
		return wordStartAt(s, i) && strings.IndexByte("iaotvUIAC", s[i]) >= 0
	}}
)

var regionNames = map[string]string{"U.K.": "UK", "U.S.": "US", "USA": "US", "United States": "US", "United Kingdom": "UK", "Irish": "Ireland", "Australian": "Australia", "Canadian": "Canada"}

func findReleaseDates(body *parsedText) []review.ReleaseDate {
	releases := []review.ReleaseDate{}
	seen := map[review.ReleaseDate]bool{}
	for _, s := range body.sentences {
		// Every date form has a digit or a weekday; checking that first
		// keeps the regular expressions off most sentences.
		if !mentionsDate(s) || !mentionsRelease(s) || !releaseTrigger.MatchString(s) {
			continue
		}
		for _, clause := range clauseSplitAt.split(s) {
			dates := releaseDateAt.findAll(clause)
			if len(dates) == 0 {
				continue
			}
			region := ""
			if m := releaseRegionAt.findSubmatch(clause); m != nil {
				region = firstNonEmpty(m[1:]...)
				if canonical, ok := regionNames[region]; ok {
					region = canonical
				}
			}
			for _, d := range dates {
				if isWeekday(d) && region == "" && !releaseVenue.MatchString(clause) {
					continue
				}
				rd := review.ReleaseDate{Region: region, Date: isoIfYear(d)}
				if !seen[rd] {
					seen[rd] = true
					releases = append(releases, rd)
				}
			}
		}
	}
	return releases
}

// mayStateDuration reports a number followed by a unit's first letter, as
// every match of runtimeMinutes and runtimeHours has ("138 min",
// "2h 18m", "138-minute"): digits, then white space or hyphens, then "m"
// or "h" in either case.
//
// The number is a whole run of digits: two or three of them before a
// minute unit, one before an hour unit.
func mayStateDuration(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			continue
		}
		k := i + 1
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		j := k
		for j < len(s) && (s[j] == ' ' || s[j] == '-' || s[j] == '\t' || s[j] == '\n' || s[j] == '\f' || s[j] == '\r') {
			j++
		}
		if j < len(s) {
			switch s[j] {
			case 'm', 'M':
				if k-i == 2 || k-i == 3 {
					return true
				}
			case 'h', 'H':
				if k-i == 1 {
					return true
				}
			}
		}
		i = k - 1
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// hasDigit is strings.ContainsAny(s, "0123456789") without building the
// set on every call.
func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			return true
		}
	}
	return false
}

// mentionsDuration and mentionsDate are cheap necessary conditions that
// keep the regular expressions off most sentences.
func mentionsDuration(s string) bool {
	if containsFold(s, "min") || containsFold(s, "hour") {
		return true
	}
	// "2h 18m", "2 hr"
	for i := 0; i+1 < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			j := i + 1
			if s[j] == ' ' && j+1 < len(s) {
				j++
			}
			if s[j] == 'h' || s[j] == 'H' {
				return true
			}
		}
	}
	return false
}

var dateWords = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

func mentionsDate(s string) bool {
	digits := hasDigit(s)
	if !digits && !strings.Contains(s, "day") {
		return false
	}
	for _, k := range dateWords {
		if (digits || strings.HasSuffix(k, "day")) && strings.Contains(s, k) {
			return true
		}
	}
	return digits && strings.Count(s, "-") >= 2
}

// releaseStems: every releaseTrigger match contains one of them.
var releaseStems = []string{"releas", "open", "arriv", "hits", "lands", "premiere", "debut", "stream", "cinemas",
	"theaters", "theatres", "out ", "available"}

func mentionsRelease(s string) bool {
	for _, stem := range releaseStems {
		if containsFold(s, stem) {
			return true
		}
	}
	return false
}

func isWeekday(date string) bool {
	return strings.HasSuffix(date, "day")
}

func isoIfYear(date string) string {
	if t, ok := parseDate(date); ok && !t.IsZero() && t.Year() > 1800 && t.Year() < 2200 {
		return t.Format("2006-01-02")
	}
	return date
}

// Awards: prizes named as written, with a count before them and a role
// after them ("five-time Oscar winner" is one mention, not two).
// Deduplicated case-insensitively, in order of first appearance (headline
// first). A hand scan, because one regular expression over all award
// names cost more than the rest of the extraction together.
var awardNames = []string{ // a longer name before any name it starts with
	"Independent Spirit Awards", "Independent Spirit Award", "Screen Actors Guild Awards", "Screen Actors Guild Award",
	"Critics’ Choice Awards", "Critics’ Choice Award", "Critics' Choice Awards", "Critics' Choice Award",
	"Critics Choice Awards", "Critics Choice Award", "Academy Awards", "Academy Award", "Golden Globes", "Golden Globe",
	"People’s Choice Award", "People's Choice Award", "Grand Jury Prize", "Grand Prix", "Jury Prize", "Golden Lion",
	"Golden Bear", "Silver Lion", "Silver Bear", "Palme d’Or", "Palme d'Or", "Caméra d’Or", "Caméra d'Or",
	"SAG Awards", "SAG Award", "Oscars", "Oscar", "BAFTAs", "BAFTA", "Emmys", "Emmy", "César", "Goya",
}

var bestCategories = []string{ // a longer category before any it starts with
	"Supporting Actress", "Supporting Actor", "Original Screenplay", "Adapted Screenplay", "International Feature Film",
	"International Feature", "Foreign Language Film", "Animated Feature", "Documentary Feature", "Makeup and Hairstyling",
	"Production Design", "Costume Design", "Visual Effects", "Original Score", "Original Song", "Film Editing", "Picture",
	"Film", "Director", "Actress", "Actor", "Screenplay", "Cinematography", "Editing", "Score", "Documentary", "Casting",
	"Sound", "Ensemble",
}

// awardRoles extend an award name; "win" is left out: "her Best Actress
// win" names the award, the win is the sentence's business.
var awardRoles = []string{"winners", "winner", "winning", "nominees", "nominee", "nominated", "nominations", "nomination"}

// awardsByFirstByte lists awardNames by their first byte, in their
// order, so that the scan compares a capital only with the names it can
// start.
var awardsByFirstByte = func() (t [256][]string) {
	for _, name := range awardNames {
		t[name[0]] = append(t[name[0]], name)
	}
	return t
}()

// startsAward marks the bytes that start an award name or "Best ".
var startsAward = func() (t [256]bool) {
	for c, names := range awardsByFirstByte {
		t[c] = len(names) > 0
	}
	t['B'] = true
	return t
}()

func findAwards(headline string, body *parsedText) []string {
	awards := []string{}
	var seen map[string]bool
	add := func(s string) {
		for _, phrase := range scanAwards(s) {
			if seen == nil {
				seen = map[string]bool{}
			}
			key := strings.ToLower(phrase)
			if !seen[key] {
				seen[key] = true
				awards = append(awards, phrase)
			}
		}
	}
	add(headline)
	for _, s := range body.sentences {
		add(s)
	}
	return awards
}

func scanAwards(s string) []string {
	var found []string
	for i := 0; i < len(s); i++ {
		for i < len(s) && !startsAward[s[i]] {
			i++
		}
		if i == len(s) || !startsWord(s, i) {
			continue
		}
		end := matchAward(s, i)
		if end < 0 {
			continue
		}
		// "Oscar Isaac" is a person.
		if strings.HasPrefix(s[i:end], "Oscar") && end-i == len("Oscar") && end+1 < len(s) && s[end] == ' ' && isUpperASCII(s[end+1]) {
			continue
		}
		start := countBefore(s, i)
		end = roleAfter(s, end)
		found = append(found, s[start:end])
		i = end - 1
	}
	return found
}

// matchAward returns the end of the award name starting at s[i:], or -1.
func matchAward(s string, i int) int {
	rest := s[i:]
	if strings.HasPrefix(rest, "Best ") {
		for _, c := range bestCategories {
			if strings.HasPrefix(rest[len("Best "):], c) && endsWord(s, i+len("Best ")+len(c)) {
				return i + len("Best ") + len(c)
			}
		}
		return -1
	}
	for _, name := range awardsByFirstByte[s[i]] {
		if strings.HasPrefix(rest, name) && endsWord(s, i+len(name)) {
			return i + len(name)
		}
	}
	return -1
}

// countBefore extends an award back over "five-time " / "3-time ".
func countBefore(s string, i int) int {
	const suffix = "-time "
	if !strings.HasSuffix(s[:i], suffix) {
		return i
	}
	j := i - len(suffix)
	k := j
	for k > 0 && isWordByte(s[k-1]) && s[k-1] != '-' {
		k--
	}
	if k == j {
		return i
	}
	return k
}

// roleAfter extends an award over " winner" / "-winning" / " nominee".
func roleAfter(s string, end int) int {
	if end >= len(s) || s[end] != ' ' && s[end] != '-' {
		return end
	}
	for _, role := range awardRoles {
		if strings.HasPrefix(s[end+1:], role) && endsWord(s, end+1+len(role)) {
			return end + 1 + len(role)
		}
	}
	return end
}

func endsWord(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

func startsWord(s string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// isWordByte: ASCII letters and digits, and bytes of multi-byte runes
// (letters in the names this scan looks for).
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= utf8.RuneSelf
}

func isUpperASCII(c byte) bool { return c >= 'A' && c <= 'Z' }

// windowedRegexp finds the leftmost-first matches of a regular expression
// as the expression itself would, faster: it tries re, the expression
// anchored at its start, only at the bytes start accepts, in order, on a
// window of the text. It is exact when
//
//   - start accepts every byte where a match can begin, judging a leading
//     \b by the byte before (wordStartAt), and
//   - window is longer than any match, so that a trailing \b still sees
//     the byte after the match.
type windowedRegexp struct {
	re     *regexp.Regexp
	window int
	start  func(s string, i int) bool
}

func anchored(re *regexp.Regexp) *regexp.Regexp {
	return regexp.MustCompile(`^(?:` + re.String() + `)`)
}

// findIndex returns the submatch indices of the first match in s at or
// after from, as FindStringSubmatchIndex does, or nil.
func (w windowedRegexp) findIndex(s string, from int) []int {
	for i := from; i < len(s); i++ {
		if !w.start(s, i) {
			continue
		}
		m := w.re.FindStringSubmatchIndex(s[i:min(len(s), i+w.window)])
		if m == nil {
			continue
		}
		for k := range m {
			if m[k] >= 0 {
				m[k] += i
			}
		}
		return m
	}
	return nil
}

// findAll is FindAllString(s, -1) for an expression without empty matches.
func (w windowedRegexp) findAll(s string) []string {
	var out []string
	for from := 0; ; {
		m := w.findIndex(s, from)
		if m == nil {
			return out
		}
		out = append(out, s[m[0]:m[1]])
		from = m[1]
	}
}

// findSubmatch is FindStringSubmatch.
func (w windowedRegexp) findSubmatch(s string) []string {
	m := w.findIndex(s, 0)
	if m == nil {
		return nil
	}
	out := make([]string, len(m)/2)
	for k := range out {
		if m[2*k] >= 0 {
			out[k] = s[m[2*k]:m[2*k+1]]
		}
	}
	return out
}

// split is Split(s, -1) for an expression without empty matches.
func (w windowedRegexp) split(s string) []string {
	if s == "" {
		return []string{""}
	}
	var out []string
	begin := 0
	for from := 0; ; {
		m := w.findIndex(s, from)
		if m == nil {
			break
		}
		out = append(out, s[begin:m[0]])
		begin, from = m[1], m[1]
	}
	return append(out, s[begin:])
}

// wordStartAt reports a \b before s[i] that a match starting with an
// ASCII word byte can follow: s[i] is one, and the byte before is not.
func wordStartAt(s string, i int) bool {
	return isASCIIWordByte(s[i]) && (i == 0 || !isASCIIWordByte(s[i-1]))
}

// isASCIIWordByte is \w of Go's regular expressions.
func isASCIIWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}
