package main

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"sort"

	"github.com/marquee-film/marquee/internal/ingest"
	"github.com/marquee-film/marquee/internal/queue"
	"github.com/marquee-film/marquee/internal/store"
	// Workers and queued ingests only work against PostgreSQL.
	_ "github.com/marquee-film/marquee/internal/store/postgres"
)

func init() {
	register(&command{
		name:    "worker",
		summary: "process queued reviews from a PostgreSQL database until stopped",
		run:     runWorker,
	})
}

func runWorker(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "worker", "")
	db := dbFlag(fs)
	concurrency := fs.Int("concurrency", runtime.NumCPU(), "jobs processed at once")
	rescueAfter := fs.Duration("rescue-after", queue.DefaultRescueAfter,
		"run a job again when it has been running this long (its worker is presumed dead); jobs time out at half of it")
	softStop := fs.Duration("soft-stop", queue.DefaultSoftStop,
		"on SIGINT/SIGTERM, let running jobs finish for this long before cancelling them")
	reportsEvery := fs.Duration("reports-every", queue.DefaultReportsEvery,
		"rebuild out-of-date film reports this often, once no documents wait (one worker does it at a time; 0: never)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *reportsEvery <= 0 {
		*reportsEvery = -1
	}
	if *concurrency < 1 {
		return fmt.Errorf("%w: --concurrency must be at least 1", errUsage)
	}
	dsn, err := queueDSN(env, *db)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, env, dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	// Each running job holds a connection; river's own loops take a few.
	pool, err := queue.Connect(ctx, dsn, *concurrency+4)
	if err != nil {
		return err
	}
	defer pool.Close()
	fmt.Fprintf(env.stderr, "worker: processing with %d at once; stop with Ctrl-C\n", *concurrency)
	totals, err := queue.RunWorker(ctx, pool, st, queue.WorkerConfig{
		Concurrency:  *concurrency,
		RescueAfter:  *rescueAfter,
		SoftStop:     *softStop,
		ReportsEvery: *reportsEvery,
		Logger:       slog.New(slog.NewTextHandler(env.stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	fmt.Fprintf(env.stderr, "worker: stopped after %d jobs: %d reviews added, %d duplicate\n", totals.Jobs, totals.Added, totals.Duplicates)
	return err
}

// queueDSN resolves the database like every command, and insists on
// PostgreSQL: the queue lives in the database.
func queueDSN(env *environment, flagValue string) (string, error) {
	dsn := resolveDSN(env, flagValue)
	kind, _, err := store.ParseDSN(dsn)
	if err != nil {
		return "", err
	}
	if kind != store.Postgres {
		return "", fmt.Errorf("%w: the job queue needs a PostgreSQL database (--db postgres://…)", errUsage)
	}
	return dsn, nil
}

// enqueueInputs is ingest into PostgreSQL: it reads the inputs and queues
// their documents for workers instead of processing them here.
// enqueueOptions tune enqueueInputs.
type enqueueOptions struct {
	verbose bool
	// ack, when set, gets the source of every document a committed
	// transaction queued.
	ack *ackWriter
	// batchSize, when positive, is the documents per job, each job its
	// own transaction.
	batchSize int
}

func enqueueInputs(ctx context.Context, env *environment, dsn string, paths []string, opts enqueueOptions) error {
	pool, err := queue.Connect(ctx, dsn, 0)
	if err != nil {
		return err
	}
	defer pool.Close()
	enq, err := queue.NewEnqueuer(pool, slog.New(slog.NewTextHandler(env.stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		return err
	}
	if opts.batchSize > 0 {
		enq.DocumentsPerJob, enq.JobsPerTransaction = opts.batchSize, 1
	}
	var ackErr error
	if opts.ack != nil {
		enq.Committed = func(sources []string) {
			acks := make([]ack, len(sources))
			for i, src := range sources {
				acks[i] = ack{Source: src, Queued: true}
			}
			if err := opts.ack.write(acks); err != nil && ackErr == nil {
				ackErr = err
			}
		}
	}
	skipped := 0
	reasons := map[string]int{}
	err = readInputs(ctx, env, paths, true, func(it ingest.Item) error {
		if it.Skip != nil {
			skipped++
			reasons[reasonKind(it.Skip.Reason)]++
			if opts.verbose {
				fmt.Fprintf(env.stderr, "skip %s: %s\n", displayLine(it.Skip.Source), displayLine(it.Skip.Reason))
			}
			return nil
		}
		if err := enq.Add(ctx, *it.Doc); err != nil {
			return err
		}
		if ackErr != nil {
			return ackErr
		}
		return ctx.Err()
	})
	if err == nil {
		err = enq.Flush(ctx)
	}
	if err == nil {
		err = ackErr
	}
	sum := enq.Summary()
	fmt.Fprintf(env.stderr, "ingest: queued %d documents in %d jobs, %d already queued (%d jobs), %d skipped\n",
		sum.Documents, sum.Jobs, sum.DuplicateDocuments, sum.DuplicateJobs, skipped)
	kinds := make([]string, 0, len(reasons))
	for r := range reasons {
		kinds = append(kinds, r)
	}
	sort.Slice(kinds, func(i, j int) bool {
		if reasons[kinds[i]] != reasons[kinds[j]] {
			return reasons[kinds[i]] > reasons[kinds[j]]
		}
		return kinds[i] < kinds[j]
	})
	for _, r := range kinds {
		fmt.Fprintf(env.stderr, "  skipped %d: %s\n", reasons[r], displayLine(r))
	}
	return err
}

func isPostgresDSN(dsn string) bool {
	kind, _, err := store.ParseDSN(dsn)
	return err == nil && kind == store.Postgres
}
