package queue

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/marquee-film/marquee/internal/review"
)

// jobsPerTransaction is how many jobs one InsertMany commits: enough to
// amortise the round trip, few enough that an interrupted ingest loses
// little (its re-run enqueues only what is missing).
const jobsPerTransaction = 20

// EnqueueSummary counts what an Enqueuer did. Only committed jobs count.
type EnqueueSummary struct {
	Documents int `json:"documents"` // in newly queued jobs
	Jobs      int `json:"jobs"`
	// DuplicateJobs were already in the queue (queued, running or
	// completed within river's retention), so nothing was inserted.
	DuplicateJobs      int `json:"duplicate_jobs"`
	DuplicateDocuments int `json:"duplicate_documents"`
}

// Enqueuer groups documents into jobs and inserts them into the queue.
// It is not safe for concurrent use.
type Enqueuer struct {
	pool   *pgxpool.Pool
	client *river.Client[pgx.Tx]

	// DocumentsPerJob and JobsPerTransaction override BatchSize and
	// jobsPerTransaction when positive: smaller values make an ingest
	// commit more often (and a kill lose less), at more round trips.
	DocumentsPerJob    int
	JobsPerTransaction int
	// Committed, when set, is called after each transaction commits with
	// the sources of the documents it made durable, new or already queued,
	// in input order.
	Committed func(sources []string)

	batch      []review.Document
	batchBytes int
	jobs       []river.InsertManyParams
	jobSources [][]string // the sources of each job in jobs
	summary    EnqueueSummary
}

// NewEnqueuer returns an Enqueuer inserting through pool, whose database
// must have river's tables (see Connect).
func NewEnqueuer(pool *pgxpool.Pool, logger *slog.Logger) (*Enqueuer, error) {
	// A client without queues or workers only inserts.
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{Logger: logger})
	if err != nil {
		return nil, fmt.Errorf("queue client: %w", err)
	}
	return &Enqueuer{pool: pool, client: client}, nil
}

// Add queues doc. Documents are inserted in transactions of whole jobs, so
// a document is only durable once a later Add or Flush has returned nil.
func (e *Enqueuer) Add(ctx context.Context, doc review.Document) error {
	e.batch = append(e.batch, doc)
	e.batchBytes += len(doc.Text)
	if len(e.batch) < positiveOr(e.DocumentsPerJob, BatchSize) && e.batchBytes < batchTextBytes {
		return nil
	}
	if err := e.closeBatch(); err != nil {
		return err
	}
	if len(e.jobs) < positiveOr(e.JobsPerTransaction, jobsPerTransaction) {
		return nil
	}
	return e.insert(ctx)
}

func positiveOr(v, otherwise int) int {
	if v > 0 {
		return v
	}
	return otherwise
}

// Flush inserts every document added so far.
func (e *Enqueuer) Flush(ctx context.Context) error {
	if err := e.closeBatch(); err != nil {
		return err
	}
	return e.insert(ctx)
}

// Summary reports what was inserted so far.
func (e *Enqueuer) Summary() EnqueueSummary { return e.summary }

func (e *Enqueuer) closeBatch() error {
	if len(e.batch) == 0 {
		return nil
	}
	args, err := NewProcessArgs(e.batch)
	if err != nil {
		return err
	}
	// The document count is repeated in the job's metadata so that
	// Status can sum the queue without reading every job's payload.
	e.jobs = append(e.jobs, river.InsertManyParams{Args: args,
		InsertOpts: &river.InsertOpts{Metadata: fmt.Appendf(nil, `{"documents":%d}`, args.Documents)}})
	if e.Committed != nil {
		sources := make([]string, len(e.batch))
		for i, d := range e.batch {
			sources[i] = d.Source
		}
		e.jobSources = append(e.jobSources, sources)
	}
	e.batch, e.batchBytes = e.batch[:0], 0
	return nil
}

func (e *Enqueuer) insert(ctx context.Context) error {
	if len(e.jobs) == 0 {
		return nil
	}
	tx, err := e.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("enqueue %d jobs: %w", len(e.jobs), err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	results, err := e.client.InsertManyTx(ctx, tx, e.jobs)
	if err != nil {
		return fmt.Errorf("enqueue %d jobs: %w", len(e.jobs), err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("enqueue %d jobs: commit: %w", len(e.jobs), err)
	}
	for i, res := range results {
		n := e.jobs[i].Args.(ProcessArgs).Documents
		if res.UniqueSkippedAsDuplicate {
			e.summary.DuplicateJobs++
			e.summary.DuplicateDocuments += n
		} else {
			e.summary.Jobs++
			e.summary.Documents += n
		}
	}
	e.jobs = e.jobs[:0]
	if e.Committed != nil {
		var sources []string
		for _, js := range e.jobSources {
			sources = append(sources, js...)
		}
		e.jobSources = e.jobSources[:0]
		e.Committed(sources)
	}
	return nil
}
