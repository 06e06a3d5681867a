package ingest

import (
	"strings"
	"testing"

	"github.com/marquee-film/marquee/internal/ingest/hostile"
)

// TestUTF16WithoutBOM: Latin-script UTF-16 without a byte order mark is
// recognised by its NUL bytes and decoded; data that only resembles it
// stays binary.
func TestUTF16WithoutBOM(t *testing.T) {
	text := "Café Lumière (2003)\nBy Ines Varga\n\nA patient, tender film: the trains, the rain, the quiet.\n"
	utf32 := func(s string) []byte {
		var b []byte
		for _, r := range s {
			b = append(b, byte(r), byte(r>>8), byte(r>>16), byte(r>>24))
		}
		return b
	}
	tests := []struct {
		name     string
		data     []byte
		wantText string // "" when a skip is wanted
		wantSkip string
	}{
		{"little-endian", hostile.UTF16(text, false, false), text, ""},
		{"big-endian", hostile.UTF16(text, true, false), text, ""},
		{"little-endian with BOM", hostile.UTF16(text, false, true), text, ""},
		{"odd length", append(hostile.UTF16(text, false, false), 'x'), text + "\uFFFD", ""},
		{"UTF-32 is not UTF-16", utf32(text), "", "binary file (NUL byte at offset 1)"},
		{"Cyrillic UTF-16 has no NUL pattern", hostile.UTF16(strings.Repeat("Тихий фильм. ", 40), false, false), "", "binary file"},
		{"too short to tell", []byte("a\x00b"), "", "binary file (NUL byte at offset 1)"},
		{"zeros", make([]byte, 64), "", "binary file (NUL byte at offset 0)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := readStdin(t, tc.data)
			if tc.wantSkip != "" {
				checkResult(t, res, 0, []string{tc.wantSkip})
				return
			}
			checkResult(t, res, 1, nil)
			if len(res.docs) == 1 && res.docs[0].Text != tc.wantText {
				t.Errorf("text %q, want %q", res.docs[0].Text, tc.wantText)
			}
		})
	}
}
