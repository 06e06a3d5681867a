package extract

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/marquee-film/marquee/internal/review"
)

// TestFranksMovielog measures film title, director and mentioned-film
// extraction on a real critic's Markdown reviews (read at test time from
// ../../../shared/data, never copied). The gold title and directors come
// from the dataset's IMDb-derived title records. It asserts floors well
// under the measured rates so that a regression fails, and logs the rates.
func TestFranksMovielog(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 1,568 reviews")
	}
	path := filepath.Join("..", "..", "..", "shared", "data", "franks-movielog", "reviews.jsonl.gz")
	f, err := os.Open(path)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("dataset not found: %v", err)
		}
		t.Skipf("dataset not found: %v", err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	// Ingest strips inline HTML; this test does the same for the <span>
	// wrappers the source puts around references to other films.
	htmlTag := regexp.MustCompile(`</?span[^>]*>`)
	goldMention := regexp.MustCompile(`<span data-imdb-id="[^"]*">_([^_<]+)_</span>`)
	emphasis := regexp.MustCompile(`_([^_\n]+)_`)
	var cueMentions, cueMentionsRight int
	var wrongMentions []string
	var total, titleFound, titleRight, directorFound, directorRight, mentions, mentionsOfFilm int
	var wrongTitles []string
	scanner := bufio.NewScanner(gz)
	scanner.Buffer(make([]byte, 1<<20), 1<<24)
	for scanner.Scan() {
		var rec struct {
			Body      string   `json:"body_markdown"`
			FilmTitle string   `json:"film_title"`
			Directors []string `json:"directors"`
		}
		if err := json.Unmarshal(scanner.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		got := Extract(review.Document{Format: review.FormatMarkdown, Text: htmlTag.ReplaceAllString(rec.Body, "")})
		total++
		if got.Film.Title != "" {
			titleFound++
			if strings.EqualFold(got.Film.Title, rec.FilmTitle) {
				titleRight++
			} else if len(wrongTitles) < 15 {
				wrongTitles = append(wrongTitles, got.Film.Title+" ≠ "+rec.FilmTitle)
			}
		}
		if got.Director != nil {
			directorFound++
			for _, d := range rec.Directors {
				if *got.Director == d {
					directorRight++
				}
			}
		}
		// Mentions found without Markdown emphasis (cues, suffixes,
		// years) against the films the source marks as references.
		gold := map[string]bool{}
		for _, m := range goldMention.FindAllStringSubmatch(rec.Body, -1) {
			gold[m[1]] = true
		}
		plain := emphasis.ReplaceAllString(htmlTag.ReplaceAllString(rec.Body, ""), "$1")
		for _, m := range Extract(review.Document{Format: review.FormatText, Text: plain}).MentionedFilms {
			cueMentions++
			if gold[m] {
				cueMentionsRight++
			} else if len(wrongMentions) < 15 {
				wrongMentions = append(wrongMentions, m)
			}
		}
		for _, m := range got.MentionedFilms {
			mentions++
			if strings.EqualFold(m, rec.FilmTitle) {
				mentionsOfFilm++
			}
		}
	}
	if err := scanner.Err(); err != nil {
		t.Fatal(err)
	}
	rate := func(n, d int) float64 {
		if d == 0 {
			return 0
		}
		return float64(n) / float64(d)
	}
	t.Logf("%d reviews: title found %.1f%%, right when found %.1f%%; director found %.1f%%, right when found %.1f%%; %d mentioned films, %d of them the film itself",
		total, 100*rate(titleFound, total), 100*rate(titleRight, titleFound), 100*rate(directorFound, total), 100*rate(directorRight, directorFound), mentions, mentionsOfFilm)
	t.Logf("wrong titles (sample): %q", wrongTitles)
	// Floors a few points under the rates measured when this test was
	// written (84% / 70% / 88% / 9%).
	if rate(titleFound, total) < 0.80 || rate(titleRight, titleFound) < 0.66 {
		t.Errorf("film title: found %.1f%%, right when found %.1f%%; floors 80%% / 66%%", 100*rate(titleFound, total), 100*rate(titleRight, titleFound))
	}
	if rate(directorRight, directorFound) < 0.84 {
		t.Errorf("director right when found %.1f%%, floor 84%%", 100*rate(directorRight, directorFound))
	}
	if rate(mentionsOfFilm, mentions) > 0.12 {
		t.Errorf("%.1f%% of mentioned films are the film itself, ceiling 12%%", 100*rate(mentionsOfFilm, mentions))
	}
	t.Logf("without emphasis: %d mentioned films, %.1f%% of them marked as film references by the source; others (sample): %q",
		cueMentions, 100*rate(cueMentionsRight, cueMentions), wrongMentions)
}
