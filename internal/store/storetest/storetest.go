// Package storetest is the conformance suite every store backend passes:
// a backend's tests call Run with a function that opens a new, empty
// store. It also generates invented reviews for backend tests and
// benchmarks.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/marquee-film/marquee/internal/review"
	"github.com/marquee-film/marquee/internal/store"
)

// Run runs the suite. open returns a new, empty store for each subtest;
// Run closes it.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st store.Store)
	}{
		{"AddAndDedupe", testAddAndDedupe},
		{"BatchAtomicity", testBatchAtomicity},
		{"FilmSummaries", testFilmSummaries},
		{"FilmsPaging", testFilmsPaging},
		{"ReviewRoundTrip", testReviewRoundTrip},
		{"NotFound", testNotFound},
		{"HostileText", testHostileText},
		{"Search", testSearch},
		{"SearchHostileQueries", testSearchHostileQueries},
		{"FindFilms", testFindFilms},
		{"ConcurrentAdds", testConcurrentAdds},
		{"StatsAndCheck", testStatsAndCheck},
		{"Export", testExport},
		{"SearchRankWindow", testSearchRankWindow},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fn(t, openClosed(t, open))
		})
	}
	t.Run("FilmGrouping", func(t *testing.T) { testFilmGrouping(t, open) })
	t.Run("Catalog", func(t *testing.T) { runCatalog(t, open) })
	t.Run("Reports", func(t *testing.T) { runReports(t, open) })
}

// openClosed opens a store that the test's cleanup closes.
func openClosed(t *testing.T, open func(t *testing.T) store.Store) store.Store {
	st := open(t)
	t.Cleanup(func() {
		if err := st.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return st
}

// Add stores reviews in one batch and fails the test on error.
func Add(t testing.TB, st store.Store, reviews ...*review.Review) []store.AddResult {
	t.Helper()
	res, err := st.AddReviews(context.Background(), reviews)
	if err != nil {
		t.Fatalf("AddReviews: %v", err)
	}
	if len(res) != len(reviews) {
		t.Fatalf("AddReviews returned %d results for %d reviews", len(res), len(reviews))
	}
	return res
}

func stats(t *testing.T, st store.Store) store.Stats {
	t.Helper()
	s, err := st.Stats(context.Background())
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	return s
}

func check(t *testing.T, st store.Store) {
	t.Helper()
	if err := st.Check(context.Background()); err != nil {
		t.Fatalf("Check: %v", err)
	}
}

func countAdded(res []store.AddResult) int {
	n := 0
	for _, r := range res {
		if r.Added {
			n++
		}
	}
	return n
}

func testAddAndDedupe(t *testing.T, st store.Store) {
	reviews := GenerateReviews(30, 1)
	res := Add(t, st, reviews...)
	seen := map[int64]bool{}
	for i, r := range res {
		if !r.Added || r.ID <= 0 || seen[r.ID] {
			t.Fatalf("result %d = %+v: want a new, distinct, positive ID", i, r)
		}
		seen[r.ID] = true
		if i > 0 && r.ID <= res[i-1].ID {
			t.Errorf("result %d: ID %d after %d; want IDs ascending in the batch's order (the order reviews were stored in)", i, r.ID, res[i-1].ID)
		}
		if reviews[i].ID != r.ID {
			t.Errorf("review %d: ID = %d, result says %d", i, reviews[i].ID, r.ID)
		}
	}

	again := GenerateReviews(30, 1)
	res2 := Add(t, st, again...)
	if n := countAdded(res2); n != 0 {
		t.Errorf("re-adding the same reviews added %d, want 0", n)
	}
	for i := range res2 {
		if res2[i].ID != res[i].ID || again[i].ID != res[i].ID {
			t.Errorf("duplicate %d: result ID %d, review ID %d, want the existing %d", i, res2[i].ID, again[i].ID, res[i].ID)
		}
	}

	// Within one batch: the second copy is a duplicate of the first, and
	// a copy of an already stored review is too.
	fresh := GenerateReviews(32, 1)[30:]
	copyOfFresh := *fresh[0]
	res3 := Add(t, st, fresh[0], &copyOfFresh, fresh[1], GenerateReviews(1, 1)[0])
	want := []bool{true, false, true, false}
	for i, r := range res3 {
		if r.Added != want[i] {
			t.Errorf("mixed batch result %d: Added = %v, want %v", i, r.Added, want[i])
		}
	}
	if res3[1].ID != res3[0].ID || res3[3].ID != res[0].ID {
		t.Errorf("mixed batch IDs %+v: duplicates should carry the IDs %d and %d", res3, res3[0].ID, res[0].ID)
	}
	if got := stats(t, st).Reviews; got != 32 {
		t.Errorf("Stats.Reviews = %d, want 32", got)
	}
	if res, err := st.AddReviews(context.Background(), nil); err != nil || len(res) != 0 {
		t.Errorf("AddReviews(nil) = %v, %v; want no results, no error", res, err)
	}
	check(t, st)
}

func testBatchAtomicity(t *testing.T, st store.Store) {
	ctx := context.Background()
	Add(t, st, GenerateReviews(3, 2)...)
	before := stats(t, st)

	bad := []func([]*review.Review) []*review.Review{
		func(b []*review.Review) []*review.Review { b[3].ContentHash = ""; return b },
		func(b []*review.Review) []*review.Review { b[4].ContentHash = "  "; return b },
		func(b []*review.Review) []*review.Review { b[2] = nil; return b },
	}
	for i, spoil := range bad {
		batch := spoil(GenerateReviews(6, 2)[1:])
		if _, err := st.AddReviews(ctx, batch); err == nil {
			t.Errorf("spoiled batch %d: AddReviews succeeded, want an error", i)
		}
		for j, r := range batch {
			if r != nil && r.ID != 0 {
				t.Errorf("spoiled batch %d: review %d got ID %d from a failed batch", i, j, r.ID)
			}
		}
		if got := stats(t, st); got != before {
			t.Errorf("spoiled batch %d: stats %+v, want unchanged %+v", i, got, before)
		}
	}

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := st.AddReviews(cancelled, GenerateReviews(10, 3)); err == nil {
		t.Error("AddReviews with a cancelled context succeeded")
	}
	if got := stats(t, st); got != before {
		t.Errorf("after a cancelled batch: stats %+v, want unchanged %+v", got, before)
	}

	// The valid reviews of the spoiled batches were not stored.
	res := Add(t, st, GenerateReviews(6, 2)[3:]...)
	if n := countAdded(res); n != 3 {
		t.Errorf("valid reviews of the failed batches: %d added now, want 3 (none stored before)", n)
	}
	check(t, st)
}

// filmCase is a review for the grouping tests: the title and year it
// states, and an invented critic.
type filmCase struct {
	title    string
	year     int
	director string
}

func filmReview(tag string, i int, c filmCase) *review.Review {
	r := &review.Review{
		Source:      fmt.Sprintf("grouping/%s/%d", tag, i),
		Format:      review.FormatText,
		Headline:    "A review of " + c.title,
		Author:      fmt.Sprintf("Critic %d", i),
		Film:        review.Film{Title: c.title, Year: c.year},
		Body:        []string{"An invented sentence about " + c.title + "."},
		ContentHash: fmt.Sprintf("grouping-%s-%d", tag, i),
	}
	if c.director != "" {
		r.Director = &c.director
	}
	return r
}

// filmOf maps each review ID to its film ID, from FilmReviews over Films.
func filmOf(t *testing.T, st store.Store) (map[int64]int64, map[int64]store.FilmSummary) {
	t.Helper()
	ctx := context.Background()
	films, err := st.Films(ctx, store.FilmQuery{})
	if err != nil {
		t.Fatalf("Films: %v", err)
	}
	of := map[int64]int64{}
	byID := map[int64]store.FilmSummary{}
	for _, f := range films {
		byID[f.ID] = f
		reviews, err := st.FilmReviews(ctx, f.ID)
		if err != nil {
			t.Fatalf("FilmReviews(%d): %v", f.ID, err)
		}
		if len(reviews) != f.Reviews {
			t.Errorf("film %d %q: summary says %d reviews, FilmReviews returned %d", f.ID, f.Title, f.Reviews, len(reviews))
		}
		for _, r := range reviews {
			if prev, ok := of[r.ID]; ok {
				t.Errorf("review %d is in films %d and %d", r.ID, prev, f.ID)
			}
			of[r.ID] = f.ID
		}
	}
	return of, byID
}

func testFilmGrouping(t *testing.T, open func(t *testing.T) store.Store) {
	type film struct {
		title string
		year  int
	}
	tests := []struct {
		name string
		// batches of reviews, added in order
		batches [][]filmCase
		// groups lists, per film, the indices (over all batches) of its
		// reviews and the film's title and year
		groups map[film][]int
	}{
		{
			name: "case, diacritics, punctuation and articles",
			batches: [][]filmCase{{
				{title: "The Quiet Harbour", year: 2001},
				{title: "quiet harbour", year: 2001},
				{title: "QUIET HARBOUR, THE", year: 2001},
				{title: "Thé Qüiet Hárbour!", year: 2001},
				{title: "The Quiet Harbour", year: 2001},
			}},
			groups: map[film][]int{{"The Quiet Harbour", 2001}: {0, 1, 2, 3, 4}},
		},
		{
			name: "same title, different years stay apart",
			batches: [][]filmCase{{
				{title: "Night Ferry", year: 1961},
				{title: "Night Ferry", year: 2011},
				{title: "night ferry", year: 1961},
			}},
			groups: map[film][]int{{"Night Ferry", 1961}: {0, 2}, {"Night Ferry", 2011}: {1}},
		},
		{
			name: "a year-less review joins the only film with a year",
			batches: [][]filmCase{
				{{title: "Paper Moon River", year: 1990}},
				{{title: "Paper Moon River"}},
			},
			groups: map[film][]int{{"Paper Moon River", 1990}: {0, 1}},
		},
		{
			name: "a year-less review stored first joins the film when it appears",
			batches: [][]filmCase{
				{{title: "Paper Moon River"}},
				{{title: "paper moon river", year: 1990}, {title: "Paper Moon River", year: 1990}},
			},
			groups: map[film][]int{{"Paper Moon River", 1990}: {0, 1, 2}},
		},
		{
			name: "a year-less review stays apart when two films have a year",
			batches: [][]filmCase{
				{{title: "Night Ferry", year: 1961}, {title: "Night Ferry", year: 2011}},
				{{title: "Night Ferry"}},
			},
			groups: map[film][]int{{"Night Ferry", 1961}: {0}, {"Night Ferry", 2011}: {1}, {"Night Ferry", 0}: {2}},
		},
		{
			name: "a second year splits a year-less review off again",
			batches: [][]filmCase{
				{{title: "Night Ferry", year: 1961}, {title: "Night Ferry"}},
				{{title: "Night Ferry", year: 2011}},
			},
			groups: map[film][]int{{"Night Ferry", 1961}: {0}, {"Night Ferry", 0}: {1}, {"Night Ferry", 2011}: {2}},
		},
		{
			name:    "year-less reviews of a title group together",
			batches: [][]filmCase{{{title: "Salt Lines"}, {title: "SALT LINES"}}},
			groups:  map[film][]int{{"Salt Lines", 0}: {0, 1}},
		},
		{
			name: "different titles stay apart",
			batches: [][]filmCase{{
				{title: "Alpha Station", year: 2000},
				{title: "Alpha Station Two", year: 2000},
				{title: "Alpha-Station", year: 2000},
			}},
			groups: map[film][]int{{"Alpha Station", 2000}: {0, 2}, {"Alpha Station Two", 2000}: {1}},
		},
		{
			name:    "a review naming no film belongs to none",
			batches: [][]filmCase{{{title: "", year: 2000}, {title: "Kestrel", year: 2000}}},
			groups:  map[film][]int{{"Kestrel", 2000}: {1}},
		},
		{
			name: "the film takes the title most reviews state",
			batches: [][]filmCase{{
				{title: "THE GLASS HOUR", year: 1970},
				{title: "The Glass Hour", year: 1970},
				{title: "The Glass Hour", year: 1970},
			}},
			groups: map[film][]int{{"The Glass Hour", 1970}: {0, 1, 2}},
		},
		{
			// Later batches join existing films without regrouping the
			// title (the fast path): the shown title must still follow
			// the majority over all batches.
			name: "the title most reviews state, counted across batches",
			batches: [][]filmCase{
				{{title: "THE GLASS HOUR", year: 1970}, {title: "THE GLASS HOUR", year: 1970}},
				{{title: "The Glass Hour", year: 1970}},
				{{title: "The Glass Hour", year: 1970}, {title: "The Glass Hour", year: 1970}},
			},
			groups: map[film][]int{{"The Glass Hour", 1970}: {0, 1, 2, 3, 4}},
		},
		{
			name: "year-less and dated reviews join existing films in later batches",
			batches: [][]filmCase{
				{{title: "Night Ferry", year: 1961}, {title: "Night Ferry", year: 2011}},
				{{title: "Night Ferry"}},
				{{title: "night ferry"}, {title: "Night Ferry", year: 1961}},
			},
			groups: map[film][]int{{"Night Ferry", 1961}: {0, 4}, {"Night Ferry", 2011}: {1}, {"Night Ferry", 0}: {2, 3}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := openClosed(t, open)
			var ids []int64
			for _, batch := range tc.batches {
				var rs []*review.Review
				for _, c := range batch {
					rs = append(rs, filmReview("group", len(ids)+len(rs), c))
				}
				for _, res := range Add(t, st, rs...) {
					ids = append(ids, res.ID)
				}
			}
			of, films := filmOf(t, st)
			grouped := map[int]bool{}
			for want, members := range tc.groups {
				filmID, ok := of[ids[members[0]]]
				if !ok {
					t.Errorf("film %v: review %d is in no film", want, members[0])
					continue
				}
				f := films[filmID]
				if f.Title != want.title || f.Year != want.year {
					t.Errorf("film of reviews %v is %q (%d), want %q (%d)", members, f.Title, f.Year, want.title, want.year)
				}
				if f.Reviews != len(members) {
					t.Errorf("film %q (%d) has %d reviews, want %d", f.Title, f.Year, f.Reviews, len(members))
				}
				for _, m := range members {
					grouped[m] = true
					if of[ids[m]] != filmID {
						t.Errorf("film %v: review %d is in film %d, review %d in film %d; want them together",
							want, members[0], filmID, m, of[ids[m]])
					}
				}
			}
			for i, id := range ids {
				if filmID, ok := of[id]; ok && !grouped[i] {
					t.Errorf("review %d is in film %d, want in none", i, filmID)
				}
			}
			if len(films) != len(tc.groups) {
				t.Errorf("%d films, want %d", len(films), len(tc.groups))
			}
			check(t, st)
		})
	}
}

func testFilmSummaries(t *testing.T, st store.Store) {
	ctx := context.Background()
	dir1, dir2 := "Mara Olsen", "Mara Olsén"
	rated := func(r *review.Review, score float64) *review.Review {
		r.Rating = &review.Rating{Raw: fmt.Sprint(score), Value: score, Max: 100, Score: score}
		return r
	}
	start := time.Now().Add(-time.Second)
	Add(t, st,
		rated(filmReview("sum", 0, filmCase{title: "Tidewater", year: 1999, director: dir1}), 80),
		rated(filmReview("sum", 1, filmCase{title: "Tidewater", year: 1999, director: dir1}), 50),
		filmReview("sum", 2, filmCase{title: "Tidewater", year: 1999, director: dir2}),
		filmReview("sum", 3, filmCase{title: "Tidewater"}),
	)
	films, err := st.FindFilms(ctx, "tidewater")
	if err != nil || len(films) != 1 {
		t.Fatalf("FindFilms = %+v, %v; want one film", films, err)
	}
	f := films[0]
	if f.Title != "Tidewater" || f.Year != 1999 || f.Director != dir1 {
		t.Errorf("film = %q (%d) by %q, want Tidewater (1999) by %q", f.Title, f.Year, f.Director, dir1)
	}
	if f.Reviews != 4 || f.Rated != 2 || f.MeanRating == nil || *f.MeanRating != 65 {
		t.Errorf("counts: %d reviews, %d rated, mean %v; want 4, 2, 65", f.Reviews, f.Rated, f.MeanRating)
	}
	if f.LastReview.Before(start) || f.LastReview.After(time.Now().Add(time.Second)) {
		t.Errorf("LastReview = %v, want about now", f.LastReview)
	}

	Add(t, st, filmReview("sum", 4, filmCase{title: "Unrated Film", year: 2000}))
	films, err = st.FindFilms(ctx, "Unrated Film")
	if err != nil || len(films) != 1 {
		t.Fatalf("FindFilms = %+v, %v; want one film", films, err)
	}
	if films[0].Rated != 0 || films[0].MeanRating != nil || films[0].Director != "" {
		t.Errorf("unrated film: %+v; want Rated 0, no mean rating, no director", films[0])
	}
}

func testFilmsPaging(t *testing.T, st store.Store) {
	ctx := context.Background()
	var rs []*review.Review
	// Film k has k+1 reviews, so the listing order is known.
	for k := range 5 {
		for j := 0; j <= k; j++ {
			rs = append(rs, filmReview("page", len(rs), filmCase{title: fmt.Sprintf("Paging Film %c", 'A'+k), year: 2000 + k}))
		}
	}
	Add(t, st, rs...)
	all, err := st.Films(ctx, store.FilmQuery{})
	if err != nil {
		t.Fatalf("Films: %v", err)
	}
	var titles []string
	for _, f := range all {
		titles = append(titles, f.Title)
	}
	want := []string{"Paging Film E", "Paging Film D", "Paging Film C", "Paging Film B", "Paging Film A"}
	if !slices.Equal(titles, want) {
		t.Fatalf("Films order = %q, want most reviewed first %q", titles, want)
	}
	page, err := st.Films(ctx, store.FilmQuery{Limit: 2, Offset: 1})
	if err != nil {
		t.Fatalf("Films page: %v", err)
	}
	if len(page) != 2 || page[0].ID != all[1].ID || page[1].ID != all[2].ID {
		t.Errorf("Films{Limit 2, Offset 1} = %+v, want films %d and %d", page, all[1].ID, all[2].ID)
	}
	past, err := st.Films(ctx, store.FilmQuery{Limit: 10, Offset: 10})
	if err != nil || len(past) != 0 {
		t.Errorf("Films past the end = %+v, %v; want none", past, err)
	}
}

// fullReview sets every field of review.Review, so the round trip test
// notices a field the backend drops.
func fullReview() *review.Review {
	published, director, spoiler := "2024-03-05", "Wen Ashby", "Spoilers after the second paragraph."
	runtime := 117
	score, confidence := 71.5, 0.82
	return &review.Review{
		Source:         "invented/full.html#item=3",
		Format:         review.FormatHTML,
		Headline:       `"Lanterns" <burns> & glows — 4½ stars`,
		Author:         "Odile Ferrante",
		Publication:    "The Invented Review",
		URL:            "https://reviews.example/lanterns?x=1&y=2",
		Published:      &published,
		Film:           review.Film{Title: "Lanterns Over Kestrel Bay", Year: 2023},
		FilmIDs:        map[string]string{"imdb": "tt0000001", "rt": "m/lanterns"},
		Director:       &director,
		Rating:         &review.Rating{Raw: "3.5/4", Value: 3.5, Max: 4, Score: 87.5},
		SpoilerWarning: &spoiler,
		Credits: []review.Credit{
			{Person: "Ines Paloma", Character: "Keeper Ros", Role: "actor"},
			{Person: "Wen Ashby", Role: "director"},
			{Person: "Tal Ober", Role: "cinematographer"},
		},
		RuntimeMinutes: &runtime,
		ReleaseDates:   []review.ReleaseDate{{Region: "UK", Date: "2024-02-16"}, {Region: "US", Date: "18 October"}},
		Awards:         []string{"Best Invented Lighthouse"},
		MentionedFilms: []string{"Salt and Copper", "Harbour Lights"},
		Language:       "en",
		Scorable:       true,
		Sentences:      3,
		Words:          17,
		Body: []string{
			"The lanterns burn for two hours and the bay never sleeps.",
			"Ferrante's ensemble is café-warm, naïve and ünusual — in a good way.",
			"Line with a tab\tinside and 日本語 text.",
		},
		ContentHash:   "roundtrip-full",
		SourceVerdict: "fresh",
		Score:         &score,
		Verdict:       "positive",
		Confidence:    &confidence,
		Evidence:      []review.Evidence{{Text: "The lanterns burn for two hours.", Polarity: 0.6}},
		Aspects:       map[string]review.AspectSummary{"acting": {Polarity: 0.4, Sentences: 1}},
		SentenceScores: []review.SentenceScore{
			{Text: "The lanterns burn for two hours.", Polarity: 0.6, Aspects: []string{"visuals"}},
			{Text: "Line with a tab.", Polarity: -0.1},
		},
	}
}

func testReviewRoundTrip(t *testing.T, st store.Store) {
	full := fullReview()
	v := reflect.ValueOf(full).Elem()
	for i := range v.NumField() {
		if name := v.Type().Field(i).Name; name != "ID" && v.Field(i).IsZero() {
			t.Fatalf("fullReview leaves %s empty: set it so the round trip covers it", name)
		}
	}
	minimal := &review.Review{Source: "-", ContentHash: "roundtrip-minimal"}
	emptyBody := &review.Review{Source: "a", ContentHash: "roundtrip-empty-body", Body: []string{}, Credits: []review.Credit{}, Awards: []string{}}
	oneEmptySentence := &review.Review{Source: "b", ContentHash: "roundtrip-one-empty", Body: []string{""}}
	newlines := &review.Review{Source: "c", ContentHash: "roundtrip-newlines", Body: []string{"one\ntwo", "", "three\r\n"}}
	trailingEmpty := &review.Review{Source: "d", ContentHash: "roundtrip-trailing", Body: []string{"one", ""}}
	generated := GenerateReviews(3, 4)

	cases := append([]*review.Review{full, minimal, emptyBody, oneEmptySentence, newlines, trailingEmpty}, generated...)
	var want []review.Review
	for _, r := range cases {
		want = append(want, *r)
	}
	Add(t, st, cases...)
	ctx := context.Background()
	for i, r := range cases {
		want[i].ID = r.ID
		got, err := st.Review(ctx, r.ID)
		if err != nil {
			t.Fatalf("Review(%d): %v", r.ID, err)
		}
		if !reflect.DeepEqual(*got, want[i]) {
			t.Errorf("review %s did not survive the round trip:\n got %#v\nwant %#v", r.ContentHash, *got, want[i])
		}
	}
	films, err := st.FindFilms(ctx, full.Film.Title)
	if err != nil || len(films) != 1 {
		t.Fatalf("FindFilms(%q) = %+v, %v; want one film", full.Film.Title, films, err)
	}
	reviews, err := st.FilmReviews(ctx, films[0].ID)
	if err != nil || len(reviews) != 1 {
		t.Fatalf("FilmReviews = %d reviews, %v; want 1", len(reviews), err)
	}
	if !reflect.DeepEqual(*reviews[0], want[0]) {
		t.Errorf("FilmReviews changed the review:\n got %#v\nwant %#v", *reviews[0], want[0])
	}
}

func testNotFound(t *testing.T, st store.Store) {
	ctx := context.Background()
	res := Add(t, st, GenerateReviews(1, 5)...)
	missing := res[0].ID + 1000
	if _, err := st.Review(ctx, missing); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Review(missing) error = %v, want ErrNotFound", err)
	}
	if _, err := st.FilmReviews(ctx, missing); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("FilmReviews(missing) error = %v, want ErrNotFound", err)
	}
	if films, err := st.FindFilms(ctx, "no film has this title at all"); err != nil || len(films) != 0 {
		t.Errorf("FindFilms(unknown) = %+v, %v; want nothing", films, err)
	}
}

func testHostileText(t *testing.T, st store.Store) {
	ctx := context.Background()
	nasty := "<script>alert(1)</script> \x00 \xff\xfe \u202e ⟦⟧ \"quoted\" '; DROP TABLE reviews; --"
	r := &review.Review{
		Source:      nasty,
		Headline:    nasty,
		Author:      nasty,
		Publication: nasty,
		Film:        review.Film{Title: nasty, Year: -3},
		Body:        []string{nasty, strings.Repeat("long ", 20000)},
		Credits:     []review.Credit{{Person: nasty, Character: nasty, Role: nasty}},
		ContentHash: "hostile-text",
	}
	res := Add(t, st, r)
	got, err := st.Review(ctx, res[0].ID)
	if err != nil {
		t.Fatalf("Review: %v", err)
	}
	// Text is stored as UTF-8: invalid bytes may come back as U+FFFD.
	if got.ContentHash != r.ContentHash || len(got.Body) != 2 || !strings.Contains(got.Headline, "<script>") || !utf8.ValidString(got.Headline) {
		t.Errorf("stored review = hash %q, %d sentences, headline %q", got.ContentHash, len(got.Body), got.Headline)
	}
	if _, err := st.Search(ctx, "script alert", 5); err != nil {
		t.Errorf("Search: %v", err)
	}
	if _, err := st.FindFilms(ctx, nasty); err != nil {
		t.Errorf("FindFilms: %v", err)
	}
	check(t, st)
}

func searchReview(i int, title, headline, author string, body ...string) *review.Review {
	return &review.Review{
		Source:      fmt.Sprintf("search/%d", i),
		Headline:    headline,
		Author:      author,
		Publication: "Invented Weekly",
		Film:        review.Film{Title: title, Year: 2000 + i},
		Body:        body,
		ContentHash: fmt.Sprintf("search-%d", i),
	}
}

func searchIDs(t *testing.T, st store.Store, q string, limit int) ([]int64, []store.Hit) {
	t.Helper()
	hits, err := st.Search(context.Background(), q, limit)
	if err != nil {
		t.Fatalf("Search(%q): %v", q, err)
	}
	var ids []int64
	for _, h := range hits {
		ids = append(ids, h.ReviewID)
	}
	return ids, hits
}

func testSearch(t *testing.T, st store.Store) {
	filler := strings.Repeat("The camera drifts along the pier while nothing much happens. ", 12)
	rs := []*review.Review{
		searchReview(0, "Zephyrine", "Zephyrine soars", "Odile Marsh",
			"Zephyrine is a film about wind.", "The zephyrine light holds every frame."),
		searchReview(1, "Harbour Tales", "A long harbour story", "Piet Lunde",
			filler, "Somewhere in the middle a zephyrine gust passes.", filler),
		searchReview(2, "Café Society Nights", "Nights at the café", "Ana Belmonte",
			"The quiet harbour of the title is a café near the docks.", "We go near the water often."),
		searchReview(3, "Quiet Docks", "Harbour quiet", "Zephyr Quill",
			"The harbour is quiet at dawn, quiet at dusk."),
		searchReview(4, "Untitled Search", "Plain", "Nobody Special",
			`She said "stop" and the NEAR-silence held; 50% of it was -ish: (maybe).`),
	}
	Add(t, st, rs...)
	id := func(i int) int64 { return rs[i].ID }

	ids, hits := searchIDs(t, st, "zephyrine", 0)
	if !slices.Equal(ids, []int64{id(0), id(1)}) {
		t.Fatalf("Search(zephyrine) = %v, want %v (headline and repeated match first)", ids, []int64{id(0), id(1)})
	}
	if hits[0].Rank > hits[1].Rank {
		t.Errorf("ranks %v, %v: want ascending (lower is better)", hits[0].Rank, hits[1].Rank)
	}
	if hits[0].FilmTitle != "Zephyrine" || hits[0].Headline != "Zephyrine soars" || hits[0].Author != "Odile Marsh" {
		t.Errorf("hit fields = %+v", hits[0])
	}
	if hits[0].FilmID == 0 {
		t.Errorf("hit has no film ID: %+v", hits[0])
	}
	for _, h := range hits {
		if !strings.Contains(strings.ToLower(h.Snippet), strings.ToLower(store.MarkStart+"zephyrine"+store.MarkEnd)) {
			t.Errorf("snippet %q does not mark the match with %s…%s", h.Snippet, store.MarkStart, store.MarkEnd)
		}
	}

	tests := []struct {
		query string
		want  []int
	}{
		{"ZEPHYRINE", []int{0, 1}},
		{"zephyr*", []int{0, 1, 3}}, // also the author "Zephyr Quill"
		{"cafe", []int{2}},          // diacritics folded
		{"café society", []int{2}},
		{"harbour quiet", []int{3, 2}}, // every word must match
		{`"quiet harbour"`, []int{2}},  // phrase: adjacent, in order
		{"near", []int{4, 2}},          // NEAR is a word, not an operator
		{"odile", []int{0}},
		{"invented weekly", []int{0, 1, 2, 3, 4}},
		{"nosuchwordanywhere", nil},
		{"zephyrine nosuchwordanywhere", nil},
	}
	for _, tc := range tests {
		ids, _ := searchIDs(t, st, tc.query, 0)
		var want []int64
		for _, i := range tc.want {
			want = append(want, id(i))
		}
		if tc.query == "invented weekly" || tc.query == "near" || tc.query == "harbour quiet" || tc.query == "zephyr*" {
			// Only membership matters here.
			slices.Sort(ids)
			slices.Sort(want)
		}
		if !slices.Equal(ids, want) {
			t.Errorf("Search(%q) = %v, want %v", tc.query, ids, want)
		}
	}
	if ids, _ := searchIDs(t, st, "invented weekly", 2); len(ids) != 2 {
		t.Errorf("Search with limit 2 returned %d hits", len(ids))
	}
}

// HostileQueries are search strings that are FTS syntax, SQL, or broken
// text; a backend must treat them as plain words.
var HostileQueries = []string{
	`"`, `""`, `"""`, `"unterminated phrase`, `*`, `**`, `-`, `--`, `:`, `::`, `^`, `+`, `(`, `)`, `()`,
	`NEAR`, `NEAR(`, `NEAR(a b)`, `NEAR/3`, `a NEAR/2 b`, `AND`, `OR`, `NOT`, `a OR`, `OR b`, `NOT x`, `a AND NOT b`,
	`headline:zephyrine`, `{headline author}: zephyrine`, `- zephyrine`, `-zephyrine`, `zephyrine*`, `*zephyrine`,
	`zephyrine"`, `"zephyrine`, `zeph"yrine`, `(zephyrine)`, `zephyrine:`, `^zephyrine`, `zephyrine +`,
	`'; DROP TABLE reviews; --`, `%`, `_`, `\`, `\"`, "\x00", "zephyrine\x00", "\xff\xfe", "zephyrine\xff",
	"\u00a0", "\u200b", "🎬", "zephyrine 🎬", "日本語", "ǅ", "\t\n\r", strings.Repeat("a ", 500), strings.Repeat(`"`, 101),
	strings.Repeat("zephyrine", 300),
}

// testSearchRankWindow: a query matching more than store.RankWindow
// reviews ranks only the newest RankWindow of them, so the oldest matches
// stay out even where they would rank first.
func testSearchRankWindow(t *testing.T, st store.Store) {
	const extra = 25
	var rs []*review.Review
	for i := range store.RankWindow + extra {
		headline := "An evening"
		if i < extra {
			headline = "Zephyrine zephyrine" // the best matches, but the oldest
		}
		rs = append(rs, searchReview(100000+i, "Window", headline, "Ada Quist", "the zephyrine light"))
	}
	for len(rs) > 0 {
		k := min(500, len(rs))
		Add(t, st, rs[:k]...)
		rs = rs[k:]
	}
	// Every kind of query keeps the window: backends may plan them
	// differently.
	for _, q := range []string{"zephyrine", "zephyr*", "zephyrine light", `"zephyrine light"`} {
		_, hits := searchIDs(t, st, q, 10)
		if len(hits) != 10 {
			t.Fatalf("%s: %d hits, want 10", q, len(hits))
		}
		for _, h := range hits {
			if strings.Contains(strings.ToLower(h.Headline), "zephyrine") {
				t.Errorf("%s: hit %d (%q) is among the %d oldest of %d matches, outside the rank window",
					q, h.ReviewID, h.Headline, extra, store.RankWindow+extra)
			}
		}
	}
	// Under the window, the best match ranks first as ever.
	Add(t, st, searchReview(200000, "Window", "Quillon quillon", "Ada Quist", "a quillon"),
		searchReview(200001, "Window", "Evening", "Ada Quist", "a quillon"))
	if _, hits := searchIDs(t, st, "quillon", 10); len(hits) != 2 || !strings.Contains(hits[0].Headline, "Quillon") {
		t.Errorf("hits for a rare word: %+v, want the headline match first", hits)
	}
}

func testSearchHostileQueries(t *testing.T, st store.Store) {
	Add(t, st, searchReview(0, "Zephyrine", "Zephyrine soars", "Odile Marsh", "Zephyrine is a film about wind."))
	for _, q := range HostileQueries {
		hits, err := st.Search(context.Background(), q, 5)
		if err != nil {
			t.Errorf("Search(%q): %v", q, err)
			continue
		}
		words := strings.FieldsFunc(strings.ToLower(q), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
		onlyZephyrine := len(words) > 0 && !slices.ContainsFunc(words, func(w string) bool { return w != "zephyrine" })
		if onlyZephyrine && len(hits) != 1 {
			t.Errorf("Search(%q) = %d hits, want the one review mentioning zephyrine", q, len(hits))
		}
	}
	if hits, err := st.Search(context.Background(), "   ", 5); err != nil || len(hits) != 0 {
		t.Errorf("Search(blank) = %v, %v; want no hits, no error", hits, err)
	}
}

func testFindFilms(t *testing.T, st store.Store) {
	ctx := context.Background()
	titles := []filmCase{
		{title: "The Glass Orchard", year: 2004},
		{title: "Glass Orchard", year: 1950},
		{title: "Orchard Keeper", year: 2010},
		{title: "Winter Orchard Songs", year: 2015},
		{title: "Glassworks", year: 1999},
		{title: "100% Cotton", year: 2001},
	}
	var rs []*review.Review
	for i, c := range titles {
		rs = append(rs, filmReview("find", i, c))
	}
	Add(t, st, rs...)
	tests := []struct {
		query string
		want  []string // "title year", in order
	}{
		{"Glass Orchard", []string{"Glass Orchard 1950", "The Glass Orchard 2004"}},
		{"THE GLASS ÖRCHARD", []string{"Glass Orchard 1950", "The Glass Orchard 2004"}},
		{"glass orch", []string{"Glass Orchard 1950", "The Glass Orchard 2004"}},
		{"orchard", []string{"Orchard Keeper 2010", "Glass Orchard 1950", "The Glass Orchard 2004", "Winter Orchard Songs 2015"}},
		{"glass", []string{"Glass Orchard 1950", "The Glass Orchard 2004", "Glassworks 1999"}},
		{"100% cotton", []string{"100% Cotton 2001"}},
		{"%", nil},
		{"_", nil},
		{"", nil},
		{"nothing like it", nil},
	}
	for _, tc := range tests {
		films, err := st.FindFilms(ctx, tc.query)
		if err != nil {
			t.Errorf("FindFilms(%q): %v", tc.query, err)
			continue
		}
		var got []string
		for _, f := range films {
			got = append(got, fmt.Sprintf("%s %d", f.Title, f.Year))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("FindFilms(%q) = %q, want %q", tc.query, got, tc.want)
		}
	}
}

func testConcurrentAdds(t *testing.T, st store.Store) {
	// Two writers on one store with overlapping reviews: every review is
	// stored once, and each is reported added by exactly one writer.
	all := 240
	var wg sync.WaitGroup
	added := make([]int, 2)
	errs := make([]error, 2)
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lo, hi := w*all/3, all-(1-w)*all/3 // [0,160) and [80,240)
			rs := GenerateReviews(hi, 6)[lo:]
			for len(rs) > 0 {
				n := min(20, len(rs))
				res, err := st.AddReviews(context.Background(), rs[:n])
				if err != nil {
					errs[w] = err
					return
				}
				added[w] += countAdded(res)
				rs = rs[n:]
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("concurrent AddReviews: %v", err)
	}
	if added[0]+added[1] != all {
		t.Errorf("writers added %d + %d, want %d in all", added[0], added[1], all)
	}
	if got := stats(t, st).Reviews; got != all {
		t.Errorf("Stats.Reviews = %d, want %d", got, all)
	}
	check(t, st)
}

func testStatsAndCheck(t *testing.T, st store.Store) {
	if got := stats(t, st); got != (store.Stats{}) {
		t.Errorf("empty store stats = %+v", got)
	}
	check(t, st)
	rs := GenerateReviews(50, 7)
	Add(t, st, rs...)
	Add(t, st, filmReview("stats", 0, filmCase{title: ""}))
	got := stats(t, st)
	if got.Reviews != 51 {
		t.Errorf("Stats.Reviews = %d, want 51", got.Reviews)
	}
	all, err := st.Films(context.Background(), store.FilmQuery{})
	if err != nil {
		t.Fatalf("Films: %v", err)
	}
	if got.Films != len(all) || got.Films == 0 {
		t.Errorf("Stats.Films = %d, Films lists %d", got.Films, len(all))
	}
	inFilms := 0
	for _, f := range all {
		inFilms += f.Reviews
	}
	if inFilms != 50 {
		t.Errorf("films hold %d reviews, want 50 (the review naming no film is in none)", inFilms)
	}
	check(t, st)
}

func testExport(t *testing.T, st store.Store) {
	ctx := context.Background()
	exported := func() []*review.Review {
		t.Helper()
		var out []*review.Review
		if err := st.Export(ctx, func(r *review.Review) error { out = append(out, r); return nil }); err != nil {
			t.Fatalf("Export: %v", err)
		}
		return out
	}
	if got := exported(); len(got) != 0 {
		t.Errorf("Export of an empty store gave %d reviews", len(got))
	}
	Add(t, st, GenerateReviews(40, 8)...)
	Add(t, st, fullReview(), filmReview("export", 0, filmCase{title: ""}))
	Add(t, st, GenerateReviews(45, 8)[35:]...) // 5 duplicates, 5 new

	got := exported()
	if want := stats(t, st).Reviews; len(got) != want || want != 47 {
		t.Fatalf("Export gave %d reviews, Stats says %d, want 47", len(got), want)
	}
	credits := 0
	for i, r := range got {
		if i > 0 && r.ID <= got[i-1].ID {
			t.Fatalf("Export order: review %d after %d, want ascending IDs", r.ID, got[i-1].ID)
		}
		stored, err := st.Review(ctx, r.ID)
		if err != nil {
			t.Fatalf("Review(%d): %v", r.ID, err)
		}
		if !reflect.DeepEqual(r, stored) {
			t.Errorf("Export and Review differ for %d:\n%#v\n%#v", r.ID, r, stored)
		}
		credits += len(r.Credits)
	}

	stop := errors.New("enough")
	seen := 0
	err := st.Export(ctx, func(*review.Review) error {
		seen++
		if seen == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || seen != 3 {
		t.Errorf("Export after fn failed on the 3rd review: %v, %d calls; want the error, 3 calls", err, seen)
	}

	if rc, ok := st.(store.RowCounter); ok {
		counts, err := rc.RowCounts(ctx)
		if err != nil {
			t.Fatalf("RowCounts: %v", err)
		}
		s := stats(t, st)
		if want := (store.RowCounts{Reviews: s.Reviews, Films: s.Films, Credits: credits}); counts != want {
			t.Errorf("RowCounts = %+v, want %+v", counts, want)
		}
	}
}
