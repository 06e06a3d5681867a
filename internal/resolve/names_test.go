package resolve

import (
	"testing"
	"unicode/utf8"
)

func TestTranslitKey(t *testing.T) {
	groups := [][]string{
		{"Eidelstein", "Eydelshteyn"},
		{"Fyodorov", "Fedorov"},
		{"Aleksei", "Alexei", "Alexey", "Aleksey"},
		{"Tchaikovsky", "Chaikovsky", "Tschaikowsky", "Chaikovskii"},
		{"Dmitri", "Dmitry", "Dmitrii", "Dmitriy"},
		{"Nikolai", "Nikolay"},
		{"Yekaterina", "Ekaterina"},
		{"Pyotr", "Petr"},
		{"Rachmaninoff", "Rachmaninov"},
		{"Mikhail", "Mihail"},
		{"Karren", "Karen"},
		{"Smith", "Smyth"},
		{"Valcárcel", "Valcarcel"},
	}
	for _, g := range groups {
		want := translitKey(g[0])
		for _, v := range g[1:] {
			if got := translitKey(v); got != want {
				t.Errorf("translitKey(%q) = %q, translitKey(%q) = %q: want equal", v, got, g[0], want)
			}
		}
	}
	apart := [][2]string{{"Igor", "Ivan"}, {"Galina", "Garnik"}, {"Ani", "Anya"}, {"Madison", "Mattson"}}
	for _, p := range apart {
		if translitKey(p[0]) == translitKey(p[1]) {
			t.Errorf("translitKey(%q) == translitKey(%q) = %q", p[0], p[1], translitKey(p[0]))
		}
	}
}

func TestSamePerson(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Mark Eidelstein", "Mark Eydelshteyn", true},
		{"Aleksei Fyodorov", "Alexei Fedorov", true},
		{"Pyotr Tchaikovsky", "Petr Chaikovsky", true},
		{"John Smith", "John Smyth", true},
		{"Mikey Madison", "Madison", true},
		{"Mikey Madison", "Mikey", true},
		{"Michael Madison", "Mikey Madison", true},
		{"Bill Murray", "William Murray", true},
		{"Robert De Niro", "Bob De Niro", true},
		{"Guillermo del Toro", "del Toro", true},
		{"J. Smith", "John Smith", true},
		{"C. Marlowe", "Celeste Marlowe", true},
		{"X. Smith", "Xavier Smith", true},
		{"X. Smith", "John Smith", false},
		{"J. Smith", "K. Smith", false},
		{"Ines Valcárcel", "Valcarcel", true},
		{"Jun Takeda-Ross", "Takeda-Ross", true},
		{"Yura Borisov", "Yuri Borisov", true},
		{"Mark Eydelshteyn", "Eidelstein", true},
		{"Martin Luther King Jr.", "Martin Luther King", true},
		{"Dr. Anselm Solberg", "Anselm Solberg", true},
		{"  Mikey   Madison ", "Mikey Madison", true},

		{"Mikey Madison", "Mark Eydelshteyn", false},
		{"Mark Eydelshteyn", "Mark Ruffalo", false},
		{"Mikey Madison", "Mikey Day", false},
		{"Joel Coen", "Ethan Coen", false},
		{"Igor", "Ivan", false},
		{"Toros", "Igor", false},
		{"Galina", "Garnik", false},
		{"Ani", "Anya", false},
		{"Yura Borisov", "Vache Tovmasyan", false},
		{"Karren Karagulian", "Darya Ekamasova", false},
		{"", "", false},
		{"", "Mikey Madison", false},
		{"!!!", "???", false},
	}
	for _, tt := range tests {
		if got := SamePerson(tt.a, tt.b); got != tt.want {
			t.Errorf("SamePerson(%q, %q) = %v (score %.3f), want %v", tt.a, tt.b, got, PersonSimilarity(tt.a, tt.b), tt.want)
		}
		if got := SamePerson(tt.b, tt.a); got != tt.want {
			t.Errorf("SamePerson(%q, %q) = %v, want %v (reversed)", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestSameCharacter(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Ivan", "Vanya", true},
		{"Anora", "Ani", true},
		{`Dmitri "Dima" Orlov`, "Dima", true},
		{`Dmitri "Dima" Orlov`, "Dmitri Orlov", true},
		{"Dmitri Orlov", "Dima", true},
		{`Walter "Walt" Brenner`, "Walt", true},
		{"Walter «Walt» Brenner", "Walter Brenner", true},
		{"Ivan “Vanya” Zakharov", "Vanya", true},
		{"Ivan “Vanya” Zakharov", "Ivan", true},
		{"Ivan “Vanya” Zakharov", "Vanya Zakharov", true},
		{"Ivan “Vanya” Zakharov", "Zakharov", true},
		{"Anora “Ani” Mikheeva", "Ani", true},
		{"Anora “Ani” Mikheeva", "Anora", true},
		{"Sheriff Cobb", "Cobb", true},
		{"Commander Yusra Haddad", "Yusra Haddad", true},
		{"Mr. Ashcombe", "Ashcombe", true},
		{"Mrs. Ashcombe", "Ashcombe", true},
		{"Mr. Ashcombe", "Mrs. Ashcombe", false},
		{"Lady Solberg", "Sir Anselm Solberg", false},
		{"Tern (android navigator)", "Tern", true},
		{"Seánie", "Seanie", true},
		{"Katya", "Yekaterina", true},
		{"Sasha", "Aleksandr", true},
		{"Sasha", "Alexandra", true},

		{"Igor", "Ivan", false},
		{"Galina", "Garnik", false},
		{"Toros", "Igor", false},
		{"Nell Darrow", "Sheriff Cobb", false},
		{"Ruth Okafor", "Caleb Okafor", false},
		{"Aleksandr", "Alexandra", false},
		{"Ani", "Anya", false},
		{"Mikheev", "Mikheeva", false},
		{"Maren Solberg", "Anselm Solberg", false},
		{"Sheriff", "Cobb", false},
	}
	for _, tt := range tests {
		if got := SameCharacter(tt.a, tt.b); got != tt.want {
			t.Errorf("SameCharacter(%q, %q) = %v (score %.3f), want %v", tt.a, tt.b, got, CharacterSimilarity(tt.a, tt.b), tt.want)
		}
		if got := SameCharacter(tt.b, tt.a); got != tt.want {
			t.Errorf("SameCharacter(%q, %q) = %v, want %v (reversed)", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestSimilarityOrdering(t *testing.T) {
	exact := PersonSimilarity("Mark Eydelshteyn", "Mark Eydelshteyn")
	variant := PersonSimilarity("Mark Eydelshteyn", "Mark Eidelstein")
	other := PersonSimilarity("Mark Eydelshteyn", "Mark Ruffalo")
	if exact != 1 || variant < MatchThreshold || other >= MatchThreshold {
		t.Errorf("scores: exact %.3f, variant %.3f, other %.3f", exact, variant, other)
	}
}

func FuzzSamePerson(f *testing.F) {
	seeds := [][2]string{
		{"Mark Eidelstein", "Mark Eydelshteyn"},
		{"Ivan “Vanya” Zakharov", "Vanya"},
		{`Walter "Walt" Brenner`, "Walt"},
		{"Mikey Madison", "Mikey Day"},
		{"", "("},
		{"'a' 'b'", "\"\""},
		{"\xff\xfe", "J."},
		{"Dr. Jr.", "del"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		ab, ba := PersonSimilarity(a, b), PersonSimilarity(b, a)
		if ab != ba {
			t.Fatalf("PersonSimilarity not symmetric: %q,%q → %v vs %v", a, b, ab, ba)
		}
		if ab < 0 || ab > 1 {
			t.Fatalf("PersonSimilarity(%q, %q) = %v out of [0,1]", a, b, ab)
		}
		if SameCharacter(a, b) != SameCharacter(b, a) {
			t.Fatalf("SameCharacter not symmetric for %q, %q", a, b)
		}
		if utf8.ValidString(a) && SamePerson(a, a) != !parseName(a, false).empty() {
			t.Fatalf("SamePerson(%q, itself) = %v", a, SamePerson(a, a))
		}
	})
}
