package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"strings"

	"github.com/marquee-film/marquee/internal/ingest"
	"github.com/marquee-film/marquee/internal/review"
)

func init() {
	register(&command{
		name:    "analyze",
		summary: "extract what reviews state, without storing them",
		run:     runAnalyze,
	})
}

func runAnalyze(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "analyze", "FILE|DIR|- ...")
	asJSON := fs.Bool("json", false, "print JSON Lines, one object per review")
	parallel := fs.Int("parallel", runtime.GOMAXPROCS(0), "documents processed at once (the output order is the input order)")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		fs.Usage()
		return fmt.Errorf("%w: no input given", errUsage)
	}
	var skipped int
	var encoded bytes.Buffer
	enc := json.NewEncoder(&encoded)
	enc.SetEscapeHTML(false)
	// Documents are processed on every core and printed in input order.
	err = processInputs(ctx, env, paths, false, *parallel, 256,
		func(it ingest.Item, p processed) error {
			if it.Skip != nil {
				skipped++
				fmt.Fprintf(env.stderr, "skip %s: %s\n", displayLine(it.Skip.Source), displayLine(it.Skip.Reason))
				return nil
			}
			if p.err != nil {
				skipped++
				fmt.Fprintf(env.stderr, "skip %s: %s\n", displayLine(it.Doc.Source), displayLine(p.err.Error()))
				return nil
			}
			if *asJSON {
				encoded.Reset()
				if err := enc.Encode(p.review); err != nil {
					return err
				}
				_, err := env.stdout.Write(displayJSON(encoded.Bytes()))
				return err
			}
			printReviewSummary(env.stdout, p.review)
			return nil
		})
	if err != nil {
		return err
	}
	if skipped > 0 && !*asJSON {
		fmt.Fprintf(env.stderr, "%d input(s) skipped\n", skipped)
	}
	return nil
}

// printReviewSummary writes the human-readable form of one review. Every
// field comes from outside, so the whole text goes through displayText.
func printReviewSummary(out io.Writer, r *review.Review) {
	var w strings.Builder
	defer func() { io.WriteString(out, displayText(w.String())) }()
	title := r.Film.Title
	if title == "" {
		title = "(film unknown)"
	}
	if r.Film.Year > 0 {
		title = fmt.Sprintf("%s (%d)", title, r.Film.Year)
	}
	fmt.Fprintf(&w, "%s\n", r.Source)
	fmt.Fprintf(&w, "  film:      %s\n", title)
	if r.Director != nil {
		fmt.Fprintf(&w, "  director:  %s\n", *r.Director)
	}
	if r.Headline != "" {
		fmt.Fprintf(&w, "  headline:  %s\n", r.Headline)
	}
	if r.Author != "" || r.Publication != "" {
		fmt.Fprintf(&w, "  critic:    %s\n", joinNonEmpty(", ", r.Author, r.Publication))
	}
	if r.Published != nil {
		fmt.Fprintf(&w, "  published: %s\n", *r.Published)
	}
	if r.Rating != nil {
		fmt.Fprintf(&w, "  rating:    %s = %g/%g → %.0f/100\n", r.Rating.Raw, r.Rating.Value, r.Rating.Max, r.Rating.Score)
	} else {
		fmt.Fprintf(&w, "  rating:    none stated\n")
	}
	if r.SpoilerWarning != nil {
		fmt.Fprintf(&w, "  spoilers:  %s\n", *r.SpoilerWarning)
	}
	if r.RuntimeMinutes != nil {
		fmt.Fprintf(&w, "  runtime:   %d min\n", *r.RuntimeMinutes)
	}
	for _, c := range r.Credits {
		if c.Role == "actor" {
			fmt.Fprintf(&w, "  cast:      %s as %s\n", c.Person, c.Character)
		} else {
			fmt.Fprintf(&w, "  crew:      %s (%s)\n", c.Person, c.Role)
		}
	}
	for _, d := range r.ReleaseDates {
		fmt.Fprintf(&w, "  release:   %s %s\n", d.Date, d.Region)
	}
	if len(r.Awards) > 0 {
		fmt.Fprintf(&w, "  awards:    %s\n", strings.Join(r.Awards, "; "))
	}
	if len(r.MentionedFilms) > 0 {
		fmt.Fprintf(&w, "  compares:  %s\n", strings.Join(r.MentionedFilms, "; "))
	}
	lang := r.Language
	if lang == "" {
		lang = "unknown"
	}
	scorable := ""
	if !r.Scorable {
		scorable = ", not scorable"
	}
	fmt.Fprintf(&w, "  text:      %d sentences, %d words, language %s%s\n\n", r.Sentences, r.Words, lang, scorable)
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
