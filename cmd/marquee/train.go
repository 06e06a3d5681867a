package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/marquee-film/marquee/internal/score"
	"github.com/marquee-film/marquee/internal/score/corpus"
)

func init() {
	register(&command{
		name:    "train",
		summary: "train the review score model from ../shared/data",
		run:     runTrain,
	})
}

func runTrain(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "train", "")
	seed := fs.Uint64("seed", 1, "seed for the training order")
	out := fs.String("out", filepath.Join("internal", "score", "model", "score.model"), "where to write the model")
	data := fs.String("data", "", "shared/data directory (default: found above the working directory)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, rest)
	}
	root := *data
	if root == "" {
		if root, err = corpus.Root("."); err != nil {
			return err
		}
	}
	start := time.Now()
	training, summary, err := corpus.TrainingData(ctx, root)
	if err != nil {
		return err
	}
	for _, l := range summary {
		fmt.Fprintf(env.stderr, "  %-58s %7d\n", l.Dataset, l.Records)
	}
	model, err := score.Train(ctx, training, score.DefaultConfig(*seed))
	if err != nil {
		return err
	}
	b, err := model.MarshalBinary()
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	low, high := model.VerdictThresholds()
	fmt.Fprintf(env.stdout, "verdict thresholds fitted to the scale critics' 3-class labels: negative < %g, positive > %g\n", low, high)
	fmt.Fprintf(env.stdout, "wrote %s (%d bytes) in %s\n", *out, len(b), time.Since(start).Round(time.Second))
	return nil
}
