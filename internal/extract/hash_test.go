package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// referenceContentHash is the straightforward form of contentHash (NFKC on
// every sentence, rune by rune, streamed into SHA-256 in 4 KB blocks);
// contentHash must agree with it on every input.
func referenceContentHash(sentences []string) string {
	h := sha256.New()
	buf := make([]byte, 0, 8192)
	pendingSpace := false
	for i, sentence := range sentences {
		if i > 0 {
			pendingSpace = true
		}
		for _, r := range norm.NFKC.String(sentence) {
			r = unifyPunctuation(unicode.ToLower(r))
			switch {
			case r == -1:
				continue
			case r == ' ' || r == '\t' || r == '\n' || r >= utf8.RuneSelf && unicode.IsSpace(r):
				pendingSpace = true
				continue
			}
			if pendingSpace && len(buf) > 0 {
				buf = append(buf, ' ')
			}
			pendingSpace = false
			buf = utf8.AppendRune(buf, r)
		}
		if len(buf) > 4096 {
			h.Write(buf)
			buf = buf[:0]
		}
	}
	h.Write(buf)
	return hex.EncodeToString(h.Sum(nil))
}

func TestContentHashMatchesReference(t *testing.T) {
	long := strings.Repeat("A sentence of forty-odd bytes, give or take. ", 3)
	var many []string
	for range 300 {
		many = append(many, long)
	}
	tests := map[string][]string{
		"empty":           nil,
		"blank sentences": {"", " ", "\t"},
		"ascii":           {"It’s “KIND” — and   slight.", "The *cast* is _lovely_.", "`quoted´ text"},
		"nfkc changes":    {"The ﬁlm’s ﬁnale…", "ｆｕｌｌ ｗｉｄｔｈ ½ ㎏", "e\u0301 and A\u030a", "Å Ω K"},
		"combining after": {"cafe\u0301", "ê\u0301", "\u1100\u1161\u11a8"},
		"other scripts":   {"Фильм ДОБРЫЙ", "Ελληνικά ΤΑΙΝΙΑ", "映画はいい", "\u00a0non\u2028breaking\u3000space"},
		"over a block":    many,
		"controls":        {"\x00\x01\x02 \v\f\r\x7f"},
		"invalid utf8":    {"bad \xff\xfe byte", "\xc3\x28"},
		"emphasis only":   {"*", "_", "**__**"},
		"leading spaces":  {"   a", "  b  ", "c"},
	}
	for name, sentences := range tests {
		t.Run(name, func(t *testing.T) {
			got, _ := contentHash(sentences, nil)
			if want := referenceContentHash(sentences); got != want {
				t.Errorf("contentHash(%q) = %s, want %s", sentences, got, want)
			}
		})
	}
}

// TestContentHashEveryRune hashes every rune below the limit of nfkcInert
// between ASCII letters and before a combining mark.
func TestContentHashEveryRune(t *testing.T) {
	var sentences []string
	for r := rune(0x80); r < inertLimit+0x100; r++ {
		s := string(r)
		sentences = append(sentences[:0], "a"+s+"b", s+"\u0301", "e"+s, s)
		got, _ := contentHash(sentences, nil)
		if want := referenceContentHash(sentences); got != want {
			t.Fatalf("rune %U: contentHash = %s, want %s", r, got, want)
		}
	}
}

func TestContentHashRandom(t *testing.T) {
	alphabet := []rune("aZ .*_\t`´’“—½ﬁé\u0301ê\u00a0Ω\u3000ｆ…K\u212a")
	rng := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		var sentences []string
		for range rng.IntN(8) {
			var b strings.Builder
			for range rng.IntN(30) {
				b.WriteRune(alphabet[rng.IntN(len(alphabet))])
			}
			sentences = append(sentences, b.String())
		}
		got, _ := contentHash(sentences, nil)
		if want := referenceContentHash(sentences); got != want {
			t.Fatalf("contentHash(%q) = %s, want %s", sentences, got, want)
		}
	}
}

func FuzzContentHash(f *testing.F) {
	f.Add("It’s “KIND” — and slight.", "The ﬁlm’s *ﬁnale*…")
	f.Add("e\u0301", "\xff ½")
	f.Fuzz(func(t *testing.T, a, b string) {
		sentences := []string{a, b, a}
		got, _ := contentHash(sentences, nil)
		if want := referenceContentHash(sentences); got != want {
			t.Fatalf("contentHash(%q) = %s, want %s", sentences, got, want)
		}
	})
}
