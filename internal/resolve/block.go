package resolve

import (
	"math/bits"
	"slices"
)

// Blocking: which names are worth comparing.
//
// Clustering compares every credit form with every cluster, and the conflict
// check every cast credit with every other; a film with thousands of
// reviews has thousands of distinct spellings, so that is millions of
// Jaro-Winkler comparisons (5–9 s for the largest film of the benchmark
// corpus). Almost all of them cannot match: two names score MatchThreshold
// or more only if
//
//   - one of the first name's keys (lone word, surname, given name,
//     nicknames) and one of the second's have a tokenScore of
//     MatchThreshold or more (nameScore is a token score or the minimum of
//     some, and loneScore the maximum of some), or
//   - both have a given name, one of them an initial, with the same first
//     letter (the initial rule, which may decide alone when a name has no
//     surname).
//
// and tokenScore reaches MatchThreshold only for equal keys, nickname
// pairs, or two keys of at least minFuzzyLen letters whose Jaro-Winkler
// similarity does (shorter keys and masculine/feminine pairs are
// penalised below it). Jaro-Winkler adds at most 0.4·(1−j) to the Jaro
// similarity j, so it needs j ≥ 0.8667, and j ≤ (c/la + c/lb + 1)/3 where
// c counts the letters the keys share (as multisets): so
// 5·c·(la+lb) ≥ 8·la·lb, which also bounds the length ratio at 0.6.
//
// A blocker indexes names by their keys and answers, for a name, the names
// that satisfy one of these conditions: a superset of those that match,
// so that scoring only them gives exactly what scoring all of them would.

// tokenVocabulary holds the name keys of one clustering and, for each, the
// keys it may match.
type tokenVocabulary struct {
	ids     map[string]int32
	keys    []key
	similar [][]int32 // by key ID: the keys with tokenScore ≥ MatchThreshold, itself included
}

// key is one name key with what the fuzzy bound needs.
type key struct {
	text   string
	n      int    // runes
	sorted []rune // its runes, sorted
	// letters has a bit for each rune of the key (runes share bits
	// modulo 64): a key has at least one rune, that the other cannot
	// share, for each bit the other lacks.
	letters uint64
}

func newKey(text string) key {
	r := []rune(text)
	slices.Sort(r)
	var letters uint64
	for _, c := range r {
		letters |= 1 << (uint32(c) % 64)
	}
	return key{text: text, n: len(r), sorted: r, letters: letters}
}

// mayBeSimilar reports whether two different keys can have a tokenScore of
// MatchThreshold by Jaro-Winkler (nickname pairs aside): both long enough
// and sharing enough runes.
func mayBeSimilar(a, b key) bool {
	if a.n < minFuzzyLen || b.n < minFuzzyLen {
		return false
	}
	bound := min(a.n-bits.OnesCount64(a.letters&^b.letters), b.n-bits.OnesCount64(b.letters&^a.letters))
	if 5*bound*(a.n+b.n) < 8*a.n*b.n {
		return false
	}
	c := commonRunes(a.sorted, b.sorted)
	return 5*c*(a.n+b.n) >= 8*a.n*b.n
}

// newTokenVocabulary computes the similar keys among the keys of names.
func newTokenVocabulary(names []parsedName) *tokenVocabulary {
	v := &tokenVocabulary{ids: map[string]int32{}}
	for _, p := range names {
		for _, k := range nameKeys(p, nil) {
			if _, ok := v.ids[k]; !ok {
				v.ids[k] = int32(len(v.keys))
				v.keys = append(v.keys, newKey(k))
			}
		}
	}
	v.similar = make([][]int32, len(v.keys))
	for i := range v.keys {
		v.similar[i] = []int32{int32(i)}
	}

	// Nickname pairs, through the groups they share.
	byGroup := map[int][]int32{}
	for i, k := range v.keys {
		for _, g := range nicknameIndex[k.text] {
			byGroup[g] = append(byGroup[g], int32(i))
		}
	}
	linked := map[[2]int32]bool{}
	for _, members := range byGroup {
		for x := range members {
			for y := x + 1; y < len(members); y++ {
				a, b := min(members[x], members[y]), max(members[x], members[y])
				if !linked[[2]int32{a, b}] {
					linked[[2]int32{a, b}] = true
					v.link(a, b)
				}
			}
		}
	}

	// Fuzzy pairs among long keys, in order of length so that the length
	// bound (implied by the rune bound) ends each scan early.
	var longs []int32
	for i, k := range v.keys {
		if k.n >= minFuzzyLen {
			longs = append(longs, int32(i))
		}
	}
	slices.SortFunc(longs, func(a, b int32) int { return v.keys[a].n - v.keys[b].n })
	for x, a := range longs {
		ka := v.keys[a]
		for _, b := range longs[x+1:] {
			kb := v.keys[b]
			if 5*ka.n < 3*kb.n {
				break // b and every later key are too long for a
			}
			if !mayBeSimilar(ka, kb) || linked[[2]int32{min(a, b), max(a, b)}] {
				continue
			}
			if tokenScore(ka.text, kb.text) >= MatchThreshold {
				v.link(a, b)
			}
		}
	}
	return v
}

func (v *tokenVocabulary) link(a, b int32) {
	v.similar[a] = append(v.similar[a], b)
	v.similar[b] = append(v.similar[b], a)
}

// id returns a key's ID. The vocabulary is built from every name its
// blockers see; a key it lacks all the same is added, compared with every
// key, so that blocking stays exact.
func (v *tokenVocabulary) id(text string) int32 {
	if id, ok := v.ids[text]; ok {
		return id
	}
	id := int32(len(v.keys))
	k := newKey(text)
	v.ids[text] = id
	v.keys = append(v.keys, k)
	v.similar = append(v.similar, []int32{id})
	for other, ko := range v.keys[:id] {
		if (nicknameLinked(text, ko.text) || mayBeSimilar(k, ko)) && tokenScore(text, ko.text) >= MatchThreshold {
			v.link(id, int32(other))
		}
	}
	return id
}

// commonRunes counts the runes two sorted rune slices share, as multisets.
func commonRunes(a, b []rune) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return n
}

// nameKeys appends the keys tokenScore compares for a name.
func nameKeys(p parsedName, out []string) []string {
	for _, k := range []string{p.lone, p.surname, p.given} {
		if k != "" {
			out = append(out, k)
		}
	}
	return append(out, p.nicks...)
}

// blocker indexes items (clusters, credits) by the names they hold.
type blocker struct {
	vocab   *tokenVocabulary
	byToken map[int32][]int32
	// byLetter holds the items with a given name, by its first letter:
	// [0] full given names, [1] initials.
	byLetter [2]map[rune][]int32
	// seen marks the items already returned by one candidates call.
	seen  []uint32
	epoch uint32
	keys  []string
}

func newBlocker(vocab *tokenVocabulary) *blocker {
	return &blocker{vocab: vocab, byToken: map[int32][]int32{},
		byLetter: [2]map[rune][]int32{{}, {}}}
}

// add records that item holds a name. An item may hold several names and
// the same name more than once.
func (b *blocker) add(item int32, p parsedName) {
	if p.empty() {
		return
	}
	b.keys = nameKeys(p, b.keys[:0])
	for _, k := range b.keys {
		id := b.vocab.id(k)
		if list := b.byToken[id]; len(list) == 0 || list[len(list)-1] != item {
			b.byToken[id] = append(list, item)
		}
	}
	if p.lone == "" && p.given != "" {
		initial := 0
		if p.givenInitial {
			initial = 1
		}
		list := b.byLetter[initial][p.givenLetter]
		if len(list) == 0 || list[len(list)-1] != item {
			b.byLetter[initial][p.givenLetter] = append(list, item)
		}
	}
	for int(item) >= len(b.seen) {
		b.seen = append(b.seen, 0)
	}
}

// candidates appends to out, in ascending order and once each, the items
// holding a name that p may match.
func (b *blocker) candidates(p parsedName, out []int32) []int32 {
	if p.empty() {
		return out
	}
	b.epoch++
	start := len(out)
	take := func(items []int32) {
		for _, it := range items {
			if b.seen[it] != b.epoch {
				b.seen[it] = b.epoch
				out = append(out, it)
			}
		}
	}
	b.keys = nameKeys(p, b.keys[:0])
	for _, k := range b.keys {
		id := b.vocab.id(k)
		for _, s := range b.vocab.similar[id] {
			take(b.byToken[s])
		}
	}
	if p.lone == "" && p.given != "" {
		take(b.byLetter[1][p.givenLetter])
		if p.givenInitial {
			take(b.byLetter[0][p.givenLetter])
		}
	}
	slices.Sort(out[start:])
	return out
}

// clusterIndex finds the clusters a credit form may join: those with a
// member whose actor or character the form's may match.
type clusterIndex struct {
	persons, characters *blocker
	buf                 []int32
}

func newClusterIndex(vocab *tokenVocabulary) *clusterIndex {
	return &clusterIndex{persons: newBlocker(vocab), characters: newBlocker(vocab)}
}

// formsVocabulary is the vocabulary of the forms' actors and characters.
func formsVocabulary(forms ...[]*roleForm) *tokenVocabulary {
	var names []parsedName
	for _, fs := range forms {
		for _, f := range fs {
			names = append(names, f.personName, f.characterName)
		}
	}
	return newTokenVocabulary(names)
}

// add records that cluster ci has the member f.
func (x *clusterIndex) add(ci int, f *creditForm) {
	if f.person != "" {
		x.persons.add(int32(ci), f.personName)
	}
	if f.character != "" {
		x.characters.add(int32(ci), f.characterName)
	}
}

// candidates returns the clusters f may join, in ascending order. The slice
// is reused by the next call.
func (x *clusterIndex) candidates(f *creditForm) []int32 {
	x.buf = x.buf[:0]
	if f.person != "" {
		x.buf = x.persons.candidates(f.personName, x.buf)
	}
	if f.character != "" {
		n := len(x.buf)
		x.buf = x.characters.candidates(f.characterName, x.buf)
		if n > 0 && len(x.buf) > n {
			slices.Sort(x.buf)
			x.buf = slices.Compact(x.buf)
		}
	}
	return x.buf
}
