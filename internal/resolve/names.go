package resolve

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/adrg/strutil/metrics"
)

// Scores a name comparison can give. MatchThreshold is the decision line of
// SamePerson and SameCharacter; a nickname link and an initial score just
// above it, and a Jaro-Winkler similarity of transliteration keys has to
// reach it on its own.
const (
	MatchThreshold = 0.92
	nicknameScore  = 0.95
	initialScore   = 0.93
	// minFuzzyLen is the key length from which two different keys may match
	// by Jaro-Winkler: below it, one letter is too much of the name (Ani and
	// Anya, Ivan and Igor are different names).
	minFuzzyLen = 5
	// shortNamePenalty scales the Jaro-Winkler similarity of short keys so
	// that it stays below MatchThreshold unless the keys are equal.
	shortNamePenalty = 0.85
)

// Limits on what parseName reads of a name, so that hostile input cannot
// make comparisons slow.
const (
	maxNameBytes = 200
	maxNicknames = 4
)

var jaroWinkler = metrics.NewJaroWinkler()

// translitReplacements turn the usual romanisations of one sound into one
// spelling. Order matters: longer clusters first, then the y→i and
// vowel-pair rules that the earlier ones feed.
var translitReplacements = []struct{ from, to string }{
	{"tsch", "ch"}, {"shch", "sh"}, {"sch", "sh"}, {"tch", "ch"},
	{"kh", "h"}, {"ch", "h"}, {"ph", "f"}, {"th", "t"}, {"ck", "k"},
	{"x", "ks"}, {"q", "k"}, {"w", "v"},
	{"ou", "u"}, {"sht", "st"},
}

// translitKey reduces one name token to a key under which its common
// transliterations and spelling variants coincide: Eydelshteyn and
// Eidelstein → idelstin, Fyodorov and Fedorov → fedorov, Aleksei and Alexey
// → aleksi, Tchaikovsky and Chaikovsky → hikovski.
func translitKey(token string) string {
	var b strings.Builder
	for _, r := range fold(token) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	s := b.String()
	if s == "" {
		return ""
	}
	// Russian ё after a consonant: Fyodor/Fedor, Pyotr/Petr, Semyon/Semen.
	s = softYo(s)
	if strings.HasPrefix(s, "ye") && len(s) > 2 {
		s = "e" + s[2:] // Yekaterina/Ekaterina, Yelena/Elena
	}
	for _, r := range translitReplacements {
		s = strings.ReplaceAll(s, r.from, r.to)
	}
	s = softC(s)
	s = strings.ReplaceAll(s, "y", "i")
	s = strings.ReplaceAll(s, "ei", "i")
	s = strings.ReplaceAll(s, "ai", "i")
	s = collapseDoubles(s)
	// Rachmaninoff/Rachmaninov, Prokofieff/Prokofiev.
	if n := len(s); n > 3 && s[n-1] == 'f' && (s[n-2] == 'o' || s[n-2] == 'e') {
		s = s[:n-1] + "v"
	}
	// Sarah/Sara, Hannah/Hanna.
	if n := len(s); n > 3 && strings.HasSuffix(s, "ah") {
		s = s[:n-1]
	}
	return s
}

func softYo(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if i > 0 && i+1 < len(s) && s[i] == 'y' && s[i+1] == 'o' && !isVowelByte(s[i-1]) {
			b.WriteByte('e')
			i++
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// softC spells c as it sounds: s before e, i and y, k elsewhere.
func softC(s string) string {
	if !strings.Contains(s, "c") {
		return s
	}
	out := []byte(s)
	for i := 0; i < len(out); i++ {
		if out[i] != 'c' {
			continue
		}
		if i+1 < len(out) && (out[i+1] == 'e' || out[i+1] == 'i' || out[i+1] == 'y') {
			out[i] = 's'
		} else {
			out[i] = 'k'
		}
	}
	return string(out)
}

func isVowelByte(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

func collapseDoubles(s string) string {
	var b strings.Builder
	var prev rune = -1
	for _, r := range s {
		if r != prev {
			b.WriteRune(r)
		}
		prev = r
	}
	return b.String()
}

// parsedName is a person's or character's name split into the parts that
// are compared. Keys are transliteration keys. A name of one word, whose
// role (given name or surname) is unknown, has only lone set.
type parsedName struct {
	given string
	// givenLetter is the given name's first letter as written (folded),
	// compared when either side is an initial ("J. Smith"): keys may
	// respell the first letter (Celeste → selest).
	givenLetter  rune
	givenInitial bool
	// sex is 'm' or 'f' when a dropped form of address says so (Mr.,
	// Mrs., Lady), so that Mr. and Mrs. Ashcombe stay two characters.
	sex     byte
	nicks   []string
	surname string
	lone    string
}

func (p parsedName) empty() bool {
	return p.given == "" && p.surname == "" && p.lone == "" && len(p.nicks) == 0
}

// nicknameQuotes matches a nickname written inside a name: Ivan "Vanya"
// Zakharov, Ivan “Vanya” Zakharov, Walter «Walt» Brenner, Dmitri ‘Dima’
// Orlov, or a capitalised word in parentheses. Straight single quotes count
// only at word edges, so O'Brien is not a nickname.
var nicknameQuotes = regexp.MustCompile(`"([^"]+)"|“([^”“]+)[”“]|„([^“”]+)[“”]|«\s*([^»]+?)\s*»|‘([^’]+)’|(?:^|\s)'([^']+)'(?:\s|$)|\(([^)]*)\)`)

var honorifics = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "mx": true, "dr": true,
	"sir": true, "dame": true,
}

// characterTitles are ranks and forms of address that critics add to or drop
// from a character's name ("Sheriff Cobb", "Cobb").
var characterTitles = map[string]bool{
	"lady": true, "lord": true, "sheriff": true, "deputy": true,
	"commander": true, "captain": true, "capt": true, "detective": true,
	"det": true, "officer": true, "agent": true, "sergeant": true, "sgt": true,
	"lieutenant": true, "lt": true, "colonel": true, "col": true,
	"general": true, "gen": true, "major": true, "professor": true,
	"prof": true, "father": true, "sister": true, "brother": true,
	"mother": true, "uncle": true, "aunt": true, "auntie": true, "judge": true,
	"president": true, "king": true, "queen": true, "prince": true,
	"princess": true, "count": true, "countess": true, "baron": true,
	"baroness": true, "doctor": true, "nurse": true, "reverend": true,
	"rev": true, "inspector": true, "chief": true, "coach": true,
	"mayor": true, "senator": true, "governor": true, "admiral": true,
	"private": true, "pvt": true, "corporal": true, "madame": true,
	"monsieur": true, "senor": true, "senora": true, "signor": true,
	"signora": true, "herr": true, "frau": true, "the": true, "old": true,
	"young": true, "little": true, "big": true, "grandma": true,
	"grandpa": true, "granny": true, "nanny": true, "pastor": true,
	"marshal": true, "trooper": true,
}

// addressSex says which forms of address imply a man or a woman.
var addressSex = map[string]byte{
	"mr": 'm', "sir": 'm', "lord": 'm', "king": 'm', "prince": 'm',
	"father": 'm', "brother": 'm', "uncle": 'm', "monsieur": 'm',
	"senor": 'm', "signor": 'm', "herr": 'm', "count": 'm', "baron": 'm',
	"grandpa": 'm',
	"mrs":     'f', "ms": 'f', "miss": 'f', "dame": 'f', "lady": 'f',
	"queen": 'f', "princess": 'f', "mother": 'f', "sister": 'f', "aunt": 'f',
	"auntie": 'f', "madame": 'f', "senora": 'f', "signora": 'f', "frau": 'f',
	"countess": 'f', "baroness": 'f', "grandma": 'f', "granny": 'f',
}

var nameSuffixes = map[string]bool{"jr": true, "sr": true, "ii": true, "iii": true, "iv": true, "esq": true}

// surnameParticles join the surname that follows them and are not given
// names: Guillermo del Toro, Siobhán Ní Bhriain, Vincent van Gogh.
var surnameParticles = map[string]bool{
	"van": true, "von": true, "de": true, "der": true, "den": true,
	"del": true, "della": true, "di": true, "da": true, "du": true, "la": true,
	"le": true, "ni": true, "nic": true, "mac": true, "bin": true, "ibn": true,
	"al": true, "el": true, "ter": true, "ten": true, "dos": true, "das": true,
	"do": true, "st": true, "y": true,
}

// parseName splits a name. For characters, ranks and forms of address are
// dropped and a parenthesised lowercase description ("Tern (android
// navigator)") is ignored.
func parseName(s string, character bool) parsedName {
	var p parsedName
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	if len(s) > maxNameBytes {
		// Longer text is not a name; cutting it keeps comparisons linear
		// on hostile input.
		s = strings.ToValidUTF8(s[:maxNameBytes], "")
	}
	for _, m := range nicknameQuotes.FindAllStringSubmatch(s, -1) {
		paren := m[7] != "" || strings.HasPrefix(strings.TrimSpace(m[0]), "(")
		inner := ""
		for _, g := range m[1:] {
			if g != "" {
				inner = strings.TrimSpace(g)
				break
			}
		}
		if paren && !startsUpper(inner) {
			continue // a description, not a name
		}
		for _, w := range nameTokens(inner) {
			if k := translitKey(w); k != "" && len(p.nicks) < maxNicknames {
				p.nicks = append(p.nicks, k)
			}
		}
	}
	rest := nicknameQuotes.ReplaceAllString(s, " ")
	if i := strings.IndexAny(rest, ",;"); i >= 0 {
		rest = rest[:i] // "Dmitri Orlov, known to everyone as Dima"
	}
	toks := nameTokens(rest)
	for len(toks) > 1 {
		w := strings.ToLower(fold(toks[0]))
		if honorifics[w] || (character && characterTitles[w]) {
			if x := addressSex[w]; x != 0 && p.sex == 0 {
				p.sex = x
			}
			toks = toks[1:]
			continue
		}
		break
	}
	for len(toks) > 1 && nameSuffixes[strings.ToLower(fold(toks[len(toks)-1]))] {
		toks = toks[:len(toks)-1]
	}
	switch len(toks) {
	case 0:
		if len(p.nicks) == 1 {
			p.lone, p.nicks = p.nicks[0], nil
		}
		return p
	case 1:
		k := translitKey(toks[0])
		if len(p.nicks) == 0 {
			p.lone = k
		} else {
			p.setGiven(toks[0])
		}
		return p
	}
	last := len(toks) - 1
	p.surname = translitKey(toks[last])
	first := 0
	for first < last && surnameParticles[strings.ToLower(fold(toks[first]))] {
		first++
	}
	if first < last {
		p.setGiven(toks[first])
	}
	return p
}

func (p *parsedName) setGiven(token string) {
	folded := []rune(fold(token))
	if len(folded) == 0 {
		return
	}
	p.givenLetter = folded[0]
	p.givenInitial = len(folded) == 1
	if p.givenInitial {
		p.given = string(folded)
		return
	}
	p.given = translitKey(token)
}

// nameTokens splits a name into words, keeping hyphens and apostrophes
// inside them (Takeda-Ross, O'Brien) and dropping other punctuation.
func nameTokens(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || isApostrophe(r) || r == '.')
	})
	out := f[:0]
	for _, t := range f {
		t = strings.Trim(t, "-.'’")
		if t != "" && strings.IndexFunc(t, unicode.IsLetter) >= 0 {
			out = append(out, t)
		}
	}
	return out
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// tokenScore compares two name-token keys.
func tokenScore(a, b string) float64 {
	if a == "" || b == "" {
		return 0
	}
	if a == b {
		return 1
	}
	if nicknameLinked(a, b) {
		return nicknameScore
	}
	la, lb := utf8.RuneCountInString(a), utf8.RuneCountInString(b)
	if la == 1 || lb == 1 {
		return 0 // initials are compared by nameScore, on the letters as written
	}
	s := jaroWinkler.Compare(a, b)
	if a+"a" == b || b+"a" == a {
		// Masculine and feminine forms (Aleksandr/Aleksandra,
		// Mikheev/Mikheeva) name relatives, not one person.
		s *= shortNamePenalty
	}
	if la < minFuzzyLen || lb < minFuzzyLen {
		s *= shortNamePenalty
	}
	return s
}

// nameScore compares two parsed names, 0 to 1. When both names have a
// surname the surnames must match and so must the given names or nicknames
// (Mikey Madison is not Mikey Day); a one-word name matches a full name's
// given name, nickname or surname.
func nameScore(a, b parsedName) float64 {
	if a.empty() || b.empty() {
		return 0
	}
	if a.sex != 0 && b.sex != 0 && a.sex != b.sex {
		return 0
	}
	switch {
	case a.lone != "" && b.lone != "":
		return tokenScore(a.lone, b.lone)
	case a.lone != "":
		return loneScore(a.lone, b)
	case b.lone != "":
		return loneScore(b.lone, a)
	}
	compared := false
	score := 1.0
	if a.surname != "" && b.surname != "" {
		score = tokenScore(a.surname, b.surname)
		compared = true
	}
	ga, gb := a.givenNames(), b.givenNames()
	if (a.givenInitial || b.givenInitial) && a.given != "" && b.given != "" {
		s := 0.0
		switch {
		case a.given == b.given:
			s = 1
		case a.givenLetter == b.givenLetter:
			s = initialScore
		}
		score = min(score, s)
		compared = true
	} else if len(ga) > 0 && len(gb) > 0 {
		best := 0.0
		for _, x := range ga {
			for _, y := range gb {
				if s := tokenScore(x, y); s > best {
					best = s
				}
			}
		}
		score = min(score, best)
		compared = true
	}
	if !compared {
		return 0
	}
	return score
}

func (p parsedName) givenNames() []string {
	if p.given == "" {
		return p.nicks
	}
	return append([]string{p.given}, p.nicks...)
}

func loneScore(t string, full parsedName) float64 {
	best := tokenScore(t, full.surname)
	for i, g := range full.givenNames() {
		if i == 0 && full.givenInitial {
			continue // an initial alone says too little
		}
		if s := tokenScore(t, g); s > best {
			best = s
		}
	}
	return best
}

// PersonSimilarity scores how likely two spellings name one person, 0 to 1;
// SamePerson decides at MatchThreshold.
func PersonSimilarity(a, b string) float64 {
	return nameScore(parseName(a, false), parseName(b, false))
}

// SamePerson reports whether two spellings name one person: transliteration
// variants (Eidelstein, Eydelshteyn), nicknames (Walt, Walter "Walt"
// Brenner), a surname or given name alone against a full name. Two full
// names with different surnames are never the same person.
func SamePerson(a, b string) bool {
	return PersonSimilarity(a, b) >= MatchThreshold
}

// PersonMatcher is SamePerson for many comparisons among few spellings: it
// parses each spelling once and scores each pair once. Not safe for
// concurrent use.
type PersonMatcher struct{ memo *nameMemo }

func NewPersonMatcher() *PersonMatcher { return &PersonMatcher{memo: newNameMemo(false)} }

// Same is SamePerson(a, b).
func (m *PersonMatcher) Same(a, b string) bool { return m.memo.same(a, b) }

// CharacterSimilarity is PersonSimilarity for character names, which also
// ignores ranks and forms of address (Sheriff Cobb, Cobb) and parenthesised
// descriptions.
func CharacterSimilarity(a, b string) float64 {
	return nameScore(parseName(a, true), parseName(b, true))
}

// SameCharacter reports whether two spellings name one character:
// Ivan “Vanya” Zakharov, Ivan and Vanya are one; Igor and Ivan are not.
func SameCharacter(a, b string) bool {
	return CharacterSimilarity(a, b) >= MatchThreshold
}
