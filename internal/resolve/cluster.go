package resolve

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// SourcedCredit is one credit as one review states it.
type SourcedCredit struct {
	ReviewID  int64
	Person    string
	Character string
	Role      string // "actor" (or empty for cast), else the crew role
}

// CreditCluster is one credit as all reviews state it together.
type CreditCluster struct {
	// Person is the most frequent full spelling (ties: longest, then
	// alphabetical); PersonVariants holds every spelling, sorted.
	Person         string
	PersonVariants []string
	// Character is the fullest spelling (Ivan “Vanya” Zakharov over Ivan
	// and Vanya); CharacterVariants holds every spelling, sorted.
	Character         string
	CharacterVariants []string
	Role              string
	// Sources are the IDs of the reviews that state the credit, sorted.
	Sources []int64
	// VariantSources says which reviews wrote each person and character
	// spelling.
	VariantSources map[string][]int64
}

// Conflict kinds.
const (
	// ConflictCharacterActors: reviews name different actors for one
	// character. It may be an error, a recast, or two versions of a film.
	ConflictCharacterActors = "character has two actors"
	// ConflictActorCharacters: one actor is credited with different
	// characters. Doubling is legitimate; it is listed for review, not
	// treated as an error.
	ConflictActorCharacters = "actor plays two characters"
)

// Conflict is a fact the reviews disagree on.
type Conflict struct {
	Kind    string
	Subject string   // what the values disagree about (a character, an actor, a fact's kind)
	Values  []string // the differing values, sorted
	Sources []int64  // reviews stating any of the values, sorted
	// ValueSources says which reviews stated each value.
	ValueSources map[string][]int64
}

// Clusters is the result of ClusterCredits.
type Clusters struct {
	Credits   []CreditCluster
	Conflicts []Conflict
}

// creditForm is one distinct (person, character, role) spelling with the
// reviews that wrote it.
type creditForm struct {
	person, character string
	personName        parsedName
	characterName     parsedName
	sources           []int64
}

// matcher memoises name comparisons: a film's reviews repeat a few spellings
// many times.
type matcher struct {
	persons, characters map[[2]string]float64
}

func (m *matcher) person(a, b creditForm) float64 {
	return memoScore(m.persons, a.person, b.person, a.personName, b.personName)
}

func (m *matcher) character(a, b creditForm) float64 {
	return memoScore(m.characters, a.character, b.character, a.characterName, b.characterName)
}

// nameMemo is SamePerson (or SameCharacter) with each name parsed once and
// each pair scored once.
type nameMemo struct {
	character bool
	parsed    map[string]parsedName
	scores    map[[2]string]float64
}

func newNameMemo(character bool) *nameMemo {
	return &nameMemo{character: character, parsed: map[string]parsedName{}, scores: map[[2]string]float64{}}
}

func (m *nameMemo) parse(s string) parsedName {
	p, ok := m.parsed[s]
	if !ok {
		p = parseName(s, m.character)
		m.parsed[s] = p
	}
	return p
}

func (m *nameMemo) same(a, b string) bool {
	return memoScore(m.scores, a, b, m.parse(a), m.parse(b)) >= MatchThreshold
}

func memoScore(cache map[[2]string]float64, a, b string, pa, pb parsedName) float64 {
	if a > b {
		a, b = b, a
	}
	key := [2]string{a, b}
	if s, ok := cache[key]; ok {
		return s
	}
	s := nameScore(pa, pb)
	cache[key] = s
	return s
}

// ClusterCredits merges the credits many reviews state into one credit per
// person and character. Cast credits join when their actors are the same
// person or their characters the same character, and neither side
// contradicts the other: a form joins a cluster only if it links to at least
// one member and contradicts none (both actors named and different, or both
// characters named and different). Fullest forms are placed first, so
// Ivan “Vanya” Zakharov gathers Ivan and Vanya before either could start a
// cluster of its own. Crew credits cluster by role and person. Output is
// ordered by number of sources (descending), role, person, character, and
// does not depend on the input order.
func ClusterCredits(in []SourcedCredit) Clusters {
	forms := collectForms(in)
	vocab := formsVocabulary(forms)
	return finishClusters(clusterForms(newMatcher(), vocab, forms), vocab)
}

// cluster is a group of credit forms of one role.
type cluster struct {
	role  string
	forms []*creditForm
}

func newMatcher() *matcher {
	return &matcher{persons: map[[2]string]float64{}, characters: map[[2]string]float64{}}
}

// clusterForms places each form, in order, in the cluster it fits best
// (joinScore), or starts a cluster with it. Only the clusters the form
// may link to are scored (see blocker): joinScore refuses the others.
// vocab must hold the forms' names.
func clusterForms(m *matcher, vocab *tokenVocabulary, forms []*roleForm) []*cluster {
	var clusters []*cluster
	index := newClusterIndex(vocab)
	for _, f := range forms {
		best, bestScore := -1, 0.0
		for _, ci := range index.candidates(&f.creditForm) {
			c := clusters[ci]
			if c.role != f.role {
				continue
			}
			if s, ok := joinScore(m, f.creditForm, c.forms); ok && s > bestScore {
				best, bestScore = int(ci), s
			}
		}
		if best < 0 {
			clusters = append(clusters, &cluster{role: f.role, forms: []*creditForm{&f.creditForm}})
			best = len(clusters) - 1
		} else {
			clusters[best].forms = append(clusters[best].forms, &f.creditForm)
		}
		index.add(best, &f.creditForm)
	}
	return clusters
}

// finishClusters summarises the clusters, orders them and lists the cast
// conflicts among them. vocab must hold the clusters' names.
func finishClusters(clusters []*cluster, vocab *tokenVocabulary) Clusters {
	out := Clusters{Credits: make([]CreditCluster, 0, len(clusters))}
	for _, c := range clusters {
		out.Credits = append(out.Credits, summarise(c.role, c.forms))
	}
	sort.Slice(out.Credits, func(i, j int) bool {
		a, b := out.Credits[i], out.Credits[j]
		if len(a.Sources) != len(b.Sources) {
			return len(a.Sources) > len(b.Sources)
		}
		if a.Role != b.Role {
			return a.Role < b.Role
		}
		if a.Person != b.Person {
			return a.Person < b.Person
		}
		return a.Character < b.Character
	})
	out.Conflicts = castConflicts(out.Credits, vocab)
	return out
}

type roleForm struct {
	creditForm
	role string
}

func collectForms(in []SourcedCredit) []*roleForm {
	byKey := map[[3]string]*roleForm{}
	for _, c := range in {
		person, character := cleanSpelling(c.Person), cleanSpelling(c.Character)
		if person == "" && character == "" {
			continue
		}
		role := normaliseRole(c.Role)
		if role != "actor" {
			character = "" // crew credits have no character
			if person == "" {
				continue
			}
		}
		key := [3]string{role, person, character}
		f := byKey[key]
		if f == nil {
			f = &roleForm{role: role, creditForm: creditForm{
				person: person, character: character,
				personName:    parseName(person, false),
				characterName: parseName(character, true),
			}}
			byKey[key] = f
		}
		f.sources = append(f.sources, c.ReviewID)
	}
	forms := make([]*roleForm, 0, len(byKey))
	for _, f := range byKey {
		f.sources = uniqueSorted(f.sources)
		forms = append(forms, f)
	}
	sort.Slice(forms, func(i, j int) bool {
		a, b := forms[i], forms[j]
		if fa, fb := fullness(a), fullness(b); fa != fb {
			return fa > fb
		}
		if len(a.sources) != len(b.sources) {
			return len(a.sources) > len(b.sources)
		}
		if a.role != b.role {
			return a.role < b.role
		}
		if a.person != b.person {
			return a.person < b.person
		}
		return a.character < b.character
	})
	return forms
}

// fullness ranks how much of a name a form spells out: its parts (given
// name, nickname, surname) and then its length.
func fullness(f *roleForm) int {
	return 1000*(nameParts(f.personName)+nameParts(f.characterName)) +
		utf8.RuneCountInString(f.person) + utf8.RuneCountInString(f.character)
}

func nameParts(p parsedName) int {
	n := len(p.nicks)
	for _, s := range []string{p.given, p.surname, p.lone} {
		if s != "" {
			n++
		}
	}
	return n
}

// joinScore decides whether f may join a cluster and how well it fits: the
// mean of the person and character scores it has with the members.
//
// Two one-word names that differ (Yusra, Haddad) may be the given name and
// the surname of one full name, so they contradict each other only when the
// one-word name matches no full name in the cluster.
func joinScore(m *matcher, f creditForm, members []*creditForm) (float64, bool) {
	personAnchored, characterAnchored := false, false
	for _, x := range members {
		if f.person != "" && x.personName.lone == "" && m.person(f, *x) >= MatchThreshold {
			personAnchored = true
		}
		if f.character != "" && x.characterName.lone == "" && m.character(f, *x) >= MatchThreshold {
			characterAnchored = true
		}
	}
	total, links := 0.0, 0
	for _, x := range members {
		if f.person != "" && x.person != "" {
			s := m.person(f, *x)
			switch {
			case s >= MatchThreshold:
				total += s
				links++
			case !(personAnchored && f.personName.lone != "" && x.personName.lone != ""):
				return 0, false
			}
		}
		if f.character != "" && x.character != "" {
			s := m.character(f, *x)
			switch {
			case s >= MatchThreshold:
				total += s
				links++
			case !(characterAnchored && f.characterName.lone != "" && x.characterName.lone != ""):
				return 0, false
			}
		}
	}
	if links == 0 {
		return 0, false
	}
	return total / float64(links), true
}

func summarise(role string, forms []*creditForm) CreditCluster {
	c := CreditCluster{Role: role, VariantSources: map[string][]int64{}}
	personSources := map[string][]int64{}
	characterSources := map[string][]int64{}
	characterParts := map[string]int{}
	var all []int64
	for _, f := range forms {
		all = append(all, f.sources...)
		if f.person != "" {
			personSources[f.person] = append(personSources[f.person], f.sources...)
		}
		if f.character != "" {
			characterSources[f.character] = append(characterSources[f.character], f.sources...)
			characterParts[f.character] = nameParts(f.characterName)
		}
	}
	c.Sources = uniqueSorted(all)
	for s, ids := range personSources {
		ids = uniqueSorted(ids)
		personSources[s] = ids
		c.VariantSources[s] = ids
		c.PersonVariants = append(c.PersonVariants, s)
	}
	for s, ids := range characterSources {
		ids = uniqueSorted(ids)
		characterSources[s] = ids
		c.VariantSources[s] = uniqueSorted(append(c.VariantSources[s], ids...))
		c.CharacterVariants = append(c.CharacterVariants, s)
	}
	sort.Strings(c.PersonVariants)
	sort.Strings(c.CharacterVariants)
	c.Person = canonicalPerson(c.PersonVariants, personSources)
	c.Character = canonicalCharacter(c.CharacterVariants, characterSources, characterParts)
	return c
}

// canonicalPerson picks the most frequent full spelling (a given name and a
// surname) — ties: longest, then alphabetical — falling back to one-word
// spellings when no full one exists.
func canonicalPerson(variants []string, sources map[string][]int64) string {
	best := ""
	bestFull := false
	for _, v := range variants {
		full := len(nameTokens(v)) >= 2
		switch {
		case best == "":
		case full != bestFull:
			if !full {
				continue
			}
		case len(sources[v]) != len(sources[best]):
			if len(sources[v]) < len(sources[best]) {
				continue
			}
		case utf8.RuneCountInString(v) != utf8.RuneCountInString(best):
			if utf8.RuneCountInString(v) < utf8.RuneCountInString(best) {
				continue
			}
		default:
			continue // variants are sorted: the earlier one wins
		}
		best, bestFull = v, full
	}
	return best
}

// canonicalCharacter picks the fullest spelling: most name parts, then
// longest, then most frequent, then alphabetical.
func canonicalCharacter(variants []string, sources map[string][]int64, parts map[string]int) string {
	best := ""
	for _, v := range variants {
		switch {
		case best == "":
		case parts[v] != parts[best]:
			if parts[v] < parts[best] {
				continue
			}
		case utf8.RuneCountInString(v) != utf8.RuneCountInString(best):
			if utf8.RuneCountInString(v) < utf8.RuneCountInString(best) {
				continue
			}
		case len(sources[v]) != len(sources[best]):
			if len(sources[v]) < len(sources[best]) {
				continue
			}
		default:
			continue
		}
		best = v
	}
	return best
}

// castConflicts lists characters credited to different actors and actors
// credited with different characters.
// Every name of credits must be in vocab: the clusters' names are their
// forms' spellings.
func castConflicts(credits []CreditCluster, vocab *tokenVocabulary) []Conflict {
	var cast []int
	for i, c := range credits {
		if c.Role == "actor" && c.Person != "" && c.Character != "" {
			cast = append(cast, i)
		}
	}
	// Every pair of cast clusters is compared, twice: parse each name and
	// score each pair once, or a film with thousands of reviews spends
	// minutes parsing the same few hundred names.
	// Only the pairs whose subjects may match are compared (see blocker).
	persons, characters := newNameMemo(false), newNameMemo(true)
	var out []Conflict
	out = append(out, groupConflicts(credits, cast, ConflictCharacterActors,
		func(c CreditCluster) string { return c.Character },
		func(c CreditCluster) string { return c.Person },
		subjectCandidates(vocab, credits, cast, characters, func(c CreditCluster) string { return c.Character }),
		characters.same, persons.same)...)
	out = append(out, groupConflicts(credits, cast, ConflictActorCharacters,
		func(c CreditCluster) string { return c.Person },
		func(c CreditCluster) string { return c.Character },
		subjectCandidates(vocab, credits, cast, persons, func(c CreditCluster) string { return c.Person }),
		persons.same, characters.same)...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return out[i].Subject < out[j].Subject
	})
	return out
}

// groupConflicts groups clusters whose subject (a character, or an actor)
// is the same and lists the differing values (actors, or characters) as one
// conflict per group.
//
// candidates(i) lists, in ascending order, the positions in idx whose
// subject may be the same as position i's; sameSubject decides.
func groupConflicts(credits []CreditCluster, idx []int, kind string,
	subject, value func(CreditCluster) string, candidates func(i int) []int32,
	sameSubject, sameValue func(a, b string) bool) []Conflict {
	used := make([]bool, len(idx))
	var out []Conflict
	for i := range idx {
		if used[i] {
			continue
		}
		group := []int{idx[i]}
		for _, j32 := range candidates(i) {
			j := int(j32)
			if j <= i || used[j] {
				continue
			}
			a, b := credits[idx[i]], credits[idx[j]]
			if sameSubject(subject(a), subject(b)) && !sameValue(value(a), value(b)) {
				group = append(group, idx[j])
				used[j] = true
			}
		}
		if len(group) < 2 {
			continue
		}
		conflict := Conflict{Kind: kind, Subject: subject(credits[group[0]]), ValueSources: map[string][]int64{}}
		var all []int64
		for _, g := range group {
			v := value(credits[g])
			conflict.ValueSources[v] = uniqueSorted(append(conflict.ValueSources[v], credits[g].Sources...))
			all = append(all, credits[g].Sources...)
		}
		for v := range conflict.ValueSources {
			conflict.Values = append(conflict.Values, v)
		}
		sort.Strings(conflict.Values)
		conflict.Sources = uniqueSorted(all)
		out = append(out, conflict)
	}
	return out
}

// subjectCandidates indexes the subjects of the credits at idx and returns
// groupConflicts' candidates function over them.
func subjectCandidates(vocab *tokenVocabulary, credits []CreditCluster, idx []int,
	memo *nameMemo, subject func(CreditCluster) string) func(i int) []int32 {
	b := newBlocker(vocab)
	for pos, i := range idx {
		b.add(int32(pos), memo.parse(subject(credits[i])))
	}
	var buf []int32
	return func(i int) []int32 {
		buf = b.candidates(memo.parse(subject(credits[idx[i]])), buf[:0])
		return buf
	}
}

// ScalarConflicts reports the reviews' disagreement on a single-valued fact
// (a runtime, a release year): nil when at most one distinct value is stated.
// Values are compared after trimming and collapsing spaces, sorted
// numerically when they all are numbers.
func ScalarConflicts(kind string, values map[int64]string) *Conflict {
	bySource := map[string][]int64{}
	for id, v := range values {
		v = cleanSpelling(v)
		if v == "" {
			continue
		}
		bySource[v] = append(bySource[v], id)
	}
	if len(bySource) < 2 {
		return nil
	}
	c := &Conflict{Kind: kind, Subject: kind, ValueSources: map[string][]int64{}}
	var all []int64
	for v, ids := range bySource {
		ids = uniqueSorted(ids)
		c.ValueSources[v] = ids
		c.Values = append(c.Values, v)
		all = append(all, ids...)
	}
	c.Sources = uniqueSorted(all)
	sortValues(c.Values)
	return c
}

func sortValues(vs []string) {
	nums := make(map[string]float64, len(vs))
	for _, v := range vs {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			sort.Strings(vs)
			return
		}
		nums[v] = f
	}
	sort.Slice(vs, func(i, j int) bool {
		if nums[vs[i]] != nums[vs[j]] {
			return nums[vs[i]] < nums[vs[j]]
		}
		return vs[i] < vs[j]
	})
}

func cleanSpelling(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return strings.Join(strings.Fields(s), " ")
}

func normaliseRole(role string) string {
	r := strings.ToLower(cleanSpelling(role))
	switch r {
	case "", "actor", "actress", "cast", "self", "voice":
		return "actor"
	}
	return r
}

func uniqueSorted(ids []int64) []int64 {
	if len(ids) == 0 {
		return nil
	}
	out := append([]int64(nil), ids...)
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	n := 1
	for _, id := range out[1:] {
		if id != out[n-1] {
			out[n] = id
			n++
		}
	}
	return out[:n]
}
