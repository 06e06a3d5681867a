package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/marquee-film/marquee/internal/review"
	"github.com/marquee-film/marquee/internal/store"
)

func TestLoadParseMix(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    loadMix
		wantErr bool
	}{
		{"1:1", loadMix{1, 1}, false},
		{"3:1", loadMix{3, 1}, false},
		{" 0 : 2 ", loadMix{0, 2}, false},
		{"5:0", loadMix{5, 0}, false},
		{"0:0", loadMix{}, true},
		{"1", loadMix{}, true},
		{"a:b", loadMix{}, true},
		{"-1:2", loadMix{}, true},
	} {
		got, err := parseMix(tc.in)
		if (err != nil) != tc.wantErr || got != tc.want {
			t.Errorf("parseMix(%q) = %v, %v; want %v, error %v", tc.in, got, err, tc.want, tc.wantErr)
		}
	}
}

// TestLoadMixKinds checks that the kinds come in the mix's proportion in
// every prefix of the run, not only in total.
func TestLoadMixKinds(t *testing.T) {
	for _, mix := range []loadMix{{1, 1}, {3, 1}, {1, 3}, {2, 3}, {1, 0}, {0, 1}, {7, 2}} {
		t.Run(mix.String(), func(t *testing.T) {
			kinds := mix.kinds(200)
			share := float64(mix.Film) / float64(mix.Film+mix.Search)
			films := 0
			for i, k := range kinds {
				if k == kindFilm {
					films++
				} else if k != kindSearch {
					t.Fatalf("kind %q", k)
				}
				if ideal := share * float64(i+1); float64(films) < ideal-1 || float64(films) > ideal+1 {
					t.Fatalf("after %d requests %d film pages, want %.1f±1", i+1, films, ideal)
				}
			}
			if films != int(share*200+0.5) {
				t.Errorf("%d film pages of 200, want %.0f", films, share*200)
			}
		})
	}
}

// TestLoadPlan checks the open-loop schedule: rate×duration requests at
// exact constant spacing, kinds by the mix, targets from the pools.
func TestLoadPlan(t *testing.T) {
	targets := &loadTargets{Films: []int64{7, 8, 9}, Queries: []string{"harbour light", `"quiet storm"`}}
	for _, tc := range []struct {
		rate  float64
		d     time.Duration
		mix   loadMix
		wantN int
	}{
		{100, time.Second, loadMix{1, 1}, 100},
		{3, 2 * time.Second, loadMix{1, 0}, 6},
		{0.5, 3 * time.Second, loadMix{0, 1}, 1},
		{333, 3 * time.Second, loadMix{3, 1}, 999},
		{1000, 1500 * time.Millisecond, loadMix{1, 1}, 1500},
	} {
		name := fmt.Sprintf("%g/s×%s %s", tc.rate, tc.d, tc.mix)
		t.Run(name, func(t *testing.T) {
			plan := planLoad(tc.rate, tc.d, tc.mix, targets, rand.New(rand.NewPCG(1, 2)))
			if len(plan) != tc.wantN {
				t.Fatalf("%d requests, want %d", len(plan), tc.wantN)
			}
			for i, r := range plan {
				want := time.Duration(float64(i) * float64(time.Second) / tc.rate)
				if diff := r.At - want; diff < -time.Microsecond || diff > time.Microsecond {
					t.Fatalf("request %d due at %s, want %s", i, r.At, want)
				}
				if r.At >= tc.d {
					t.Fatalf("request %d due at %s, after the run's %s", i, r.At, tc.d)
				}
				switch r.Kind {
				case kindFilm:
					if !strings.HasPrefix(r.Path, "/films/") {
						t.Fatalf("film request %q", r.Path)
					}
				case kindSearch:
					if r.Path != "/search?q=harbour+light" && r.Path != "/search?q=%22quiet+storm%22" {
						t.Fatalf("search request %q", r.Path)
					}
				}
			}
		})
	}
	api := *targets
	api.API = true
	rng := rand.New(rand.NewPCG(3, 4))
	if p := api.path(kindFilm, rng); !strings.HasPrefix(p, "/api/films/") {
		t.Errorf("API film path %q", p)
	}
	if p := api.path(kindSearch, rng); !strings.HasPrefix(p, "/api/search?q=") {
		t.Errorf("API search path %q", p)
	}
}

func TestLoadSummarise(t *testing.T) {
	msd := func(v float64) time.Duration { return time.Duration(v * float64(time.Millisecond)) }
	plan := []loadRequest{
		{Kind: kindFilm}, {Kind: kindSearch}, {Kind: kindFilm}, {Kind: kindSearch},
		{Kind: kindFilm}, {Kind: kindSearch}, {Kind: kindFilm},
	}
	outcomes := []loadOutcome{
		{Latency: msd(4), Lag: msd(0.1), Status: 200},
		{Latency: msd(30), Lag: msd(0.2), Status: 200},
		{Latency: msd(2), Lag: msd(0.1), Status: 200},
		{Latency: msd(900), Lag: msd(0.3), Status: 503, Err: "status 503"},
		{Latency: msd(6), Lag: msd(5), Status: 200},
		{Latency: msd(5000), Lag: msd(0.1), Err: "timeout"},
		{Lag: msd(0.4), Err: "dropped"},
	}
	st := summariseLoad(100, time.Second, plan, outcomes)
	if st.Sent != 7 || st.Errors != 3 {
		t.Errorf("sent %d errors %d, want 7 and 3", st.Sent, st.Errors)
	}
	film, search := st.Kinds[kindFilm], st.Kinds[kindSearch]
	if film.Sent != 4 || film.OK != 3 || film.Errors["dropped"] != 1 {
		t.Errorf("film %+v", film)
	}
	if search.Sent != 3 || search.OK != 1 || search.Errors["status 503"] != 1 || search.Errors["timeout"] != 1 {
		t.Errorf("search %+v", search)
	}
	// Latency statistics are of answered requests only.
	if want := (latencyStats{N: 3, Mean: 4, P50: 4, P99: 6, Max: 6}); film.Latency != want {
		t.Errorf("film latency %+v, want %+v", film.Latency, want)
	}
	if search.Latency.N != 1 || search.Latency.Max != 30 {
		t.Errorf("search latency %+v", search.Latency)
	}
	if st.LagP99 != 5 {
		t.Errorf("lag p99 %v, want 5", st.LagP99)
	}
}

func TestLoadJudge(t *testing.T) {
	goals := loadGoals{kindFilm: 20 * time.Millisecond, kindSearch: 50 * time.Millisecond}
	step := func(errors int, filmP99, searchP99 float64) loadStep {
		return loadStep{Sent: 10, Errors: errors, Kinds: map[string]kindLoadStats{
			kindFilm:   {Sent: 5, OK: 5, Latency: latencyStats{N: 5, P99: filmP99}},
			kindSearch: {Sent: 5, OK: 5, Latency: latencyStats{N: 5, P99: searchP99}},
		}}
	}
	for _, tc := range []struct {
		name   string
		step   loadStep
		meets  bool
		missed string
	}{
		{"under both", step(0, 19.9, 49), true, ""},
		{"at the goals", step(0, 20, 50), true, ""},
		{"film too slow", step(0, 20.5, 10), false, "film p99"},
		{"search too slow", step(0, 5, 51), false, "search p99"},
		{"errors", step(1, 5, 5), false, "1 errors"},
		{"nothing sent", loadStep{}, false, "nothing was sent"},
		{"film only", loadStep{Sent: 3, Kinds: map[string]kindLoadStats{kindFilm: {Sent: 3, OK: 3, Latency: latencyStats{P99: 3}}}}, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.step
			goals.judge(&s)
			if s.Meets != tc.meets || !strings.Contains(strings.Join(s.Missed, "; "), tc.missed) {
				t.Errorf("meets %v missed %q, want %v and %q", s.Meets, s.Missed, tc.meets, tc.missed)
			}
		})
	}
}

// TestLoadRateSearch runs the search against servers of known capacity:
// it must report a rate the server meets, close to the capacity.
func TestLoadRateSearch(t *testing.T) {
	for _, tc := range []struct {
		name                string
		start, capacity     float64
		factor              float64
		refine              int
		maxRate             float64
		wantBest            float64 // 0: any rate from wantAtLeast to the capacity
		wantAtLeast         float64
		wantStepsAtMost     int
		wantFirstRatesInOrd []float64
	}{
		{name: "climbs then bisects", start: 50, capacity: 300, factor: 2, refine: 3, maxRate: 5000,
			wantAtLeast: 250, wantStepsAtMost: 8, wantFirstRatesInOrd: []float64{50, 100, 200, 400, 300}},
		{name: "capped by max rate", start: 100, capacity: 1e9, factor: 2, refine: 3, maxRate: 500,
			wantBest: 500, wantFirstRatesInOrd: []float64{100, 200, 400, 500}, wantStepsAtMost: 4},
		{name: "first rate fails", start: 100, capacity: 30, factor: 1.5, refine: 4, maxRate: 5000,
			wantAtLeast: 20, wantStepsAtMost: 5, wantFirstRatesInOrd: []float64{100, 50, 25, 38}},
		{name: "no refinement", start: 10, capacity: 100, factor: 3, refine: 0, maxRate: 5000,
			wantBest: 90, wantFirstRatesInOrd: []float64{10, 30, 90, 270}, wantStepsAtMost: 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := rateSearch{factor: tc.factor, refine: tc.refine, maxRate: tc.maxRate}
			var tried []float64
			rate := tc.start
			for {
				tried = append(tried, rate)
				if len(tried) > 50 {
					t.Fatalf("no end: %v", tried)
				}
				next, done := s.next(rate, rate <= tc.capacity)
				if done {
					break
				}
				rate = next
			}
			if s.best > tc.capacity {
				t.Errorf("best %v exceeds the capacity %v", s.best, tc.capacity)
			}
			if tc.wantBest != 0 && s.best != tc.wantBest {
				t.Errorf("best %v, want %v (tried %v)", s.best, tc.wantBest, tried)
			}
			if s.best < tc.wantAtLeast {
				t.Errorf("best %v, want at least %v (tried %v)", s.best, tc.wantAtLeast, tried)
			}
			if len(tried) > tc.wantStepsAtMost {
				t.Errorf("%d steps (%v), want at most %d", len(tried), tried, tc.wantStepsAtMost)
			}
			for i, want := range tc.wantFirstRatesInOrd {
				if i >= len(tried) || tried[i] != want {
					t.Errorf("rates tried %v, want them to begin %v", tried, tc.wantFirstRatesInOrd)
					break
				}
			}
		})
	}
}

// TestLoadRun sends a small plan to a test server and checks what each
// outcome records. Nothing here depends on how fast the machine is: the
// plan is due within a tenth of a second, and the checks are of counts
// and classes, not of durations.
func TestLoadRun(t *testing.T) {
	gate := make(chan struct{})
	var served atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		switch r.URL.Path {
		case "/fail":
			http.Error(w, "no", http.StatusServiceUnavailable)
		case "/hold": // until the gate opens
			select {
			case <-gate:
			case <-r.Context().Done():
			}
		case "/slow":
			select {
			case <-time.After(5 * time.Second):
			case <-r.Context().Done():
			}
		default:
			fmt.Fprint(w, "ok")
		}
	}))
	defer ts.Close()

	t.Run("outcomes", func(t *testing.T) {
		var plan []loadRequest
		for i := 0; i < 40; i++ {
			path := "/ok"
			if i%4 == 3 {
				path = "/fail"
			}
			plan = append(plan, loadRequest{At: arrival(i, 400), Kind: loadKinds[i%2], Path: path})
		}
		out := runLoad(context.Background(), ts.Client(), ts.URL, plan, 100)
		if len(out) != len(plan) {
			t.Fatalf("%d outcomes for %d requests", len(out), len(plan))
		}
		for i, o := range out {
			wantErr, wantStatus := "", 200
			if i%4 == 3 {
				wantErr, wantStatus = "status 503", 503
			}
			if o.Err != wantErr || o.Status != wantStatus || o.Latency <= 0 || o.Lag < 0 || o.Latency < o.Lag {
				t.Errorf("request %d (%s): %+v, want error %q and latency ≥ lag ≥ 0", i, plan[i].Path, o, wantErr)
			}
		}
	})

	t.Run("dropped when too many in flight", func(t *testing.T) {
		served.Store(0)
		plan := make([]loadRequest, 6)
		for i := range plan {
			plan[i] = loadRequest{At: arrival(i, 1000), Kind: kindFilm, Path: "/hold"}
		}
		// The first two requests are held well past the time the other
		// four are due (5 ms after the first), so those find two
		// requests outstanding and are dropped.
		go func() {
			for served.Load() < 2 {
				time.Sleep(time.Millisecond)
			}
			time.Sleep(300 * time.Millisecond)
			close(gate)
		}()
		out := runLoad(context.Background(), ts.Client(), ts.URL, plan, 2)
		dropped := 0
		for _, o := range out[2:] {
			if o.Err == "dropped" {
				dropped++
			}
		}
		if len(out) != 6 || out[0].Err != "" || out[1].Err != "" || dropped != 4 {
			t.Errorf("outcomes %+v: want the first two answered and the other four dropped", out)
		}
	})

	t.Run("timeout and transport errors", func(t *testing.T) {
		c := *ts.Client()
		c.Timeout = 20 * time.Millisecond
		out := runLoad(context.Background(), &c, ts.URL, []loadRequest{{Kind: kindSearch, Path: "/slow"}}, 10)
		if out[0].Err != "timeout" {
			t.Errorf("slow request: %+v, want a timeout", out[0])
		}
		closed := httptest.NewServer(http.NotFoundHandler())
		closed.Close()
		out = runLoad(context.Background(), ts.Client(), closed.URL, []loadRequest{{Kind: kindSearch, Path: "/"}}, 10)
		if out[0].Err != "transport" {
			t.Errorf("closed server: %+v, want a transport error", out[0])
		}
	})

	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		plan := []loadRequest{{At: time.Hour, Kind: kindFilm, Path: "/ok"}}
		if out := runLoad(ctx, ts.Client(), ts.URL, plan, 10); len(out) != 0 {
			t.Errorf("a cancelled run sent %d requests", len(out))
		}
	})
}

// loadTestDB stores a few invented reviews of a few films and returns the
// database's path.
func loadTestDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "load.db")
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	films := []string{"The Lantern Keeper", "Saltmarsh Nocturne", "Orbit of Paper Birds"}
	words := []string{"luminous", "clumsy", "tender", "brittle", "sprawling", "measured"}
	var reviews []*review.Review
	for i := 0; i < 30; i++ {
		body := []string{
			fmt.Sprintf("A %s and %s picture about harbours and lanterns.", words[i%len(words)], words[(i+2)%len(words)]),
			fmt.Sprintf("Only here will you meet the word zqword%c%c.", 'a'+i/26, 'a'+i%26),
		}
		reviews = append(reviews, &review.Review{
			Source: fmt.Sprintf("load-%d.txt", i), Format: review.FormatText,
			Headline: "On " + films[i%3], Author: []string{"Odile Marchbank", "Ines Halvorsen"}[i%2],
			Film: review.Film{Title: films[i%3], Year: 2001}, Body: body, Sentences: len(body),
			Words: 20, Language: "en", Scorable: true, ContentHash: fmt.Sprintf("load-hash-%03d", i),
		})
	}
	if _, err := st.AddReviews(ctx, reviews); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestBenchLoad runs the command end to end against a server in the same
// process. It checks what was sent and that nothing failed, not how fast:
// whether a rate meets the latency goals depends on the machine.
func TestBenchLoad(t *testing.T) {
	path := loadTestDB(t)
	out, stderr, code := cli(t, "", "bench", "load", "--db", path, "--serve", "--rate", "40", "--duration", "500ms",
		"--warmup", "0s", "--mix", "1:1", "--queries", "20", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep loadReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("decode: %v\n%s", err, out)
	}
	if rep.Reviews != 30 || rep.Films != 3 || rep.FilmPool != 3 || rep.Queries != 20 || len(rep.Steps) != 1 {
		t.Fatalf("report %+v", rep)
	}
	s := rep.Steps[0]
	if s.Sent != 20 || s.Errors != 0 || s.Kinds[kindFilm].OK != 10 || s.Kinds[kindSearch].OK != 10 {
		t.Errorf("step %+v: want 20 sent, 10 film pages and 10 searches answered", s)
	}
	if (rep.Sustained == 40) != s.Meets {
		t.Errorf("sustained %v but the step meets the goals: %v", rep.Sustained, s.Meets)
	}

	// --find-max with unreachable goals stops at the first rate and
	// bisects downwards; with reachable ones it climbs.
	out, stderr, code = cli(t, "", "bench", "load", "--db", path, "--serve", "--rate", "20", "--duration", "200ms",
		"--warmup", "0s", "--find-max", "--refine", "1", "--film-p99", "1ns", "--search-p99", "1ns", "--json")
	if code != 0 {
		t.Fatalf("find-max exit %d: %s", code, stderr)
	}
	rep = loadReport{}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Sustained != 0 || len(rep.Steps) != 2 || rep.Steps[1].Rate != 10 || rep.Steps[0].Meets {
		t.Errorf("find-max with impossible goals: sustained %v, steps %+v", rep.Sustained, rep.Steps)
	}

	text, stderr, code := cli(t, "", "bench", "load", "--db", path, "--serve", "--rate", "20", "--duration", "200ms", "--warmup", "100ms")
	if code != 0 || !strings.Contains(text, "film p99") || !strings.Contains(text, "rate/s") {
		t.Errorf("table output (exit %d, %s):\n%s", code, stderr, text)
	}
	for _, args := range [][]string{
		{"--db", path}, // neither --addr nor --serve
		{"--db", path, "--serve", "--addr", "http://x"},        // both
		{"--db", path, "--serve", "--mix", "1"},                // bad mix
		{"--db", path, "--serve", "--rate", "0"},               // no rate
		{"--db", path, "--serve", "--find-max", "--step", "1"}, // step that never climbs
	} {
		if _, _, code := cli(t, "", append([]string{"bench", "load"}, args...)...); code != 2 {
			t.Errorf("bench load %q: exit %d, want 2", args, code)
		}
	}
	// A server that does not serve the database is refused before the load.
	other := httptest.NewServer(http.NotFoundHandler())
	defer other.Close()
	if _, stderr, code := cli(t, "", "bench", "load", "--db", path, "--addr", other.URL, "--duration", "100ms"); code == 0 ||
		!strings.Contains(stderr, "status 404") {
		t.Errorf("wrong server: exit %d, %s", code, stderr)
	}
}

func TestLoadServerMetrics(t *testing.T) {
	text := `# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.
# TYPE process_cpu_seconds_total counter
process_cpu_seconds_total 12.34
marquee_cache_lookups_total{cache="film_report",result="hit"} 90
marquee_cache_lookups_total{cache="film_report",result="miss"} 10
marquee_cache_lookups_total{cache="film_report",result="stale"} 5
marquee_cache_lookups_total{cache="search",result="miss"} 4
process_max_fds 1024
`
	m, ok := parseServerMetrics(text)
	if !ok || m.cpu != 12.34 || m.cache["film_report hit"] != 90 || m.cache["search miss"] != 4 || len(m.cache) != 4 {
		t.Fatalf("parsed %+v, %v", m, ok)
	}
	for _, tc := range []struct {
		text string
		cpu  float64
		ok   bool
	}{
		{"process_cpu_seconds_total 1e+03\n", 1000, true},
		{"go_goroutines 7\n", 0, false},
		{"process_cpu_seconds_total_other 5\n", 0, false},
		{"process_cpu_seconds_total x\n", 0, false},
	} {
		if got, ok := parseServerMetrics(tc.text); got.cpu != tc.cpu || ok != tc.ok {
			t.Errorf("parseServerMetrics(%q): cpu %v, %v; want %v, %v", tc.text, got.cpu, ok, tc.cpu, tc.ok)
		}
	}
	// The duration histogram of 200 answers, before and after a step.
	hist := func(route string, counts ...float64) string {
		var b strings.Builder
		for i, le := range []string{"0.01", "0.02", "0.05", "+Inf"} {
			fmt.Fprintf(&b, "marquee_http_request_duration_seconds_bucket{code=\"200\",route=%q,le=%q} %g\n", route, le, counts[i])
		}
		fmt.Fprintf(&b, "marquee_http_request_duration_seconds_bucket{code=\"404\",route=%q,le=\"0.02\"} 999\n", route)
		return b.String()
	}
	h0, ok0 := parseServerMetrics("process_cpu_seconds_total 1\n" + hist("GET /films/{id}", 5, 8, 9, 10) + hist("GET /search", 1, 1, 1, 1))
	h1, ok1 := parseServerMetrics("process_cpu_seconds_total 2\n" + hist("GET /films/{id}", 85, 105, 109, 110) + hist("GET /search", 1, 51, 81, 101) +
		hist("GET /api/films/{id}", 1, 1, 1, 2))
	if !ok0 || !ok1 || h1.durations["GET /films/{id}"][math.Inf(1)] != 110 {
		t.Fatalf("durations %v", h1.durations)
	}
	goals := loadGoals{kindFilm: 20 * time.Millisecond, kindSearch: 50 * time.Millisecond}
	// Films: 97 of 100 within 20 ms; searches: 80 of 100 within 50 ms.
	if got := withinGoals(h0, h1, goals, false); got[kindFilm] != 0.97 || got[kindSearch] != 0.8 {
		t.Errorf("withinGoals = %v, want film 0.97, search 0.8", got)
	}
	// A goal between bounds reads the bound below it: 30 ms → 20 ms.
	if got := withinGoals(h0, h1, loadGoals{kindSearch: 30 * time.Millisecond}, false); got[kindSearch] != 0.5 || len(got) != 1 {
		t.Errorf("withinGoals at 30 ms = %v, want search 0.5", got)
	}
	if got := withinGoals(h0, h1, goals, true); got[kindFilm] != 0.5 || len(got) != 1 {
		t.Errorf("withinGoals of the API = %v, want film 0.5 (1 of 2, the API route is new)", got)
	}

	after := map[string]float64{"film_report hit": 150, "film_report miss": 20, "film_report stale": 10, "search miss": 4, "film_page hit": 3}
	got := hitRatios(m.cache, after)
	// film_report: 60 hits + 5 stale of 75 lookups; search: no lookups
	// between the scrapes; film_page: new.
	want := map[string]float64{"film_report": 0.867, "film_page": 1}
	if len(got) != len(want) || got["film_report"] != want["film_report"] || got["film_page"] != want["film_page"] {
		t.Errorf("hitRatios = %v, want %v", got, want)
	}
	if hitRatios(m.cache, m.cache) != nil {
		t.Error("no lookups between the scrapes should give no ratios")
	}
}
