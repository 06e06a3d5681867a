package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/marquee-film/marquee/internal/queue"
	"github.com/marquee-film/marquee/internal/store"
)

func init() {
	register(&command{
		name:    "status",
		summary: "show the job queue and what is stored in a PostgreSQL database",
		run:     runStatus,
	})
}

// statusReport is the JSON form of `marquee status`.
type statusReport struct {
	Queue queue.Status `json:"queue"`
	// Store is left out with --queue.
	Store *store.Stats `json:"store,omitempty"`
}

func runStatus(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "status", "")
	db := dbFlag(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	// Counting the stored reviews reads the whole reviews table when
	// PostgreSQL cannot answer from the index alone (a table that was
	// never vacuumed): seconds of a busy server's time at a million
	// reviews, too much for a script that polls the queue.
	queueOnly := fs.Bool("queue", false, "report the queue only, without counting what is stored")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	dsn, err := queueDSN(env, *db)
	if err != nil {
		return err
	}
	var stats *store.Stats
	if !*queueOnly {
		st, err := openStore(ctx, env, dsn)
		if err != nil {
			return err
		}
		defer st.Close()
		s, err := st.Stats(ctx)
		if err != nil {
			return err
		}
		stats = &s
	}
	// Connect, not a bare pool: status on a fresh database creates the
	// queue tables like ingest and worker would, and reports it empty.
	pool, err := queue.Connect(ctx, dsn, 2)
	if err != nil {
		return err
	}
	defer pool.Close()
	qs, err := queue.ReadStatus(ctx, pool)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env, statusReport{Queue: qs, Store: stats})
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STATE\tJOBS")
	for _, s := range queue.States {
		fmt.Fprintf(tw, "%s\t%d\n", s, qs.Jobs[s])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "%d documents waiting to be processed\n\n", qs.PendingDocuments)
	tw = tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "COMPLETED\tJOBS\tDOCUMENTS\tREVIEWS ADDED\tDOCUMENTS/S")
	for _, w := range []struct {
		name    string
		t       queue.Throughput
		seconds float64
	}{{"last minute", qs.LastMinute, 60}, {"last hour", qs.LastHour, 3600}} {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.1f\n", w.name, w.t.Jobs, w.t.Documents, w.t.Added, float64(w.t.Documents)/w.seconds)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if stats != nil {
		fmt.Fprintf(env.stdout, "\nstored: %d reviews of %d films\n", stats.Reviews, stats.Films)
	}
	return nil
}
