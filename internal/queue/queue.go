// Package queue spreads review processing over many machines through a
// durable job queue kept in the same PostgreSQL database as the reviews.
// `marquee ingest --db postgres://…` only reads its inputs and enqueues the
// documents; any number of `marquee worker` processes, anywhere, take jobs,
// run the pipeline and store the results.
//
// Why river (github.com/riverqueue/river): its queue is a table in the
// database Marquee already needs, so there is no second system to run, and
// jobs are inserted in an ordinary transaction — an enqueue either commits
// whole or not at all. A job that fails is retried with exponential backoff
// up to MaxAttempts, then kept as discarded for inspection. A job whose
// worker died (SIGKILL, lost machine) stays "running" until river's leader
// rescues it after RescueStuckJobsAfter and runs it again elsewhere.
//
// Job design: one job of kind "marquee_process" carries a batch of up to
// BatchSize documents (fewer when their text exceeds batchTextBytes) as
// gzip-compressed JSON. Compression at gzip's fastest level keeps the
// backlog under half its size (0.45 of the JSON, against 0.39 at the
// default level, which cost the enqueue half as much CPU again), and
// wrapping the documents in an opaque payload lets any text through
// unchanged: a NUL in a review would be legal in a Document but is
// refused by PostgreSQL's jsonb. A worker processes the batch and stores it
// with one Store.AddReviews call, so a batch is stored whole or not at all.
//
// Idempotency, twice over: the job's unique key is a SHA-256 of its payload,
// so re-running the same ingest while the first run's jobs are queued,
// running or completed (river keeps completed jobs for 24 hours) inserts
// nothing. And storage de-duplicates by content hash, so a job that runs
// twice — rescued after a crash that came after its commit, or enqueued
// again after the completed job was cleaned away — adds no review twice.
package queue

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/marquee-film/marquee/internal/review"
)

// Kind is the river job kind of a batch of documents to process.
const Kind = "marquee_process"

const (
	// BatchSize is the most documents one job carries: large enough that
	// the per-job overhead (a queue round trip, one store transaction) is
	// small against processing, small enough that a retried job repeats
	// little work.
	BatchSize = 100
	// batchTextBytes closes a batch early when its texts add up to this
	// much, so a batch of very long documents stays a reasonable row.
	batchTextBytes = 4 << 20
	// MaxAttempts is how often a job runs before river discards it.
	MaxAttempts = 10
	// maxPayloadBytes bounds what decoding a payload may allocate: a batch
	// of one document at ingest's file size limit, JSON-escaped, fits.
	maxPayloadBytes = 256 << 20
)

// ProcessArgs are the arguments of a "marquee_process" job. Only Key takes
// part in river's uniqueness check.
type ProcessArgs struct {
	// Key is the hex SHA-256 of the uncompressed payload.
	Key string `json:"key" river:"unique"`
	// Documents counts the documents in Payload, for status reports.
	Documents int `json:"documents"`
	// Payload is the gzip-compressed JSON array of review.Document.
	Payload []byte `json:"payload"`
}

// Kind implements river.JobArgs.
func (ProcessArgs) Kind() string { return Kind }

// InsertOpts implements river.JobArgsWithInsertOpts.
func (ProcessArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{
		MaxAttempts: MaxAttempts,
		UniqueOpts:  river.UniqueOpts{ByArgs: true},
	}
}

// NewProcessArgs packs a batch of documents into job arguments. The same
// documents in the same order always give the same Key.
func NewProcessArgs(docs []review.Document) (ProcessArgs, error) {
	plain, err := json.Marshal(docs)
	if err != nil {
		return ProcessArgs{}, fmt.Errorf("encode %d documents: %w", len(docs), err)
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if err != nil {
		return ProcessArgs{}, fmt.Errorf("compress %d documents: %w", len(docs), err)
	}
	if _, err := zw.Write(plain); err != nil {
		return ProcessArgs{}, fmt.Errorf("compress %d documents: %w", len(docs), err)
	}
	if err := zw.Close(); err != nil {
		return ProcessArgs{}, fmt.Errorf("compress %d documents: %w", len(docs), err)
	}
	return ProcessArgs{Key: sha256Hex(plain), Documents: len(docs), Payload: buf.Bytes()}, nil
}

// errCorruptPayload marks a payload no retry can decode.
var errCorruptPayload = errors.New("corrupt job payload")

// DecodeDocuments unpacks the documents of a job.
func (a ProcessArgs) DecodeDocuments() ([]review.Document, error) {
	zr, err := gzip.NewReader(bytes.NewReader(a.Payload))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errCorruptPayload, err)
	}
	plain, err := io.ReadAll(io.LimitReader(zr, maxPayloadBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%w: decompress: %w", errCorruptPayload, err)
	}
	if len(plain) > maxPayloadBytes {
		return nil, fmt.Errorf("%w: more than %d bytes uncompressed", errCorruptPayload, maxPayloadBytes)
	}
	if sha256Hex(plain) != a.Key {
		return nil, fmt.Errorf("%w: content does not match its key %.12s…", errCorruptPayload, a.Key)
	}
	var docs []review.Document
	if err := json.Unmarshal(plain, &docs); err != nil {
		return nil, fmt.Errorf("%w: %w", errCorruptPayload, err)
	}
	if len(docs) != a.Documents {
		return nil, fmt.Errorf("%w: %d documents, the job says %d", errCorruptPayload, len(docs), a.Documents)
	}
	return docs, nil
}

func sha256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// Connect opens a connection pool to the PostgreSQL database url names and
// brings river's tables up to date. maxConns <= 0 keeps pgx's default.
func Connect(ctx context.Context, url string, maxConns int) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx's parse errors quote the connection string, password included.
		return nil, errors.New("invalid PostgreSQL connection string")
	}
	if maxConns > 0 {
		cfg.MaxConns = int32(maxConns)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect: %w", err)
	}
	if err := Migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	return pool, nil
}

// migrateLockKey is the advisory lock that serialises processes migrating
// river's tables at once; rivermigrate itself takes none.
const migrateLockKey int64 = 0x6d61_7271_7565_7565 // "marqueue"

// Migrate applies river's migrations that the database lacks. It is safe to
// call from many processes at once and does nothing when all are applied.
// River's migrations cannot share one transaction (one adds an enum value
// that the next uses), so a session lock, held on a connection of its own,
// keeps a second process waiting until the first is done. pool must allow
// two connections.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	migrator, err := rivermigrate.New(riverpgxv5.New(pool), nil)
	if err != nil {
		return fmt.Errorf("queue migrations: %w", err)
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("migrate queue: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", migrateLockKey); err != nil {
		return fmt.Errorf("migrate queue: lock: %w", err)
	}
	defer func() {
		if _, err := conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", migrateLockKey); err != nil {
			// A session lock must not outlive its use on a pooled
			// connection: close the connection instead.
			_ = conn.Hijack().Close(context.WithoutCancel(ctx))
		}
	}()
	if _, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("migrate queue: %w", err)
	}
	return nil
}
