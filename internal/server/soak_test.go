package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestSoak runs a real server (Serve on loopback, SQLite store) under a
// constant rate of mixed reads and writes for $MARQUEE_SOAK (a duration,
// e.g. 10m) and asserts no request fails and the heap stays flat: after a
// GC, in use at the end at most 1.5 times what it was after the first
// minute. Skipped unless MARQUEE_SOAK is set; CI does not set it. Run:
//
//	MARQUEE_SOAK=10m nice -n 10 go test -run TestSoak -timeout 30m -v ./internal/server
//
// $MARQUEE_SOAK_RATE sets the requests per second (default 20).
func TestSoak(t *testing.T) {
	v := os.Getenv("MARQUEE_SOAK")
	if v == "" {
		t.Skip("soak test: set MARQUEE_SOAK to a duration (e.g. 10m) to run it")
	}
	duration, err := time.ParseDuration(v)
	if err != nil || duration < time.Minute {
		t.Fatalf("MARQUEE_SOAK=%q: want a duration of at least 1m", v)
	}
	rate := 20.0
	if r := os.Getenv("MARQUEE_SOAK_RATE"); r != "" {
		if rate, err = strconv.ParseFloat(r, 64); err != nil || rate <= 0 {
			t.Fatalf("MARQUEE_SOAK_RATE=%q", r)
		}
	}
	if dl, ok := t.Deadline(); ok && time.Until(dl) < duration+2*time.Minute {
		t.Fatalf("the test deadline is in %v, too soon for a %v soak: pass -timeout", time.Until(dl).Round(time.Second), duration)
	}

	srv, base, st := newRealServer(t, Config{})
	ctx := context.Background()
	startStats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gen := newSoakLoad(base, rate)
	if err := gen.refreshFilms(); err != nil {
		t.Fatal(err)
	}
	gen.maxReview.Store(int64(startStats.Reviews))

	const sampleEvery = 30 * time.Second
	type sample struct {
		at         time.Duration
		heapInuse  uint64
		goroutines int
		requests   int64
		reviews    int
	}
	var samples []sample
	take := func(at time.Duration) sample {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		stats, _ := st.Stats(ctx)
		s := sample{at, ms.HeapInuse, runtime.NumGoroutine(), gen.done.Load(), stats.Reviews}
		samples = append(samples, s)
		t.Logf("%6v  heap in use %6.1f MiB  goroutines %4d  requests %7d  errors %d  reviews %d",
			at.Round(time.Second), float64(s.heapInuse)/(1<<20), s.goroutines, s.requests, gen.errors.Load(), s.reviews)
		return s
	}

	// Goroutines before the load, to compare with those left after it
	// (connections, handlers and the generator's own must all end).
	idleGoroutines := settledGoroutines(0)
	start := time.Now()
	stop := make(chan struct{})
	var running sync.WaitGroup
	running.Add(1)
	go func() {
		defer running.Done()
		gen.run(stop)
	}()
	tick := time.NewTicker(sampleEvery)
	for elapsed := time.Duration(0); elapsed < duration; {
		<-tick.C
		elapsed = time.Since(start)
		take(elapsed)
	}
	tick.Stop()
	close(stop)
	running.Wait()
	elapsed := time.Since(start)
	end := take(elapsed)

	// The first minute warms the caches, the template and JSON buffers
	// and the connection pool; from then on the heap must stay flat.
	baseline := samples[0]
	for _, s := range samples {
		if s.at <= time.Minute+sampleEvery/2 {
			baseline = s
		}
	}
	peak := slices.MaxFunc(samples, func(a, b sample) int { return int(a.heapInuse) - int(b.heapInuse) })
	reqs := gen.done.Load()
	t.Logf("%v at %.0f req/s: %d requests (%.1f/s achieved), %d errors; by kind: %s",
		elapsed.Round(time.Second), rate, reqs, float64(reqs)/elapsed.Seconds(), gen.errors.Load(), gen.kindSummary())
	t.Logf("heap in use: %.1f MiB after %v, %.1f MiB at the end (%.2fx), peak %.1f MiB; goroutines %d → %d; reviews %d → %d",
		mib(baseline.heapInuse), baseline.at.Round(time.Second), mib(end.heapInuse), float64(end.heapInuse)/float64(baseline.heapInuse),
		mib(peak.heapInuse), baseline.goroutines, end.goroutines, startStats.Reviews, end.reviews)
	if n := gen.errors.Load(); n > 0 {
		t.Errorf("%d of %d requests failed; first: %s", n, reqs, gen.firstError())
	}
	if float64(end.heapInuse) > 1.5*float64(baseline.heapInuse) {
		t.Errorf("heap grew from %.1f MiB (after %v) to %.1f MiB", mib(baseline.heapInuse), baseline.at.Round(time.Second), mib(end.heapInuse))
	}
	gen.client.CloseIdleConnections()
	if left := settledGoroutines(idleGoroutines + 5); left > idleGoroutines+5 {
		t.Errorf("%d goroutines before the load, %d after it ended and its connections closed", idleGoroutines, left)
	} else {
		t.Logf("goroutines: %d before the load, %d after it", idleGoroutines, left)
	}
	if want := startStats.Reviews + int(gen.added.Load()); end.reviews != want {
		t.Errorf("the store holds %d reviews, want %d (%d at the start + %d added)", end.reviews, want, startStats.Reviews, gen.added.Load())
	}
	if got := testutilRequests(t, srv); got < reqs {
		t.Errorf("the server counted %d requests, the load %d", got, reqs)
	}
}

func mib(n uint64) float64 { return float64(n) / (1 << 20) }

// settledGoroutines waits (up to 10 s) for the goroutine count to fall to
// at most want, as closed connections' goroutines exit, and returns it.
func settledGoroutines(want int) int {
	n := runtime.NumGoroutine()
	for deadline := time.Now().Add(10 * time.Second); n > want && time.Now().Before(deadline); n = runtime.NumGoroutine() {
		time.Sleep(50 * time.Millisecond)
	}
	return n
}

// testutilRequests sums marquee_http_requests_total over every route.
func testutilRequests(t *testing.T, srv *Server) int64 {
	t.Helper()
	families, err := srv.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	var n float64
	for _, f := range families {
		if f.GetName() == "marquee_http_requests_total" {
			for _, m := range f.GetMetric() {
				n += m.GetCounter().GetValue()
			}
		}
	}
	return int64(n)
}

// soakLoad sends requests at a constant rate, whatever the answers' speed
// (an open loop: a slow server gets a growing queue, as it would from
// real readers), and checks each answer.
type soakLoad struct {
	base   string
	rate   float64
	client *http.Client
	rng    *rand.Rand
	rngMu  sync.Mutex

	films     atomic.Pointer[[]int64]
	maxReview atomic.Int64
	serial    atomic.Int64

	done, errors, added atomic.Int64
	mu                  sync.Mutex
	first               string
	byKind              map[string]*kindStats
}

type kindStats struct {
	n         int
	latencies []time.Duration
}

// maxOutstanding bounds the requests in flight; a tick that finds it
// reached counts as a failure (the server fell behind).
const maxOutstanding = 256

func newSoakLoad(base string, rate float64) *soakLoad {
	return &soakLoad{
		base: base, rate: rate,
		client: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}},
		rng:    rand.New(rand.NewPCG(1, 2)),
		byKind: map[string]*kindStats{},
	}
}

func (g *soakLoad) intn(n int) int {
	g.rngMu.Lock()
	defer g.rngMu.Unlock()
	return g.rng.IntN(n)
}

func (g *soakLoad) pick(words []string) string { return words[g.intn(len(words))] }

func (g *soakLoad) run(stop <-chan struct{}) {
	var wg sync.WaitGroup
	slots := make(chan struct{}, maxOutstanding)
	// Requests are due at fixed times from the start, so a generator
	// that was descheduled catches up instead of dropping requests (as a
	// time.Ticker would).
	interval := time.Duration(float64(time.Second) / g.rate)
	next := time.Now()
	timer := time.NewTimer(0)
	defer timer.Stop()
	lastRefresh := time.Now()
	for {
		select {
		case <-stop:
			wg.Wait()
			return
		case <-timer.C:
		}
		next = next.Add(interval)
		timer.Reset(time.Until(next))
		select {
		case slots <- struct{}{}:
		default:
			g.fail("load", "more than %d requests outstanding", maxOutstanding)
			continue
		}
		refresh := time.Since(lastRefresh) > 10*time.Second
		if refresh {
			lastRefresh = time.Now()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			if refresh {
				if err := g.refreshFilms(); err != nil {
					g.fail("films", "%v", err)
				}
				return
			}
			g.one()
		}()
	}
}

var (
	soakWords     = []string{"lighthouse", "harbour", "quarry", "winter", "luminous", "ensemble", "screenplay", "drama", "amber*", "\"quiet ending\"", "foreman", "photography"}
	soakAdjective = []string{"patient", "handsome", "brittle", "tender", "muddled", "luminous", "stately", "restless", "overlong", "generous"}
	soakFirst     = []string{"Ada", "Bram", "Celia", "Dov", "Esme", "Farid", "Greta", "Hugo", "Ines", "Jonah", "Kaia", "Lev"}
	soakLast      = []string{"Arkwright", "Bellamy", "Castellan", "Dunmore", "Everly", "Fairweather", "Greaves", "Holloway", "Ingram", "Juniper"}
	soakTitleA    = []string{"Amber", "Copper", "Hollow", "Salt", "Linen", "Cinder", "Marrow", "Pewter"}
	soakTitleB    = []string{"Quay", "Orchard", "Lantern", "Causeway", "Meridian"}
)

// one sends one request of the mix and checks its answer.
func (g *soakLoad) one() {
	films := *g.films.Load()
	film := films[g.intn(len(films))]
	reviewID := 1 + g.intn(int(g.maxReview.Load()))
	switch n := g.intn(100); {
	case n < 25:
		path := fmt.Sprintf("/films/%d", film)
		if g.intn(3) == 0 {
			path += "?sort=" + g.pick([]string{"score", "-published", "rating"}) + "&verdict=" + g.pick([]string{"", "positive", "negative"})
		}
		g.get("film page", path, "<h1>")
	case n < 33:
		g.get("home", "/?sort="+g.pick(filmSorts), "<h1>Films</h1>")
	case n < 45:
		g.get("search page", "/search?q="+url.QueryEscape(g.pick(soakWords)), "<h1>Search</h1>")
	case n < 55:
		g.get("review page", fmt.Sprintf("/reviews/%d", reviewID), "Facts")
	case n < 62:
		g.get("api films", "/api/films?sort="+g.pick(filmSorts)+"&limit="+strconv.Itoa(1+g.intn(50)), `"films"`)
	case n < 70:
		g.get("api film", fmt.Sprintf("/api/films/%d", film), `"title"`)
	case n < 77:
		g.get("api film reviews", fmt.Sprintf("/api/films/%d/reviews?sort=-score", film), `"reviews"`)
	case n < 84:
		g.get("api review", fmt.Sprintf("/api/reviews/%d", reviewID), `"content_hash"`)
	case n < 90:
		g.get("api search", "/api/search?q="+url.QueryEscape(g.pick(soakWords)), `"hits"`)
	default:
		g.ingest()
	}
}

func (g *soakLoad) get(kind, path, want string) {
	start := time.Now()
	resp, err := g.client.Get(g.base + path)
	if err != nil {
		g.fail(kind, "GET %s: %v", path, err)
		return
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	switch {
	case err != nil:
		g.fail(kind, "GET %s: read: %v", path, err)
	case resp.StatusCode != http.StatusOK:
		g.fail(kind, "GET %s: %d %.200s", path, resp.StatusCode, body)
	case !strings.Contains(string(body), want):
		g.fail(kind, "GET %s: answer lacks %q", path, want)
	default:
		g.ok(kind, time.Since(start))
	}
}

// ingest adds a new invented review of one of a few invented films, so
// the films gather reviews as a real site's do.
func (g *soakLoad) ingest() {
	n := g.serial.Add(1)
	film := g.pick(soakTitleA) + " " + g.pick(soakTitleB)
	critic := g.pick(soakFirst) + " " + g.pick(soakLast)
	text := fmt.Sprintf("%s is a %s, %s drama\nby %s\n\nRating: %d/4\n\n"+
		"%s (2023) follows a ferry pilot, Orla (Mina Sorensen), through a %s autumn. "+
		"The photography is %s and the ensemble is %s. "+
		"I saw it at press screening number %d, and the ending earns its quiet.\n",
		film, g.pick(soakAdjective), g.pick(soakAdjective), critic, 1+g.intn(4),
		film, g.pick(soakAdjective), g.pick(soakAdjective), g.pick(soakAdjective), n)
	start := time.Now()
	req, _ := http.NewRequest("POST", g.base+"/api/ingest", strings.NewReader(text))
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.Header.Set("Content-Type", "text/plain; charset=utf-8")
	resp, err := g.client.Do(req)
	if err != nil {
		g.fail("ingest", "POST: %v", err)
		return
	}
	defer resp.Body.Close()
	var sum ingestJSON
	if err := json.NewDecoder(resp.Body).Decode(&sum); err != nil || resp.StatusCode != http.StatusCreated || sum.Added != 1 || len(sum.IDs) != 1 {
		g.fail("ingest", "POST: %d %+v %v", resp.StatusCode, sum, err)
		return
	}
	g.added.Add(1)
	for {
		m := g.maxReview.Load()
		if sum.IDs[0] <= m || g.maxReview.CompareAndSwap(m, sum.IDs[0]) {
			break
		}
	}
	g.ok("ingest", time.Since(start))
}

// refreshFilms reads the film IDs the load picks from.
func (g *soakLoad) refreshFilms() error {
	resp, err := g.client.Get(g.base + "/api/films?limit=100&sort=title")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var list filmListJSON
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil || resp.StatusCode != http.StatusOK || len(list.Films) == 0 {
		return fmt.Errorf("film list: %d %v", resp.StatusCode, err)
	}
	ids := make([]int64, len(list.Films))
	for i, f := range list.Films {
		ids[i] = f.ID
	}
	g.films.Store(&ids)
	g.done.Add(1)
	return nil
}

func (g *soakLoad) ok(kind string, took time.Duration) {
	g.done.Add(1)
	g.mu.Lock()
	defer g.mu.Unlock()
	k := g.byKind[kind]
	if k == nil {
		k = &kindStats{}
		g.byKind[kind] = k
	}
	k.n++
	k.latencies = append(k.latencies, took)
}

func (g *soakLoad) fail(kind, format string, args ...any) {
	g.done.Add(1)
	g.errors.Add(1)
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.first == "" {
		g.first = kind + ": " + fmt.Sprintf(format, args...)
	}
}

func (g *soakLoad) firstError() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.first
}

// kindSummary lists each kind's count and median and 99th percentile
// latency.
func (g *soakLoad) kindSummary() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	kinds := make([]string, 0, len(g.byKind))
	for k := range g.byKind {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	var parts []string
	for _, k := range kinds {
		ls := slices.Clone(g.byKind[k].latencies)
		slices.Sort(ls)
		q := func(p float64) time.Duration {
			return ls[min(len(ls)-1, int(p*float64(len(ls))))].Round(100 * time.Microsecond)
		}
		parts = append(parts, fmt.Sprintf("%s %d (p50 %v, p99 %v)", k, len(ls), q(0.5), q(0.99)))
	}
	return strings.Join(parts, "; ")
}
