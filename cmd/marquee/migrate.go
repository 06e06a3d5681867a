package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"text/tabwriter"

	"github.com/marquee-film/marquee/internal/review"
	"github.com/marquee-film/marquee/internal/store"
)

func init() {
	register(&command{
		name:    "migrate",
		summary: "copy every review from one database into another (SQLite ⇄ PostgreSQL) and verify the copy",
		run:     runMigrate,
	})
}

// migrateBatch is how many reviews go into one transaction of the copy.
const migrateBatch = 500

// sideReport is what migrate found in one database after the copy.
type sideReport struct {
	DSN      string          `json:"database"`
	Counts   store.RowCounts `json:"counts"`
	Checksum string          `json:"checksum"`
}

type migrateReport struct {
	Copied int        `json:"copied"`
	Added  int        `json:"added"`
	From   sideReport `json:"from"`
	To     sideReport `json:"to"`
	Match  bool       `json:"match"`
}

func runMigrate(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "migrate", "--from DB --to DB")
	from := fs.String("from", "", "database to copy from: a SQLite file path, sqlite://path or postgres:// URL")
	to := fs.String("to", "", "database to copy into (its tables are created when missing)")
	batch := fs.Int("batch", migrateBatch, "reviews per transaction")
	asJSON := fs.Bool("json", false, "print the verification as JSON")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(rest) > 0:
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, rest)
	case *from == "" || *to == "":
		fs.Usage()
		return fmt.Errorf("%w: give both --from and --to", errUsage)
	case *batch <= 0:
		return fmt.Errorf("%w: --batch must be positive", errUsage)
	}
	if err := requireExisting(*from); err != nil {
		return err
	}
	if same, err := sameDatabase(*from, *to); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	} else if same {
		return fmt.Errorf("%w: --from and --to name the same database", errUsage)
	}

	src, err := store.Open(ctx, *from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := store.Open(ctx, *to)
	if err != nil {
		return err
	}
	defer dst.Close()

	copied, added, err := copyReviews(ctx, src, dst, *batch)
	if err != nil {
		return fmt.Errorf("copy after %d reviews: %w", copied, err)
	}
	report := migrateReport{Copied: copied, Added: added}
	if report.From, err = describe(ctx, src, *from); err != nil {
		return fmt.Errorf("verify the source: %w", err)
	}
	if report.To, err = describe(ctx, dst, *to); err != nil {
		return fmt.Errorf("verify the destination: %w", err)
	}
	report.Match = report.From.Counts == report.To.Counts && report.From.Checksum == report.To.Checksum
	if *asJSON {
		if err := writeJSON(env, report); err != nil {
			return err
		}
	} else {
		printMigrateReport(env, report)
	}
	if !report.Match {
		return errors.New("the databases differ after the copy (is another process writing to one of them, or did the destination hold other reviews?)")
	}
	return nil
}

// requireExisting refuses a SQLite source that does not exist: opening it
// would create an empty database and "copy" nothing.
func requireExisting(dsn string) error {
	kind, path, err := store.ParseDSN(dsn)
	if err != nil {
		return fmt.Errorf("%w: --from: %v", errUsage, err)
	}
	if kind != store.SQLite {
		return nil
	}
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("source database: %w", err)
	}
	return nil
}

// sameDatabase tells whether two DSNs name one database as far as their
// text tells (the same file, or the same URL).
func sameDatabase(a, b string) (bool, error) {
	ka, ta, err := store.ParseDSN(a)
	if err != nil {
		return false, fmt.Errorf("--from: %w", err)
	}
	kb, tb, err := store.ParseDSN(b)
	if err != nil {
		return false, fmt.Errorf("--to: %w", err)
	}
	if ka != kb {
		return false, nil
	}
	if ka == store.SQLite {
		ia, errA := os.Stat(ta)
		ib, errB := os.Stat(tb)
		if errA == nil && errB == nil {
			return os.SameFile(ia, ib), nil
		}
	}
	return ta == tb, nil
}

// copyReviews streams src's reviews into dst in batches. Reviews dst
// already holds are duplicates, so re-running a copy adds nothing.
func copyReviews(ctx context.Context, src, dst store.Store, batch int) (copied, added int, err error) {
	pending := make([]*review.Review, 0, batch)
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		res, err := dst.AddReviews(ctx, pending)
		if err != nil {
			return err
		}
		for _, r := range res {
			if r.Added {
				added++
			}
		}
		copied += len(pending)
		pending = pending[:0]
		return nil
	}
	err = src.Export(ctx, func(r *review.Review) error {
		pending = append(pending, r)
		if len(pending) == batch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	return copied, added, err
}

// describe counts a database's rows and checksums its reviews.
func describe(ctx context.Context, st store.Store, dsn string) (sideReport, error) {
	out := sideReport{DSN: store.Redact(dsn)}
	if rc, ok := st.(store.RowCounter); ok {
		counts, err := rc.RowCounts(ctx)
		if err != nil {
			return out, err
		}
		out.Counts = counts
	} else {
		s, err := st.Stats(ctx)
		if err != nil {
			return out, err
		}
		out.Counts = store.RowCounts{Reviews: s.Reviews, Films: s.Films, Credits: -1}
	}
	sum, err := reviewsChecksum(ctx, st)
	if err != nil {
		return out, err
	}
	out.Checksum = sum
	return out, nil
}

// reviewsChecksum is a SHA-256 over every review, independent of the IDs
// and of the order they were stored in: each review's canonical form (its
// JSON without the ID, plus its body, which the public JSON leaves out) is
// hashed, and the digests are hashed in content hash order.
func reviewsChecksum(ctx context.Context, st store.Store) (string, error) {
	type entry struct {
		hash   string
		digest [sha256.Size]byte
	}
	var entries []entry
	err := st.Export(ctx, func(r *review.Review) error {
		c := *r
		c.ID = 0
		canonical, err := json.Marshal(struct {
			*review.Review
			Body []string `json:"body"`
		}{&c, c.Body})
		if err != nil {
			return fmt.Errorf("review %d: %w", r.ID, err)
		}
		entries = append(entries, entry{r.ContentHash, sha256.Sum256(canonical)})
		return nil
	})
	if err != nil {
		return "", err
	}
	slices.SortFunc(entries, func(a, b entry) int {
		if c := bytes.Compare([]byte(a.hash), []byte(b.hash)); c != 0 {
			return c
		}
		return bytes.Compare(a.digest[:], b.digest[:])
	})
	h := sha256.New()
	for _, e := range entries {
		fmt.Fprintf(h, "%d:%s", len(e.hash), e.hash)
		h.Write(e.digest[:])
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func printMigrateReport(env *environment, r migrateReport) {
	fmt.Fprintf(env.stdout, "copied %d reviews from %s to %s: %d new, %d already there\n\n",
		r.Copied, r.From.DSN, r.To.DSN, r.Added, r.Copied-r.Added)
	tw := tabwriter.NewWriter(env.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "\tsource\tdestination\t")
	row := func(name string, a, b int) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", name, count(a), count(b), verdict(a == b && a >= 0))
	}
	row("reviews", r.From.Counts.Reviews, r.To.Counts.Reviews)
	row("films", r.From.Counts.Films, r.To.Counts.Films)
	row("credits", r.From.Counts.Credits, r.To.Counts.Credits)
	fmt.Fprintf(tw, "checksum\t%.16s…\t%.16s…\t%s\n", r.From.Checksum, r.To.Checksum, verdict(r.From.Checksum == r.To.Checksum))
	tw.Flush()
	if r.Match {
		fmt.Fprintf(env.stdout, "\nthe copy matches (sha256 %s)\n", r.To.Checksum)
	}
}

func count(n int) string {
	if n < 0 {
		return "?"
	}
	return fmt.Sprint(n)
}

func verdict(ok bool) string {
	if ok {
		return "ok"
	}
	return "MISMATCH"
}
