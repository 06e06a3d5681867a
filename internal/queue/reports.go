package queue

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/marquee-film/marquee/internal/filmreport"
)

// ReportsKind is the river job kind that rebuilds out-of-date film reports.
const ReportsKind = "marquee_refresh_reports"

// DefaultReportsEvery is how often the workers look for out-of-date film
// reports: a film page builds an out-of-date report itself, so this only
// bounds how long readers of a changed film may wait for one.
const DefaultReportsEvery = 5 * time.Minute

// reportsTimeout bounds one refresh: the first after a million reviews
// rebuilds every report (three minutes here).
const reportsTimeout = time.Hour

// RefreshReportsArgs is the periodic job that saves every out-of-date film
// report (filmreport.Keeper.Refresh), so film pages find them built.
type RefreshReportsArgs struct{}

// Kind implements river.JobArgs.
func (RefreshReportsArgs) Kind() string { return ReportsKind }

// InsertOpts implements river.JobArgsWithInsertOpts: one refresh at a time,
// whichever worker's leader enqueues it.
func (RefreshReportsArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{
		MaxAttempts: 1, // the next period tries again
		UniqueOpts: river.UniqueOpts{ByState: []rivertype.JobState{
			rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
			rivertype.JobStateRetryable, rivertype.JobStateScheduled,
		}},
	}
}

// ReportsOutput is what a refresh records in its job's metadata.
type ReportsOutput struct {
	filmreport.RefreshStats
	// Deferred is set when documents were waiting: the refresh was left
	// for a later period.
	Deferred bool `json:"deferred,omitempty"`
}

type reportsWorker struct {
	river.WorkerDefaults[RefreshReportsArgs]
	keeper *filmreport.Keeper
	pool   *pgxpool.Pool
}

// Timeout implements river.Worker.
func (w *reportsWorker) Timeout(*river.Job[RefreshReportsArgs]) time.Duration { return reportsTimeout }

// Work refreshes the reports unless documents wait in the queue: during a
// bulk ingest nearly every film changes between two periods, and
// rebuilding them all again and again would take the CPU the ingest
// needs. The reports are refreshed in the first period after the queue
// drains; until then a film page builds (and saves) its own.
func (w *reportsWorker) Work(ctx context.Context, job *river.Job[RefreshReportsArgs]) error {
	status, err := ReadStatus(ctx, w.pool)
	if err != nil {
		return err
	}
	if status.PendingDocuments > 0 {
		_ = river.RecordOutput(ctx, ReportsOutput{Deferred: true})
		return nil
	}
	stats, err := w.keeper.Refresh(ctx, 1, nil)
	if err != nil {
		return fmt.Errorf("refresh film reports: %w", err)
	}
	_ = river.RecordOutput(ctx, ReportsOutput{RefreshStats: stats})
	return nil
}
