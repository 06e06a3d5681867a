package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/marquee-film/marquee/internal/server"
	"github.com/marquee-film/marquee/internal/store"
)

// bench load drives a Marquee web server with film pages and searches at a
// constant request rate. It is open-loop: request i is due at start + i/rate
// whether or not earlier ones have been answered, and its latency is
// counted from when it was due, not from when it was sent. A closed-loop
// generator (N workers, each waiting for its answer before the next
// request) would slow down with the server and hide exactly the queueing a
// slow answer causes — coordinated omission.

// Request kinds of the load.
const (
	kindFilm   = "film"
	kindSearch = "search"
)

var loadKinds = []string{kindFilm, kindSearch}

// loadRequest is one planned request: when it is due, relative to the
// start of its run, what kind it is and the path (with query) it asks for.
type loadRequest struct {
	At   time.Duration
	Kind string
	Path string
}

// loadOutcome is what happened to one planned request.
type loadOutcome struct {
	// Latency runs from when the request was due to the end of its
	// response body, so time spent waiting to be sent counts too.
	Latency time.Duration
	// Lag is how late the generator sent the request.
	Lag    time.Duration
	Status int
	// Err is "" for a 200 answer read in full, else the class of
	// failure ("status 503", "timeout", "transport", "dropped").
	Err string
}

// loadMix is how many requests of each kind (film, search) make a round.
type loadMix struct {
	Film, Search int
}

func parseMix(s string) (loadMix, error) {
	f, sr, ok := strings.Cut(s, ":")
	if !ok {
		return loadMix{}, fmt.Errorf("--mix %q: want FILM:SEARCH weights, like 1:1 or 3:1", s)
	}
	a, errA := strconv.Atoi(strings.TrimSpace(f))
	b, errB := strconv.Atoi(strings.TrimSpace(sr))
	if errA != nil || errB != nil || a < 0 || b < 0 || a+b == 0 {
		return loadMix{}, fmt.Errorf("--mix %q: weights must be non-negative integers, not both 0", s)
	}
	return loadMix{Film: a, Search: b}, nil
}

func (m loadMix) String() string { return fmt.Sprintf("%d:%d", m.Film, m.Search) }

// kinds returns the kind of each of n requests, interleaved by smooth
// weighted round robin: every prefix holds the kinds in as nearly the
// mix's proportion as whole requests allow, so a short run is not all
// film pages first.
func (m loadMix) kinds(n int) []string {
	weights := []int{m.Film, m.Search}
	total := m.Film + m.Search
	current := make([]int, len(weights))
	out := make([]string, n)
	for i := range out {
		best := 0
		for k, w := range weights {
			current[k] += w
			if current[k] > current[best] {
				best = k
			}
		}
		current[best] -= total
		out[i] = loadKinds[best]
	}
	return out
}

// loadTargets are what the requests ask for: film IDs and search queries.
type loadTargets struct {
	Films   []int64
	Queries []string
	API     bool // the JSON API instead of the HTML pages
}

func (t *loadTargets) path(kind string, rng *rand.Rand) string {
	switch kind {
	case kindFilm:
		id := t.Films[rng.IntN(len(t.Films))]
		if t.API {
			return "/api/films/" + strconv.FormatInt(id, 10)
		}
		return "/films/" + strconv.FormatInt(id, 10)
	default:
		q := url.QueryEscape(t.Queries[rng.IntN(len(t.Queries))])
		if t.API {
			return "/api/search?q=" + q
		}
		return "/search?q=" + q
	}
}

// planLoad lays out rate×d requests, due at constant intervals of 1/rate
// from 0, their kinds interleaved by the mix and their targets drawn at
// random from targets.
func planLoad(rate float64, d time.Duration, mix loadMix, targets *loadTargets, rng *rand.Rand) []loadRequest {
	n := int(math.Floor(rate * d.Seconds()))
	kinds := mix.kinds(n)
	plan := make([]loadRequest, n)
	for i := range plan {
		plan[i] = loadRequest{At: arrival(i, rate), Kind: kinds[i], Path: targets.path(kinds[i], rng)}
	}
	return plan
}

// arrival is when request i of a run at rate requests per second is due.
// It is computed from i, not by adding intervals, so rounding does not
// accumulate over a long run.
func arrival(i int, rate float64) time.Duration {
	return time.Duration(float64(i) / rate * float64(time.Second))
}

// runLoad sends plan against base, each request when it is due, on its
// own goroutine, at most maxInFlight at once: a request due while
// maxInFlight are outstanding is dropped and counted as an error (the
// server is not keeping up, and queueing it in the generator would hide
// that). It returns an outcome per planned request that was due before
// ctx ended.
func runLoad(ctx context.Context, client *http.Client, base string, plan []loadRequest, maxInFlight int) []loadOutcome {
	out := make([]loadOutcome, len(plan))
	sem := make(chan struct{}, maxInFlight)
	var wg sync.WaitGroup
	start := time.Now()
	timer := time.NewTimer(0)
	<-timer.C
	sent := 0
loop:
	for i, req := range plan {
		due := start.Add(req.At)
		if wait := time.Until(due); wait > 0 {
			timer.Reset(wait)
			select {
			case <-ctx.Done():
				timer.Stop()
				break loop
			case <-timer.C:
			}
		}
		if ctx.Err() != nil {
			break
		}
		sent = i + 1
		select {
		case sem <- struct{}{}:
		default:
			out[i] = loadOutcome{Lag: time.Since(due), Err: "dropped"}
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			out[i] = doLoadRequest(ctx, client, base+req.Path, due)
		}()
	}
	wg.Wait()
	return out[:sent]
}

func doLoadRequest(ctx context.Context, client *http.Client, target string, due time.Time) loadOutcome {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return loadOutcome{Err: "bad request"}
	}
	o := loadOutcome{Lag: time.Since(due)}
	resp, err := client.Do(req)
	if err != nil {
		o.Latency = time.Since(due)
		o.Err = requestErrorClass(err)
		return o
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	o.Latency = time.Since(due)
	o.Status = resp.StatusCode
	switch {
	case err != nil:
		o.Err = requestErrorClass(err)
	case resp.StatusCode != http.StatusOK:
		o.Err = "status " + strconv.Itoa(resp.StatusCode)
	}
	return o
}

func requestErrorClass(err error) string {
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return "timeout"
	}
	return "transport"
}

// kindLoadStats summarises the requests of one kind in a step.
type kindLoadStats struct {
	Sent   int            `json:"sent"`
	OK     int            `json:"ok"`
	Errors map[string]int `json:"errors,omitempty"`
	// Latency is of the answered requests (status 200), from due time.
	Latency latencyStats `json:"latency"`
}

// loadStep is one run at one rate.
type loadStep struct {
	Rate     float64                  `json:"rate"`
	Duration string                   `json:"duration"`
	Sent     int                      `json:"sent"`
	Errors   int                      `json:"errors"`
	Kinds    map[string]kindLoadStats `json:"kinds"`
	// LagP99 is how late the generator itself sent requests (p99, ms):
	// if it is large, the generator, not the server, limited the rate.
	LagP99 float64 `json:"send_lag_p99_ms"`
	// LoadAvg is /proc/loadavg's 1- and 5-minute averages before and
	// after the step: the machine is shared, and a busy neighbour
	// explains a slow step.
	LoadBefore string `json:"loadavg_before,omitempty"`
	LoadAfter  string `json:"loadavg_after,omitempty"`
	// ServerCPU is the CPU time the server process spent during the
	// step, per request (ms) and as cores busy, from its /metrics
	// (process_cpu_seconds_total); 0 when it does not publish them. On
	// a shared machine this, unlike latency, does not depend on what the
	// neighbours do, so it bounds the rate the server could sustain on
	// cores of its own. With --serve it includes the generator.
	ServerCPUPerRequest float64 `json:"server_cpu_ms_per_request,omitempty"`
	ServerCores         float64 `json:"server_cores_busy,omitempty"`
	// CacheHits is the share of the server's cache lookups during the
	// step that hit, by cache (film_report, film_page, search), from
	// its /metrics: what the latencies measured, cached answers or work.
	CacheHits map[string]float64 `json:"cache_hit_ratio,omitempty"`
	// ServerWithinGoal is, per kind, the share of the step's 200
	// answers the server itself timed (its request duration histogram)
	// at or under the kind's goal. Latency measured here also holds the
	// time a request waits for the generator and the kernel, which on a
	// busy machine dwarfs the server's own.
	ServerWithinGoal map[string]float64 `json:"server_within_goal,omitempty"`
	Meets            bool               `json:"meets_targets"`
	Missed           []string           `json:"missed,omitempty"`
}

// summariseLoad turns a run's outcomes into a step.
func summariseLoad(rate float64, d time.Duration, plan []loadRequest, outcomes []loadOutcome) loadStep {
	st := loadStep{Rate: rate, Duration: d.String(), Sent: len(outcomes), Kinds: map[string]kindLoadStats{}}
	latencies := map[string][]time.Duration{}
	lags := make([]time.Duration, 0, len(outcomes))
	for i, o := range outcomes {
		kind := plan[i].Kind
		ks := st.Kinds[kind]
		ks.Sent++
		lags = append(lags, o.Lag)
		if o.Err == "" {
			ks.OK++
			latencies[kind] = append(latencies[kind], o.Latency)
		} else {
			if ks.Errors == nil {
				ks.Errors = map[string]int{}
			}
			ks.Errors[o.Err]++
			st.Errors++
		}
		st.Kinds[kind] = ks
	}
	for kind, ks := range st.Kinds {
		ks.Latency = summarise(latencies[kind])
		st.Kinds[kind] = ks
	}
	if len(lags) > 0 {
		st.LagP99 = summarise(lags).P99
	}
	return st
}

// loadGoals are the p99 latencies a rate must stay under, per kind.
type loadGoals map[string]time.Duration

// judge sets st.Meets: no errors at all, and every kind's p99 under its
// goal.
func (g loadGoals) judge(st *loadStep) {
	st.Missed = nil
	if st.Sent == 0 {
		st.Missed = append(st.Missed, "nothing was sent")
	}
	if st.Errors > 0 {
		st.Missed = append(st.Missed, fmt.Sprintf("%d errors", st.Errors))
	}
	for _, kind := range loadKinds {
		ks, ok := st.Kinds[kind]
		goal, hasGoal := g[kind]
		if !ok || !hasGoal || ks.OK == 0 {
			continue
		}
		if p99 := time.Duration(ks.Latency.P99 * float64(time.Millisecond)); p99 > goal {
			st.Missed = append(st.Missed, fmt.Sprintf("%s p99 %.1f ms > %s", kind, ks.Latency.P99, goal))
		}
	}
	st.Meets = len(st.Missed) == 0
}

// rateSearch finds the highest rate that meets the goals: it multiplies
// the rate by factor while steps pass, then bisects between the best
// passing rate and the lowest failing one refine times.
type rateSearch struct {
	factor  float64
	refine  int
	maxRate float64

	best    float64 // highest rate that met the goals; 0 for none yet
	failed  float64 // lowest rate that did not; 0 for none yet
	refined int
}

// next records whether rate met the goals and returns the next rate to
// try, or done.
func (s *rateSearch) next(rate float64, ok bool) (next float64, done bool) {
	if ok {
		s.best = max(s.best, rate)
	} else if s.failed == 0 || rate < s.failed {
		s.failed = rate
	}
	if s.failed == 0 {
		if rate >= s.maxRate {
			return 0, true
		}
		return math.Min(math.Round(rate*s.factor), s.maxRate), false
	}
	if s.refined >= s.refine {
		return 0, true
	}
	s.refined++
	mid := math.Round((s.best + s.failed) / 2)
	if mid <= s.best || mid >= s.failed || mid < 1 {
		return 0, true
	}
	return mid, false
}

// loadReport is what bench load prints with --json.
type loadReport struct {
	Target       string     `json:"target"`
	Reviews      int        `json:"reviews"`
	Films        int        `json:"films"`
	FilmPool     int        `json:"film_pool"`
	LargestFilm  string     `json:"largest_film"`
	LargestCount int        `json:"largest_film_reviews"`
	Queries      int        `json:"queries"`
	Mix          string     `json:"mix"`
	API          bool       `json:"api"`
	Warmup       string     `json:"warmup"`
	Goals        [2]float64 `json:"goals_p99_ms"` // film, search
	Steps        []loadStep `json:"steps"`
	// Sustained is the highest rate whose step met the goals (find-max),
	// or the rate of the single step if it met them; 0 when none did.
	Sustained float64 `json:"sustained_rate"`
}

func runBenchLoad(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "bench load", "")
	db := dbFlag(fs)
	addr := fs.String("addr", "", "base URL of a running `marquee serve` over the same database, like http://127.0.0.1:8080")
	serve := fs.Bool("serve", false, "serve --db in this process on a loopback port instead of using --addr (film reports are built on first request, not ahead)")
	rate := fs.Float64("rate", 50, "requests per second (with --find-max: the first rate tried)")
	duration := fs.Duration("duration", 30*time.Second, "measured time per rate")
	warmup := fs.Duration("warmup", 10*time.Second, "unmeasured load at the first rate before measuring")
	mixFlag := fs.String("mix", "1:1", "FILM:SEARCH weights of film pages and searches")
	nFilms := fs.Int("films", 0, "film pages are drawn uniformly from this many films: the most reviewed ones plus a random sample (0: every film)")
	nQueries := fs.Int("queries", 1000, "search queries drawn from stored reviews' words, cycling through the query kinds of bench latency")
	api := fs.Bool("api", false, "request the JSON API (/api/films/{id}, /api/search) instead of the HTML pages")
	seed := fs.Uint64("seed", 1, "random seed for the films, the queries and the request order")
	timeout := fs.Duration("timeout", 5*time.Second, "a request not answered within this counts as an error")
	maxInFlight := fs.Int("max-inflight", 1000, "requests outstanding at once; one due while this many are outstanding is dropped and counted as an error")
	findMax := fs.Bool("find-max", false, "raise the rate step by step until a step has errors or misses a p99 goal, then bisect; report the highest rate that met both goals")
	step := fs.Float64("step", 1.5, "with --find-max: factor by which the rate grows while steps pass")
	refine := fs.Int("refine", 3, "with --find-max: bisection steps after the first failing rate")
	maxRate := fs.Float64("max-rate", 5000, "with --find-max: highest rate tried")
	filmGoal := fs.Duration("film-p99", 20*time.Millisecond, "p99 goal of film pages")
	searchGoal := fs.Duration("search-p99", 50*time.Millisecond, "p99 goal of searches")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	mix, err := parseMix(*mixFlag)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	switch {
	case (*addr == "") == !*serve:
		return fmt.Errorf("%w: give --addr URL or --serve, one of them", errUsage)
	case *rate <= 0 || *duration <= 0 || *warmup < 0 || *timeout <= 0 || *maxInFlight < 1:
		return fmt.Errorf("%w: --rate, --duration, --timeout and --max-inflight must be positive", errUsage)
	case *nFilms < 0 || *nQueries < 1:
		return fmt.Errorf("%w: --films must not be negative, --queries must be positive", errUsage)
	case *findMax && (*step <= 1 || *refine < 0 || *maxRate < *rate):
		return fmt.Errorf("%w: --step must exceed 1, --refine must not be negative, --max-rate must be at least --rate", errUsage)
	}
	if *rate*duration.Seconds() < 1 {
		return fmt.Errorf("%w: --rate × --duration is less than one request", errUsage)
	}

	st, err := openStore(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	rng := rand.New(rand.NewPCG(*seed, *seed^0x6c6f61642d62656e))
	rep := &loadReport{Mix: mix.String(), API: *api, Warmup: warmup.String(),
		Goals: [2]float64{ms(*filmGoal), ms(*searchGoal)}}
	targets, err := chooseLoadTargets(ctx, st, *nFilms, *nQueries, rng, rep)
	if err != nil {
		return err
	}
	targets.API = *api

	base := strings.TrimRight(*addr, "/")
	if *serve {
		srv, err := server.New(st, server.Config{Logger: slog.New(slog.NewTextHandler(env.stderr, &slog.HandlerOptions{Level: slog.LevelError}))})
		if err != nil {
			return err
		}
		ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", "127.0.0.1:0")
		if err != nil {
			return fmt.Errorf("listen: %w", err)
		}
		serveCtx, stop := context.WithCancel(ctx)
		served := make(chan error, 1)
		go func() { served <- srv.Serve(serveCtx, ln) }()
		defer func() {
			stop()
			<-served
		}()
		base = "http://" + ln.Addr().String()
	}
	rep.Target = base
	client := &http.Client{
		Timeout: *timeout,
		Transport: &http.Transport{
			Proxy:               nil, // loopback: never through a proxy from the environment
			DialContext:         (&net.Dialer{Timeout: *timeout, KeepAlive: 30 * time.Second}).DialContext,
			MaxIdleConns:        *maxInFlight,
			MaxIdleConnsPerHost: *maxInFlight,
			IdleConnTimeout:     90 * time.Second,
			DisableCompression:  true,
		},
	}
	defer client.CloseIdleConnections()
	if err := preflight(ctx, client, base, targets); err != nil {
		return err
	}

	goals := loadGoals{kindFilm: *filmGoal, kindSearch: *searchGoal}
	progress := func(s loadStep) {
		if !*asJSON {
			fmt.Fprintf(env.stderr, "bench load: %.0f/s: %d sent, %d errors, film p99 %.1f ms, search p99 %.1f ms, load %s → %s\n",
				s.Rate, s.Sent, s.Errors, s.Kinds[kindFilm].Latency.P99, s.Kinds[kindSearch].Latency.P99, s.LoadBefore, s.LoadAfter)
		}
	}
	measure := func(r float64, d time.Duration) loadStep {
		plan := planLoad(r, d, mix, targets, rng)
		before := loadAverage()
		m0, ok0 := scrapeServer(ctx, client, base)
		start := time.Now()
		outcomes := runLoad(ctx, client, base, plan, *maxInFlight)
		wall := time.Since(start)
		s := summariseLoad(r, d, plan, outcomes)
		s.LoadBefore, s.LoadAfter = before, loadAverage()
		if m1, ok1 := scrapeServer(ctx, client, base); ok0 && ok1 && s.Sent > 0 {
			s.ServerCPUPerRequest = round3((m1.cpu - m0.cpu) * 1000 / float64(s.Sent))
			s.ServerCores = round3((m1.cpu - m0.cpu) / wall.Seconds())
			s.CacheHits = hitRatios(m0.cache, m1.cache)
			s.ServerWithinGoal = withinGoals(m0, m1, goals, *api)
		}
		goals.judge(&s)
		return s
	}
	if *warmup > 0 {
		if !*asJSON {
			fmt.Fprintf(env.stderr, "bench load: warming up at %.0f/s for %s\n", *rate, *warmup)
		}
		measure(*rate, *warmup)
	}
	r := *rate
	search := rateSearch{factor: *step, refine: *refine, maxRate: *maxRate}
	for ctx.Err() == nil {
		s := measure(r, *duration)
		if ctx.Err() != nil {
			break // a step cut short proves nothing
		}
		rep.Steps = append(rep.Steps, s)
		progress(s)
		if !*findMax {
			if s.Meets {
				rep.Sustained = r
			}
			break
		}
		next, done := search.next(r, s.Meets)
		if done {
			break
		}
		r = next
	}
	if *findMax {
		rep.Sustained = search.best
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env, rep)
	}
	printLoadReport(env, rep)
	return nil
}

// chooseLoadTargets picks the films and queries of the load from st and
// fills the report's description of them.
func chooseLoadTargets(ctx context.Context, st store.Store, nFilms, nQueries int, rng *rand.Rand, rep *loadReport) (*loadTargets, error) {
	stats, err := st.Stats(ctx)
	if err != nil {
		return nil, err
	}
	if stats.Reviews == 0 {
		return nil, errors.New("the database holds no reviews")
	}
	rep.Reviews, rep.Films = stats.Reviews, stats.Films
	all, err := st.Films(ctx, store.FilmQuery{})
	if err != nil {
		return nil, err
	}
	if nFilms == 0 {
		nFilms = len(all)
	}
	// sampleFilms always includes the most reviewed films: the slowest
	// pages, which a uniform draw from the whole catalogue still reaches
	// because the pool is the catalogue.
	pool := sampleFilms(all, nFilms, rng)
	t := &loadTargets{}
	for _, f := range pool {
		t.Films = append(t.Films, f.ID)
	}
	rep.FilmPool = len(t.Films)
	if len(all) > 0 {
		rep.LargestFilm, rep.LargestCount = all[0].Title, all[0].Reviews
	}
	vocab, err := readVocabulary(ctx, st, stats.Reviews, rng)
	if err != nil {
		return nil, err
	}
	for i := 0; len(t.Queries) < nQueries && i < 4*nQueries; i++ {
		if q := vocab.query(queryKinds[i%len(queryKinds)], rng); q != "" {
			t.Queries = append(t.Queries, q)
		}
	}
	if len(t.Films) == 0 || len(t.Queries) == 0 {
		return nil, fmt.Errorf("found %d films and %d queries to request", len(t.Films), len(t.Queries))
	}
	rep.Queries = len(t.Queries)
	return t, nil
}

// preflight checks that the server answers and serves the database the
// targets came from: its health, the first film of the pool and a search.
func preflight(ctx context.Context, client *http.Client, base string, t *loadTargets) error {
	rng := rand.New(rand.NewPCG(0, 0))
	film := *t
	film.Films = t.Films[:1]
	for _, path := range []string{"/healthz", film.path(kindFilm, rng), t.path(kindSearch, rng)} {
		o := doLoadRequest(ctx, client, base+path, time.Now())
		if o.Err != "" {
			return fmt.Errorf("%s%s: %s (is the server serving the database given with --db?)", base, path, o.Err)
		}
	}
	return nil
}

// serverMetrics is what bench load reads of the server's /metrics.
type serverMetrics struct {
	cpu   float64            // process_cpu_seconds_total
	cache map[string]float64 // marquee_cache_lookups_total by "cache result"
	// durations holds the request duration histogram of status 200
	// answers: by route, the cumulative count at each bucket bound
	// ("+Inf" is the count).
	durations map[string]map[float64]float64
}

// scrapeServer reads the server's /metrics; false when it publishes no
// CPU time (not a Marquee server, or a private one).
func scrapeServer(ctx context.Context, client *http.Client, base string) (serverMetrics, bool) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/metrics", nil)
	if err != nil {
		return serverMetrics{}, false
	}
	resp, err := client.Do(req)
	if err != nil {
		return serverMetrics{}, false
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil || resp.StatusCode != http.StatusOK {
		return serverMetrics{}, false
	}
	return parseServerMetrics(string(body))
}

var (
	cacheLookupRE = regexp.MustCompile(`^marquee_cache_lookups_total\{cache="([a-z_]+)",result="([a-z]+)"\} (\S+)$`)
	durationRE    = regexp.MustCompile(`^marquee_http_request_duration_seconds_bucket\{code="200",route="([^"]+)",le="([^"]+)"\} (\S+)$`)
)

// parseServerMetrics reads Prometheus text.
func parseServerMetrics(text string) (serverMetrics, bool) {
	m := serverMetrics{cache: map[string]float64{}, durations: map[string]map[float64]float64{}}
	found := false
	for _, line := range strings.Split(text, "\n") {
		if rest, ok := strings.CutPrefix(line, "process_cpu_seconds_total "); ok {
			v, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
			m.cpu, found = v, err == nil
		} else if sm := cacheLookupRE.FindStringSubmatch(line); sm != nil {
			if v, err := strconv.ParseFloat(sm[3], 64); err == nil {
				m.cache[sm[1]+" "+sm[2]] = v
			}
		} else if sm := durationRE.FindStringSubmatch(line); sm != nil {
			le, errLE := strconv.ParseFloat(sm[2], 64) // "+Inf" parses as +Inf
			v, errV := strconv.ParseFloat(sm[3], 64)
			if errLE == nil && errV == nil {
				if m.durations[sm[1]] == nil {
					m.durations[sm[1]] = map[float64]float64{}
				}
				m.durations[sm[1]][le] = v
			}
		}
	}
	return m, found
}

// kindRoutes are the server's route patterns of each request kind, pages
// and API.
var kindRoutes = map[string][2]string{
	kindFilm:   {"GET /films/{id}", "GET /api/films/{id}"},
	kindSearch: {"GET /search", "GET /api/search"},
}

// withinGoals is, per kind, the share of the 200 answers between two
// scrapes that the server timed at or under the kind's goal, read at the
// largest histogram bound not above the goal (the server's buckets
// include 20 and 50 ms).
func withinGoals(before, after serverMetrics, goals loadGoals, api bool) map[string]float64 {
	out := map[string]float64{}
	for kind, routes := range kindRoutes {
		route := routes[0]
		if api {
			route = routes[1]
		}
		goal, ok := goals[kind]
		b, a := before.durations[route], after.durations[route]
		if !ok || a == nil {
			continue
		}
		total := a[math.Inf(1)] - b[math.Inf(1)]
		if total <= 0 {
			continue
		}
		bound := math.Inf(-1)
		for le := range a {
			if le <= goal.Seconds()+1e-12 && le > bound {
				bound = le
			}
		}
		within := 0.0
		if !math.IsInf(bound, -1) {
			within = a[bound] - b[bound]
		}
		out[kind] = round3(within / total)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// hitRatios is, per cache, the share of the lookups between two scrapes
// that hit (a stale report served counts as a hit: nobody waited).
func hitRatios(before, after map[string]float64) map[string]float64 {
	lookups, hits := map[string]float64{}, map[string]float64{}
	for key, v := range after {
		cache, result, _ := strings.Cut(key, " ")
		d := v - before[key]
		lookups[cache] += d
		if result != "miss" {
			hits[cache] += d
		}
	}
	out := map[string]float64{}
	for cache, n := range lookups {
		if n > 0 {
			out[cache] = round3(hits[cache] / n)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// loadAverage is /proc/loadavg's 1- and 5-minute load averages, or "" where
// there is no /proc.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return ""
	}
	return f[0] + " " + f[1]
}

func printLoadReport(env *environment, rep *loadReport) {
	w := env.stdout
	pages := "HTML pages"
	if rep.API {
		pages = "JSON API"
	}
	fmt.Fprintf(w, "target %s (%s): %d reviews, %d films; film pages drawn from %d films (largest: %s, %d reviews); %d search queries; mix film:search %s\n",
		rep.Target, pages, rep.Reviews, rep.Films, rep.FilmPool, rep.LargestFilm, rep.LargestCount, rep.Queries, rep.Mix)
	fmt.Fprintf(w, "latency in ms from each request's due time (open loop); goals: film p99 < %.0f ms, search p99 < %.0f ms, no errors;\n",
		rep.Goals[0], rep.Goals[1])
	fmt.Fprintln(w, "lag: how late the generator sent; cpu ms/req, cache hits and the share of answers the server itself timed")
	fmt.Fprintln(w, "within the goal: the server's, from its /metrics")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "rate/s\tsent\terrors\tfilm p50\tfilm p99\tfilm max\tsearch p50\tsearch p99\tsearch max\tlag p99\tcpu ms/req\thits report/page/search\tin goal at server film/search\tload 1m 5m\tmeets\t")
	for _, s := range rep.Steps {
		f, q := s.Kinds[kindFilm], s.Kinds[kindSearch]
		verdict := "yes"
		if !s.Meets {
			verdict = "no: " + strings.Join(s.Missed, "; ")
		}
		hits := "–"
		if s.CacheHits != nil {
			pct := func(cache string) string {
				if v, ok := s.CacheHits[cache]; ok {
					return fmt.Sprintf("%.0f%%", 100*v)
				}
				return "–"
			}
			hits = pct("film_report") + "/" + pct("film_page") + "/" + pct("search")
		}
		within := "–"
		if s.ServerWithinGoal != nil {
			pct := func(kind string) string {
				if v, ok := s.ServerWithinGoal[kind]; ok {
					return fmt.Sprintf("%.1f%%", 100*v)
				}
				return "–"
			}
			within = pct(kindFilm) + "/" + pct(kindSearch)
		}
		fmt.Fprintf(tw, "%.0f\t%d\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%s\t%s\t%s → %s\t%s\t\n", s.Rate, s.Sent, s.Errors,
			f.Latency.P50, f.Latency.P99, f.Latency.Max, q.Latency.P50, q.Latency.P99, q.Latency.Max, s.LagP99,
			s.ServerCPUPerRequest, hits, within, s.LoadBefore, s.LoadAfter, verdict)
	}
	tw.Flush()
	for _, s := range rep.Steps {
		for _, kind := range loadKinds {
			if errs := s.Kinds[kind].Errors; len(errs) > 0 {
				keys := make([]string, 0, len(errs))
				for k := range errs {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				parts := make([]string, len(keys))
				for i, k := range keys {
					parts[i] = fmt.Sprintf("%s ×%d", k, errs[k])
				}
				fmt.Fprintf(w, "  %.0f/s %s errors: %s\n", s.Rate, kind, strings.Join(parts, ", "))
			}
		}
	}
	if rep.Sustained > 0 {
		fmt.Fprintf(w, "highest rate meeting the goals: %.0f requests/s\n", rep.Sustained)
	} else {
		fmt.Fprintln(w, "no rate tried met the goals")
	}
}
