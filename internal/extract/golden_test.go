package extract

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/marquee-film/marquee/internal/ingest"
	"github.com/marquee-film/marquee/internal/review"
)

// The golden files freeze Extract's whole output, body sentences included,
// for the example reviews (read through ingest from ../../examples, as the
// CLI reads them) and for the invented documents below. A change of output
// must be deliberate: regenerate with
//
//	go test ./internal/extract -run TestGolden -update
//
// and explain the diff in the commit.

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// goldenReview is Extract's output with the body, which the JSON form of a
// Review leaves out.
type goldenReview struct {
	Source string        `json:"source"`
	Body   []string      `json:"body"`
	Review review.Review `json:"review"`
}

func TestGoldenExamples(t *testing.T) {
	root := filepath.Join("..", "..", "examples")
	var paths []string
	for _, dir := range []string{"text", "markdown", "html", "feeds", "data"} {
		paths = append(paths, filepath.Join(root, dir))
	}
	ctx := context.Background()
	inputs, skips, err := ingest.Scan(ctx, paths)
	if err != nil {
		t.Fatal(err)
	}
	if len(skips) > 0 || len(inputs) == 0 {
		t.Fatalf("examples: %d inputs, skipped %+v", len(inputs), skips)
	}
	for _, in := range inputs {
		name := filepath.Base(in.Path)
		t.Run(name, func(t *testing.T) {
			var got []goldenReview
			err := ingest.Read(ctx, in, nil, nil, func(it ingest.Item) error {
				if it.Skip != nil {
					t.Errorf("ingest skipped %s: %s", it.Skip.Source, it.Skip.Reason)
					return nil
				}
				r := Extract(*it.Doc)
				got = append(got, goldenReview{Source: relativeSource(it.Doc.Source, root), Body: r.Body, Review: r})
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			for i := range got {
				got[i].Review.Source = got[i].Source
			}
			checkGolden(t, "examples_"+name+".json", got)
		})
	}
}

// relativeSource makes a document's source independent of where the test
// runs from.
func relativeSource(source, root string) string {
	if rel, err := filepath.Rel(root, source); err == nil {
		return filepath.ToSlash(rel)
	}
	return source
}

// goldenDocuments are invented reviews and inputs that reach the corners of
// every finder: Markdown markup, byline and date shapes, runtimes, release
// clauses, awards, comparison cues, other languages, text that NFKC
// changes, and broken input.
func goldenDocuments() map[string]review.Document {
	published := time.Date(2025, 2, 1, 8, 0, 0, 0, time.UTC)
	text := func(s string) review.Document { return review.Document{Format: review.FormatText, Text: s} }
	markdown := func(s string) review.Document { return review.Document{Format: review.FormatMarkdown, Text: s} }
	return map[string]review.Document{
		"harbor_page":       text(harborPage),
		"harbor_page_crlf":  text(strings.ReplaceAll(harborPage, "\n", "\r\n")),
		"harbor_page_upper": text(strings.ToUpper(harborPage)),
		"invented_long":     text(inventedLongPage()),
		"metadata_wins": {
			Format: review.FormatText, Text: harborPage, Headline: "Stated headline", Author: "Stated Critic",
			Publication: "The Stated Paper", Published: &published, FilmTitle: "Stated Film", FilmYear: 1999,
			Director: "Stated Director", RatingRaw: "3.5/4", Verdict: "fresh", FilmIDs: map[string]string{"imdb": "tt0000001"},
			Extra: map[string]string{"mentioned_films": "Salt Wind\nLantern Road\n"},
		},
		"markdown_page": markdown("# Copper Lanes review: night shifts\n\n*By Omar Haddad*\n\nPublished on March 4th, 2025\n\n" +
			"> Warning: this review contains mild spoilers.\n\n" +
			"![poster](https://example.invalid/poster.jpg) Tomas Reyes’s _Copper Lanes_ is a **tense** thriller, more _Salt Wind_ than *Lantern Road*,\n" +
			"and [its trailer](https://example.invalid/trailer) undersells it. Mara (Ines Vidal) drives a cab; __Mara__ is _very_ tired.\n\n" +
			"## The verdict\n\nIt runs 2 hours and 5 minutes. It opens in UK cinemas on 21 March 2025, and on 4 April in the US.\n\n" +
			"The BAFTA-nominated Ines Vidal, a two-time Golden Globe winner, deserves the Best Actress nomination.\n\n" +
			"---\n\n**Share this:**\n\n- Twitter\n- Facebook\n"),
		"header_bullets": text("The Glass Orchard review – a luminous debut\n- glassfan_99\n- Jul 23\n- 5 min read\n" +
			"Chief Critic Priya Natarajan reviews The Glass Orchard, the debut of writer-director Hana Sato.\n" +
			"In The Glass Orchard, everything is fragile. Yuki (Rin Takeda) tends the trees while her father (Ken Mori) drinks. " +
			"Sato’s camera is patient and Sato’s script is lean. The film’s 104-minute runtime flies by. " +
			"Known for Still Walking and After Life, the studio took a risk. It has echoes of Tokyo Story, a Salt Wind/Cinderella-esque fable.\n" +
			"Posted in Reviews\nTags: drama, family\n"),
		"dash_signature": text("Night Ferry\nNight Ferry follows a ferry captain over one winter. It clocks in at 2h 5m. " +
			"Captain Ross (Iain Dunbar) is a sketch. Dr. J. R. Okafor plays the harbourmaster. It opened in the U.S. The reviews were kind!\n" +
			"It’s “kind” — and slight… Wait... What?! Like sea films such as Ferry Tales and The Long Crossing, it loves the sea.\n— Omar Haddad\n"),
		"releases": text("The Paper Kite is kind. It was released on Netflix on March 8, 2024, while it hits U.S. theaters on Nov. 22. " +
			"It is streaming on MUBI from 12 April; it opens in theaters Friday and arrives in Australian cinemas on 3rd May 2024. " +
			"She may open the letter on Friday. It runs 95 mins. There is a 10-minute scene, and the 35mm photography glows."),
		"awards": text("Palme d’Or Winner: The Paper Kite\nA deserved five-time Oscar winner leads it. Oscar Isaac plays the father. " +
			"It won the Palme d'Or, two Golden Globes and the Academy Award for Best Original Screenplay, and Caméra d’Or-winning " +
			"director Ana Lima takes a César. It is the best picture of the year, and the golden hour light is lovely. " +
			"The Independent Spirit Awards nominee and the SAG Award nominees were there."),
		"nfkc_text": text("The ﬁlm’s ﬁnale is ｆｕｌｌ-ｗｉｄｔｈ ﬁne. It costs ½ of a ticket, at 10 ㎏ of popcorn. " +
			"Ａｎｏｔｈｅｒ Ｓｈｏｒｅ is a film about the sea.\u00a0It ends\u2028abruptly. Zero\u200bwidth and \ufeffmarks."),
		"spanish": text("La película sigue a dos hermanas que regentan una tienda de cometas en un pueblo del norte. Es una comedia amable, " +
			"aunque algo ligera, y el reparto está estupendo. La directora filma con paciencia y con cariño, y el final, sin ser " +
			"sorprendente, emociona de verdad. Se estrena en España el 4 de abril."),
		"french": text("Le film suit deux sœurs qui tiennent une boutique de cerfs-volants dans un village du nord. C’est une comédie " +
			"douce, un peu légère, mais la distribution est formidable et la réalisatrice filme avec patience."),
		"russian": text("Фильм рассказывает о двух сёстрах, которые держат магазин воздушных змеев в северной деревне. " +
			"Это добрая комедия, и актёры в ней прекрасны."),
		"short_mixed":     text("Kite! Bon film. Gut."),
		"hostile_binary":  text("\x00\x01\x02\xff\xfe\x89PNG\r\n\x1a\n"),
		"hostile_utf8":    text("Good \xc3\x28 film. It runs 90 minutes\xff."),
		"hostile_script":  text("<script>alert(1)</script>\nThe film is kind."),
		"hostile_widgets": text("Share this:\nLike this:\nLoading...\nComments\n"),
		"hostile_fuzz":    text("Known for , and . In , X. A/B-esque (2024)\n“’s ’s’s -esque ( ) ((2024)\n\xff\xfe - \n- \n— \n("),
		"empty":           text(""),
	}
}

func TestGoldenInvented(t *testing.T) {
	docs := goldenDocuments()
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			r := Extract(doc)
			checkGolden(t, "invented_"+name+".json", []goldenReview{{Source: name, Body: r.Body, Review: r}})
		})
	}
}

func checkGolden(t *testing.T, name string, got []goldenReview) {
	t.Helper()
	data, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, '\n')
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(data, want) {
		t.Errorf("output differs from %s:\n%s", path, firstDifference(string(want), string(data)))
	}
}

// firstDifference shows the first differing line of two golden texts.
func firstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n  want " + wl + "\n  got  " + gl
		}
	}
	return "(same lines, different bytes)"
}
