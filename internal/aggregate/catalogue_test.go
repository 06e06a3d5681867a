package aggregate

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/marquee-film/marquee/internal/resolve"
	"github.com/marquee-film/marquee/internal/review"
)

// orchardCatalogue is an invented catalogue entry for The Glass Orchard:
// its spellings differ from the reviews', it states one side of the
// reviews' Arvid disagreement, and it lists people no review mentions,
// one of them twice.
func orchardCatalogue() *Catalogue {
	return &Catalogue{
		Source: "imdb", ID: "tt9950001", Title: "The Glass Orchard", Year: 2022, RuntimeMinutes: 112,
		Directors: []string{"Oona Vaskelainen"}, Genres: []string{"Drama"},
		Credits: []CatalogueCredit{
			{Person: "Teodora Ilyina", Character: "Margit Sand", Role: "actress"},
			{Person: "Piet Hollander", Character: "Arvid", Role: "actor"},
			{Person: "Ruben Maas", Character: "Old Jens", Role: "actor"},
			{Person: "Ruben Maas", Character: "The Ferryman", Role: "actor"},
			{Person: "Oona Vaskelainen", Role: "director"},
			{Person: "Lior Ash", Role: "composer"},
		},
	}
}

func TestBuildWithoutCatalogueIsBuild(t *testing.T) {
	a := Build(7, "The Glass Orchard", 2022, "Oona Vaskelainen", orchardReviews())
	b := BuildWithCatalogue(7, "The Glass Orchard", 2022, "Oona Vaskelainen", orchardReviews(), nil)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("BuildWithCatalogue(nil) differs from Build")
	}
	out, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(out, &fields); err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{"catalog", "fact_sources", "runtime_minutes"} {
		if _, ok := fields[field]; ok {
			t.Errorf("a report without a catalogue has %q", field)
		}
	}
	for _, field := range []string{`"catalog_sources"`, `"value_catalog_sources"`} {
		if strings.Contains(string(fields["credits"])+string(fields["conflicts"]), field) {
			t.Errorf("a report without a catalogue has %s", field)
		}
	}
}

func TestBuildWithCatalogueCredits(t *testing.T) {
	cat := orchardCatalogue()
	label := "catalog:imdb:tt9950001"
	plain := Build(7, "The Glass Orchard", 2022, "Oona Vaskelainen", orchardReviews())
	rep := BuildWithCatalogue(7, "The Glass Orchard", 2022, "Oona Vaskelainen", orchardReviews(), cat)

	if rep.Catalog == nil || rep.Catalog.Source != "imdb" || rep.Catalog.ID != "tt9950001" || rep.Catalog.RuntimeMinutes != 112 {
		t.Errorf("catalog = %+v", rep.Catalog)
	}
	// The reviews state year, director and runtime: nothing is filled in.
	if rep.Year != 2022 || rep.Director != "Oona Vaskelainen" || rep.RuntimeMinutes != 0 || rep.FactSources != nil {
		t.Errorf("facts = year %d, director %q, runtime %d, sources %v; want the reviews' own", rep.Year, rep.Director, rep.RuntimeMinutes, rep.FactSources)
	}

	// The same clusters as without the catalogue — the catalogue's
	// spellings join them, and its people no review names stay out.
	if len(rep.Credits) != len(plain.Credits) {
		t.Fatalf("%d credits with the catalogue, %d without: %+v", len(rep.Credits), len(plain.Credits), rep.Credits)
	}
	byPerson := map[string]FilmCredit{}
	for _, c := range rep.Credits {
		byPerson[c.Person+"/"+c.Character+"/"+c.Role] = c
		if strings.Contains(c.Person, "Ruben Maas") || strings.Contains(c.Person, "Lior Ash") {
			t.Errorf("a credit only the catalogue states is listed: %+v", c)
		}
	}
	var lead FilmCredit
	for _, c := range rep.Credits {
		if c.Person == "Teodora Ilyina" {
			lead = c
		}
	}
	if !slices.Contains(lead.CharacterVariants, "Margit Sand") || !slices.Equal(lead.CatalogSources, []string{label}) ||
		!slices.Equal(lead.Sources, []int64{11, 12, 13}) {
		t.Errorf("lead = %+v, want the catalogue's Margit Sand among the variants, the catalogue as a source, reviews 11-13", lead)
	}
	if d := byPerson["Oona Vaskelainen//director"]; !slices.Equal(d.CatalogSources, []string{label}) || !slices.Equal(d.Sources, []int64{11}) {
		t.Errorf("director credit = %+v", d)
	}
	if a := byPerson["Bram Oduya/Arvid/actor"]; a.CatalogSources != nil {
		t.Errorf("Bram Oduya's Arvid is not the catalogue's: %+v", a)
	}

	// Conflicts: the catalogue sides with Piet Hollander and with 112
	// minutes; Ruben Maas's two parts are the catalogue's business.
	byKind := map[string]FilmConflict{}
	for _, c := range rep.Conflicts {
		byKind[c.Kind] = c
		if c.Subject == "Ruben Maas" {
			t.Errorf("a conflict within the catalogue is listed: %+v", c)
		}
	}
	arvid := byKind[resolve.ConflictCharacterActors]
	if !slices.Equal(arvid.Values, []string{"Bram Oduya", "Piet Hollander"}) || !slices.Equal(arvid.CatalogSources, []string{label}) ||
		!slices.Equal(arvid.ValueCatalogSources["Piet Hollander"], []string{label}) || arvid.ValueCatalogSources["Bram Oduya"] != nil ||
		!slices.Equal(arvid.ValueSources["Piet Hollander"], []int64{11, 12}) || !slices.Equal(arvid.Sources, []int64{11, 12, 13}) {
		t.Errorf("Arvid conflict = %+v", arvid)
	}
	runtime := byKind[ConflictRuntime]
	if !slices.Equal(runtime.Values, []string{"112", "118"}) || !slices.Equal(runtime.ValueCatalogSources["112"], []string{label}) ||
		!slices.Equal(runtime.ValueSources["112"], []int64{11, 13}) {
		t.Errorf("runtime conflict = %+v", runtime)
	}
	if c, ok := byKind[ConflictDirector]; ok {
		t.Errorf("director conflict %+v: the catalogue agrees with the reviews", c)
	}
	if len(rep.Conflicts) != len(plain.Conflicts) {
		t.Errorf("%d conflicts with the catalogue, %d without", len(rep.Conflicts), len(plain.Conflicts))
	}
}

func TestBuildWithCatalogueFillsFacts(t *testing.T) {
	// A review that states no year, director or runtime.
	only := []*review.Review{{
		ID: 14, Source: "orchard/ilmasto.txt", Film: review.Film{Title: "The Glass Orchard"},
		Credits: []review.Credit{{Person: "Teodora Ilina", Character: "Margit", Role: "actor"}},
	}}
	rep := BuildWithCatalogue(7, "The Glass Orchard", 0, "", only, orchardCatalogue())
	label := "catalog:imdb:tt9950001"
	if rep.Year != 2022 || rep.Director != "Oona Vaskelainen" || rep.RuntimeMinutes != 112 {
		t.Errorf("facts = %d, %q, %d; want the catalogue's", rep.Year, rep.Director, rep.RuntimeMinutes)
	}
	want := map[string]string{"year": label, "director": label, "runtime_minutes": label}
	if !reflect.DeepEqual(rep.FactSources, want) {
		t.Errorf("fact sources = %v, want %v", rep.FactSources, want)
	}
	if len(rep.Credits) != 1 || !slices.Contains(rep.Credits[0].PersonVariants, "Teodora Ilyina") {
		t.Errorf("credits = %+v, want the one cast credit with the catalogue's spelling", rep.Credits)
	}

	// A team of directors is joined, and is no conflict with a review
	// naming one of them.
	team := &Catalogue{Source: "tmdb", ID: "900100", Title: "Two Hands", Directors: []string{"Ada Quist", "Bo Quist"}}
	rep = BuildWithCatalogue(8, "Two Hands", 0, "", []*review.Review{{ID: 1}}, team)
	if rep.Director != "Ada Quist, Bo Quist" || rep.FactSources["director"] != "catalog:tmdb:900100" || rep.FactSources["year"] != "" {
		t.Errorf("team = %q, %v", rep.Director, rep.FactSources)
	}
	rep = BuildWithCatalogue(8, "Two Hands", 0, "Bo Quist", []*review.Review{{ID: 1, Director: ptr("Bo Quist")}}, team)
	if len(rep.Conflicts) != 0 || rep.Director != "Bo Quist" {
		t.Errorf("team with a review naming one: %q, conflicts %+v", rep.Director, rep.Conflicts)
	}
}

func TestBuildWithCatalogueDisagreement(t *testing.T) {
	// The reviews say one actor plays Nell, the catalogue another.
	reviews := []*review.Review{
		{ID: 1, Credits: []review.Credit{{Person: "Margaret Ashby", Character: "Nell Darrow", Role: "actor"}}},
		{ID: 2, Credits: []review.Credit{{Person: "Margaret Ashby", Character: "Nell", Role: "actor"}}},
	}
	cat := &Catalogue{Source: "imdb", ID: "tt9900187", Title: "The Long Quiet", Year: 1987,
		Credits: []CatalogueCredit{{Person: "Celeste Marlowe", Character: "Nell Darrow", Role: "actress"}}}
	rep := BuildWithCatalogue(1, "The Long Quiet", 1987, "", reviews, cat)
	if len(rep.Credits) != 1 || rep.Credits[0].CatalogSources != nil {
		t.Errorf("credits = %+v, want Margaret Ashby's alone", rep.Credits)
	}
	if len(rep.Conflicts) != 1 {
		t.Fatalf("conflicts = %+v, want one", rep.Conflicts)
	}
	c := rep.Conflicts[0]
	if c.Kind != resolve.ConflictCharacterActors || !slices.Equal(c.Values, []string{"Celeste Marlowe", "Margaret Ashby"}) ||
		!slices.Equal(c.ValueSources["Celeste Marlowe"], []int64{}) || !slices.Equal(c.ValueCatalogSources["Celeste Marlowe"], []string{"catalog:imdb:tt9900187"}) ||
		!slices.Equal(c.Sources, []int64{1, 2}) {
		t.Errorf("conflict = %+v", c)
	}
}
