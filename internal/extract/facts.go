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
		if !strings.ContainsAny(s, "0123456789") || !mentionsDuration(s) {
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
		for _, clause := range clauseSplit.Split(s, -1) {
			dates := releaseDate.FindAllString(clause, -1)
			if len(dates) == 0 {
				continue
			}
			region := ""
			if m := releaseRegion.FindStringSubmatch(clause); m != nil {
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
	digits := strings.ContainsAny(s, "0123456789")
	if !digits && !strings.Contains(s, "day") {
		return false
	}
	for _, k := range dateWords {
		if strings.Contains(s, k) && (digits || strings.HasSuffix(k, "day")) {
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

// awardKeywords each start some award name; a sentence without any of
// them has no award, and this check is cheaper than the scan.
var awardKeywords = []string{"Academy", "Oscar", "Golden", "BAFTA", "Emmy", "Spirit", "Choice", "SAG", "Screen Actors",
	"César", "Goya", "Palme", "Silver", "Grand", "Jury", "Caméra", "Best "}

func mentionsAward(s string) bool {
	for _, k := range awardKeywords {
		if strings.Contains(s, k) {
			return true
		}
	}
	return false
}

func findAwards(headline string, body *parsedText) []string {
	awards := []string{}
	seen := map[string]bool{}
	add := func(s string) {
		for _, phrase := range scanAwards(s) {
			key := strings.ToLower(phrase)
			if !seen[key] {
				seen[key] = true
				awards = append(awards, phrase)
			}
		}
	}
	for _, s := range append([]string{headline}, body.sentences...) {
		if mentionsAward(s) {
			add(s)
		}
	}
	return awards
}

func scanAwards(s string) []string {
	var found []string
	for i := 0; i < len(s); i++ {
		if !isUpperASCII(s[i]) && s[i] != 0xC3 || !startsWord(s, i) {
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
	for _, name := range awardNames {
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
