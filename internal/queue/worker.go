package queue

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/marquee-film/marquee/internal/filmreport"
	"github.com/marquee-film/marquee/internal/pipeline"
	"github.com/marquee-film/marquee/internal/review"
	"github.com/marquee-film/marquee/internal/store"
)

// Defaults of WorkerConfig.
const (
	// DefaultRescueAfter: a job of BatchSize documents takes seconds, so a
	// job still running after ten minutes belongs to a dead worker.
	DefaultRescueAfter = 10 * time.Minute
	// DefaultSoftStop is how long a stopping worker lets running jobs
	// finish before it cancels them (they are then retried elsewhere).
	DefaultSoftStop = 30 * time.Second
)

// WorkerConfig tunes RunWorker. Zero values take the defaults.
type WorkerConfig struct {
	// Concurrency is how many jobs run at once; default the number of CPUs
	// (processing is CPU-bound).
	Concurrency int
	// RescueAfter is how long a job may stay running before river decides
	// its worker died and runs it again. Jobs time out at half of it, so a
	// live worker never has its job taken away.
	RescueAfter time.Duration
	SoftStop    time.Duration
	// ReportsEvery is how often out-of-date film reports are rebuilt
	// (see RefreshReportsArgs); default DefaultReportsEvery, < 0 never.
	ReportsEvery time.Duration
	Logger       *slog.Logger
}

// JobOutput is what a finished job records in river's job metadata
// (under "output"), so status can count stored reviews.
type JobOutput struct {
	Added      int `json:"added"`
	Duplicates int `json:"duplicates"`
}

// WorkerTotals counts what one worker process did.
type WorkerTotals struct {
	Jobs       int64 `json:"jobs"`
	Added      int64 `json:"added"`
	Duplicates int64 `json:"duplicates"`
}

// processWorker runs the pipeline over a job's documents and stores them.
type processWorker struct {
	river.WorkerDefaults[ProcessArgs]
	store store.Store

	jobs, added, duplicates atomic.Int64
}

func (w *processWorker) Work(ctx context.Context, job *river.Job[ProcessArgs]) error {
	docs, err := job.Args.DecodeDocuments()
	if err != nil {
		// No retry can fix a payload that does not decode.
		return river.JobCancel(err)
	}
	reviews := make([]*review.Review, len(docs))
	for i := range docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		r := pipeline.Process(docs[i])
		reviews[i] = &r
	}
	results, err := w.store.AddReviews(ctx, reviews)
	if err != nil {
		return fmt.Errorf("store %d reviews: %w", len(reviews), err)
	}
	var out JobOutput
	for _, res := range results {
		if res.Added {
			out.Added++
		} else {
			out.Duplicates++
		}
	}
	w.jobs.Add(1)
	w.added.Add(int64(out.Added))
	w.duplicates.Add(int64(out.Duplicates))
	// The reviews are stored; failing the job now over its report would
	// only make it run again for nothing.
	_ = river.RecordOutput(ctx, out)
	return nil
}

// RunWorker works jobs from the queue in pool's database, storing into st,
// until ctx is cancelled. It then stops taking jobs, gives running ones
// cfg.SoftStop to finish, cancels the rest (river retries them) and
// returns what it did. pool should allow Concurrency+4 connections.
func RunWorker(ctx context.Context, pool *pgxpool.Pool, st store.Store, cfg WorkerConfig) (WorkerTotals, error) {
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = runtime.NumCPU()
	}
	if cfg.RescueAfter <= 0 {
		cfg.RescueAfter = DefaultRescueAfter
	}
	if cfg.SoftStop <= 0 {
		cfg.SoftStop = DefaultSoftStop
	}
	if cfg.ReportsEvery == 0 {
		cfg.ReportsEvery = DefaultReportsEvery
	}
	worker := &processWorker{store: st}
	workers := river.NewWorkers()
	if err := river.AddWorkerSafely(workers, worker); err != nil {
		return WorkerTotals{}, fmt.Errorf("queue worker: %w", err)
	}
	if err := river.AddWorkerSafely(workers, &reportsWorker{keeper: filmreport.New(st), pool: pool}); err != nil {
		return WorkerTotals{}, fmt.Errorf("queue worker: %w", err)
	}
	var periodic []*river.PeriodicJob
	if cfg.ReportsEvery > 0 {
		periodic = append(periodic, river.NewPeriodicJob(river.PeriodicInterval(cfg.ReportsEvery),
			func() (river.JobArgs, *river.InsertOpts) { return RefreshReportsArgs{}, nil }, nil))
	}
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		PeriodicJobs:         periodic,
		Logger:               cfg.Logger,
		MaxAttempts:          MaxAttempts,
		JobTimeout:           cfg.RescueAfter / 2,
		RescueStuckJobsAfter: cfg.RescueAfter,
		Queues:               map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.Concurrency}},
		Workers:              workers,
	})
	if err != nil {
		return WorkerTotals{}, fmt.Errorf("queue worker: %w", err)
	}
	// The client runs on a context of its own so that ctx's cancellation
	// starts the stop sequence below instead of river's.
	if err := client.Start(context.WithoutCancel(ctx)); err != nil {
		return WorkerTotals{}, fmt.Errorf("start queue worker: %w", err)
	}
	<-ctx.Done()
	stopErr := stopWorker(ctx, client, cfg.SoftStop)
	totals := WorkerTotals{Jobs: worker.jobs.Load(), Added: worker.added.Load(), Duplicates: worker.duplicates.Load()}
	return totals, stopErr
}

// stopWorker stops softly, then hard once softStop has passed.
func stopWorker(ctx context.Context, client *river.Client[pgx.Tx], softStop time.Duration) error {
	base := context.WithoutCancel(ctx)
	softCtx, cancel := context.WithTimeout(base, softStop)
	defer cancel()
	err := client.Stop(softCtx)
	if err == nil {
		return nil
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("stop queue worker: %w", err)
	}
	hardCtx, cancelHard := context.WithTimeout(base, 10*time.Second)
	defer cancelHard()
	if err := client.StopAndCancel(hardCtx); err != nil {
		return fmt.Errorf("stop queue worker: %w", err)
	}
	return nil
}
