package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"time"

	"github.com/marquee-film/marquee/internal/corpus"
)

func init() {
	register(&command{
		name: "bench",
		summary: "benchmark tools: 'bench corpus' generates the million-review corpus, 'bench latency' times film pages " +
			"and searches, 'bench load' drives a web server at a constant request rate",
		run: runBench,
	})
}

func runBench(ctx context.Context, env *environment, args []string) error {
	tool := ""
	if len(args) > 0 {
		tool = args[0]
	}
	switch tool {
	case "corpus":
		return runBenchCorpus(ctx, env, args[1:])
	case "latency":
		return runBenchLatency(ctx, env, args[1:])
	case "load":
		return runBenchLoad(ctx, env, args[1:])
	}
	fmt.Fprintln(env.stderr, "usage: marquee bench corpus|latency|load [flags]")
	return fmt.Errorf("%w: want a bench tool: corpus, latency or load", errUsage)
}

func runBenchCorpus(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "bench corpus", "")
	out := fs.String("out", "", "output directory (default: marquee-corpus-<reviews>-seed<seed> in the system's temporary directory)")
	reviews := fs.Int("reviews", corpus.DefaultReviews, "number of reviews")
	films := fs.Int("films", corpus.DefaultFilms, "number of invented films")
	seed := fs.Uint64("seed", 1, "random seed: the same seed and sizes give the same bytes")
	shardSize := fs.Int("shard-size", corpus.DefaultShardSize, "reviews per .jsonl.gz file")
	data := fs.String("data", "", "shared data directory (default ../shared/data, or $MARQUEE_SHARED/data)")
	parallel := fs.Int("parallel", runtime.NumCPU(), "files written at once (does not change the output)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *reviews < 1 || *films < 1 || *shardSize < 1 {
		return fmt.Errorf("%w: --reviews, --films and --shard-size must be positive", errUsage)
	}
	if *out == "" {
		*out = filepath.Join(os.TempDir(), fmt.Sprintf("marquee-corpus-%d-seed%d", *reviews, *seed))
	}
	if *data == "" {
		*data = sharedDataDir(env)
	}
	start := time.Now()
	sources, err := corpus.LoadSources(*data)
	if err != nil {
		return err
	}
	loaded := time.Since(start)
	st, err := corpus.Generate(ctx, corpus.Options{
		OutDir: *out, Reviews: *reviews, Films: *films, Seed: *seed, ShardSize: *shardSize, Parallel: *parallel,
	}, sources)
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	w := env.stdout
	fmt.Fprintf(w, "wrote %d reviews in %d files to %s\n", *reviews, len(st.Shards), *out)
	fmt.Fprintf(w, "size: %.1f MB gzipped, %.1f MB uncompressed (%.0f bytes per review)\n",
		float64(st.Bytes)/1e6, float64(st.RawBytes)/1e6, float64(st.RawBytes)/float64(*reviews))
	fmt.Fprintf(w, "time: %s (sources read in %s), %.0f reviews/s\n",
		elapsed.Round(time.Millisecond), loaded.Round(time.Millisecond), float64(*reviews)/elapsed.Seconds())
	names := make([]string, 0, len(st.PerSource))
	for n := range st.SourceTexts {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "sources (real texts → reviews drawn):")
	for _, n := range names {
		fmt.Fprintf(w, "  %-16s %7d → %8d (%.1f%%)\n", n, st.SourceTexts[n], st.PerSource[n], 100*float64(st.PerSource[n])/float64(*reviews))
	}
	fmt.Fprintf(w, "films: %d invented, %d reviewed; top %s with %d reviews; median %.1f per film; %.1f%% have fewer than 5; %d have 1,000 or more\n",
		*films, st.FilmsWithReviews, st.TopFilm, st.TopFilmReviews, st.MedianFilm, 100*st.ShareUnder5, st.FilmsOver1000)
	return nil
}
