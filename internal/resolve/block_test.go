package resolve

import (
	"fmt"
	"math/rand"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
)

// clusterCreditsAll is ClusterCredits without blocking: every form scored
// against every cluster, every cast pair compared. Blocking must give
// exactly what it gives.
func clusterCreditsAll(in []SourcedCredit) Clusters {
	m := newMatcher()
	var clusters []*cluster
	for _, f := range collectForms(in) {
		best, bestScore := -1, 0.0
		for ci, c := range clusters {
			if c.role != f.role {
				continue
			}
			if s, ok := joinScore(m, f.creditForm, c.forms); ok && s > bestScore {
				best, bestScore = ci, s
			}
		}
		if best < 0 {
			clusters = append(clusters, &cluster{role: f.role, forms: []*creditForm{&f.creditForm}})
			continue
		}
		clusters[best].forms = append(clusters[best].forms, &f.creditForm)
	}
	out := finishClusters(clusters, formsVocabulary(collectForms(in)))
	// Conflicts again, with every pair a candidate.
	var cast []int
	for i, c := range out.Credits {
		if c.Role == "actor" && c.Person != "" && c.Character != "" {
			cast = append(cast, i)
		}
	}
	all := func(int) []int32 {
		ids := make([]int32, len(cast))
		for i := range ids {
			ids[i] = int32(i)
		}
		return ids
	}
	subjectChar := func(c CreditCluster) string { return c.Character }
	subjectPerson := func(c CreditCluster) string { return c.Person }
	conflicts := append(
		groupConflicts(out.Credits, cast, ConflictCharacterActors, subjectChar, subjectPerson, all, SameCharacter, SamePerson),
		groupConflicts(out.Credits, cast, ConflictActorCharacters, subjectPerson, subjectChar, all, SamePerson, SameCharacter)...)
	sort.SliceStable(conflicts, func(i, j int) bool {
		if conflicts[i].Kind != conflicts[j].Kind {
			return conflicts[i].Kind < conflicts[j].Kind
		}
		return conflicts[i].Subject < conflicts[j].Subject
	})
	out.Conflicts = conflicts
	return out
}

// variantNames builds spellings that exercise every way two names can
// match: transliterations, nicknames, initials, one-word names, forms of
// address, particles, accents, near misses and masculine/feminine pairs.
func variantNames(rng *rand.Rand, n int) []string {
	given := []string{"Ivan", "Vanya", "Walter", "Walt", "Aleksei", "Alexei", "Alexey", "Mikey", "Michael", "Anora", "Ani",
		"Aleksandr", "Aleksandra", "Sasha", "Yusra", "Celeste", "Selest", "Dmitri", "Dima", "J.", "W.", "A.", "Katherine", "Kate",
		"Jonathan", "Jon", "Elizabeth", "Beth", "Bill", "William", "Hanne", "Hannah", "Jo", "Joseph", "Zoë", "Zoe"}
	surnames := []string{"Eydelshteyn", "Eidelstein", "Eidelshtein", "Madison", "Madisson", "Fyodorov", "Fedorov", "Mikheev",
		"Mikheeva", "Haddad", "Hadad", "Zakharov", "Zaharov", "Brenner", "Bremner", "Takeda-Ross", "O'Brien", "OBrien",
		"van der Berg", "Berg", "Solberg", "Solborg", "Whitaker", "Whittaker", "Cobb", "Kobb", "Nguyen", "Müller", "Muller",
		"Karimova", "Karimov", "Lindqvist", "Lindquist", "Abernathy", "Abernethy"}
	prefixes := []string{"", "", "", "Sheriff ", "Mr. ", "Mrs. ", "Dr. ", "Lady ", "Captain "}
	var out []string
	for len(out) < n {
		g, s := given[rng.Intn(len(given))], surnames[rng.Intn(len(surnames))]
		var name string
		switch rng.Intn(8) {
		case 7:
			// A given name and a nickname, no surname: an initial here
			// matches any given name with its letter.
			name = fmt.Sprintf("%s “%s”", g, given[rng.Intn(len(given))])
		case 0:
			name = g
		case 1:
			name = s
		case 2:
			nick := given[rng.Intn(len(given))]
			name = fmt.Sprintf("%s “%s” %s", g, nick, s)
		case 3:
			name = prefixes[rng.Intn(len(prefixes))] + s
		default:
			name = g + " " + s
		}
		if rng.Intn(10) == 0 {
			name = strings.ToUpper(name)
		}
		out = append(out, name)
	}
	return out
}

func TestBlockingChangesNothing(t *testing.T) {
	roles := []string{"actor", "actor", "actor", "director", "cinematographer", ""}
	for seed := int64(1); seed <= 60; seed++ {
		rng := rand.New(rand.NewSource(seed))
		persons, characters := variantNames(rng, 4+rng.Intn(60)), variantNames(rng, 4+rng.Intn(60))
		var in []SourcedCredit
		for r := range 20 + rng.Intn(200) {
			for range 1 + rng.Intn(6) {
				c := SourcedCredit{ReviewID: int64(r + 1), Role: roles[rng.Intn(len(roles))]}
				if rng.Intn(8) > 0 {
					c.Person = persons[rng.Intn(len(persons))]
				}
				if rng.Intn(8) > 0 {
					c.Character = characters[rng.Intn(len(characters))]
				}
				in = append(in, c)
			}
		}
		got, want := ClusterCredits(in), clusterCreditsAll(in)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("seed %d: blocked clustering differs from scoring every pair:\n got %d credits, %d conflicts\nwant %d credits, %d conflicts",
				seed, len(got.Credits), len(got.Conflicts), len(want.Credits), len(want.Conflicts))
		}
	}
}

func TestVocabularyFindsEverySimilarKey(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	var names []parsedName
	for _, s := range append(variantNames(rng, 400), "Aleksandr", "Aleksandra", "Eydelshteyn", "Eidelstein") {
		names = append(names, parseName(s, rng.Intn(2) == 0))
	}
	v := newTokenVocabulary(names)
	keys := make([]string, len(v.ids))
	for k, id := range v.ids {
		keys[id] = k
	}
	pairs := 0
	for a := range keys {
		for b := range keys {
			if tokenScore(keys[a], keys[b]) < MatchThreshold {
				continue
			}
			pairs++
			found := false
			for _, s := range v.similar[a] {
				found = found || int(s) == b
			}
			if !found {
				t.Errorf("%q ~ %q (%.3f) missing from the vocabulary", keys[a], keys[b], tokenScore(keys[a], keys[b]))
			}
		}
	}
	if pairs <= len(keys) {
		t.Fatalf("only %d similar pairs among %d keys: the test names exercise no fuzzy match", pairs, len(keys))
	}
}

// A blocker asked about names its vocabulary was not built from adds their
// keys and still finds every match.
func TestVocabularyAddsUnknownKeys(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	names := variantNames(rng, 300)
	v := newTokenVocabulary(nil)
	b := newBlocker(v)
	parsed := make([]parsedName, len(names))
	for i, s := range names {
		parsed[i] = parseName(s, false)
		b.add(int32(i), parsed[i])
	}
	for i := range parsed {
		got := b.candidates(parsed[i], nil)
		for j := range parsed {
			if nameScore(parsed[i], parsed[j]) >= MatchThreshold && !slices.Contains(got, int32(j)) {
				t.Errorf("%q matches %q but is not a candidate", names[i], names[j])
			}
		}
	}
}
