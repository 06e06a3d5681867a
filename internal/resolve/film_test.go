package resolve

import (
	"reflect"
	"testing"
)

func TestFilmKey(t *testing.T) {
	tests := []struct {
		name, a, b string
		same       bool
	}{
		{"subtitle en dash vs hyphens", "Mission: Impossible – Dead Reckoning Part One", "Mission: Impossible - Dead Reckoning - Part One", true},
		{"subtitle em dash", "Mission: Impossible — Dead Reckoning Part One", "mission impossible dead reckoning part 1", true},
		{"part roman vs arabic", "The Godfather Part II", "Godfather: Part 2", true},
		{"part word vs roman", "Vanishing Point: Part One", "Vanishing Point Part I", true},
		{"pt abbreviation", "Dune: Pt. 2", "Dune Part Two", true},
		{"trailing roman", "Rocky V", "Rocky 5", true},
		{"roman inside", "Star Wars: Episode IV – A New Hope", "Star Wars Episode 4 A New Hope", true},
		{"different parts", "Vanishing Point: Part One", "Vanishing Point: Part Two", false},
		{"diacritics", "Amélie's Café", "Amelie’s Cafe", true},
		{"curly vs straight apostrophe", "The Lighthouse Keeper’s Daughter", "The Lighthouse Keeper's Daughter", true},
		{"leading article the", "The Long Quiet", "Long Quiet", true},
		{"leading article a", "A Quiet Harbour", "Quiet Harbour", true},
		{"french article", "Les Misérables", "Miserables", true},
		{"elided article", "L’Avventura", "Avventura", true},
		{"german article", "Das Boot", "Boot", true},
		{"ampersand", "Frames & Fragments", "Frames and Fragments", true},
		{"case and punctuation", "NORTHBOUND!", "northbound", true},
		{"trailing year", "Anora (2024)", "Anora", true},
		{"article only", "The", "the", true},
		{"different film", "Northbound", "Southbound", false},
		{"article inside kept", "Paris, Texas", "Paris Texas", true},
		{"pronoun i not a numeral", "I Am Legend", "1 Am Legend", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ka, kb := FilmKey(tt.a), FilmKey(tt.b)
			if (ka == kb) != tt.same {
				t.Errorf("FilmKey(%q)=%q, FilmKey(%q)=%q, want same=%v", tt.a, ka, tt.b, kb, tt.same)
			}
		})
	}
}

func TestFilmKeyValues(t *testing.T) {
	tests := map[string]string{
		"Amélie's Café": "amelies cafe",
		"Mission: Impossible – Dead Reckoning Part One": "mission impossible dead reckoning part 1",
		"The Lighthouse Keeper’s Daughter":              "lighthouse keepers daughter",
		"Romeo + Juliet":                                "romeo and juliet",
		"":                                              "",
		"  —  ":                                         "",
	}
	for in, want := range tests {
		if got := FilmKey(in); got != want {
			t.Errorf("FilmKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTitleMatches(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Vanishing Point", "Vanishing Point: Part One", true},
		{"Vanishing Point: Part One", "Vanishing Point", true},
		{"Vanishing Point", "Vanishing Point Part 1", true},
		{"Mission: Impossible", "Mission: Impossible – Dead Reckoning Part One", true},
		{"Vanishing Point: Part One", "Vanishing Point: Part Two", false},
		{"Vanishing Point", "Vanishing", false},
		{"The Long Quiet", "Long Quiet (1987)", true},
		{"", "", false},
		{"Northbound", "Copper Sky", false},
	}
	for _, tt := range tests {
		if got := TitleMatches(tt.a, tt.b); got != tt.want {
			t.Errorf("TitleMatches(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestSameFilm(t *testing.T) {
	tests := []struct {
		name string
		a, b FilmRef
		want bool
	}{
		{"same title and year", FilmRef{"The Long Quiet", 1987, ""}, FilmRef{"Long Quiet", 1987, "Harlan Mercer"}, true},
		{"remake by year", FilmRef{"The Long Quiet", 1987, ""}, FilmRef{"The Long Quiet", 2025, ""}, false},
		{"remake by director", FilmRef{"The Long Quiet", 0, "Harlan Mercer"}, FilmRef{"The Long Quiet", 0, "Jun Takeda-Ross"}, false},
		{"year unknown", FilmRef{"Northbound", 0, ""}, FilmRef{"Northbound", 2024, "Tobias Renner"}, true},
		{"director surname only", FilmRef{"The Lighthouse Keeper's Daughter", 2023, "Valcárcel"}, FilmRef{"Lighthouse Keeper’s Daughter", 2023, "Ines Valcarcel"}, true},
		{"co-directors", FilmRef{"Copper Sky", 2023, "Dalia Mercado and Hugh Penrose"}, FilmRef{"Copper Sky", 2023, "Hugh Penrose"}, true},
		{"different title", FilmRef{"Northbound", 2024, ""}, FilmRef{"Copper Sky", 2024, ""}, false},
		{"empty titles", FilmRef{"", 2024, ""}, FilmRef{"", 2024, ""}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SameFilm(tt.a, tt.b); got != tt.want {
				t.Errorf("SameFilm(%+v, %+v) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
			if got := SameFilm(tt.b, tt.a); got != tt.want {
				t.Errorf("SameFilm is not symmetric for %+v, %+v", tt.a, tt.b)
			}
		})
	}
}

func TestGroupFilms(t *testing.T) {
	refs := []FilmRef{
		{"The Long Quiet", 2025, "Jun Takeda-Ross"}, // 0
		{"The Long Quiet", 1987, "Harlan Mercer"},   // 1
		{"Long Quiet", 1987, ""},                    // 2
		{"The Long Quiet", 0, ""},                   // 3: fits both versions, stays alone
		{"Northbound", 0, ""},                       // 4
		{"NORTHBOUND", 2024, "Tobias Renner"},       // 5
		{"The Long Quiet", 2025, ""},                // 6
		{"Amélie's Café", 2024, ""},                 // 7
		{"Amelie’s Cafe", 0, "Bastien Leclair"},     // 8
		{"", 0, ""}, // 9
	}
	want := [][]int{{0, 6}, {1, 2}, {3}, {4, 5}, {7, 8}, {9}}
	got := GroupFilms(refs)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("GroupFilms = %v, want %v", got, want)
	}
	if again := GroupFilms(refs); !reflect.DeepEqual(again, got) {
		t.Fatalf("GroupFilms not deterministic: %v then %v", got, again)
	}
	if got := GroupFilms(nil); len(got) != 0 {
		t.Fatalf("GroupFilms(nil) = %v", got)
	}
}

func FuzzFilmKey(f *testing.F) {
	for _, s := range []string{
		"Mission: Impossible – Dead Reckoning Part One", "L’Avventura", "The", "Amélie's Café (2024)",
		"Rocky V", "\xff\xfe:", " - - ", "Part II: Part III", "&&&", "Ⅻ Monkeys",
	} {
		f.Add(s, s+": Part Two")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		ka := FilmKey(a)
		if TitleMatches(a, a) != (ka != "") {
			t.Fatalf("TitleMatches(%q, itself) = %v with key %q", a, TitleMatches(a, a), ka)
		}
		if TitleMatches(a, b) != TitleMatches(b, a) {
			t.Fatalf("TitleMatches not symmetric for %q, %q", a, b)
		}
		ra, rb := FilmRef{Title: a, Year: 2000}, FilmRef{Title: b}
		if SameFilm(ra, rb) != SameFilm(rb, ra) {
			t.Fatalf("SameFilm not symmetric for %q, %q", a, b)
		}
		if SameFilm(ra, rb) && ka != FilmKey(b) {
			t.Fatalf("SameFilm with different keys %q, %q", a, b)
		}
		groups := GroupFilms([]FilmRef{ra, rb, {Title: a, Year: 2001}})
		seen := 0
		for _, g := range groups {
			seen += len(g)
		}
		if seen != 3 {
			t.Fatalf("GroupFilms lost or duplicated refs: %v", groups)
		}
	})
}
