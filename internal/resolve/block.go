package resolve

import (
	"slices"
	"unicode/utf8"
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
	similar [][]int32 // by key ID: the keys with tokenScore ≥ MatchThreshold, itself included
}

// newTokenVocabulary computes the similar keys among the keys of names.
func newTokenVocabulary(names []parsedName) *tokenVocabulary {
	v := &tokenVocabulary{ids: map[string]int32{}}
	var keys []string
	for _, p := range names {
		for _, k := range nameKeys(p, nil) {
			if _, ok := v.ids[k]; !ok {
				v.ids[k] = int32(len(keys))
				keys = append(keys, k)
			}
		}
	}
	v.similar = make([][]int32, len(keys))
	for i := range keys {
		v.similar[i] = []int32{int32(i)}
	}
	link := func(a, b int32) {
		v.similar[a] = append(v.similar[a], b)
		v.similar[b] = append(v.similar[b], a)
	}

	// Nickname pairs, through the groups they share.
	byGroup := map[int][]int32{}
	for i, k := range keys {
		for _, g := range nicknameIndex[k] {
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
					link(a, b)
				}
			}
		}
	}

	// Fuzzy pairs among long keys, in order of length so that the length
	// bound ends each scan early.
	type long struct {
		id     int32
		n      int
		sorted []rune
	}
	var longs []long
	for i, k := range keys {
		if n := utf8.RuneCountInString(k); n >= minFuzzyLen {
			r := []rune(k)
			slices.Sort(r)
			longs = append(longs, long{int32(i), n, r})
		}
	}
	slices.SortFunc(longs, func(a, b long) int { return a.n - b.n })
	for x, a := range longs {
		for _, b := range longs[x+1:] {
			if 5*a.n < 3*b.n {
				break // b and every later key are too long for a
			}
			c := commonRunes(a.sorted, b.sorted)
			if 5*c*(a.n+b.n) < 8*a.n*b.n {
				continue
			}
			if linked[[2]int32{min(a.id, b.id), max(a.id, b.id)}] {
				continue
			}
			if tokenScore(keys[a.id], keys[b.id]) >= MatchThreshold {
				link(a.id, b.id)
			}
		}
	}
	return v
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
		id, ok := b.vocab.ids[k]
		if !ok {
			panic("resolve: blocker given a name outside its vocabulary")
		}
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
		id, ok := b.vocab.ids[k]
		if !ok {
			panic("resolve: blocker asked about a name outside its vocabulary")
		}
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
