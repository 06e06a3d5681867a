package main

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/marquee-film/marquee/internal/filmreport"
)

func init() {
	register(&command{
		name:    "reports",
		summary: "build and save the report of every film whose saved report is missing or out of date",
		run:     runReports,
	})
}

// reportsSummary is the JSON form of `marquee reports`.
type reportsSummary struct {
	filmreport.RefreshStats
	Seconds float64 `json:"seconds"`
}

// runReports saves every film's report ahead of the requests for it, so
// that no film page waits for a report to be built: after a large ingest,
// or from cron while workers store reviews. A film page builds and saves
// an out-of-date report on its own; this only moves the wait.
func runReports(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "reports", "")
	db := dbFlag(fs)
	parallel := fs.Int("parallel", runtime.GOMAXPROCS(0), "reports built at once")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := openStore(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	var bar *progressbar.ProgressBar
	progress := func(done, total int) {
		if bar == nil {
			bar = progressbar.NewOptions(total,
				progressbar.OptionSetWriter(env.stderr),
				progressbar.OptionSetDescription("reports"),
				progressbar.OptionThrottle(100*time.Millisecond),
				progressbar.OptionSetPredictTime(true),
				progressbar.OptionClearOnFinish(),
			)
		}
		_ = bar.Set(done)
	}
	if !env.stderrIsTerminal && env.getenv("MARQUEE_PROGRESS") != "1" {
		progress = nil
	}
	start := time.Now()
	stats, err := filmreport.New(st).Refresh(ctx, *parallel, progress)
	if bar != nil {
		_ = bar.Finish()
	}
	if err != nil {
		return fmt.Errorf("refresh reports: %w", err)
	}
	sum := reportsSummary{RefreshStats: stats, Seconds: round3(time.Since(start).Seconds())}
	if *asJSON {
		return writeJSON(env, sum)
	}
	fmt.Fprintf(env.stdout, "reports: %d films, %d built (%d reviews), %d current, %d gone, %.1f s\n",
		sum.Films, sum.Built, sum.Reviews, sum.Current, sum.Gone, sum.Seconds)
	return nil
}
