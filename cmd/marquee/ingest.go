package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strings"

	"github.com/marquee-film/marquee/internal/ingest"
	"github.com/marquee-film/marquee/internal/review"
	"github.com/marquee-film/marquee/internal/store"
)

func init() {
	register(&command{
		name:    "ingest",
		summary: "read reviews from files, directories or stdin and store them",
		run:     runIngest,
	})
}

// ingestBatchSize is how many reviews share one transaction. The summary
// counts a review only once its batch has committed, so an interrupted run
// never reports as stored what is not; a re-run adds what is missing and
// de-duplicates the rest.
const ingestBatchSize = 500

// ingestSummary counts what one run did.
type ingestSummary struct {
	Added      int            `json:"added"`
	Duplicates int            `json:"duplicates"`
	Skipped    int            `json:"skipped"`
	Reasons    map[string]int `json:"skip_reasons"`
	// films lists each film (title and year) the run's reviews are about,
	// in first-seen order, so the demo can report exactly those.
	films []filmRef
}

type filmRef struct {
	title string
	year  int
}

// ingestOptions tune ingestPaths for its callers.
type ingestOptions struct {
	verbose bool // report each skipped input on stderr
	// ack, when set, gets every review of a batch once the batch commits.
	ack *ackWriter
	// batchSize overrides ingestBatchSize when positive.
	batchSize int
	// renameSource, when set, rewrites each review's Source, so that
	// reviews unpacked to a temporary directory keep a stable name.
	renameSource func(string) string
	// parallel is how many documents are processed at once (default: one
	// per CPU).
	parallel int
}

func (o ingestOptions) workers() int {
	if o.parallel > 0 {
		return o.parallel
	}
	return runtime.GOMAXPROCS(0)
}

// ingestWindow bounds the documents read ahead of the one being stored.
const ingestWindow = 1024

func runIngest(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "ingest", "FILE|DIR|- ...")
	db := dbFlag(fs)
	quiet := fs.Bool("q", false, "print only the summary, not each skipped input")
	ackLog := fs.String("ack-log", "", "after each commit, append a JSON line for every review it made durable to this file (\"-\": standard output)")
	parallel := fs.Int("parallel", runtime.GOMAXPROCS(0), "documents processed at once (SQLite; with PostgreSQL the workers process)")
	batchSize := fs.Int("batch-size", 0, fmt.Sprintf("reviews per transaction (default %d); with PostgreSQL, documents per queued job, one job per transaction", ingestBatchSize))
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		fs.Usage()
		return fmt.Errorf("%w: no input given", errUsage)
	}
	if *batchSize < 0 {
		return fmt.Errorf("%w: --batch-size must be positive", errUsage)
	}
	ack, closeAck, err := openAckLog(env, *ackLog)
	if err != nil {
		return err
	}
	defer closeAck()
	// Into PostgreSQL, workers do the processing: see internal/queue.
	if dsn := resolveDSN(env, *db); isPostgresDSN(dsn) {
		return enqueueInputs(ctx, env, dsn, paths, enqueueOptions{verbose: !*quiet, ack: ack, batchSize: *batchSize})
	}
	st, err := openStore(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	sum, err := ingestPaths(ctx, env, st, paths, ingestOptions{verbose: !*quiet, ack: ack, batchSize: *batchSize, parallel: *parallel})
	printIngestSummary(env, sum)
	return err
}

// An ack is one line of --ack-log: a review (or, into PostgreSQL, a queued
// document) that a committed transaction made durable. A crash after the
// line was written cannot lose the review, so a test that kills ingest can
// hold the database to every line it read, and a pipeline feeding ingest
// can tell what it need not send again.
type ack struct {
	Hash   string `json:"hash,omitempty"`
	Source string `json:"source"`
	ID     int64  `json:"id,omitempty"`
	// Added is false for a review that was already stored.
	Added  bool `json:"added,omitempty"`
	Queued bool `json:"queued,omitempty"`
}

// ackWriter writes the acks of one commit with a single write, so that a
// killed process leaves whole lines.
type ackWriter struct{ w io.Writer }

func (a *ackWriter) write(acks []ack) error {
	if a == nil || len(acks) == 0 {
		return nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for i := range acks {
		if err := enc.Encode(&acks[i]); err != nil {
			return fmt.Errorf("ack log: %w", err)
		}
	}
	if _, err := a.w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("ack log: %w", err)
	}
	return nil
}

func openAckLog(env *environment, path string) (*ackWriter, func(), error) {
	switch path {
	case "":
		return nil, func() {}, nil
	case "-":
		return &ackWriter{w: env.stdout}, func() {}, nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, nil, fmt.Errorf("ack log: %w", err)
	}
	return &ackWriter{w: f}, func() { _ = f.Close() }, nil
}

// ingestPaths runs the pipeline over paths and stores the results in
// batches. It returns what it did even when it stops early.
func ingestPaths(ctx context.Context, env *environment, st store.Store, paths []string, opts ingestOptions) (ingestSummary, error) {
	sum := ingestSummary{Reasons: map[string]int{}}
	seenFilms := map[filmRef]bool{}
	batchSize := ingestBatchSize
	if opts.batchSize > 0 {
		batchSize = opts.batchSize
	}
	batch := make([]*review.Review, 0, batchSize)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		results, err := st.AddReviews(ctx, batch)
		if err != nil {
			return fmt.Errorf("store %d reviews: %w", len(batch), err)
		}
		var acks []ack
		for i, r := range results {
			if r.Added {
				sum.Added++
			} else {
				sum.Duplicates++
			}
			if opts.ack != nil {
				acks = append(acks, ack{Hash: batch[i].ContentHash, Source: batch[i].Source, ID: r.ID, Added: r.Added})
			}
		}
		batch = batch[:0]
		return opts.ack.write(acks)
	}
	// Documents are processed on every core and stored in input order; see
	// pipeline.Ordered.
	err := processInputs(ctx, env, paths, true, opts.workers(), ingestWindow,
		func(it ingest.Item, p processed) error {
			if it.Skip != nil {
				sum.Skipped++
				sum.Reasons[reasonKind(it.Skip.Reason)]++
				if opts.verbose {
					fmt.Fprintf(env.stderr, "skip %s: %s\n", displayLine(it.Skip.Source), displayLine(it.Skip.Reason))
				}
				return nil
			}
			if p.err != nil {
				sum.Skipped++
				sum.Reasons["internal error"]++
				fmt.Fprintf(env.stderr, "skip %s: %s\n", displayLine(it.Doc.Source), displayLine(p.err.Error()))
				return nil
			}
			r := p.review
			if opts.renameSource != nil {
				r.Source = opts.renameSource(r.Source)
			}
			if f := (filmRef{r.Film.Title, r.Film.Year}); f.title != "" && !seenFilms[f] {
				seenFilms[f] = true
				sum.films = append(sum.films, f)
			}
			batch = append(batch, r)
			// Once interrupted, keep what is done for the final flush
			// below rather than fail a store on the cancelled context.
			if len(batch) >= batchSize && ctx.Err() == nil {
				return flush()
			}
			return nil
		})
	if err != nil {
		if ctx.Err() != nil {
			// Interrupted (Ctrl-C, SIGTERM): store what was already
			// processed before stopping, so the work is not wasted.
			ctx = context.WithoutCancel(ctx)
			if ferr := flush(); ferr != nil {
				return sum, errors.Join(err, ferr)
			}
		}
		return sum, err
	}
	return sum, flush()
}

// reasonKind shortens a skip reason to its first clause so the summary can
// group "invalid UTF-8 at byte 12" and "invalid UTF-8 at byte 40" together.
func reasonKind(reason string) string {
	for _, sep := range []string{":", " at ", " ("} {
		if i := strings.Index(reason, sep); i > 0 {
			reason = reason[:i]
		}
	}
	return reason
}

func printIngestSummary(env *environment, sum ingestSummary) {
	fmt.Fprintf(env.stderr, "ingest: %d added, %d duplicate, %d skipped\n", sum.Added, sum.Duplicates, sum.Skipped)
	reasons := make([]string, 0, len(sum.Reasons))
	for r := range sum.Reasons {
		reasons = append(reasons, r)
	}
	sort.Slice(reasons, func(i, j int) bool {
		if sum.Reasons[reasons[i]] != sum.Reasons[reasons[j]] {
			return sum.Reasons[reasons[i]] > sum.Reasons[reasons[j]]
		}
		return reasons[i] < reasons[j]
	})
	for _, r := range reasons {
		fmt.Fprintf(env.stderr, "  skipped %d: %s\n", sum.Reasons[r], displayLine(r))
	}
}
