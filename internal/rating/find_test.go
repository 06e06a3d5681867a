package rating

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFind(t *testing.T) {
	const para = "The director keeps the camera close and the pace patient, and the lead finds a quiet fury in every scene.\n"
	tests := []struct {
		name  string
		text  string
		raw   string // "" means no rating
		score float64
	}{
		// Standalone lines.
		{"star line on top", "★★★★★\n" + para, "★★★★★", 100},
		{"half star line", para + "★★★½\n" + para, "★★★½", 70},
		{"drawn empty stars", "  ★★☆☆☆  \n" + para, "★★☆☆☆", 40},
		{"fraction line", para + "3.5/4\n", "3.5/4", 87.5},
		{"out of line", para + "8 out of 10\n", "8 out of 10", 80},
		{"letter line", para + "B+\n", "B+", 83},
		{"asterisks with half on a line: five assumed", para + "***1/2\n", "***1/2", 70},
		{"asterisks alone are a section break", para + "*****\n", "", 0},
		{"section break is not a rating", para + "***\n" + para, "", 0},
		{"spaced section break", para + "* * *\n" + para, "", 0},
		{"lone letter is a list marker", para + "A\n" + para, "", 0},
		{"empty widget", "☆☆☆☆☆\n" + para, "", 0},
		{"bare year line", "2024\n" + para, "", 0},
		{"lone small number does not mask text", "3\n" + para + "It is a 3.5/4 film.", "3.5/4", 87.5},
		{"page counter", para + "1/2\n", "", 0},
		{"date line", "10/12/2024\n" + para, "", 0},
		// Labels.
		{"rating label", para + "Rating: 2.5/4\n", "2.5/4", 62.5},
		{"rating label bare ten", para + "Rating: 7.5\n", "7.5", 75},
		{"rating label bare: five assumed", para + "Rating: 2.5\n", "2.5", 50},
		{"grade label", para + "Grade: B+\n", "B+", 83},
		{"grade label plain letter", "Grade: C. " + para, "C", 50},
		{"verdict label stars", "Verdict: ★★★★☆\n" + para, "★★★★☆", 80},
		{"markdown label", para + "**Rating:** 3/5\n", "3/5", 60},
		{"score label", "Our score: 92/100 " + para, "92/100", 92},
		{"label with trailing text", "Rating: 3 out of 4 — see it.\n" + para, "3 out of 4", 75},
		{"imdb rating is not the critic's", para + "IMDb rating: 8.1\n", "", 0},
		{"mpaa rating", "MPAA rating: PG-13\n" + para, "", 0},
		{"label beats text", "I give it 2/4 out of spite. " + para + "Rating: 3/4\n", "3/4", 75},
		{"standalone beats text", "★★★★\n" + para + "It is a 2/5 film at best.\n", "★★★★", 80},
		// First-person verdicts.
		{"give a letter", para + "I give it a B-.", "B-", 67},
		{"give a solid letter", para + "All told, I'd give it a solid A-minus.", "A-minus", 91},
		{"rate fraction", para + "I rate it 3.5/4.", "3.5/4", 87.5},
		{"would give spelled stars", para + "I would happily give it three and a half stars out of five.", "three and a half stars out of five", 70},
		{"give bare ten-point", para + "I give it 8.", "8", 80},
		{"give bare with unit", para + "I'd give it 8 hours of my life again.", "", 0},
		{"give stars: five assumed", para + "I give it 4 stars.", "4 stars", 80},
		{"give FIVE stars", para + "I give it five stars.", "five stars", 100},
		{"curly apostrophe", para + "I’d give Anora an A.", "A", 100},
		{"verdict beats text list", "Last week's Dune got 8/10 here. " + para + "I give this one 6/10.", "6/10", 60},
		{"give a chance", para + "I'd give it a chance if you like slow films.", "", 0},
		{"award half", para + "I award it 1/2 of a star.", "1/2 of a star", 10},
		// Unscaled ratings settled by a scale the review states.
		{"stars with stated scale", "I give it 3 stars. " + para + "Reviews here use a four-star scale.", "3 stars", 75},
		{"asterisks with legend", para + "i give it * * * 1/2 .\n* * * * = a film for the ages\n* * * = worth a ticket", "* * * 1/2", 87.5},
		{"label with out of aside", "Rating: 2.5 (out of 4)\n" + para, "2.5", 62.5},
		{"standalone asterisks with scale", "***1/2\n" + para + "Our scale of 0 to 4 stars rewards restraint.", "***1/2", 87.5},
		{"unscaled beyond the stated scale", "Rating: 4.5\n" + para + "(out of 4)", "", 0},
		{"unscaled verdict outranks text", para + "I give it 3 stars. Last year's winner was 8/10.", "3 stars", 60},
		{"present verdict beats past", para + "The original, to which I gave 2/4, was slighter. I give this one 3/4.", "3/4", 75},
		{"past verdict alone", para + "In the end I gave it 3/4.", "3/4", 75},
		{"coordinated verdict", para + "I loved every frame and rate it a full 4/4.", "4/4", 100},
		{"coordinated third party", para + "My daughter cried and rated it 1/4.", "", 0},
		// In-text notation.
		{"fraction in text", para + "This is a 3.5/4 kind of film.", "3.5/4", 87.5},
		{"seven of ten in text", para + "It earns 7/10.", "7/10", 70},
		{"out of in text", para + "Overall, 8 out of 10.", "8 out of 10", 80},
		{"out of hundred", para + "My score is 92 out of 100.", "92 out of 100", 92},
		{"stars out of in text", para + "Three and a half stars out of five, and well earned.", "Three and a half stars out of five", 70},
		{"two films disagree", para + "Dune: 8/10. Wicked: 6/10. Nosferatu: 7/10.", "", 0},
		{"same score twice", para + "It is 3/4. Yes, 3/4.", "3/4", 75},
		// Distractors that must not match.
		{"runtime", "The film's 138-minute runtime flies by. " + para, "", 0},
		{"film stock", "Shot on 35mm by a patient eye. " + para, "", 0},
		{"year", "In 2024 the director returned. " + para, "", 0},
		{"five-time", "A five-time Oscar winner leads the cast. " + para, "", 0},
		{"top ten", "It will be in my top 10. " + para, "", 0},
		{"three leads", "The 3 leads are superb. " + para, "", 0},
		{"price", "Tickets cost $15. " + para, "", 0},
		{"24/7", "The club runs 24/7. " + para, "", 0},
		{"date", "Released 10/12/2024 in cinemas. " + para, "", 0},
		{"half the audience", "About 1/2 of the audience left. " + para, "", 0},
		{"quarter of the audience", "About 3/4 of the audience cried. " + para, "", 0},
		{"one of the five best", "It is one of the 5 best films of the year. " + para, "", 0},
		{"dentists", "9 out of 10 dentists agree. " + para, "", 0},
		{"released on date", "It was released on 5/10 in Europe. " + para, "", 0},
		{"mixed number", "My son, age 6 3/4, loved it. " + para, "", 0},
		{"niece's asterisks", para + "my niece , age 9 , gave it * 1/2 .", "", 0},
		{"son's fraction", para + "My son gave it 2/4.", "", 0},
		{"critics gave", para + "Critics at the festival gave it 9/10.", "", 0},
		{"son's then mine", para + "My son gave it 2/4. I give it 3/4.", "3/4", 75},
		{"five-star hotel", "They stay in a five-star hotel. " + para, "", 0},
		{"stars of the film", "The 2 stars of the film shine. " + para, "", 0},
		{"A-list", "An A-list cast fills the frame. " + para, "", 0},
		{"B-movie", "It is a B-movie at heart. " + para, "", 0},
		{"grade school", "I saw it in grade 5 with my class. " + para, "", 0},
		{"page", "See page 3/4 of the booklet. " + para, "", 0},
		{"empty", "", "", 0},
		{"no newline", "★★★★", "★★★★", 80},
		{"invalid utf-8", "\xff\xfe\xfd★\xff 3/4 \xc3", "3/4", 75},
		{"crlf line", "Rating: B+\r\n" + para, "B+", 83},
		{"no-break space after label", "Rating:\u00a03/4\n" + para, "3/4", 75},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Find(tt.text)
			if tt.raw == "" {
				if r != nil {
					t.Fatalf("Find = %+v, want nil", *r)
				}
				return
			}
			if r == nil {
				t.Fatalf("Find = nil, want %q (%g)", tt.raw, tt.score)
			}
			if r.Raw != tt.raw || r.Score != tt.score {
				t.Errorf("Find = %+v, want raw %q score %g", *r, tt.raw, tt.score)
			}
		})
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{"★★★★★\nA film.", "Rating: 3/4", "I give it a B-.", "my niece gave it * 1/2", "24/7 10/12/2024",
		"three and a half stars out of five", "Grade: C=", "I'd give it 8 hours", "\xff\xfe: :", "star star stars out of",
		"1/2 of a star", "+1 out of -4..+4."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := Find(s)
		if r == nil {
			return
		}
		if !(r.Score >= 0 && r.Score <= 100) {
			t.Errorf("Find(%q).Score = %v outside 0..100", s, r.Score)
		}
		if r.Raw == "" || !strings.Contains(s, r.Raw) {
			t.Errorf("Find(%q).Raw = %q, not in the text", s, r.Raw)
		}
		if utf8.ValidString(s) && !utf8.ValidString(r.Raw) {
			t.Errorf("Find(%q).Raw = %q cuts a character", s, r.Raw)
		}
	})
}

// benchReview is an invented review of about 7 KB, shaped like the scraped
// pages Find sees: a byline, numbers that are not ratings, and a rating line
// at the end.
func benchReview() string {
	var b strings.Builder
	b.WriteString("The Lantern Keeper review: a patient, luminous drama\nPosted by Ada Marsh\nMar 3, 2025 · 6 min read\n\n")
	paras := []string{
		"The Lantern Keeper runs 128 minutes and spends the first 20 of them on a single lighthouse, shot on 35mm by a cinematographer who lets the fog do half the work. The film opened on 14 screens and was the festival's 3rd sell-out in 2024.",
		"Its two leads, a five-time nominee and a newcomer, trade lines like people who have known each other for 30 years. About 1/2 of the dialogue is in Gaelic, and the subtitles never hurry it.",
		"The keeper's daughter counts boats from the gallery, 1, 2, 3, as the storm comes in; the score answers each count with a low horn. It is one of the 5 best sequences of the year, and the sound crew works 24/7 to make the sea feel close.",
		"My nephew, age 8, gave it * 1/2 and asked for popcorn; critics at the premiere were kinder. Tickets were $15 and the queue went around the block at 10/12/2024's late show.",
	}
	for b.Len() < 6800 {
		for _, p := range paras {
			b.WriteString(p)
			b.WriteString("\n\n")
		}
	}
	b.WriteString("Rating: 3.5/4\n")
	return b.String()
}

func BenchmarkFind(b *testing.B) {
	text := benchReview()
	if r := Find(text); r == nil || r.Raw != "3.5/4" {
		b.Fatalf("Find on the benchmark review = %+v", r)
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Find(text)
	}
}

func BenchmarkFindNoRating(b *testing.B) {
	text := strings.TrimSuffix(benchReview(), "Rating: 3.5/4\n")
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Find(text)
	}
}

// hostileLine is one long line built to make a careless scanner quadratic:
// thousands of verdict verbs, clause links and star words, no full stop.
func hostileLine() string {
	return strings.Repeat("and I gave it and rate it a * * star,star,", 20000) + strings.Repeat("*", 5000) + ":"
}

func TestFindHostile(t *testing.T) {
	for name, text := range map[string]string{
		"verbs":    hostileLine(),
		"colons":   strings.Repeat("Rating:", 50000),
		"digits":   strings.Repeat("1/", 100000),
		"glyphs":   strings.Repeat("★", 100000),
		"binary":   string([]byte{0, 0xff, 0xfe, '3', '/', '4', 0x80, 0xc3}),
		"newlines": strings.Repeat("\n", 100000),
	} {
		t.Run(name, func(t *testing.T) {
			if r := Find(text); r != nil && (r.Score < 0 || r.Score > 100) {
				t.Errorf("Find = %+v", *r)
			}
		})
	}
}

// BenchmarkFindHostile guards linearity: its ns/op per byte must stay of the
// order of BenchmarkFind's.
func BenchmarkFindHostile(b *testing.B) {
	text := hostileLine()
	b.SetBytes(int64(len(text)))
	for i := 0; i < b.N; i++ {
		Find(text)
	}
}
