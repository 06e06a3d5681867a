package queue

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river/rivertype"
)

// States lists the job states a status report shows, in the order a job
// passes through them.
var States = []rivertype.JobState{
	rivertype.JobStateAvailable,
	rivertype.JobStateScheduled,
	rivertype.JobStateRunning,
	rivertype.JobStateRetryable,
	rivertype.JobStateCompleted,
	rivertype.JobStateDiscarded,
	rivertype.JobStateCancelled,
	rivertype.JobStatePending,
}

// Throughput counts the jobs that completed within a window.
type Throughput struct {
	Jobs      int64 `json:"jobs"`
	Documents int64 `json:"documents"`
	// Added counts the reviews those jobs stored as new.
	Added int64 `json:"added"`
}

// Status is the state of the queue.
type Status struct {
	// Jobs counts the "marquee_process" jobs in each state; every state
	// of States is present. Completed, discarded and cancelled jobs stay
	// counted until river's cleaner removes them after 24 hours.
	Jobs map[rivertype.JobState]int64 `json:"jobs"`
	// Documents still to be processed: in available, scheduled, running
	// and retryable jobs.
	PendingDocuments int64      `json:"pending_documents"`
	LastMinute       Throughput `json:"last_minute"`
	LastHour         Throughput `json:"last_hour"`
}

// ReadStatus reports the queue in pool's database. A database whose river
// tables are missing has an empty queue.
func ReadStatus(ctx context.Context, pool *pgxpool.Pool) (Status, error) {
	st := Status{Jobs: make(map[rivertype.JobState]int64, len(States))}
	for _, s := range States {
		st.Jobs[s] = 0
	}
	var exists bool
	if err := pool.QueryRow(ctx, `SELECT to_regclass('river_job') IS NOT NULL`).Scan(&exists); err != nil {
		return st, fmt.Errorf("queue status: %w", err)
	}
	if !exists {
		return st, nil
	}
	rows, err := pool.Query(ctx, `
		SELECT state::text, count(*),
		       coalesce(sum(coalesce((metadata->>'documents')::bigint, (args->>'documents')::bigint)) FILTER (WHERE state IN ('available', 'scheduled', 'running', 'retryable')), 0)
		FROM river_job WHERE kind = $1 GROUP BY state`, Kind)
	if err != nil {
		return st, fmt.Errorf("queue status: %w", err)
	}
	for rows.Next() {
		var state string
		var jobs, pending int64
		if err := rows.Scan(&state, &jobs, &pending); err != nil {
			rows.Close()
			return st, fmt.Errorf("queue status: %w", err)
		}
		st.Jobs[rivertype.JobState(state)] = jobs
		st.PendingDocuments += pending
	}
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("queue status: %w", err)
	}
	err = pool.QueryRow(ctx, `
		SELECT count(*) FILTER (WHERE finalized_at > now() - interval '1 minute'),
		       coalesce(sum(coalesce((metadata->>'documents')::bigint, (args->>'documents')::bigint)) FILTER (WHERE finalized_at > now() - interval '1 minute'), 0),
		       coalesce(sum((metadata->'output'->>'added')::bigint) FILTER (WHERE finalized_at > now() - interval '1 minute'), 0),
		       count(*),
		       coalesce(sum(coalesce((metadata->>'documents')::bigint, (args->>'documents')::bigint)), 0),
		       coalesce(sum((metadata->'output'->>'added')::bigint), 0)
		FROM river_job
		WHERE kind = $1 AND state = 'completed' AND finalized_at > now() - interval '1 hour'`, Kind).
		Scan(&st.LastMinute.Jobs, &st.LastMinute.Documents, &st.LastMinute.Added,
			&st.LastHour.Jobs, &st.LastHour.Documents, &st.LastHour.Added)
	if err != nil {
		return st, fmt.Errorf("queue throughput: %w", err)
	}
	return st, nil
}
