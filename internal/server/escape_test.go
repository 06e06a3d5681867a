package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/marquee-film/marquee/internal/review"
)

const (
	scriptPayload = `<script>alert(1)</script>`
	imgPayload    = `<img src=x onerror=alert(1)>`
)

// hostileReview has a payload in every field a page or the API shows.
func hostileReview() *review.Review {
	both := scriptPayload + " " + imgPayload
	published := "2025-02-03"
	director := "Dir " + both
	runtime := 90
	score, conf := 35.0, 0.8
	spoiler := "Spoilers " + both
	body := []string{
		"Quixotry " + both + " opens on a harbour.",
		"The lead is wonderful " + imgPayload + ".",
		"The ending drags " + scriptPayload + ".",
	}
	return &review.Review{
		Source: "hostile/" + both, Format: review.FormatText,
		Headline: "Headline " + both, Author: "Author " + both, Publication: "Pub " + both,
		URL: "javascript:alert(1)", Published: &published,
		Film:     review.Film{Title: "Film " + both, Year: 2024},
		Director: &director, Rating: &review.Rating{Raw: "Raw " + both, Value: 2, Max: 4, Score: 50},
		SpoilerWarning: &spoiler,
		Credits: []review.Credit{
			{Person: "Actor " + both, Character: "Character " + both, Role: "actor"},
			{Person: "Crew " + both, Role: "composer " + both},
		},
		RuntimeMinutes: &runtime,
		ReleaseDates:   []review.ReleaseDate{{Region: "Region " + both, Date: "Date " + both}},
		Awards:         []string{"Award " + both},
		MentionedFilms: []string{"Mentioned " + both},
		Language:       "en" + both, Scorable: true, Sentences: len(body), Words: 30, Body: body,
		ContentHash: "hostile-review", SourceVerdict: "rotten " + both,
		Score: &score, Verdict: "negative", Confidence: &conf,
		Evidence: []review.Evidence{{Text: body[1], Polarity: 0.7}, {Text: body[2], Polarity: -0.6}},
		Aspects:  map[string]review.AspectSummary{"acting " + both: {Polarity: 0.5, Sentences: 1}},
		SentenceScores: []review.SentenceScore{
			{Text: body[1], Polarity: 0.7, Aspects: []string{"acting " + both}},
		},
	}
}

// TestEscaping stores reviews whose every field carries script and img
// payloads — one through the ingest API, one straight into the store so
// that fields the extractor would not fill are covered too — and checks
// that no page or API answer that shows them contains a payload
// unescaped.
func TestEscaping(t *testing.T) {
	_, ts, st := newTestServer(t, Config{})
	both := scriptPayload + " " + imgPayload
	doc, _ := json.Marshal(map[string]any{
		"headline": "Headline " + both, "author": "Author " + both, "publication": "Pub " + both,
		"film": "Zyzzyva " + both, "year": 2023, "rating": "3/4", "director": "Dir " + both,
		"text": "Zyzzyva " + both + " is a film. " + scriptPayload + " plays " + imgPayload + ", a sailor. " +
			"Marta (" + imgPayload + ") is superb. The score is " + scriptPayload + ".",
	})
	resp := post(t, ts, "/api/ingest", "application/json", string(doc), "Authorization", "Bearer "+testToken)
	ingested := decode[ingestJSON](t, resp.body)
	if ingested.Added != 1 {
		t.Fatalf("ingest: %d %s", resp.status, resp.body)
	}
	if _, err := st.AddReviews(context.Background(), []*review.Review{hostileReview()}); err != nil {
		t.Fatal(err)
	}

	var pages []string
	pages = append(pages, "/", "/?sort=title&limit=100", "/search?q=quixotry", "/search?q=zyzzyva", "/search?q="+url.QueryEscape(both),
		"/api/films?limit=100", "/api/search?q=quixotry", "/api/search?q=zyzzyva", "/search?q=alert")
	films := decode[filmListJSON](t, get(t, ts, "/api/films?limit=100").body)
	hostileFilms := 0
	for _, f := range films.Films {
		if strings.Contains(f.Title, "alert(1)") {
			hostileFilms++
			pages = append(pages, fmt.Sprintf("/films/%d", f.ID), fmt.Sprintf("/api/films/%d", f.ID),
				fmt.Sprintf("/api/films/%d/reviews", f.ID), fmt.Sprintf("/films/%d?critic=%s", f.ID, url.QueryEscape(both)))
			list := decode[reviewListJSON](t, get(t, ts, fmt.Sprintf("/api/films/%d/reviews", f.ID)).body)
			for _, r := range list.Reviews {
				pages = append(pages, fmt.Sprintf("/reviews/%d", r.ID), fmt.Sprintf("/api/reviews/%d", r.ID))
			}
		}
	}
	if hostileFilms != 2 {
		t.Fatalf("found %d films with payloads in their titles, want 2", hostileFilms)
	}
	// Error pages echo what they were asked for.
	pages = append(pages, "/"+url.PathEscape(both), "/films/"+url.PathEscape(both), "/api/"+url.PathEscape(both))

	shownEscaped := 0
	for _, p := range pages {
		resp := get(t, ts, p)
		if resp.status >= 500 {
			t.Errorf("%s: status %d", p, resp.status)
		}
		for _, payload := range []string{scriptPayload, imgPayload, "<script", "<img", `href="javascript:`} {
			if strings.Contains(strings.ToLower(resp.body), strings.ToLower(payload)) {
				i := strings.Index(strings.ToLower(resp.body), strings.ToLower(payload))
				t.Errorf("%s contains %q unescaped: …%s…", p, payload, resp.body[max(0, i-80):min(len(resp.body), i+80)])
			}
		}
		if strings.Contains(resp.body, "&lt;script&gt;alert(1)&lt;/script&gt;") || strings.Contains(resp.body, `\u003cscript\u003ealert(1)`) {
			shownEscaped++
		}
	}
	// The test only proves something if the payloads were on the pages.
	if shownEscaped < len(pages)-4 {
		t.Errorf("only %d of %d answers showed the payload (escaped)", shownEscaped, len(pages))
	}
	// Each field of the stored review reaches the review page.
	for _, p := range pages {
		if !strings.HasPrefix(p, "/reviews/") {
			continue
		}
		body := get(t, ts, p).body
		if !strings.Contains(body, "Character &lt;script&gt;") && !strings.Contains(body, "Actor &lt;script&gt;") {
			continue // the ingested review: its credits are what the extractor found
		}
		for _, want := range []string{"Headline &lt;script&gt;", "Author &lt;script&gt;", "Award &lt;script&gt;",
			"Mentioned &lt;script&gt;", "Character &lt;script&gt;", `<mark class="up">The lead is wonderful &lt;img`} {
			if !strings.Contains(body, want) {
				t.Errorf("%s lacks %q", p, want)
			}
		}
	}
}
