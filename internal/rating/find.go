package rating

import (
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/marquee-film/marquee/internal/review"
)

// How much Find trusts where a rating stands. Reviews mention many numbers
// that are not the critic's rating (runtimes, years, other films' scores, a
// child's star rating), so position decides as much as notation.
const (
	// rankInText: an explicit-scale notation ("3.5/4", "8 out of 10")
	// somewhere in running text. Trusted only if every such candidate agrees.
	rankInText = 1 + iota
	// rankPastVerdict: "I gave it 3/4" may recall another film ("back then
	// I gave the first one 2/4"), so it yields to the present tense.
	rankPastVerdict
	// rankVerdict: in a first-person verdict, "I give it a B-".
	rankVerdict
	// rankLabelled: alone on its line ("★★★★½") or after a label
	// ("Rating: 3/4", "Grade: B+"). The first one wins.
	rankLabelled
)

// maxStandaloneLine bounds the lines Find tries as a rating on their own.
const maxStandaloneLine = 48

type candidate struct {
	rank   int
	rating review.Rating
}

type span struct{ start, end int }

type unscaledRating struct {
	rank  int
	value float64
	raw   string
}

type finder struct {
	cands []candidate
	// unscaled holds ratings whose scale the notation does not say ("I give
	// it 3 stars", "Rating: * * * 1/2"); a scale stated elsewhere in the
	// review can settle them.
	unscaled []unscaledRating
	// thirdParty holds sentences where someone other than the critic rates
	// the film ("my niece gave it * 1/2"); in-text candidates there are ignored.
	thirdParty []span
}

// Find looks for the critic's own rating in review text. In order of trust:
// a rating alone on a line or after a "Rating:"/"Grade:"/"Verdict:"/"Score:"
// label (the first wins); a first-person verdict ("I'd give it three and a
// half stars out of five"), present tense before past; and, failing those, an
// explicit-scale notation in running text ("a 3.5/4 film") when all such
// notations agree. Someone else's rating ("my niece gave it * 1/2", "IMDb
// rating: 8.1") and numbers that only look like ratings (dates, "24/7",
// "3/4 of the audience", "9 out of 10 dentists") are skipped.
//
// A rating whose scale the notation leaves open ("I give it 3 stars") takes
// the scale the review states elsewhere ("on a four-star scale", "(out of
// 4)", a "**** = ..." legend); without one Find returns nil rather than
// guess, and a less trusted candidate does not stand in. Raw is the notation
// as written.
func Find(text string) *review.Rating {
	var f finder
	for start := 0; start <= len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		if f.line(text[start:end]) {
			break
		}
		start = end + 1
	}
	return f.best(text)
}

func (f *finder) add(rank int, n notation, raw string) bool {
	r, err := n.rating(raw)
	if err != nil {
		return false
	}
	f.cands = append(f.cands, candidate{rank: rank, rating: r})
	return true
}

// addUnscaled keeps a rating whose scale is not written, if it is a kind a
// stated scale can settle (a star count or a bare number).
func (f *finder) addUnscaled(rank int, n notation, raw string) {
	if n.kind != KindStars && n.kind != KindBare || n.value < 0 {
		return
	}
	f.unscaled = append(f.unscaled, unscaledRating{rank: rank, value: n.value, raw: raw})
}

func (f *finder) best(text string) *review.Rating {
	top := 0
	for _, c := range f.cands {
		top = max(top, c.rank)
	}
	topUnscaled := 0
	for _, u := range f.unscaled {
		topUnscaled = max(topUnscaled, u.rank)
	}
	if topUnscaled > top {
		// The critic's own rating is here, only its scale is not: a scale
		// the review states settles it; a lesser candidate must not stand in.
		for _, u := range f.unscaled {
			if u.rank != topUnscaled {
				continue
			}
			hint := scaleHint(text)
			if hint == 0 {
				hint = defaultScale(u.value)
			}
			if hint == 0 || u.value > hint {
				return nil
			}
			return &review.Rating{Raw: u.raw, Value: u.value, Max: hint, Score: score(u.value, 0, hint)}
		}
	}
	var first *candidate
	for i := range f.cands {
		c := &f.cands[i]
		if c.rank != top {
			continue
		}
		if first == nil {
			first = c
			continue
		}
		if top == rankInText && c.rating.Score != first.rating.Score {
			// Several different scores in running text: a list of other
			// films, a comparison. Which one is the critic's is a guess.
			return nil
		}
	}
	if first == nil {
		return nil
	}
	r := first.rating
	return &r
}

// line looks at one line of text; it reports true once a labelled or
// standalone rating settles the question.
func (f *finder) line(line string) bool {
	if f.standalone(line) || f.labels(line) {
		return true
	}
	f.thirdParty = f.thirdParty[:0]
	for i := 0; i < len(line); {
		switch c := line[i]; {
		case isDigit(c):
			i = f.numberAt(line, i)
		case isLetter(c):
			i = f.wordAt(line, i)
		default:
			i++
		}
	}
	return false
}

func (f *finder) standalone(line string) bool {
	t := strings.Trim(line, " \t\r\u00a0")
	if t == "" || len(t) > maxStandaloneLine {
		return false
	}
	n, err := parseAt(t, true)
	if n.end != len(t) {
		return false
	}
	if errors.Is(err, ErrAmbiguous) && n.kind == KindStars && !(t[0] == '*' && strings.Trim(t, "* ") == "") {
		f.addUnscaled(rankLabelled, n, t) // "4 stars", "***1/2"; a lone "3" is a page number
		return false
	}
	if err != nil {
		return false
	}
	switch n.kind {
	case KindStars:
		if t[0] == '*' && strings.Trim(t, "* ") == "" && !n.explicit {
			return false // "***" and "* * *" are section breaks
		}
		if n.value == 0 {
			return false // an empty widget more often than a zero-star review
		}
	case KindFraction, KindOutOf:
		if !textScale(n) {
			return false // "1/2", "10/12": page counters, dates
		}
	case KindLetter:
		if len(t) == 1 {
			return false // a lone "A" or "C" is a list marker more often than a grade
		}
	default:
		return false
	}
	return f.add(rankLabelled, n, t)
}

// textScale reports whether a notation found in text uses a scale critics
// use: out of 4, 5, 10 or 100, or a range with a negative minimum. Others
// ("24/7", "1/2", "10/12") are fractions, times or dates.
func textScale(n notation) bool {
	if n.min < 0 {
		return true
	}
	switch n.max {
	case 4, 5, 10, 100:
		return true
	}
	return false
}

// plausibleScale accepts what a label or a verdict verb introduces: any
// letter, bare number or star count, and fractions on a critic's scale.
func plausibleScale(n notation) bool {
	switch n.kind {
	case KindFraction, KindOutOf:
		return textScale(n)
	}
	return true
}

var labelWords = []string{"rating", "grade", "verdict", "score", "stars"}

// notOwnRating are words before a label that make it someone else's score
// ("IMDb rating:", "Tomatometer score:", "MPAA rating:").
var notOwnRating = []string{"imdb", "metacritic", "mpaa", "audience", "tomatometer", "tomatoes", "letterboxd", "user", "users", "critics", "average", "aggregate", "readers", "viewer", "viewers", "age"}

func (f *finder) labels(line string) bool {
	for from := 0; ; {
		c := strings.IndexByte(line[from:], ':')
		if c < 0 {
			return false
		}
		c += from
		from = c + 1
		ws, we := wordBefore(line, c)
		if !isAnyFold(line[ws:we], labelWords) {
			continue
		}
		if pws, pwe := wordBefore(line, ws); isAnyFold(line[pws:pwe], notOwnRating) {
			continue
		}
		p := c + 1
		if strings.HasPrefix(line[p:], "**") || strings.HasPrefix(line[p:], "__") {
			p += 2 // the closing emphasis of "**Rating:**"
		}
		p = skipSpaces(line, p)
		n, err := parseAt(line[p:], true)
		if !boundaryAfter(line, p+n.end) {
			continue
		}
		if errors.Is(err, ErrAmbiguous) {
			f.addUnscaled(rankLabelled, n, line[p:p+n.end])
			continue
		}
		if err != nil {
			continue
		}
		if n.kind == KindWords || n.kind == KindOther || !plausibleScale(n) {
			continue
		}
		if f.add(rankLabelled, n, line[p:p+n.end]) {
			return true
		}
	}
}

// wordBefore returns the bounds of the word that ends before i, skipping
// spaces and Markdown emphasis.
func wordBefore(s string, i int) (int, int) {
	e := i
	for e > 0 && (s[e-1] == ' ' || s[e-1] == '*' || s[e-1] == '_' || s[e-1] == '\t') {
		e--
	}
	b := e
	for b > 0 && (isLetter(s[b-1]) || s[b-1] == '\'') {
		b--
	}
	return b, e
}

func isAnyFold(w string, words []string) bool {
	for _, x := range words {
		if len(w) == len(x) && hasFold(w, 0, x) {
			return true
		}
	}
	return false
}

// boundaryAfter reports whether a notation ending at i is a whole token:
// "35mm", "3/4/2024" and "B-movie" are not ratings.
func boundaryAfter(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	c := s[i]
	return !(isLetter(c) || isDigit(c) || c == '/' || c == '%' || c == '-' || c == '+')
}

var verdictVerbs = []string{
	"give", "gives", "giving", "gave", "rate", "rates", "rating", "rated",
	"award", "awards", "awarding", "awarded", "grade", "grades", "grading", "graded",
}

var pastVerbs = []string{"gave", "rated", "awarded", "graded"}

// subject kinds of a verdict verb.
const (
	subjectNone = iota
	subjectCritic
	subjectOther
)

var firstPerson = []string{"i", "i'd", "i'll", "i'm", "i've", "we", "we'd", "we'll", "we're", "we've"}

// Words that may stand between the subject and the verb ("I would happily
// give"), or that link clauses without naming who rates ("and gave it").
var (
	verbFillers = []string{"would", "will", "could", "can", "might", "must", "should", "shall", "only", "just", "also",
		"happily", "gladly", "still", "even", "easily", "probably", "confidently", "generously", "do", "did", "am",
		"have", "had", "therefore", "thus", "finally", "ultimately", "hereby", "be", "going", "to"}
	clauseLinks = []string{"and", "but", "so", "then", "or", "yet"}
)

// wordAt looks at the word that starts at i for a verdict verb ("I give it
// ...") or a star count with a written scale ("three and a half stars out of
// five"), and returns where the word ends.
func (f *finder) wordAt(line string, i int) int {
	we := wordEnd(line, i)
	switch line[i] | 0x20 {
	case 's':
		if hasFold(line, i, "star") {
			f.starsOutOf(line, i)
		}
	case 'g', 'r', 'a':
		if !isAnyFold(line[i:we], verdictVerbs) {
			break
		}
		switch subjectOf(line, i) {
		case subjectOther:
			f.thirdParty = append(f.thirdParty, span{i, sentenceEnd(line, we)})
		case subjectCritic:
			rank := rankVerdict
			if isAnyFold(line[i:we], pastVerbs) {
				rank = rankPastVerdict
			}
			f.verdictObject(line, we, rank)
		}
	}
	return we
}

// subjectOf looks back from a verb at ws for who does the rating.
func subjectOf(line string, ws int) int {
	i := ws
	for words := 0; words < 4; words++ {
		j := i
		for j > 0 && (line[j-1] == ' ' || line[j-1] == ',') {
			j--
		}
		if j == 0 || strings.IndexByte(".!?;:\"(", line[j-1]) >= 0 {
			return subjectNone
		}
		b := j
		for b > 0 {
			switch {
			case isLetter(line[b-1]) || line[b-1] == '\'':
				b--
				continue
			case b >= 3 && line[b-3:b] == "’": // "I’d"
				b -= 3
				continue
			}
			break
		}
		w := strings.ReplaceAll(line[b:j], "’", "'")
		switch {
		case w == "":
			return subjectOther // a digit or symbol: "age 11, gave it"
		case isAnyFold(w, firstPerson):
			return subjectCritic
		case isAnyFold(w, clauseLinks):
			return coordinatedSubject(line, b)
		case isAnyFold(w, verbFillers) || hasFold(w, len(w)-2, "ly"):
			i = b
			continue
		case len(w) > 2 && (hasFold(w, len(w)-2, "'d") || hasFold(w, len(w)-3, "'ll")):
			if isAnyFold(w[:strings.IndexByte(w, '\'')], firstPerson) {
				return subjectCritic
			}
			return subjectOther
		}
		return subjectOther
	}
	return subjectNone
}

var thirdPersons = []string{"he", "she", "they", "son", "daughter", "wife", "husband", "friend", "friends", "kids",
	"critics", "audience", "audiences", "people", "who", "which", "that"}

// coordinatedSubject finds who rates in "I loved it and gave it 3/4": the
// nearest subject-like word before the link at i in the same sentence.
func coordinatedSubject(line string, i int) int {
	floor := max(0, i-maxClauseReach)
	for e := i; e > floor; {
		b := e
		for b > floor && (isLetter(line[b-1]) || line[b-1] == '\'') {
			b--
		}
		switch w := line[b:e]; {
		case isAnyFold(w, firstPerson):
			return subjectCritic
		case isAnyFold(w, thirdPersons):
			return subjectOther
		}
		if b == 0 || strings.IndexByte(".!?;:\"", line[b-1]) >= 0 {
			return subjectNone
		}
		e = b - 1
		for e > 0 && !isLetter(line[e-1]) && strings.IndexByte(".!?;:\"", line[e-1]) < 0 {
			e--
		}
		if e > 0 && strings.IndexByte(".!?;:\"", line[e-1]) >= 0 {
			return subjectNone
		}
	}
	return subjectNone
}

// maxClauseReach bounds how far Find reads around a verdict verb, so that a
// hostile line with thousands of verbs and no full stop stays linear.
const maxClauseReach = 200

// sentenceEnd returns where the sentence that contains i ends (at most
// maxClauseReach bytes on).
func sentenceEnd(line string, i int) int {
	limit := min(len(line), i+maxClauseReach)
	for ; i < limit; i++ {
		switch line[i] {
		case '!', '?', ';':
			return i
		case '.':
			if i+1 == len(line) || line[i+1] == ' ' {
				return i
			}
		}
	}
	return limit
}

// verdictObject reads the rating a critic's verdict verb gives: up to a few
// words on ("I'd give it a solid B+", "I rate Anora 3.5/4").
func (f *finder) verdictObject(line string, p int, rank int) {
	end := sentenceEnd(line, p)
	for words := 0; words < 7 && p < end; words++ {
		p = skipSpaces(line, p)
		if p >= end {
			return
		}
		n, err := parseAt(line[p:end], true)
		if err == nil && n.kind != KindWords && n.kind != KindOther && plausibleScale(n) && boundaryAfter(line, p+n.end) {
			if n.kind == KindBare && !clauseEndsAt(line, p+n.end) {
				return // "I'd give it 8 hours", not "I give it 8."
			}
			f.add(rank, n, line[p:p+n.end])
			return
		}
		if errors.Is(err, ErrAmbiguous) {
			if boundaryAfter(line, p+n.end) && (n.kind != KindBare || clauseEndsAt(line, p+n.end)) {
				f.addUnscaled(rank, n, line[p:p+n.end])
			}
			return // the rating is here, its scale is not
		}
		if errors.Is(err, ErrOutOfRange) {
			return
		}
		for p < end && line[p] != ' ' {
			p++
		}
	}
}

// clauseEndsAt reports whether nothing but punctuation follows i in its clause.
func clauseEndsAt(line string, i int) bool {
	i = skipSpaces(line, i)
	return i >= len(line) || strings.IndexByte(".!?,;)\r", line[i]) >= 0
}

func (f *finder) inThirdParty(i int) bool {
	for _, s := range f.thirdParty {
		if i >= s.start && i <= s.end {
			return true
		}
	}
	return false
}

// dateWords before a fraction make it a date: "released on 5/10".
var dateWords = []string{"on", "since", "until", "from", "dated", "released", "opens", "opened", "by", "page", "episode", "part", "chapter", "no", "vol"}

// numberAt reads an explicit-scale notation in running text that starts
// with the digits at i ("3.5/4", "8 out of 10", "4 stars out of 5") and
// returns where to go on.
func (f *finder) numberAt(line string, i int) int {
	start := i
	for i < len(line) && isDigit(line[i]) {
		i++
	}
	if start > 0 && !tokenStart(line, start) || !mayBeRating(line, i) {
		return i
	}
	n, err := parseAt(line[start:], true)
	if err != nil || !n.explicit || !boundaryAfter(line, start+n.end) || !textScale(n) {
		return i
	}
	end := start + n.end
	switch n.kind {
	case KindFraction:
		next := skipSpaces(line, end)
		switch {
		case hasWordFold(line, next, "of"):
			return i // "3/4 of the audience"
		case isAnyFold(line[next:wordEnd(line, next)], unitWords):
			return i // "2 3/4 hours"
		case mixedNumber(line, start):
			return i // "age 6 3/4", "2 and 3/4"
		}
		if ws, we := wordBefore(line, start); isAnyFold(line[ws:we], dateWords) {
			return i
		}
	case KindOutOf:
		if !clauseEndsAt(line, end) && !hasFold(line, end-4, "star") && !hasFold(line, end-5, "stars") {
			return i // "9 out of 10 dentists"
		}
	case KindStars:
	default:
		return i
	}
	if !f.inThirdParty(start) {
		f.add(rankInText, n, line[start:end])
	}
	return end
}

var unitWords = []string{"hour", "hours", "minute", "minutes", "mile", "miles", "inch", "inches", "cup", "cups", "pound", "pounds", "years", "time", "times"}

// mixedNumber reports whether a fraction at i follows a whole number: "6 3/4",
// "2 and 3/4".
func mixedNumber(line string, i int) bool {
	j := i
	for j > 0 && line[j-1] == ' ' {
		j--
	}
	if j >= 4 && hasFold(line, j-3, "and") {
		j -= 3
		for j > 0 && line[j-1] == ' ' {
			j--
		}
	}
	return j > 0 && j < i && isDigit(line[j-1])
}

func wordEnd(s string, i int) int {
	for i < len(s) && isLetter(s[i]) {
		i++
	}
	return i
}

// mayBeRating is a cheap look at what follows the digits ending at i, so
// that the many numbers of a review that are not followed by a scale ("128
// minutes", "2024") skip the parser.
func mayBeRating(line string, i int) bool {
	if i < len(line)-1 && line[i] == '.' && isDigit(line[i+1]) {
		i++
		for i < len(line) && isDigit(line[i]) {
			i++
		}
	}
	i = skipSpaces(line, i)
	if i >= len(line) {
		return false
	}
	switch line[i] | 0x20 {
	case '/', 'o', 's', '1', 'a', '-':
		return true
	}
	return strings.HasPrefix(line[i:], "½")
}

// tokenStart reports whether a number at i starts a token: not inside
// "1,000", "v2", "$15", "#3".
func tokenStart(line string, i int) bool {
	c := line[i-1]
	if isDigit(c) || isLetter(c) || strings.IndexByte(".,/$#-+*_", c) >= 0 {
		return false
	}
	if c >= 0x80 {
		r, _ := utf8.DecodeLastRuneInString(line[:i])
		switch r {
		case '£', '€', '¥', '№':
			return false
		}
	}
	return true
}

// starsOutOf reads a spelled star count with a written scale that ends in
// the "star" word at k: "three and a half stars out of five".
func (f *finder) starsOutOf(line string, k int) {
	// Try word starts up to six words back, farthest first, so "three and a
	// half stars" is read whole rather than as "a half stars".
	var starts [6]int
	count := 0
	floor := max(0, k-80)
	for p := k; count < len(starts) && p > floor; {
		p--
		for p > floor && line[p] == ' ' {
			p--
		}
		for p > floor && line[p-1] != ' ' {
			p--
		}
		if strings.ContainsAny(line[p:k], ".!?;") {
			break
		}
		starts[count] = p
		count++
	}
	for c := count - 1; c >= 0; c-- {
		p := starts[c]
		if isDigit(line[p]) {
			continue // inText reads those
		}
		n, err := parseAt(line[p:], true)
		if err != nil || n.kind != KindStars || !n.explicit || p+n.end <= k || !boundaryAfter(line, p+n.end) || !textScale(n) {
			continue
		}
		if !f.inThirdParty(p) {
			f.add(rankInText, n, line[p:p+n.end])
		}
		return
	}
}

// scaleHint looks for the scale a review states apart from its rating: a
// legend ("**** = a classic"), "on a four-star scale", "on a
// scale of 1 to 10", "(out of 4)". It returns 0 when the review states none.
// It runs only when Find has an unscaled rating, so it may be slow.
func scaleHint(text string) float64 {
	lower := strings.ToLower(text)
	// A legend: the longest run of asterisks before an "=".
	legend := 0
	for from := 0; ; {
		k := strings.IndexByte(lower[from:], '=')
		if k < 0 {
			break
		}
		k += from
		from = k + 1
		stars := 0
		for j := k - 1; j >= 0 && (lower[j] == '*' || lower[j] == ' '); j-- {
			if lower[j] == '*' {
				stars++
			}
		}
		legend = max(legend, stars)
	}
	if legend >= 3 {
		return float64(legend)
	}
	for _, phrase := range []string{"-star scale", " star scale", "-star rating scale", " star rating scale", "-star system", " star system"} {
		for from := 0; ; {
			k := strings.Index(lower[from:], phrase)
			if k < 0 {
				break
			}
			k += from
			from = k + len(phrase)
			ws := k
			for ws > 0 && (isLetter(lower[ws-1]) || isDigit(lower[ws-1])) {
				ws--
			}
			if v, e, ok := scaleNumber(lower, ws); ok && e == k {
				return v
			}
		}
	}
	for _, phrase := range []string{"scale of ", "scale from "} {
		for from := 0; ; {
			k := strings.Index(lower[from:], phrase)
			if k < 0 {
				break
			}
			k += from
			from = k + len(phrase)
			_, e, ok := scaleNumber(lower, from)
			if !ok {
				continue
			}
			j := skipSpaces(lower, e)
			switch {
			case hasWordFold(lower, j, "to"):
				j += 2
			case j < len(lower) && lower[j] == '-':
				j++
			default:
				continue
			}
			if v, _, ok := scaleNumber(lower, skipSpaces(lower, j)); ok && v > 1 {
				return v
			}
		}
	}
	for from := 0; ; {
		k := strings.Index(lower[from:], "out of ")
		if k < 0 {
			break
		}
		k += from
		from = k + len("out of ")
		v, e, ok := scaleNumber(lower, from)
		if !ok || v < 4 {
			continue
		}
		if e2, ok := starsWord(lower, e); ok {
			e = e2
		}
		if clauseEndsAt(lower, e) || e < len(lower) && lower[e] == ']' {
			return v
		}
	}
	return 0
}

// scaleNumber reads a whole number or a spelled one ("four", "10").
func scaleNumber(s string, i int) (float64, int, bool) {
	if v, e, ok := number(s, i); ok {
		return v, e, true
	}
	return spelledInt(s, i)
}

// defaultScale is the scale assumed for the critic's own rating when
// neither the notation nor the review states one ("Rating: 2.5", "I give
// it 4 stars"): five, the scale of nearly every web review widget and blog,
// for values up to 5. Only Find assumes it, for a rating the critic plainly
// gave as theirs (labelled, alone on a line, or in a first-person
// verdict); Parse leaves a bare CSV value ambiguous, because a column such
// as Rotten Tomatoes' originalScore mixes critics of every scale.
func defaultScale(v float64) float64 {
	if v <= 5 {
		return 5
	}
	return 0
}
