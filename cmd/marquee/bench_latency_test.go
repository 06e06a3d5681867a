package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/marquee-film/marquee/internal/review"
	"github.com/marquee-film/marquee/internal/store"
)

func TestPercentile(t *testing.T) {
	ms := func(vs ...int) []time.Duration {
		out := make([]time.Duration, len(vs))
		for i, v := range vs {
			out[i] = time.Duration(v) * time.Millisecond
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	for _, tc := range []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"one value", ms(7), 99, 7 * time.Millisecond},
		{"median of odd", ms(1, 2, 3), 50, 2 * time.Millisecond},
		{"median of even is the lower", ms(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{"p99 of 100", ms(hundred...), 99, 99 * time.Millisecond},
		{"p99 of 3 is the max", ms(1, 2, 30), 99, 30 * time.Millisecond},
		{"p0 is the min", ms(4, 5), 0, 4 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := percentile(tc.sorted, tc.p); got != tc.want {
				t.Errorf("percentile(%v, %v) = %v, want %v", tc.sorted, tc.p, got, tc.want)
			}
		})
	}
}

func TestSummarise(t *testing.T) {
	got := summarise([]time.Duration{3 * time.Millisecond, time.Millisecond, 2 * time.Millisecond})
	want := latencyStats{N: 3, Mean: 2, P50: 2, P99: 3, Max: 3}
	if got != want {
		t.Errorf("summarise = %+v, want %+v", got, want)
	}
	if got := summarise(nil); got != (latencyStats{}) {
		t.Errorf("summarise(nil) = %+v, want zero", got)
	}
}

func TestSampleFilms(t *testing.T) {
	var films []store.FilmSummary
	for i := 0; i < 40; i++ {
		films = append(films, store.FilmSummary{ID: int64(i + 1), Reviews: 100 - i})
	}
	sample := func(seed uint64) []store.FilmSummary {
		return sampleFilms(films, 15, rand.New(rand.NewPCG(seed, 0)))
	}
	a, b := sample(3), sample(3)
	if len(a) != 15 {
		t.Fatalf("got %d films, want 15", len(a))
	}
	seen := map[int64]bool{}
	for i, f := range a {
		if i < largestFilms && f.ID != int64(i+1) {
			t.Errorf("film %d of the sample is %d, want the %d-th most reviewed", i, f.ID, i+1)
		}
		if seen[f.ID] {
			t.Errorf("film %d drawn twice", f.ID)
		}
		seen[f.ID] = true
		if b[i].ID != f.ID {
			t.Fatalf("same seed, different samples: %v vs %v", a, b)
		}
	}
	if got := sampleFilms(films[:5], 15, rand.New(rand.NewPCG(1, 0))); len(got) != 5 {
		t.Errorf("asking for more films than exist gave %d, want all 5", len(got))
	}
}

func TestSearchWords(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"The Plot, thin; the Acting: fine!", "the plot thin the acting fine"},
		{"isn't 1999 ok-ish", "ok ish"},
		{"Déjà vu — très", "déjà vu très"},
		{"", ""},
	} {
		if got := strings.Join(searchWords(tc.in), " "); got != tc.want {
			t.Errorf("searchWords(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestBenchLatency runs the command on a small database of invented
// reviews and checks that every film and every query kind is measured and
// that every drawn query finds what it was drawn from.
func TestBenchLatency(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bench.db")
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	critics := []string{"Odile Marchbank", "Tevita Quarrington", "Ines Halvorsen"}
	films := []string{"The Lantern Keeper", "Saltmarsh Nocturne", "Orbit of Paper Birds", "Nine Quiet Harbours"}
	// Every review shares a few common words, uses some middle ones and
	// one word of its own, so each kind of query has material.
	middle := []string{"luminous", "clumsy", "tender", "brittle", "sprawling", "measured", "restless", "gleaming"}
	var reviews []*review.Review
	for i := 0; i < 60; i++ {
		film := films[i%len(films)]
		if i < 30 {
			film = films[0] // one film much larger than the rest
		}
		body := []string{
			fmt.Sprintf("A %s and %s picture about harbours and lanterns.", middle[i%len(middle)], middle[(i+3)%len(middle)]),
			fmt.Sprintf("The performances feel %s, the camera %s.", middle[(i+5)%len(middle)], middle[(i+1)%len(middle)]),
			fmt.Sprintf("Only here will you meet the word zqword%c%c.", 'a'+i/26, 'a'+i%26),
		}
		reviews = append(reviews, &review.Review{
			Source:      fmt.Sprintf("invented-%d.txt", i),
			Format:      review.FormatText,
			Headline:    "Review of " + film,
			Author:      critics[i%len(critics)],
			Film:        review.Film{Title: film, Year: 2001 + i%3},
			Body:        body,
			Sentences:   len(body),
			Words:       len(strings.Fields(strings.Join(body, " "))),
			Language:    "en",
			Scorable:    true,
			ContentHash: fmt.Sprintf("invented-hash-%03d", i),
		})
	}
	if _, err := st.AddReviews(ctx, reviews); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	out, stderr, code := cli(t, "", "bench", "latency", "--db", path, "--films", "5", "--queries", "12", "--seed", "7", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep latencyReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("decode: %v\n%s", err, out)
	}
	if rep.Reviews != 60 {
		t.Errorf("reviews = %d, want 60", rep.Reviews)
	}
	if rep.FilmPageCold.N != 5 || rep.FilmPageWarm.N != 5 || rep.Build.N != 5 || rep.FilmPageSaved.N != 5 {
		t.Errorf("film pages measured: cold %d, warm %d, build %d, saved %d; want 5 each",
			rep.FilmPageCold.N, rep.FilmPageWarm.N, rep.Build.N, rep.FilmPageSaved.N)
	}
	// No report was saved before the first run: its pages built them.
	if rep.Saved != 0 {
		t.Errorf("first run: %d pages read a saved report, want 0", rep.Saved)
	}
	if rep.LargestFilm != films[0] || rep.LargestFilmReviews < 10 {
		t.Errorf("largest film = %q with %d reviews, want %q", rep.LargestFilm, rep.LargestFilmReviews, films[0])
	}
	if rep.FilmPageCold.P50 <= 0 || rep.FilmPageCold.P99 < rep.FilmPageCold.P50 || rep.FilmPageCold.Max < rep.FilmPageCold.P99 {
		t.Errorf("cold film page stats out of order: %+v", rep.FilmPageCold)
	}
	if rep.Search.N != 12 || len(rep.Queries) != 12 {
		t.Errorf("searches = %d (%d queries), want 12", rep.Search.N, len(rep.Queries))
	}
	for _, k := range queryKinds {
		if rep.SearchByKind[k].N != 2 {
			t.Errorf("%s: %d queries, want 2", k, rep.SearchByKind[k].N)
		}
	}
	for _, q := range rep.Queries {
		if q.Hits == 0 {
			t.Errorf("%s query %q found nothing; queries are drawn from stored reviews", q.Kind, q.Query)
		}
	}

	again, _, _ := cli(t, "", "bench", "latency", "--db", path, "--films", "5", "--queries", "12", "--seed", "7", "--json")
	var rep2 latencyReport
	if err := json.Unmarshal([]byte(again), &rep2); err != nil {
		t.Fatal(err)
	}
	// The first run saved the reports of the films it sampled, and the
	// second samples the same films.
	if rep2.Saved != 5 {
		t.Errorf("second run: %d of 5 pages read a saved report", rep2.Saved)
	}
	for i := range rep.Queries {
		if rep.Queries[i].Query != rep2.Queries[i].Query {
			t.Errorf("query %d differs between runs with one seed: %q vs %q", i, rep.Queries[i].Query, rep2.Queries[i].Query)
		}
	}

	text, stderr, code := cli(t, "", "bench", "latency", "--db", path, "--films", "3", "--queries", "6")
	if code != 0 || !strings.Contains(text, "film page, saved report") || !strings.Contains(text, "critic name") {
		t.Errorf("table output (exit %d, %s):\n%s", code, stderr, text)
	}
	if _, _, code := cli(t, "", "bench", "latency", "--db", path, "--films", "0"); code != 2 {
		t.Errorf("--films 0: exit %d, want 2", code)
	}
}
