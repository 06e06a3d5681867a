package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/marquee-film/marquee/internal/aggregate"
	"github.com/marquee-film/marquee/internal/filmreport"
	"github.com/marquee-film/marquee/internal/store"
)

func init() {
	register(&command{
		name:    "film",
		summary: "report one film: its reviews, their ratings and the credits found",
		run:     runFilm,
	})
}

func runFilm(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "film", "TITLE")
	db := dbFlag(fs)
	asJSON := fs.Bool("json", false, "print JSON, one object per matching film")
	year := fs.Int("year", 0, "only the film of this year (for remakes)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	title := strings.TrimSpace(strings.Join(rest, " "))
	if title == "" {
		fs.Usage()
		return fmt.Errorf("%w: no title given", errUsage)
	}
	st, err := openStore(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	reports, err := filmReports(ctx, st, title, *year)
	if err != nil {
		return err
	}
	if len(reports) == 0 {
		return fmt.Errorf("no film matches %q", title)
	}
	for i := range reports {
		if *asJSON {
			if err := writeJSONLine(env, &reports[i]); err != nil {
				return err
			}
			continue
		}
		printFilmReport(env, &reports[i])
	}
	return nil
}

// filmReports returns the report of every film matching title: the one
// the store has saved when it is current, else built and saved.
func filmReports(ctx context.Context, st store.Store, title string, year int) ([]aggregate.FilmReport, error) {
	films, err := st.FindFilms(ctx, title)
	if err != nil {
		return nil, err
	}
	keeper := filmreport.New(st)
	var out []aggregate.FilmReport
	for _, f := range films {
		if year > 0 && f.Year != year && f.Year != 0 {
			continue
		}
		res, err := keeper.Report(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("report of film %d: %w", f.ID, err)
		}
		// A film no review dates has its catalogue title's year.
		if year > 0 && f.Year != year && (res.Report.Catalog == nil || res.Report.Catalog.Year != year) {
			continue
		}
		out = append(out, res.Report)
	}
	return out, nil
}

func printFilmReport(env *environment, rep *aggregate.FilmReport) {
	w := env.stdout
	head := rep.Title
	if rep.Year > 0 {
		head = fmt.Sprintf("%s (%d)", head, rep.Year)
	}
	fmt.Fprintln(w, head)
	fmt.Fprintln(w, strings.Repeat("=", len([]rune(head))))
	if rep.Director != "" {
		fmt.Fprintf(w, "Directed by %s\n", rep.Director)
	}
	if rep.Catalog != nil {
		fmt.Fprintf(w, "Catalogue: %s %s", rep.Catalog.Source, rep.Catalog.ID)
		if rep.RuntimeMinutes > 0 {
			fmt.Fprintf(w, ", %d minutes", rep.RuntimeMinutes)
		}
		if len(rep.FactSources) > 0 {
			facts := make([]string, 0, len(rep.FactSources))
			for f := range rep.FactSources {
				facts = append(facts, strings.ReplaceAll(f, "_", " "))
			}
			sort.Strings(facts)
			fmt.Fprintf(w, " (%s from the catalogue)", strings.Join(facts, ", "))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "%d review(s), %d with the critic's own rating", rep.Reviews, rep.Rated)
	if rep.MeanRating != nil {
		fmt.Fprintf(w, ", mean rating %.0f/100", *rep.MeanRating)
	}
	fmt.Fprintln(w)
	if rep.Score != nil {
		fmt.Fprintf(w, "Score %.0f/100 (%s), 95%% interval %.0f-%.0f, from %d own rating(s) and %d inferred\n",
			*rep.Score, rep.Verdict, rep.ScoreInterval[0], rep.ScoreInterval[1], rep.ScoreBasis.OwnRating, rep.ScoreBasis.Inferred)
		share := 0.0
		if rep.PositiveShare != nil {
			share = *rep.PositiveShare
		}
		fmt.Fprintf(w, "%d positive, %d mixed, %d negative (%.0f%% positive)\n",
			rep.Counts.Positive, rep.Counts.Mixed, rep.Counts.Negative, 100*share)
	} else {
		fmt.Fprintln(w, "No score: no review has a rating or a score Marquee could infer")
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCRITIC\tPUBLISHED\tRATING\tSCORE\tVERDICT")
	for _, r := range rep.ReviewList {
		critic := joinNonEmpty(", ", r.Author, r.Publication)
		if critic == "" {
			critic = r.Source
		}
		published, raw, score, verdict := "-", "-", "-", "-"
		if r.Published != nil {
			published = *r.Published
		}
		if r.Rating != nil {
			raw = r.Rating.Raw
		}
		if r.Score != nil {
			score = fmt.Sprintf("%.0f", *r.Score)
			if r.ScoreBasis == aggregate.BasisInferred {
				score += " (inferred)"
			}
			verdict = r.Verdict
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", r.ID, critic, published, raw, score, verdict)
	}
	tw.Flush()
	if len(rep.Consensus) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "What critics say")
		for _, c := range rep.Consensus {
			fmt.Fprintf(w, "  %s [review %d]\n", c.Text, c.ReviewID)
		}
	}
	if len(rep.Quotes) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Quotes")
		for _, q := range rep.Quotes {
			who := joinNonEmpty(", ", q.Author, q.Publication)
			if who == "" {
				who = fmt.Sprintf("review %d", q.ReviewID)
			}
			fmt.Fprintf(w, "  “%s” — %s\n", q.Text, who)
		}
	}
	if len(rep.Aspects) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Aspects")
		names := make([]string, 0, len(rep.Aspects))
		for name := range rep.Aspects {
			names = append(names, name)
		}
		sort.Strings(names)
		tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, name := range names {
			a := rep.Aspects[name]
			fmt.Fprintf(tw, "  %s\t%s\t%+.2f\t%d review(s)\n", name, a.Label, a.Polarity, a.Reviews)
		}
		tw.Flush()
	}
	if len(rep.ComparedTo) > 0 {
		fmt.Fprintln(w)
		var parts []string
		for _, m := range rep.ComparedTo {
			parts = append(parts, fmt.Sprintf("%s (%d)", m.Title, m.Reviews))
		}
		fmt.Fprintf(w, "Compared to: %s\n", strings.Join(parts, ", "))
	}
	if len(rep.Credits) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Credits found")
		tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, c := range rep.Credits {
			what := c.Character
			if c.Role != "actor" {
				what = "(" + c.Role + ")"
			}
			person := c.Person
			if others := otherSpellings(c.Person, c.PersonVariants); others != "" {
				person += " (also " + others + ")"
			}
			also := ""
			if len(c.CatalogSources) > 0 {
				also = " and the catalogue"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%d review(s)%s\n", person, what, len(c.Sources), also)
		}
		tw.Flush()
	}
	if len(rep.Conflicts) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Reviews disagree")
		for _, c := range rep.Conflicts {
			values := make([]string, len(c.Values))
			for i, v := range c.Values {
				values[i] = v
				if len(c.ValueCatalogSources[v]) > 0 {
					values[i] += " (catalogue)"
				}
			}
			fmt.Fprintf(w, "  %s: %s: %s\n", c.Kind, c.Subject, strings.Join(values, " / "))
		}
	}
	fmt.Fprintln(w)
}

// otherSpellings lists the variants other than the shown one.
func otherSpellings(shown string, variants []string) string {
	var others []string
	for _, v := range variants {
		if v != shown {
			others = append(others, v)
		}
	}
	return strings.Join(others, ", ")
}

func writeJSONLine(env *environment, v any) error {
	enc := jsonEncoder(env)
	return enc.Encode(v)
}
