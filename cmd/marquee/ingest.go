package main

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/marquee-film/marquee/internal/ingest"
	"github.com/marquee-film/marquee/internal/pipeline"
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
	// renameSource, when set, rewrites each review's Source, so that
	// reviews unpacked to a temporary directory keep a stable name.
	renameSource func(string) string
}

func runIngest(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "ingest", "FILE|DIR|- ...")
	db := dbFlag(fs)
	quiet := fs.Bool("q", false, "print only the summary, not each skipped input")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		fs.Usage()
		return fmt.Errorf("%w: no input given", errUsage)
	}
	// Into PostgreSQL, workers do the processing: see internal/queue.
	if dsn := resolveDSN(env, *db); isPostgresDSN(dsn) {
		return enqueueInputs(ctx, env, dsn, paths, !*quiet)
	}
	st, err := openStore(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	sum, err := ingestPaths(ctx, env, st, paths, ingestOptions{verbose: !*quiet})
	printIngestSummary(env, sum)
	return err
}

// ingestPaths runs the pipeline over paths and stores the results in
// batches. It returns what it did even when it stops early.
func ingestPaths(ctx context.Context, env *environment, st store.Store, paths []string, opts ingestOptions) (ingestSummary, error) {
	sum := ingestSummary{Reasons: map[string]int{}}
	seenFilms := map[filmRef]bool{}
	batch := make([]*review.Review, 0, ingestBatchSize)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		results, err := st.AddReviews(ctx, batch)
		if err != nil {
			return fmt.Errorf("store %d reviews: %w", len(batch), err)
		}
		for _, r := range results {
			if r.Added {
				sum.Added++
			} else {
				sum.Duplicates++
			}
		}
		batch = batch[:0]
		return nil
	}
	err := readInputs(ctx, env, paths, true, func(it ingest.Item) error {
		if it.Skip != nil {
			sum.Skipped++
			sum.Reasons[reasonKind(it.Skip.Reason)]++
			if opts.verbose {
				fmt.Fprintf(env.stderr, "skip %s: %s\n", it.Skip.Source, it.Skip.Reason)
			}
			return nil
		}
		r, err := pipeline.ProcessSafe(*it.Doc)
		if err != nil {
			sum.Skipped++
			sum.Reasons["internal error"]++
			fmt.Fprintf(env.stderr, "skip %s: %v\n", it.Doc.Source, err)
			return nil
		}
		if opts.renameSource != nil {
			r.Source = opts.renameSource(r.Source)
		}
		if f := (filmRef{r.Film.Title, r.Film.Year}); f.title != "" && !seenFilms[f] {
			seenFilms[f] = true
			sum.films = append(sum.films, f)
		}
		batch = append(batch, &r)
		if len(batch) >= ingestBatchSize {
			return flush()
		}
		return ctx.Err()
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
		fmt.Fprintf(env.stderr, "  skipped %d: %s\n", sum.Reasons[r], r)
	}
}
