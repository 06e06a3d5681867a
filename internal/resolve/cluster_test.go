package resolve

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// anoraCredits are the cast credits three reviews of Anora (2024) state,
// each spelling as that review writes it (reviews 1, 2 and 3).
func anoraCredits() []SourcedCredit {
	return []SourcedCredit{
		{1, "Mikey Madison", "Ani", "actor"},
		{1, "Mark Eidelstein", "Ivan", "actor"},
		{1, "Karren Karagulian", "Toros", "actor"},
		{2, "Mikey Madison", "Ani", "actor"},
		{2, "Mark Eydelshteyn", "Vanya", "actor"},
		{3, "Mikey Madison", "Anora “Ani” Mikheeva", "actor"},
		{3, "Mark Eydelshteyn", "Ivan “Vanya” Zakharov", "actor"},
		{3, "Karren Karagulian", "Toros", "actor"},
		{3, "Vache Tovmasyan", "Garnik", "actor"},
		{3, "Yura Borisov", "Igor", "actor"},
		{3, "Darya Ekamasova", "Galina", "actor"},
		{1, "Sean Baker", "", "director"},
		{2, "Sean Baker", "", "director"},
		{3, "Baker", "", "director"},
		{3, "Drew Daniels", "", "cinematographer"},
	}
}

func TestClusterCreditsAnora(t *testing.T) {
	got := ClusterCredits(anoraCredits())
	type want struct {
		person, character string
		role              string
		sources           []int64
	}
	wants := []want{
		{"Mark Eydelshteyn", "Ivan “Vanya” Zakharov", "actor", []int64{1, 2, 3}},
		{"Mikey Madison", "Anora “Ani” Mikheeva", "actor", []int64{1, 2, 3}},
		{"Sean Baker", "", "director", []int64{1, 2, 3}},
		{"Karren Karagulian", "Toros", "actor", []int64{1, 3}},
		{"Darya Ekamasova", "Galina", "actor", []int64{3}},
		{"Vache Tovmasyan", "Garnik", "actor", []int64{3}},
		{"Yura Borisov", "Igor", "actor", []int64{3}},
		{"Drew Daniels", "", "cinematographer", []int64{3}},
	}
	if len(got.Credits) != len(wants) {
		for _, c := range got.Credits {
			t.Logf("%s / %s (%s) %v", c.Person, c.Character, c.Role, c.Sources)
		}
		t.Fatalf("got %d clusters, want %d", len(got.Credits), len(wants))
	}
	actors := 0
	for i, w := range wants {
		c := got.Credits[i]
		if c.Person != w.person || c.Character != w.character || c.Role != w.role || !reflect.DeepEqual(c.Sources, w.sources) {
			t.Errorf("cluster %d = %q / %q (%s) %v, want %q / %q (%s) %v", i,
				c.Person, c.Character, c.Role, c.Sources, w.person, w.character, w.role, w.sources)
		}
		if c.Role == "actor" {
			actors++
		}
	}
	if actors != 6 {
		t.Errorf("got %d actor clusters, want 6", actors)
	}
	vanya := got.Credits[0]
	if want := []string{"Mark Eidelstein", "Mark Eydelshteyn"}; !reflect.DeepEqual(vanya.PersonVariants, want) {
		t.Errorf("PersonVariants = %q, want %q", vanya.PersonVariants, want)
	}
	if want := []string{"Ivan", "Ivan “Vanya” Zakharov", "Vanya"}; !reflect.DeepEqual(vanya.CharacterVariants, want) {
		t.Errorf("CharacterVariants = %q, want %q", vanya.CharacterVariants, want)
	}
	wantSources := map[string][]int64{
		"Mark Eidelstein": {1}, "Mark Eydelshteyn": {2, 3},
		"Ivan": {1}, "Vanya": {2}, "Ivan “Vanya” Zakharov": {3},
	}
	if !reflect.DeepEqual(vanya.VariantSources, wantSources) {
		t.Errorf("VariantSources = %v, want %v", vanya.VariantSources, wantSources)
	}
	if want := []string{"Baker", "Sean Baker"}; !reflect.DeepEqual(got.Credits[2].PersonVariants, want) {
		t.Errorf("director variants = %q, want %q", got.Credits[2].PersonVariants, want)
	}
	if len(got.Conflicts) != 0 {
		t.Errorf("unexpected conflicts: %+v", got.Conflicts)
	}
	checkGolden(t, "anora_clusters.golden.json", got)
}

func TestClusterCreditsOrderIndependent(t *testing.T) {
	in := anoraCredits()
	want := ClusterCredits(in)
	rng := rand.New(rand.NewSource(7))
	for i := 0; i < 20; i++ {
		rng.Shuffle(len(in), func(a, b int) { in[a], in[b] = in[b], in[a] })
		if got := ClusterCredits(in); !reflect.DeepEqual(got, want) {
			t.Fatalf("shuffle %d changed the result", i)
		}
	}
}

func TestClusterCreditsConflicts(t *testing.T) {
	// Invented: two reviews disagree on who plays Nell Darrow, and one actor
	// doubles as two characters.
	in := []SourcedCredit{
		{10, "Celeste Marlowe", "Nell Darrow", "actor"},
		{11, "Celeste Marlowe", "Nell Darrow", ""},
		{12, "Margaret Ashby", "Nell", "actor"},
		{10, "Dane Whitaker", "Sheriff Cobb", "actor"},
		{11, "Dane Whitaker", "Cobb", "actor"},
		{12, "Dane Whitaker", "Deputy Hale", "actor"},
		{13, "", "Sheriff Cobb", "actor"},
		{13, "Whitaker", "", "actor"},
		{13, "  ", "", "actor"},
	}
	got := ClusterCredits(in)
	if n := len(got.Credits); n != 4 {
		for _, c := range got.Credits {
			t.Logf("%s / %s %v", c.Person, c.Character, c.Sources)
		}
		t.Fatalf("got %d clusters, want 4", n)
	}
	cobb := got.Credits[0]
	if cobb.Person != "Dane Whitaker" || cobb.Character != "Sheriff Cobb" || !reflect.DeepEqual(cobb.Sources, []int64{10, 11, 13}) {
		t.Errorf("first cluster = %+v", cobb)
	}
	want := []Conflict{
		{
			Kind: ConflictActorCharacters, Subject: "Dane Whitaker",
			Values:       []string{"Deputy Hale", "Sheriff Cobb"},
			Sources:      []int64{10, 11, 12, 13},
			ValueSources: map[string][]int64{"Deputy Hale": {12}, "Sheriff Cobb": {10, 11, 13}},
		},
		{
			Kind: ConflictCharacterActors, Subject: "Nell Darrow",
			Values:       []string{"Celeste Marlowe", "Margaret Ashby"},
			Sources:      []int64{10, 11, 12},
			ValueSources: map[string][]int64{"Celeste Marlowe": {10, 11}, "Margaret Ashby": {12}},
		},
	}
	if !reflect.DeepEqual(got.Conflicts, want) {
		t.Errorf("Conflicts =\n%+v\nwant\n%+v", got.Conflicts, want)
	}
}

func TestClusterCreditsEmpty(t *testing.T) {
	got := ClusterCredits(nil)
	if len(got.Credits) != 0 || len(got.Conflicts) != 0 {
		t.Fatalf("ClusterCredits(nil) = %+v", got)
	}
}

func TestScalarConflicts(t *testing.T) {
	tests := []struct {
		name   string
		values map[int64]string
		want   *Conflict
	}{
		{"agree", map[int64]string{1: "138", 2: " 138 "}, nil},
		{"one", map[int64]string{1: "138"}, nil},
		{"empty values ignored", map[int64]string{1: "138", 2: ""}, nil},
		{"none", nil, nil},
		{"disagree", map[int64]string{3: "139", 1: "138", 2: "138"}, &Conflict{
			Kind: "runtime", Subject: "runtime", Values: []string{"138", "139"}, Sources: []int64{1, 2, 3},
			ValueSources: map[string][]int64{"138": {1, 2}, "139": {3}},
		}},
		{"numeric order", map[int64]string{1: "99", 2: "100"}, &Conflict{
			Kind: "runtime", Subject: "runtime", Values: []string{"99", "100"}, Sources: []int64{1, 2},
			ValueSources: map[string][]int64{"99": {1}, "100": {2}},
		}},
		{"text order", map[int64]string{1: "UK", 2: "Ireland"}, &Conflict{
			Kind: "runtime", Subject: "runtime", Values: []string{"Ireland", "UK"}, Sources: []int64{1, 2},
			ValueSources: map[string][]int64{"UK": {1}, "Ireland": {2}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ScalarConflicts("runtime", tt.values)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ScalarConflicts = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func checkGolden(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run with -update to create): %v", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from golden:\n%s", name, got)
	}
}

// benchmarkCredits builds reviews that each credit eight of a cast of ten,
// spelling each person and character one of several ways.
func benchmarkCredits(reviews, perReview int) []SourcedCredit {
	cast := []struct{ persons, characters []string }{
		{[]string{"Mark Eydelshteyn", "Mark Eidelstein", "Eydelshteyn"}, []string{"Ivan", "Vanya", "Ivan “Vanya” Zakharov", "Vanya Zakharov"}},
		{[]string{"Mikey Madison", "Madison"}, []string{"Ani", "Anora", "Anora “Ani” Mikheeva"}},
		{[]string{"Aleksei Fyodorov", "Alexei Fedorov", "Alexey Fyodorov"}, []string{"Dima", `Dmitri "Dima" Orlov`, "Dmitri Orlov"}},
		{[]string{"Hollis Grant", "Grant"}, []string{"Walt", `Walter "Walt" Brenner`, "Walter Brenner"}},
		{[]string{"Greta Vik"}, []string{"Maren", "Maren Solberg"}},
		{[]string{"Jonas Hedlund"}, []string{"Anselm", "Anselm Solberg"}},
		{[]string{"Liv Aasen"}, []string{"Hanne", "Hanne Brakstad"}},
		{[]string{"Yura Borisov", "Yuri Borisov"}, []string{"Igor"}},
		{[]string{"Dane Whitaker"}, []string{"Sheriff Cobb", "Cobb"}},
		{[]string{"Nadia Karim"}, []string{"Commander Yusra Haddad", "Haddad", "Yusra"}},
	}
	rng := rand.New(rand.NewSource(1))
	var out []SourcedCredit
	for r := 0; r < reviews; r++ {
		for _, i := range rng.Perm(len(cast))[:perReview] {
			c := cast[i]
			out = append(out, SourcedCredit{
				ReviewID:  int64(r + 1),
				Person:    c.persons[rng.Intn(len(c.persons))],
				Character: c.characters[rng.Intn(len(c.characters))],
				Role:      "actor",
			})
		}
	}
	return out
}

func TestBenchmarkCreditsCluster(t *testing.T) {
	got := ClusterCredits(benchmarkCredits(300, 8))
	if len(got.Credits) != 10 {
		for _, c := range got.Credits {
			t.Logf("%s / %s %d", c.Person, c.Character, len(c.Sources))
		}
		t.Fatalf("got %d clusters, want 10", len(got.Credits))
	}
	if len(got.Conflicts) != 0 {
		t.Fatalf("unexpected conflicts %+v", got.Conflicts)
	}
}

func BenchmarkClusterCredits(b *testing.B) {
	in := benchmarkCredits(300, 8)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ClusterCredits(in)
	}
	b.ReportMetric(float64(len(in))*float64(b.N)/b.Elapsed().Seconds(), "credits/s")
}

func ExampleScalarConflicts() {
	c := ScalarConflicts("runtime", map[int64]string{1: "138", 2: "139", 3: "138"})
	fmt.Println(c.Values, c.Sources, c.ValueSources["138"])
	// Output: [138 139] [1 2 3] [1 3]
}
