package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/marquee-film/marquee/examples"
	"github.com/marquee-film/marquee/internal/store"
)

func init() {
	register(&command{
		name:    "demo",
		summary: "ingest the bundled example reviews and print the film reports",
		run:     runDemo,
	})
}

// runDemo is the quick start's first command: it needs nothing but the
// binary, because the examples are embedded in it.
func runDemo(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "demo", "")
	db := dbFlag(fs)
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "marquee-examples-")
	if err != nil {
		return fmt.Errorf("unpack examples: %w", err)
	}
	defer os.RemoveAll(dir)
	if err := unpackExamples(dir); err != nil {
		return fmt.Errorf("unpack examples: %w", err)
	}
	dsn := resolveDSN(env, *db)
	fmt.Fprintf(env.stdout, "Ingesting the bundled examples into %s\n\n", dsn)
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	sum, err := ingestPaths(ctx, env, st, []string{dir}, ingestOptions{
		verbose: true,
		renameSource: func(src string) string {
			if rel, err := filepath.Rel(dir, src); err == nil && !strings.HasPrefix(rel, "..") {
				return filepath.ToSlash(filepath.Join("examples", rel))
			}
			return src
		},
	})
	printIngestSummary(env, sum)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.stdout)
	printed := map[int64]bool{}
	for _, f := range sum.films {
		reports, err := filmReports(ctx, st, f.title, f.year)
		if err != nil {
			return err
		}
		for i := range reports {
			if !printed[reports[i].ID] {
				printed[reports[i].ID] = true
				printFilmReport(env, &reports[i])
			}
		}
	}
	fmt.Fprintln(env.stdout, "Next: marquee films, marquee film TITLE, marquee search QUERY, marquee serve")
	return nil
}

// unpackExamples writes the embedded example reviews to dir, leaving out
// the files that describe them rather than being reviews.
func unpackExamples(dir string) error {
	return fs.WalkDir(examples.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(path))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if name := d.Name(); strings.HasSuffix(name, ".go") || strings.EqualFold(name, "README.md") {
			return nil
		}
		data, err := fs.ReadFile(examples.FS, path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
