package main

import (
	"context"
	"fmt"
	"strings"
)

func init() {
	register(&command{
		name:    "search",
		summary: "full-text search over the stored reviews",
		run:     runSearch,
	})
}

func runSearch(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "search", "QUERY")
	db := dbFlag(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	limit := fs.Int("limit", 20, "at most this many hits")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	query := strings.TrimSpace(strings.Join(rest, " "))
	if query == "" {
		fs.Usage()
		return fmt.Errorf("%w: no query given", errUsage)
	}
	st, err := openStore(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	hits, err := st.Search(ctx, query, *limit)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env, hits)
	}
	if len(hits) == 0 {
		fmt.Fprintf(env.stdout, "no review matches %q\n", query)
		return nil
	}
	for i, h := range hits {
		fmt.Fprintf(env.stdout, "%d. review %d — %s", i+1, h.ReviewID, h.FilmTitle)
		if who := joinNonEmpty(", ", h.Headline, h.Author); who != "" {
			fmt.Fprintf(env.stdout, " — %s", who)
		}
		fmt.Fprintf(env.stdout, "\n   %s\n", h.Snippet)
	}
	return nil
}
