package main

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/marquee-film/marquee/internal/store"
)

func init() {
	register(&command{
		name:    "films",
		summary: "list the films in the database",
		run:     runFilms,
	})
}

func runFilms(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "films", "")
	db := dbFlag(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	limit := fs.Int("limit", 200, "at most this many films")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := openStore(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	films, err := st.Films(ctx, store.FilmQuery{Limit: *limit})
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env, films)
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tFILM\tYEAR\tDIRECTOR\tREVIEWS\tRATED\tMEAN RATING")
	for _, f := range films {
		year, mean := "", "-"
		if f.Year > 0 {
			year = fmt.Sprint(f.Year)
		}
		if f.MeanRating != nil {
			mean = fmt.Sprintf("%.0f", *f.MeanRating)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%d\t%s\n", f.ID, f.Title, year, f.Director, f.Reviews, f.Rated, mean)
	}
	return tw.Flush()
}

// writeJSON prints v as indented JSON.
func writeJSON(env *environment, v any) error {
	enc := jsonEncoder(env)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// jsonEncoder writes to stdout without HTML escaping: review text is shown
// as written, and "<" in a headline is data, not markup, on a terminal.
func jsonEncoder(env *environment) *json.Encoder {
	enc := json.NewEncoder(env.stdout)
	enc.SetEscapeHTML(false)
	return enc
}
