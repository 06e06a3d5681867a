package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/marquee-film/marquee/internal/review"
	"github.com/marquee-film/marquee/internal/store"
)

func init() {
	register(&command{
		name:    "import",
		summary: "store the reviews of an export file as they are, without analysing them again",
		run:     runImport,
	})
}

// importBatchSize is how many reviews share one transaction.
const importBatchSize = 500

// maxImportLine bounds one line of an export. A review comes from an input
// of at most ingest.MaxFileSize bytes, and its JSON holds the text about
// three times (body, sentence scores, evidence), with escaping.
const maxImportLine = 128 << 20

type importSummary struct {
	Read       int
	Added      int
	Duplicates int
}

func runImport(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "import", "FILE|-")
	db := dbFlag(fs)
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		fs.Usage()
		return fmt.Errorf("%w: give one export file, or - for standard input", errUsage)
	}
	var in io.Reader = env.stdin
	if rest[0] != "-" {
		f, err := os.Open(rest[0])
		if err != nil {
			return fmt.Errorf("open export: %w", err)
		}
		defer f.Close()
		in = f
	}
	st, err := openStore(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	sum, err := importReviews(ctx, st, in, importBatchSize)
	fmt.Fprintf(env.stderr, "import: %d read, %d added, %d duplicate\n", sum.Read, sum.Added, sum.Duplicates)
	return err
}

// importReviews reads export lines from in and stores them in batches.
// It stops at the first line it cannot use; the batches before it are
// stored, and since stored reviews come back as duplicates, importing the
// mended file again adds only the rest.
func importReviews(ctx context.Context, st store.Store, in io.Reader, batchSize int) (importSummary, error) {
	var sum importSummary
	pending := make([]*review.Review, 0, batchSize)
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		res, err := st.AddReviews(ctx, pending)
		if err != nil {
			return fmt.Errorf("store %d reviews: %w", len(pending), err)
		}
		for _, r := range res {
			if r.Added {
				sum.Added++
			} else {
				sum.Duplicates++
			}
		}
		pending = pending[:0]
		return nil
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 64<<10), maxImportLine)
	line := 0
	for sc.Scan() {
		line++
		if err := ctx.Err(); err != nil {
			return sum, errors.Join(err, flush())
		}
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		r, err := decodeExportLine(text)
		if err != nil {
			return sum, errors.Join(fmt.Errorf("line %d: %w", line, err), flush())
		}
		sum.Read++
		pending = append(pending, r)
		if len(pending) >= batchSize {
			if err := flush(); err != nil {
				return sum, fmt.Errorf("before line %d: %w", line+1, err)
			}
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("longer than %d bytes", maxImportLine)
		}
		return sum, errors.Join(fmt.Errorf("line %d: %w", line+1, err), flush())
	}
	return sum, flush()
}

// decodeExportLine turns one export line back into a review. Fields it
// does not know (from a newer Marquee) are ignored; a review without its
// content hash is refused, since de-duplication depends on it.
func decodeExportLine(text []byte) (*review.Review, error) {
	rec := exportRecord{Review: &review.Review{}}
	if err := json.Unmarshal(text, &rec); err != nil {
		return nil, fmt.Errorf("not an export line: %w", err)
	}
	r := rec.Review
	if strings.TrimSpace(r.ContentHash) == "" {
		return nil, errors.New("not an export line: no content_hash")
	}
	r.Body = rec.Body
	// The destination numbers its reviews itself.
	r.ID = 0
	return r, nil
}
