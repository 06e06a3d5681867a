package main

import (
	"context"
	"fmt"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/marquee-film/marquee/internal/ingest"
	"github.com/marquee-film/marquee/internal/pipeline"
	"github.com/marquee-film/marquee/internal/review"
)

// progressThreshold is the input size above which a run counts as long
// enough to deserve a progress bar.
const progressThreshold = 4 << 20

// readInputs scans paths and feeds every document or skip to fn, drawing a
// progress bar on stderr when asked, the input is large and stderr is a
// terminal (or MARQUEE_PROGRESS=1, which tests and demos use to force it).
func readInputs(ctx context.Context, env *environment, paths []string, wantProgress bool, fn func(ingest.Item) error) error {
	inputs, skips, err := ingest.Scan(ctx, paths)
	if err != nil {
		return err
	}
	for i := range skips {
		if err := fn(ingest.Item{Skip: &skips[i]}); err != nil {
			return err
		}
	}
	var total int64
	for _, in := range inputs {
		total += in.Size
	}
	var bar *progressbar.ProgressBar
	if wantProgress && total >= progressThreshold && (env.stderrIsTerminal || env.getenv("MARQUEE_PROGRESS") == "1") {
		bar = progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(env.stderr),
			progressbar.OptionSetDescription("ingest"),
			progressbar.OptionShowBytes(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionClearOnFinish(),
		)
		defer bar.Finish()
	}
	var base int64
	for _, in := range inputs {
		var progress func(int64)
		if bar != nil {
			start := base
			progress = func(done int64) { _ = bar.Set64(start + done) }
		}
		if err := ingest.Read(ctx, in, env.stdin, progress, fn); err != nil {
			return fmt.Errorf("read %s: %w", in.Path, err)
		}
		base += in.Size
	}
	return nil
}

// processed is one document's pipeline outcome.
type processed struct {
	review *review.Review
	err    error
}

// processInputs reads paths like readInputs and runs the pipeline over
// their documents, parallel documents at once, calling fn with every item
// and its outcome in input order (see pipeline.Ordered); window bounds the
// documents read ahead of the one fn has.
func processInputs(ctx context.Context, env *environment, paths []string, wantProgress bool, parallel, window int,
	fn func(ingest.Item, processed) error) error {
	return pipeline.Ordered(ctx, parallel, window,
		func(submit func(ingest.Item) error) error {
			return readInputs(ctx, env, paths, wantProgress, submit)
		},
		func(it ingest.Item) processed {
			if it.Skip != nil {
				return processed{}
			}
			r, err := pipeline.ProcessSafe(*it.Doc)
			return processed{review: &r, err: err}
		},
		fn)
}
