package server

import (
	"io/fs"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var cssVarRE = regexp.MustCompile(`--([a-z-]+):\s*#([0-9a-fA-F]{6});`)

// themeColours reads the colour variables of the light theme (the first
// :root block) and the dark one (the :root inside prefers-color-scheme).
func themeColours(t *testing.T) map[string]map[string]string {
	t.Helper()
	css, err := fs.ReadFile(staticFiles, "static/style.css")
	if err != nil {
		t.Fatal(err)
	}
	s := string(css)
	dark := strings.Index(s, "@media (prefers-color-scheme: dark)")
	if dark < 0 {
		t.Fatal("style.css has no dark theme")
	}
	end := strings.Index(s[dark:], "}\n}") + dark
	themes := map[string]map[string]string{"light": {}, "dark": {}}
	for _, m := range cssVarRE.FindAllStringSubmatch(s[:dark], -1) {
		themes["light"][m[1]] = m[2]
	}
	for _, m := range cssVarRE.FindAllStringSubmatch(s[dark:end], -1) {
		themes["dark"][m[1]] = m[2]
	}
	return themes
}

func luminance(hex string) float64 {
	var c [3]float64
	for i := range c {
		v, _ := strconv.ParseUint(hex[2*i:2*i+2], 16, 8)
		x := float64(v) / 255
		if x <= 0.04045 {
			c[i] = x / 12.92
		} else {
			c[i] = math.Pow((x+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
}

func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

// TestContrast checks WCAG AA (4.5:1) for every text colour on every
// background the stylesheet puts it on, in both themes.
func TestContrast(t *testing.T) {
	pairs := [][2]string{
		{"fg", "bg"}, {"muted", "bg"}, {"link", "bg"}, {"error-fg", "bg"},
		{"fg", "surface"}, {"muted", "surface"}, {"link", "surface"},
		{"high-fg", "high-bg"}, {"mid-fg", "mid-bg"}, {"low-fg", "low-bg"}, {"none-fg", "none-bg"},
		{"up-fg", "up-bg"}, {"down-fg", "down-bg"},
	}
	for theme, vars := range themeColours(t) {
		for _, p := range pairs {
			fg, bg := vars[p[0]], vars[p[1]]
			if fg == "" || bg == "" {
				t.Errorf("%s theme lacks --%s or --%s", theme, p[0], p[1])
				continue
			}
			if c := contrast(fg, bg); c < 4.5 {
				t.Errorf("%s theme: --%s on --%s has contrast %.2f:1, want at least 4.5:1", theme, p[0], p[1], c)
			}
		}
	}
}
