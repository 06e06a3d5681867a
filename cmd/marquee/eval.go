package main

import (
	"context"
	"fmt"

	"github.com/marquee-film/marquee/internal/score/corpus"
	"github.com/marquee-film/marquee/internal/score/eval"
)

func init() {
	register(&command{
		name:    "eval",
		summary: "evaluate the review scorer against ../shared/data, next to VADER and AFINN",
		run:     runEval,
	})
}

func runEval(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "eval", "")
	quick := fs.Bool("quick", false, "run every protocol on a small subset with at most 2 folds")
	seed := fs.Uint64("seed", 1, "seed for the training order")
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
	baselines, err := eval.DefaultBaselines(env.getenv)
	if err != nil {
		return err
	}
	rep, err := eval.Run(ctx, eval.Options{Root: root, Quick: *quick, Seed: *seed, Progress: env.stderr, Baselines: baselines})
	if err != nil {
		return err
	}
	return eval.WriteTable(env.stdout, rep)
}
