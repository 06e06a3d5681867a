package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/marquee-film/marquee/internal/review"
)

func init() {
	register(&command{
		name:    "review",
		summary: "show one stored review and everything extracted from it",
		run:     runReview,
	})
}

func runReview(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "review", "ID")
	db := dbFlag(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		fs.Usage()
		return fmt.Errorf("%w: want one review ID", errUsage)
	}
	id, err := strconv.ParseInt(rest[0], 10, 64)
	if err != nil || id <= 0 {
		return fmt.Errorf("%w: review ID %q is not a positive number", errUsage, rest[0])
	}
	st, err := openStore(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	r, err := st.Review(ctx, id)
	if err != nil {
		return fmt.Errorf("review %d: %w", id, err)
	}
	if *asJSON {
		return writeJSON(env, r)
	}
	printReview(env, r)
	return nil
}

func printReview(env *environment, r *review.Review) {
	fmt.Fprintf(env.stdout, "Review %d\n", r.ID)
	printReviewSummary(env.stdout, r)
	for _, s := range r.Body {
		fmt.Fprintf(env.stdout, "  %s\n", s)
	}
}
