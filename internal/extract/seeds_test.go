package extract

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/marquee-film/marquee/internal/review"
)

// The seeds are three scraped web reviews kept outside the repository; the
// tests read them at test time and assert fields instead of committing
// golden output that would contain their text.

func seedsDir(tb testing.TB) string {
	tb.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "seeds")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("seeds not found: %v", err)
		}
		tb.Skipf("seeds not found: %v", err)
	}
	return dir
}

func readSeed(tb testing.TB, prefix string) review.Document {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(seedsDir(tb), prefix+"_*.txt"))
	if err != nil || len(files) != 1 {
		tb.Fatalf("seed %s: found %v (%v)", prefix, files, err)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		tb.Fatal(err)
	}
	return review.Document{Source: files[0], Format: review.FormatText, Text: string(data)}
}

type seedWant struct {
	headline       string
	author         string
	spoiler        string // "" for none
	rating         float64
	runtime        int
	releases       []review.ReleaseDate
	awards         []string
	mentioned      []string
	minSentences   int
	maxSentences   int
	credits        []review.Credit // person and role must be present
	notInBody      []string
	firstSentence  string // prefix
	lastSentenceIn string // substring of the last body sentence
}

func TestSeeds(t *testing.T) {
	tests := map[string]seedWant{
		"000": {
			minSentences: 55, maxSentences: 65,
			credits:        []review.Credit{{Person: "Mikey Madison", Role: "actor"}, {Person: "Mark Eidelstein", Role: "actor"}},
			firstSentence:  "In Anora, Sean Baker crafts",
			lastSentenceIn: "becomes something extraordinary",
		},
		"001": {
			spoiler:      "This review may reveal later elements of the plot.",
			rating:       100,
			runtime:      138,
			releases:     []review.ReleaseDate{{Region: "UK", Date: "1 November"}, {Region: "US", Date: "18 October"}},
			awards:       []string{"Oscar"},
			mentioned:    []string{"Tangerine", "The Florida Project", "Red Rocket"},
			minSentences: 40, maxSentences: 50,
			credits:        []review.Credit{{Person: "Mikey Madison", Role: "actor"}, {Person: "Mark Eydelshteyn", Role: "actor"}},
			notInBody:      []string{"★", "may reveal later elements"},
			firstSentence:  "An anti-Fairytale of New York",
			lastSentenceIn: "18 October in the US",
		},
		"002": {
			headline:     "[Nic’s Flix] Anora Deserved the Best Picture",
			author:       "Nic Chang",
			spoiler:      "Warning: this review contains mild spoilers of Anora.",
			awards:       []string{"Best Picture", "Best Actress", "five-time Oscar winner"},
			mentioned:    []string{"Pretty Woman", "Uncut Gems"},
			minSentences: 38, maxSentences: 48,
			credits: []review.Credit{{Person: "Mikey Madison", Role: "actor"}, {Person: "Yura Borisov", Role: "actor"},
				{Person: "Drew Daniels", Role: "cinematographer"}},
			notInBody:      []string{"Comentários", "kayleighgreig", "Jul 23", "min read", "Nic’s Flix", "contains mild spoilers"},
			firstSentence:  "Repeat Offenders Section Editor Nic Chang reviews",
			lastSentenceIn: "I salute to you",
		},
	}
	for prefix, want := range tests {
		t.Run(prefix, func(t *testing.T) {
			got := Extract(readSeed(t, prefix))
			if got.Headline != want.headline {
				t.Errorf("Headline = %q, want %q", got.Headline, want.headline)
			}
			if got.Author != want.author {
				t.Errorf("Author = %q, want %q", got.Author, want.author)
			}
			if got.Published != nil {
				t.Errorf("Published = %q, want null (no year stated)", *got.Published)
			}
			if got.Film != (review.Film{Title: "Anora"}) {
				t.Errorf("Film = %+v, want Anora without year", got.Film)
			}
			if got.Director == nil || *got.Director != "Sean Baker" {
				t.Errorf("Director = %v, want Sean Baker", deref(got.Director))
			}
			if deref(got.SpoilerWarning) != want.spoiler {
				t.Errorf("SpoilerWarning = %q, want %q", deref(got.SpoilerWarning), want.spoiler)
			}
			switch {
			case want.rating == 0 && got.Rating != nil:
				t.Errorf("Rating = %+v, want none", *got.Rating)
			case want.rating != 0 && (got.Rating == nil || got.Rating.Score != want.rating || got.Rating.Value != 5 || got.Rating.Max != 5):
				t.Errorf("Rating = %+v, want 5/5 scored %v", got.Rating, want.rating)
			}
			if want.runtime == 0 && got.RuntimeMinutes != nil || want.runtime != 0 && (got.RuntimeMinutes == nil || *got.RuntimeMinutes != want.runtime) {
				t.Errorf("RuntimeMinutes = %v, want %d", derefInt(got.RuntimeMinutes), want.runtime)
			}
			if !slices.Equal(got.ReleaseDates, want.releases) && !(len(want.releases) == 0 && len(got.ReleaseDates) == 0) {
				t.Errorf("ReleaseDates = %+v, want %+v", got.ReleaseDates, want.releases)
			}
			if !sameSet(got.Awards, want.awards) {
				t.Errorf("Awards = %q, want %q", got.Awards, want.awards)
			}
			if !sameSet(got.MentionedFilms, want.mentioned) {
				t.Errorf("MentionedFilms = %q, want %q", got.MentionedFilms, want.mentioned)
			}
			if got.Sentences < want.minSentences || got.Sentences > want.maxSentences || got.Sentences != len(got.Body) {
				t.Errorf("Sentences = %d (body %d), want %d..%d", got.Sentences, len(got.Body), want.minSentences, want.maxSentences)
			}
			if got.Words < 900 || got.Words > 1500 {
				t.Errorf("Words = %d, want a seed-sized body", got.Words)
			}
			if got.Language != "en" || !got.Scorable {
				t.Errorf("Language = %q, Scorable = %v, want en, true", got.Language, got.Scorable)
			}
			if len(got.ContentHash) != 64 {
				t.Errorf("ContentHash = %q", got.ContentHash)
			}
			body := strings.Join(got.Body, "\n")
			for _, s := range want.notInBody {
				if strings.Contains(body, s) {
					t.Errorf("body contains %q", s)
				}
			}
			if len(got.Body) > 0 {
				if !strings.HasPrefix(got.Body[0], want.firstSentence) {
					t.Errorf("first sentence = %.60q, want prefix %q", got.Body[0], want.firstSentence)
				}
				if last := got.Body[len(got.Body)-1]; !strings.Contains(last, want.lastSentenceIn) {
					t.Errorf("last sentence = %.80q, want it to contain %q", last, want.lastSentenceIn)
				}
			}
			for _, c := range want.credits {
				if !slices.ContainsFunc(got.Credits, func(g review.Credit) bool { return g.Person == c.Person && g.Role == c.Role }) {
					t.Errorf("Credits lack %s as %s: %+v", c.Person, c.Role, got.Credits)
				}
			}
		})
	}
}

// TestSeedHashSurvivesReformatting re-ingests a seed as CRLF text and as
// Markdown with its body only: the content hash must not change.
func TestSeedHashSurvivesReformatting(t *testing.T) {
	doc := readSeed(t, "001")
	want := Extract(doc).ContentHash
	crlf := doc
	crlf.Text = strings.ReplaceAll(doc.Text, "\n", "\r\n")
	if got := Extract(crlf).ContentHash; got != want {
		t.Errorf("CRLF copy hashes %s, want %s", got, want)
	}
	markdown := doc
	markdown.Format = review.FormatMarkdown
	markdown.Text = strings.ReplaceAll(doc.Text, "\n", "\n\n") + "\n\nShare this:\n\nLike this:\n"
	if got := Extract(markdown).ContentHash; got != want {
		t.Errorf("Markdown copy hashes %s, want %s", got, want)
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func derefInt(n *int) int {
	if n == nil {
		return 0
	}
	return *n
}

func sameSet(got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			return false
		}
	}
	return true
}
