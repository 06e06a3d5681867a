package extract

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/marquee-film/marquee/internal/review"
)

// All reviews below are invented for these tests: films, critics and
// outlets do not exist.

const harborPage = `★★★★☆
Moonlit Harbor (2023) review: a quiet storm
By Jane Doe
March 3, 2024
Spoilers ahead

Director Lena Markovic’s Moonlit Harbor is a film about waiting. In Moonlit Harbor, Lena Markovic builds a small fishing town out of fog and gossip, and the 112-minute runtime never drags.
Tess (Aurelie Blanc) keeps the lighthouse; her brother Jonah (Sam Okafor) keeps secrets. Markovic’s camera stays patient, and Markovic’s script refuses easy answers.
The film draws comparisons to The Quiet Shore and Salt Wind, and its final storm echoes of Lantern Road (2009).
Moonlit Harbor opens in UK cinemas on 14 June 2024 and arrives on Netflix on 2 August.

Share this:
Twitter
Facebook
Like this:
Loading...
Related
Another Review Title Here
© 2024 The Film Desk
`

func TestExtractPageLayout(t *testing.T) {
	got := Extract(review.Document{Source: "harbor.txt", Format: review.FormatText, Text: harborPage})
	check := func(field string, got, want any) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %v, want %v", field, got, want)
		}
	}
	check("Headline", got.Headline, "Moonlit Harbor (2023) review: a quiet storm")
	check("Author", got.Author, "Jane Doe")
	check("Published", deref(got.Published), "2024-03-03")
	check("SpoilerWarning", deref(got.SpoilerWarning), "Spoilers ahead")
	check("Film", got.Film, review.Film{Title: "Moonlit Harbor", Year: 2023})
	check("Director", deref(got.Director), "Lena Markovic")
	check("Runtime", derefInt(got.RuntimeMinutes), 112)
	if got.Rating == nil || got.Rating.Value != 4 || got.Rating.Max != 5 {
		t.Errorf("Rating = %+v, want 4/5 from the star line", got.Rating)
	}
	wantReleases := []review.ReleaseDate{{Region: "UK", Date: "2024-06-14"}, {Region: "Netflix", Date: "2 August"}}
	if !slices.Equal(got.ReleaseDates, wantReleases) {
		t.Errorf("ReleaseDates = %+v, want %+v", got.ReleaseDates, wantReleases)
	}
	if want := []string{"The Quiet Shore", "Salt Wind", "Lantern Road"}; !sameSet(got.MentionedFilms, want) {
		t.Errorf("MentionedFilms = %q, want %q", got.MentionedFilms, want)
	}
	body := strings.Join(got.Body, " ")
	for _, widget := range []string{"Share this", "Twitter", "Loading", "Related", "Another Review Title", "©", "★", "By Jane Doe", "Spoilers ahead"} {
		if strings.Contains(body, widget) {
			t.Errorf("body contains widget text %q", widget)
		}
	}
	if got.Sentences != 6 {
		t.Errorf("Sentences = %d, want 6: %q", got.Sentences, got.Body)
	}
}

func TestDocumentMetadataWins(t *testing.T) {
	published := time.Date(2025, 1, 9, 12, 0, 0, 0, time.UTC)
	value, best := 8.0, 10.0
	doc := review.Document{
		Format:      review.FormatText,
		Text:        harborPage,
		Headline:    "Stated headline",
		Author:      "Stated Critic",
		Publication: "The Stated Paper",
		Published:   &published,
		FilmTitle:   "Stated Film",
		FilmYear:    1999,
		Director:    "Stated Director",
		RatingValue: &value,
		RatingBest:  &best,
		Verdict:     "fresh",
		FilmIDs:     map[string]string{"imdb": "tt0000001"},
	}
	got := Extract(doc)
	if got.Headline != "Stated headline" || got.Author != "Stated Critic" || got.Publication != "The Stated Paper" ||
		deref(got.Published) != "2025-01-09" || got.Film != (review.Film{Title: "Stated Film", Year: 1999}) ||
		deref(got.Director) != "Stated Director" || got.SourceVerdict != "fresh" || got.FilmIDs["imdb"] != "tt0000001" {
		t.Errorf("stated metadata lost: %+v", got)
	}
	if got.Rating == nil || got.Rating.Value != 8 || got.Rating.Max != 10 {
		t.Errorf("Rating = %+v, want the schema rating 8/10 over the star line", got.Rating)
	}
	doc.RatingRaw = "3.5/4"
	if got := Extract(doc); got.Rating == nil || got.Rating.Value != 3.5 || got.Rating.Max != 4 {
		t.Errorf("Rating = %+v, want RatingRaw 3.5/4 first", got.Rating)
	}
}

func TestAuthor(t *testing.T) {
	body := "\nThe Paper Kite is a gentle comedy about two sisters who run a kite shop. It is slight, but it is kind, and the cast is lovely."
	tests := []struct {
		name, text, want string
	}{
		{"by line", "Paper Kites Over Leeds\nBy Omar Haddad\n" + body, "Omar Haddad"},
		{"review by with outlet", "Paper Kites Over Leeds\nReview by Omar Haddad, Film Critic\n" + body, "Omar Haddad"},
		{"dash signature at the end", "Paper Kites Over Leeds" + body + "\n— Omar Haddad\n", "Omar Haddad"},
		{"standfirst names the reviewer over the handle", "Paper Kites Over Leeds\n- kiteposter\n- Jan 5\nChief Critic Omar Haddad reviews The Paper Kite, a gentle comedy.\n" + body, "Omar Haddad"},
		{"bare handle as last resort", "Paper Kites Over Leeds\n- kiteposter\n- Jan 5\n" + body, "kiteposter"},
		{"none stated", "Paper Kites Over Leeds" + body, ""},
		{"by in prose is not a byline", "By the end of The Paper Kite I was in tears, and so was everyone around me in the cinema." + body, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Extract(review.Document{Format: review.FormatText, Text: tt.text}).Author; got != tt.want {
				t.Errorf("Author = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestHeadlineShape(t *testing.T) {
	longFirst := strings.Repeat("The opening paragraph of this review runs on and on about the film ", 6) + "and ends here."
	tests := []struct {
		name, text, want string
	}{
		{"short title line", "Paper Kites Over Leeds\nThe film is kind. It is slight.", "Paper Kites Over Leeds"},
		{"question headline", "Is The Paper Kite the year’s gentlest comedy?\nThe film is kind.", "Is The Paper Kite the year’s gentlest comedy?"},
		{"long first paragraph is body", longFirst + "\nThe film is kind.", ""},
		{"sentence-like first line is body", "The film is kind.\nIt is slight.", ""},
		{"only line is body", "Paper Kites Over Leeds", ""},
		{"after star line", "★★★\nPaper Kites Over Leeds\nThe film is kind.", "Paper Kites Over Leeds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Extract(review.Document{Format: review.FormatText, Text: tt.text})
			if got.Headline != tt.want {
				t.Errorf("Headline = %q, want %q", got.Headline, tt.want)
			}
			if tt.want == "" && got.Sentences == 0 {
				t.Errorf("no body left")
			}
		})
	}
}

func TestPublished(t *testing.T) {
	tests := []struct {
		line string
		want string // "" for null
	}{
		{"July 23, 2024", "2024-07-23"},
		{"Jul 23, 2024", "2024-07-23"},
		{"23 July 2024", "2024-07-23"},
		{"2024-07-23", "2024-07-23"},
		{"2024-07-23T09:30:00Z", "2024-07-23"},
		{"Published on July 23rd, 2024", "2024-07-23"},
		{"Tuesday, 23 July 2024", "2024-07-23"},
		{"Sept. 3, 2024", "2024-09-03"},
		{"Jul 23", ""},
		{"July 2024", ""},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			text := "Paper Kites Over Leeds\n" + tt.line + "\nThe film is kind. It was released in 2019, on June 4, 2019."
			got := Extract(review.Document{Format: review.FormatText, Text: text})
			if deref(got.Published) != tt.want {
				t.Errorf("Published = %q, want %q", deref(got.Published), tt.want)
			}
			if strings.Contains(strings.Join(got.Body, " "), tt.line) {
				t.Errorf("date line %q left in body", tt.line)
			}
		})
	}
	// No date guessed from the body.
	got := Extract(review.Document{Format: review.FormatText, Text: "The film premiered on June 4, 2019, and it still holds up."})
	if got.Published != nil {
		t.Errorf("Published = %q from body text, want null", *got.Published)
	}
}

func TestSpoilerWarning(t *testing.T) {
	body := "\nThe Paper Kite is a gentle comedy. The sisters reconcile in the end."
	tests := []struct {
		line, want string
	}{
		{"Warning: this review contains mild spoilers.", "Warning: this review contains mild spoilers."},
		{"This review may reveal later elements of the plot.", "This review may reveal later elements of the plot."},
		{"Spoilers ahead", "Spoilers ahead"},
		{"SPOILER ALERT", "SPOILER ALERT"},
		{"**Spoiler warning: the ending is discussed below.**", "Spoiler warning: the ending is discussed below."},
		{"This is a spoiler-free review.", ""},
		{"No spoilers here, promise.", ""},
		{"The trailer gives away the ending, which is a shame.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			got := Extract(review.Document{Format: review.FormatText, Text: "Paper Kites Over Leeds\n" + tt.line + body})
			if deref(got.SpoilerWarning) != tt.want {
				t.Errorf("SpoilerWarning = %q, want %q", deref(got.SpoilerWarning), tt.want)
			}
		})
	}
}

func TestFilmAndDirector(t *testing.T) {
	tests := []struct {
		name, text string
		title      string
		year       int
		director   string
	}{
		{
			"possessive and in-title",
			"Tomas Reyes’s Copper Lanes is a tense thriller. Mara (Ines Vidal) drives a cab at night. In Copper Lanes, the city never sleeps. Mara is tired. Mara is angry. Mara’s cab is her home.",
			"Copper Lanes", 0, "Tomas Reyes",
		},
		{
			"year in brackets and directed by",
			"Copper Lanes (2021), directed by Tomas Reyes, follows a cab driver. Copper Lanes is a film of small mercies.",
			"Copper Lanes", 2021, "Tomas Reyes",
		},
		{
			"in-title then name",
			"In Copper Lanes, Tomas Reyes follows a cab driver through one long night. Reyes’s camera never blinks, and Reyes’s script is lean. The final scenes of Copper Lanes are devastating.",
			"Copper Lanes", 0, "Tomas Reyes",
		},
		{
			"surname possessive expands to the full name",
			"Tomas Reyes returns with a night-time story. Copper Lanes is a film about a cab driver. Reyes’s direction is confident, and Reyes’s camera loves the rain. Copper Lanes is a triumph.",
			"Copper Lanes", 0, "Tomas Reyes",
		},
		{
			"character is not the director",
			"Copper Lanes is a thriller. Mara Quint (Ines Vidal) drives a cab. Mara Quint’s cab is her home, and Mara Quint’s silence is the film.",
			"Copper Lanes", 0, "",
		},
		{
			"no title stated in a title place",
			"The film is quiet. Mara drives. Mara waits. The city hums around her and nothing much happens.",
			"", 0, "",
		},
		{
			"place is not a title",
			"In London, a cab driver waits. London is grey. The film loves London.",
			"", 0, "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Extract(review.Document{Format: review.FormatText, Text: tt.text})
			if got.Film != (review.Film{Title: tt.title, Year: tt.year}) {
				t.Errorf("Film = %+v, want %q (%d)", got.Film, tt.title, tt.year)
			}
			if deref(got.Director) != tt.director {
				t.Errorf("Director = %q, want %q", deref(got.Director), tt.director)
			}
		})
	}
}

func TestRuntime(t *testing.T) {
	tests := []struct {
		sentence string
		want     int
	}{
		{"The film’s 138-minute runtime flies by.", 138},
		{"It runs 138 minutes and feels shorter.", 138},
		{"Runtime: 138 min.", 138},
		{"It clocks in at 2h 18m.", 138},
		{"At 2 hours and 18 minutes, it never drags.", 138},
		{"The running time of 95 minutes is just right.", 95},
		{"It is a lean 88-minute feature.", 88},
		{"5 min read", 0},
		{"In the final minutes, everything changes.", 0},
		{"There is a 10-minute scene in a bathtub.", 0},
		{"The 35mm photography glows.", 0},
		{"She waited 45 minutes for the bus.", 0},
	}
	for _, tt := range tests {
		t.Run(tt.sentence, func(t *testing.T) {
			got := Extract(review.Document{Format: review.FormatText, Text: "The Paper Kite is kind. " + tt.sentence})
			if derefInt(got.RuntimeMinutes) != tt.want {
				t.Errorf("RuntimeMinutes = %d, want %d", derefInt(got.RuntimeMinutes), tt.want)
			}
		})
	}
}

func TestReleaseDates(t *testing.T) {
	tests := []struct {
		sentence string
		want     []review.ReleaseDate
	}{
		{"The Paper Kite releases on 1 November in the UK, and on 18 October in the US.",
			[]review.ReleaseDate{{Region: "UK", Date: "1 November"}, {Region: "US", Date: "18 October"}}},
		{"It opens in theaters Friday.", []review.ReleaseDate{{Region: "", Date: "Friday"}}},
		{"It is in cinemas from 3 May.", []review.ReleaseDate{{Region: "", Date: "3 May"}}},
		{"It was released on Netflix on March 8, 2024.", []review.ReleaseDate{{Region: "Netflix", Date: "2024-03-08"}}},
		{"It is streaming on MUBI from 12 April.", []review.ReleaseDate{{Region: "MUBI", Date: "12 April"}}},
		{"It hits U.S. theaters on Nov. 22.", []review.ReleaseDate{{Region: "US", Date: "Nov. 22"}}},
		{"I saw it on 3 May with my sister.", nil},
		{"She may open the letter on Friday.", nil},
		{"The film premiered at a festival in May.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.sentence, func(t *testing.T) {
			got := Extract(review.Document{Format: review.FormatText, Text: "The Paper Kite is kind. " + tt.sentence}).ReleaseDates
			if len(got) != len(tt.want) || len(got) > 0 && !slices.Equal(got, tt.want) {
				t.Errorf("ReleaseDates = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestAwards(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"A deserved five-time Oscar winner. Her Best Actress win was earned, and so was Best Picture.", []string{"five-time Oscar winner", "Best Actress", "Best Picture"}},
		{"It won the Palme d’Or and two Golden Globes, then the Academy Award for Best Original Screenplay.", []string{"Palme d’Or", "Golden Globes", "Academy Award", "Best Original Screenplay"}},
		{"The BAFTA-nominated score is fine. The Oscars will love it. The Oscars love everyone.", []string{"BAFTA-nominated", "Oscars"}},
		{"Oscar Isaac plays the father.", nil},
		{"It is the best picture I have seen this year, and the golden hour light is lovely.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := Extract(review.Document{Format: review.FormatText, Text: tt.text}).Awards
			if !sameSet(got, tt.want) {
				t.Errorf("Awards = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMentionedFilms(t *testing.T) {
	tests := []struct {
		name string
		doc  review.Document
		want []string
	}{
		{"known for list", review.Document{Text: "Known for Salt Wind and The Quiet Shore, Reyes returns. Copper Lanes is a film about a cab."}, []string{"Salt Wind", "The Quiet Shore"}},
		{"populated list stops before a name", review.Document{Text: "The same world that populated Salt Wind, The Quiet Shore, and Lantern Road, and Reyes continues it here."}, []string{"Salt Wind", "The Quiet Shore", "Lantern Road"}},
		{"comparison suffixes", review.Document{Text: "A Salt Wind/Cinderella-esque fable turns into a Lantern Road-inspired nightmare, in a New Hollywood-inspired style."}, []string{"Salt Wind", "Lantern Road"}},
		{"year in brackets", review.Document{Text: "Copper Lanes is a film about a cab. It recalls nothing so much as Lantern Road (2009)."}, []string{"Lantern Road"}},
		{"comparison cues need a film noun", review.Document{Text: "She acts like Mara, and the film feels like Lantern Road and Salt Wind."}, []string{"Lantern Road", "Salt Wind"}},
		{"comparison cue without a film noun", review.Document{Text: "The cast, including Mara Quint and Tomas Reyes, acts like Lantern Road."}, nil},
		{"people take suffixes too", review.Document{Text: "A Mamet-esque script and a John Hughes-like finale, in a Lantern Road-style town."}, []string{"Lantern Road"}},
		{"places and people are not films", review.Document{Text: "It draws comparisons to New York and echoes of Tomas Reyes. Copper Lanes (2021) was directed by Tomas Reyes."}, nil},
		{"the film itself is not a mention", review.Document{Text: "Copper Lanes (2021) is a thriller. Copper Lanes is a film about a cab."}, nil},
		{"markdown emphasis", review.Document{Format: review.FormatMarkdown, Text: "# Copper Lanes\n\nCopper Lanes is a film about a cab, more _Salt Wind_ than *Lantern Road*, and _very_ good."}, []string{"Salt Wind", "Lantern Road"}},
		{"from ingest", review.Document{Text: "Copper Lanes is a film about a cab.", Extra: map[string]string{"mentioned_films": "Salt Wind\nLantern Road\n"}}, []string{"Salt Wind", "Lantern Road"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.doc.Format == "" {
				tt.doc.Format = review.FormatText
			}
			got := Extract(tt.doc).MentionedFilms
			if !sameSet(got, tt.want) {
				t.Errorf("MentionedFilms = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"It works. It really works!", []string{"It works.", "It really works!"}},
		{"Dr. Mara Quint arrives. She is late.", []string{"Dr. Mara Quint arrives.", "She is late."}},
		{"It opened in the U.S. The reviews were kind.", []string{"It opened in the U.S.", "The reviews were kind."}},
		{"It opened in the U.S. market first.", []string{"It opened in the U.S. market first."}},
		{"J. R. Okafor plays the father.", []string{"J. R. Okafor plays the father."}},
		{"It scores 3.5 out of 4. Really.", []string{"It scores 3.5 out of 4.", "Really."}},
		{"“Go home.” She does.", []string{"“Go home.”", "She does."}},
		{"Is it good? Yes (mostly). Fine.", []string{"Is it good?", "Yes (mostly).", "Fine."}},
		{"It ends… and then it doesn’t. Wait... What?", []string{"It ends… and then it doesn’t.", "Wait...", "What?"}},
		{"a classic t.A.T.u. needle drop lands.", []string{"a classic t.A.T.u. needle drop lands."}},
		{"No terminator at the end", []string{"No terminator at the end"}},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := splitSentences(tt.text, nil); !slices.Equal(got, tt.want) {
				t.Errorf("splitSentences = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestContentHash(t *testing.T) {
	a := Extract(review.Document{Format: review.FormatText, Text: "Paper Kites Over Leeds\nBy Omar Haddad\nIt’s “kind” — and slight.\r\nThe cast is lovely.\n\nShare this:\n"})
	b := Extract(review.Document{Format: review.FormatMarkdown, Text: "# Paper Kites Over Leeds\n\nIT'S \"KIND\" - and   slight.\nThe cast is *lovely*.\n"})
	c := Extract(review.Document{Format: review.FormatText, Text: "It's kind, and slight. The cast is lovely."})
	if a.ContentHash != b.ContentHash {
		t.Errorf("same review in two formats hashes differently: %s vs %s", a.ContentHash, b.ContentHash)
	}
	if a.ContentHash == c.ContentHash {
		t.Error("different text hashes the same")
	}
}

func TestLanguage(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"spanish", "La película sigue a dos hermanas que regentan una tienda de cometas en un pueblo del norte. Es una comedia amable, aunque algo ligera, y el reparto está estupendo. La directora filma con paciencia y con cariño, y el final, sin ser sorprendente, emociona de verdad.", "es"},
		{"portuguese", "O filme acompanha duas irmãs que gerem uma loja de papagaios de papel numa vila do norte. É uma comédia gentil, embora um pouco leve, e o elenco está ótimo. A realizadora filma com paciência e carinho, e o final, sem surpreender, emociona de verdade.", "pt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Extract(review.Document{Format: review.FormatText, Text: tt.text})
			if got.Language != tt.want || got.Scorable {
				t.Errorf("Language = %q, Scorable = %v, want %q, false", got.Language, got.Scorable, tt.want)
			}
		})
	}
	if got := Extract(review.Document{Format: review.FormatText, Text: harborPage}); got.Language != "en" || !got.Scorable {
		t.Errorf("English page: Language = %q, Scorable = %v", got.Language, got.Scorable)
	}
}

func TestHostileInput(t *testing.T) {
	inputs := map[string]string{
		"empty":        "",
		"blank lines":  "\n\n\n   \n",
		"binary":       "\x00\x01\x02\xff\xfe\x89PNG\r\n\x1a\n",
		"invalid utf8": "Good \xc3\x28 film. It runs 90 minutes\xff.",
		"script tag":   "<script>alert(1)</script>\nThe film is kind.",
		"only widgets": "Share this:\nLike this:\nLoading...\nComments\n",
		"huge line":    strings.Repeat("word ", 200000),
	}
	for name, text := range inputs {
		t.Run(name, func(t *testing.T) {
			got := Extract(review.Document{Format: review.FormatText, Text: text})
			for _, s := range got.Body {
				if !utf8.ValidString(s) {
					t.Errorf("invalid UTF-8 sentence %q", s)
				}
			}
			if got.Sentences != len(got.Body) || got.Words < 0 {
				t.Errorf("Sentences = %d for %d body sentences, Words = %d", got.Sentences, len(got.Body), got.Words)
			}
		})
	}
}

func FuzzExtract(f *testing.F) {
	f.Add(harborPage, "text")
	f.Add("# Title\n\n_Salt Wind_ and *Lantern Road*.\n", "markdown")
	f.Add("★★★½\nIt runs 2h 18m. Opens 1 May in the UK.", "text")
	f.Add("\xff\xfe - \n- \n— \n(", "text")
	f.Add("Known for , and . In , X. A/B-esque (2024)", "text")
	f.Add("“’s ’s’s -esque ( ) ((2024)", "text")
	f.Fuzz(func(t *testing.T, text, format string) {
		got := Extract(review.Document{Format: review.Format(format), Text: text})
		if got.Sentences < 0 || got.Words < 0 || got.Sentences != len(got.Body) {
			t.Fatalf("bad counts: %d sentences, %d body, %d words", got.Sentences, len(got.Body), got.Words)
		}
		for _, s := range got.Body {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 sentence %q", s)
			}
		}
		if got.RuntimeMinutes != nil && (*got.RuntimeMinutes < minimumRuntime || *got.RuntimeMinutes > maximumRuntime) {
			t.Fatalf("runtime %d out of range", *got.RuntimeMinutes)
		}
	})
}

func TestInventedPages(t *testing.T) {
	tests := []struct {
		name, text string
		want       review.Review // only the fields compared below
	}{
		{
			name: "guardian-style headline and article title",
			text: "The Glass Orchard review – a luminous debut\nBy Priya Natarajan\n12 February 2025\n" +
				"The Glass Orchard is a luminous debut from writer-director Hana Sato, whose camera drifts through a failing apple farm. " +
				"In The Glass Orchard, everything is fragile. Yuki (Rin Takeda) tends the trees while her father (Ken Mori) drinks. It runs 104 minutes. " +
				"Sato’s film recalls Still Walking and After Life, and the film has echoes of Tokyo Story. The Glass Orchard opens in UK cinemas on 21 March.\n" +
				"Share this:\nFacebook\nX\n",
			want: review.Review{
				Headline: "The Glass Orchard review – a luminous debut", Author: "Priya Natarajan",
				Film: review.Film{Title: "The Glass Orchard"}, MentionedFilms: []string{"Still Walking", "After Life", "Tokyo Story"},
				ReleaseDates: []review.ReleaseDate{{Region: "UK", Date: "21 March"}}, Sentences: 6,
			},
		},
		{
			name: "review-colon headline and tag widgets",
			text: "Review: Night Ferry\nNight Ferry follows a ferry captain over one winter. It’s a slow film, and Captain Ross (Iain Dunbar) is a sketch rather than a man. " +
				"The 2h 5m runtime drags. Director Moira Quinn shot it on 16mm. Like sea films such as Ferry Tales and The Long Crossing, it loves the sea.\nTags: drama, sea\nPosted in Reviews\n",
			want: review.Review{
				Headline: "Review: Night Ferry", Film: review.Film{Title: "Night Ferry"},
				MentionedFilms: []string{"Ferry Tales", "The Long Crossing"}, Sentences: 5,
			},
		},
		{
			name: "no film named in a title place",
			text: "I went in knowing nothing. The movie surprised me. Ana is a great character and Ana is the heart of it. Ana is everything.",
			want: review.Review{Sentences: 4},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Extract(review.Document{Format: review.FormatText, Text: tt.text})
			if got.Headline != tt.want.Headline || got.Author != tt.want.Author || got.Film != tt.want.Film || got.Sentences != tt.want.Sentences {
				t.Errorf("got headline %q, author %q, film %+v, %d sentences; want %q, %q, %+v, %d",
					got.Headline, got.Author, got.Film, got.Sentences, tt.want.Headline, tt.want.Author, tt.want.Film, tt.want.Sentences)
			}
			if !sameSet(got.MentionedFilms, tt.want.MentionedFilms) {
				t.Errorf("MentionedFilms = %q, want %q", got.MentionedFilms, tt.want.MentionedFilms)
			}
			if len(got.ReleaseDates) != len(tt.want.ReleaseDates) || len(got.ReleaseDates) > 0 && !slices.Equal(got.ReleaseDates, tt.want.ReleaseDates) {
				t.Errorf("ReleaseDates = %+v, want %+v", got.ReleaseDates, tt.want.ReleaseDates)
			}
		})
	}
}

func TestWidgetLines(t *testing.T) {
	body := "The Paper Kite is a gentle comedy about two sisters.\nIt is slight, but it is kind."
	tests := []struct {
		name, text string
		format     review.Format
	}{
		{"trailing share block", body + "\n\n\n\nShare this:\nTwitter\nFacebook\nLike this:\nLike Loading...\nRelated\nSome Other Post\n", review.FormatText},
		{"comment counters", "5 min read\n" + body + "\n3 Comments\nLeave a reply\nComentários\n", review.FormatText},
		{"tags and copyright", body + "\nPosted in Reviews\nTags: comedy, sisters\n© 2024 Kite Reviews. All rights reserved.\n", review.FormatText},
		{"widgets between paragraphs", "The Paper Kite is a gentle comedy about two sisters.\nAdvertisement\nRead more\nIt is slight, but it is kind.\nSubscribe\n", review.FormatText},
		{"markdown page", "# Paper Kites Over Leeds\n\n*By Omar Haddad*\n\n" + strings.ReplaceAll(body, "\n", "\n\n") + "\n\n---\n\n**Share this:**\n", review.FormatMarkdown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Extract(review.Document{Format: tt.format, Text: tt.text})
			want := []string{"The Paper Kite is a gentle comedy about two sisters.", "It is slight, but it is kind."}
			if !slices.Equal(got.Body, want) {
				t.Errorf("Body = %q, want %q", got.Body, want)
			}
		})
	}
}

// TestFilmFromHeadline covers headlines that open with, or quote, the
// film's title, including titles the phrase finder splits at a possessive.
func TestFilmFromHeadline(t *testing.T) {
	tests := []struct {
		name, headline, text string
		title, director      string
	}{
		{
			"possessive title before a colon",
			"The Harbourmaster's Son: salt, silence and a little too much fog",
			"The Harbourmaster's Son (2022) is a slow film. Its harbour scenes are lovely.",
			"The Harbourmaster's Son", "",
		},
		{
			"possessive title before a title-case verb",
			"The Harbourmaster’s Son Is a Storm Worth Sitting Through",
			"I admired The Harbourmaster’s Son more than I loved it. Its harbour scenes are lovely.",
			"The Harbourmaster’s Son", "",
		},
		{
			"sentence-case headline",
			"Driftwood never quite finds its feet",
			"Driftwood follows two brothers up a coast. The brothers bicker.",
			"Driftwood", "",
		},
		{
			"whole headline with a subtitle",
			"Glass Harbour: Part Two",
			"Glass Harbour: Part Two picks up a year later. Renata Oduya directs again.",
			"Glass Harbour: Part Two", "",
		},
		{
			"director's possessive then a possessive title",
			"Amaury's Garden",
			"Odalys Brandt's Amaury's Garden wants to charm. It runs 97 minutes.",
			"Amaury's Garden", "Odalys Brandt",
		},
		{
			"a maker's possessive in a longer headline is not part of the title",
			"Odalys Brandt's Driftwood Is Too Sweet",
			"Odalys Brandt's Driftwood wants to charm. Driftwood (2024) runs 97 minutes.",
			"Driftwood", "Odalys Brandt",
		},
		{
			"quoted in guillemets",
			"Crítica: «Driftwood», un viaje lento",
			"Driftwood es una película lenta. Los hermanos discuten.",
			"Driftwood", "",
		},
		{
			"an actor opening the headline is not the title",
			"Ines Vidal Is Extraordinary in Copper Lanes",
			"Copper Lanes (2021) is a thriller. Mara (Ines Vidal) drives a cab at night.",
			"Copper Lanes", "",
		},
		{
			"a headline word the body never writes names nothing",
			"Weekend Picks: Three to See",
			"Copper Lanes (2021) is a thriller about a cab driver.",
			"Copper Lanes", "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Extract(review.Document{Format: review.FormatText, Headline: tt.headline, Text: tt.text})
			if got.Film.Title != tt.title {
				t.Errorf("title = %q, want %q", got.Film.Title, tt.title)
			}
			if tt.director != "" && (got.Director == nil || *got.Director != tt.director) {
				t.Errorf("director = %v, want %q", got.Director, tt.director)
			}
			for _, m := range got.MentionedFilms {
				if strings.Contains(tt.title, m) {
					t.Errorf("a piece of the title, %q, is listed as another film", m)
				}
			}
		})
	}
}
