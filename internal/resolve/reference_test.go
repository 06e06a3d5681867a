package resolve

import (
	"reflect"
	"slices"
	"testing"
)

func TestClusterCreditsWithoutReference(t *testing.T) {
	in := anoraCredits()
	if got, want := ClusterCreditsWithReference(in, nil), ClusterCredits(in); !reflect.DeepEqual(got, want) {
		t.Errorf("no reference changed the clusters:\n got %+v\nwant %+v", got, want)
	}
}

func TestClusterCreditsWithReference(t *testing.T) {
	const ref = -1
	// A catalogue cast list of Anora (invented spellings where the test
	// needs them): plain character names, a transliteration, a person no
	// review names, one the reviews give another part.
	catalogue := []SourcedCredit{
		{ref, "Mikey Madison", "Ani", "actress"},
		{ref, "Mark Eidelshtein", "Ivan Zakharov", "actor"},
		{ref, "Karren Karagulian", "Toros", "actor"},
		{ref, "Aleksei Serebryakov", "Nikolai Zakharov", "actor"},
		{ref, "Yura Borisov", "Garnik", "actor"},
		{ref, "Sean Baker", "", "director"},
	}
	plain := ClusterCredits(anoraCredits())
	got := ClusterCreditsWithReference(anoraCredits(), catalogue)
	type key struct{ person, character, role string }
	byKey := map[key]CreditCluster{}
	for _, c := range got.Credits {
		byKey[key{c.Person, c.Character, c.Role}] = c
	}
	// The reviews' clusters are kept whole; the catalogue joins them.
	for _, p := range plain.Credits {
		c, ok := byKey[key{p.Person, p.Character, p.Role}]
		if !ok {
			t.Errorf("cluster %s / %s (%s) of the reviews is gone", p.Person, p.Character, p.Role)
			continue
		}
		for _, v := range p.PersonVariants {
			if !slices.Contains(c.PersonVariants, v) {
				t.Errorf("%s lost the spelling %q", c.Person, v)
			}
		}
	}
	ivan := byKey[key{"Mark Eydelshteyn", "Ivan “Vanya” Zakharov", "actor"}]
	if !slices.Contains(ivan.PersonVariants, "Mark Eidelshtein") || !slices.Contains(ivan.CharacterVariants, "Ivan Zakharov") ||
		!slices.Equal(ivan.Sources, []int64{ref, 1, 2, 3}) {
		t.Errorf("Ivan = %+v, want the catalogue's spellings and source joined", ivan)
	}
	if d := byKey[key{"Sean Baker", "", "director"}]; !slices.Equal(d.Sources, []int64{ref, 1, 2, 3}) {
		t.Errorf("director = %+v", d)
	}
	// Only the catalogue names Serebryakov: a cluster of its own.
	if c := byKey[key{"Aleksei Serebryakov", "Nikolai Zakharov", "actor"}]; !slices.Equal(c.Sources, []int64{ref}) {
		t.Errorf("Serebryakov = %+v", c)
	}
	// Yura Borisov as Garnik contradicts the reviews' Vache Tovmasyan as
	// Garnik and Yura Borisov as Igor: both conflicts are listed.
	var conflicts []string
	for _, c := range got.Conflicts {
		conflicts = append(conflicts, c.Kind+": "+c.Subject)
	}
	for _, want := range []string{ConflictCharacterActors + ": Garnik", ConflictActorCharacters + ": Yura Borisov"} {
		if !slices.Contains(conflicts, want) {
			t.Errorf("conflicts %q lack %q", conflicts, want)
		}
	}
	if len(got.Credits) != len(plain.Credits)+2 {
		t.Errorf("%d clusters, want the reviews' %d and two of the catalogue's own", len(got.Credits), len(plain.Credits))
	}
}
