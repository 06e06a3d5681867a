package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus collectors, in a registry of its
// own so that several servers (in tests) do not collide.
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	inFlight prometheus.Gauge
	ingested *prometheus.CounterVec
	// cache counts lookups in the server's caches by outcome, so that a
	// load test can tell what it measured: cached answers or work.
	cache   *prometheus.CounterVec
	handler http.Handler
}

func newMetrics() *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "marquee_http_requests_total",
			Help: "HTTP requests served, by route pattern, method and status code.",
		}, []string{"route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "marquee_http_request_duration_seconds",
			Help: "Time to serve an HTTP request, by route pattern and status code.",
			// .02 and .05 are the load goals of film pages and searches
			// (bench load), so the share within each can be read exactly.
			Buckets: []float64{.001, .0025, .005, .01, .02, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "code"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "marquee_http_requests_in_flight",
			Help: "HTTP requests being served.",
		}),
		ingested: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "marquee_ingested_reviews_total",
			Help: "Reviews received through the web, by outcome (added, duplicate, skipped).",
		}, []string{"outcome"}),
	}
	m.cache = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "marquee_cache_lookups_total",
		Help: "Lookups in the server's caches: cache is film_report, film_page or search; result is hit, miss or stale (an old report served while the new one is built).",
	}, []string{"cache", "result"})
	m.registry.MustRegister(m.requests, m.latency, m.inFlight, m.ingested, m.cache,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.handler = promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
	return m
}

// statusRecorder remembers the status a handler answered with.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// instrument counts and times the requests of one route. The label is the
// route's pattern, never the raw path, so the series stay few.
func (s *Server) instrument(routeLabel string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		s.metrics.inFlight.Inc()
		rec := &statusRecorder{ResponseWriter: w}
		defer func() {
			s.metrics.inFlight.Dec()
			status := rec.status
			if status == 0 {
				status = http.StatusOK
			}
			code := strconv.Itoa(status)
			s.metrics.requests.WithLabelValues(routeLabel, code).Inc()
			s.metrics.latency.WithLabelValues(routeLabel, code).Observe(time.Since(start).Seconds())
		}()
		h.ServeHTTP(rec, r)
	})
}

func (s *Server) metricsHandler(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	s.metrics.handler.ServeHTTP(w, r)
}
