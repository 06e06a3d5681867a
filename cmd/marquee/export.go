package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/marquee-film/marquee/internal/review"
	"github.com/marquee-film/marquee/internal/store"
)

func init() {
	register(&command{
		name:    "export",
		summary: "write every stored review as JSON Lines (what import reads back)",
		run:     runExport,
	})
}

// exportRecord is one line of an export: the review's public JSON plus its
// body sentences, which the public JSON leaves out but a copy must keep.
// The review is the record: import stores it as it is, without extracting
// or scoring again.
type exportRecord struct {
	*review.Review
	Body []string `json:"body"`
}

func runExport(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "export", "[FILE|-]")
	db := dbFlag(fs)
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 1 {
		return fmt.Errorf("%w: one output file at most, got %q", errUsage, rest)
	}
	out := "-"
	if len(rest) == 1 {
		out = rest[0]
	}
	dsn := resolveDSN(env, *db)
	if err := requireExisting(dsn); err != nil {
		return err
	}
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	n, err := exportTo(ctx, env, st, out)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stderr, "export: %d reviews written to %s\n", n, displayName(out))
	return nil
}

// exportTo writes st's reviews to path ("-": standard output). A file is
// written under a temporary name and renamed when complete, so an export
// that fails or is interrupted never leaves a truncated file that looks
// like a whole one.
func exportTo(ctx context.Context, env *environment, st store.Store, path string) (int, error) {
	if path == "-" {
		w := bufio.NewWriterSize(env.stdout, 1<<20)
		n, err := writeExport(ctx, st, w)
		if ferr := w.Flush(); err == nil && ferr != nil {
			err = fmt.Errorf("write export: %w", ferr)
		}
		return n, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".partial-*")
	if err != nil {
		return 0, fmt.Errorf("create export file: %w", err)
	}
	committed := false
	defer func() {
		if !committed {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	w := bufio.NewWriterSize(tmp, 1<<20)
	n, err := writeExport(ctx, st, w)
	if err != nil {
		return n, err
	}
	if err := w.Flush(); err != nil {
		return n, fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return n, fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return n, fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return n, fmt.Errorf("write %s: %w", path, err)
	}
	committed = true
	return n, nil
}

// writeExport streams st's reviews to w as JSON Lines, in ID order.
func writeExport(ctx context.Context, st store.Store, w io.Writer) (int, error) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	n := 0
	err := st.Export(ctx, func(r *review.Review) error {
		if err := enc.Encode(exportRecord{Review: r, Body: r.Body}); err != nil {
			return fmt.Errorf("review %d: %w", r.ID, err)
		}
		n++
		return nil
	})
	if err != nil {
		return n, err
	}
	return n, nil
}

func displayName(path string) string {
	if path == "-" {
		return "standard output"
	}
	return path
}
