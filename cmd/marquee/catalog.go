package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/marquee-film/marquee/internal/catalog"
	"github.com/marquee-film/marquee/internal/store"
)

func init() {
	register(&command{
		name:    "catalog",
		summary: "import a film catalogue (IMDb datasets, TMDB 5000 CSV) and link films to it",
		run:     runCatalog,
	})
}

// Batch sizes of a catalogue import: each batch is one transaction.
const (
	catalogTitleBatch  = 5000
	catalogCreditBatch = 20000
	catalogPeopleBatch = 10000
)

// The IMDb files an import reads, by their names less .tsv(.gz).
const (
	imdbTitlesName     = "title.basics"
	imdbPrincipalsName = "title.principals"
	imdbNamesName      = "name.basics"
)

// tmdbCreditsNames are where the TMDB 5000 credits CSV may sit beside the
// movies CSV.
var tmdbCreditsNames = []string{"tmdb_5000_credits.csv", "tmdb_5000_credits.csv.gz"}

// listFlag collects a repeatable, comma-separable flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

func runCatalog(ctx context.Context, env *environment, args []string) error {
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprintln(env.stderr, "usage: marquee catalog import [flags] (see marquee catalog import -h)")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			return nil
		}
		return fmt.Errorf("%w: want the subcommand import", errUsage)
	}
	fs := newFlagSet(env, "catalog import", "")
	db := dbFlag(fs)
	var imdb listFlag
	fs.Var(&imdb, "imdb", "IMDb dataset directory or files (title.basics, title.principals, name.basics .tsv.gz); repeatable or comma-separated")
	tmdb := fs.String("tmdb", "", "TMDB 5000 movies CSV (tmdb_5000_movies.csv, gzipped or not); a credits CSV beside it is read too")
	tmdbCredits := fs.String("tmdb-credits", "", "TMDB 5000 credits CSV, when not beside the movies CSV")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	rest, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, rest)
	}
	if len(imdb) == 0 && *tmdb == "" {
		fs.Usage()
		return fmt.Errorf("%w: give --imdb or --tmdb", errUsage)
	}
	var files imdbFiles
	if len(imdb) > 0 {
		if files, err = findIMDbFiles(imdb); err != nil {
			return err
		}
	}
	creditsPath := *tmdbCredits
	if *tmdb != "" && creditsPath == "" {
		creditsPath = besideFile(*tmdb, tmdbCreditsNames)
	}

	st, err := openStore(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	cat, ok := st.(store.Catalog)
	if !ok {
		return fmt.Errorf("this database (%T) cannot hold a catalogue", st)
	}
	var sums []catalogSummary
	if len(imdb) > 0 {
		sum, err := importIMDb(ctx, cat, files)
		if err != nil {
			return err
		}
		sums = append(sums, sum)
	}
	if *tmdb != "" {
		sum, err := importTMDB(ctx, cat, *tmdb, creditsPath)
		if err != nil {
			return err
		}
		sums = append(sums, sum)
	}
	if *asJSON {
		return writeJSON(env, sums)
	}
	for _, s := range sums {
		printCatalogSummary(env, s)
	}
	return nil
}

// catalogSummary is what one source's import did.
type catalogSummary struct {
	Source string   `json:"source"`
	Files  []string `json:"files"`
	// Titles counts the titles stored; Skipped the rows of other title
	// types, of adult titles, and of credits of titles not stored; Bad
	// the malformed rows of every file.
	Titles  int `json:"titles"`
	Skipped int `json:"skipped"`
	Bad     int `json:"bad_rows"`
	Credits int `json:"credits"`
	People  int `json:"people"`
	// Link is what linking the database's films to the source did.
	Link    store.LinkSummary `json:"link"`
	Seconds float64           `json:"seconds"`
}

func printCatalogSummary(env *environment, s catalogSummary) {
	w := env.stdout
	fmt.Fprintf(w, "catalog %s: %d titles, %d credits, %d people stored in %.1fs (%d rows skipped, %d bad)\n",
		s.Source, s.Titles, s.Credits, s.People, s.Seconds, s.Skipped, s.Bad)
	fmt.Fprintf(w, "  films linked: %d of %d with a title of that name; %d ambiguous\n",
		s.Link.Linked, s.Link.Candidates, len(s.Link.Ambiguous))
	for _, a := range s.Link.Ambiguous {
		head := a.Title
		if a.Year > 0 {
			head = fmt.Sprintf("%s (%d)", head, a.Year)
		}
		fmt.Fprintf(w, "  ambiguous: film %d %s: %s\n", a.FilmID, head, strings.Join(a.Candidates, ", "))
	}
}

// imdbFiles are the IMDb dataset files of an import.
type imdbFiles struct {
	titles, principals, names string
}

// findIMDbFiles sorts the paths given to --imdb — directories holding the
// files, or the files themselves — into the three datasets.
func findIMDbFiles(paths []string) (imdbFiles, error) {
	var f imdbFiles
	set := func(slot *string, path string) error {
		if *slot != "" && *slot != path {
			return fmt.Errorf("%w: two %s files: %s and %s", errUsage, datasetName(path), *slot, path)
		}
		*slot = path
		return nil
	}
	place := func(path string) error {
		switch datasetName(path) {
		case imdbTitlesName:
			return set(&f.titles, path)
		case imdbPrincipalsName:
			return set(&f.principals, path)
		case imdbNamesName:
			return set(&f.names, path)
		}
		return fmt.Errorf("%w: %s is not an IMDb dataset Marquee reads (%s, %s or %s, .tsv or .tsv.gz)",
			errUsage, path, imdbTitlesName, imdbPrincipalsName, imdbNamesName)
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return f, fmt.Errorf("--imdb: %w", err)
		}
		if !info.IsDir() {
			if err := place(p); err != nil {
				return f, err
			}
			continue
		}
		found := false
		for _, name := range []string{imdbTitlesName, imdbPrincipalsName, imdbNamesName} {
			if path := besideFile(filepath.Join(p, "x"), []string{name + ".tsv.gz", name + ".tsv"}); path != "" {
				found = true
				if err := place(path); err != nil {
					return f, err
				}
			}
		}
		if !found {
			return f, fmt.Errorf("--imdb: %s holds none of %s, %s, %s (.tsv.gz)", p, imdbTitlesName, imdbPrincipalsName, imdbNamesName)
		}
	}
	switch {
	case f.titles == "":
		return f, fmt.Errorf("%w: --imdb needs %s: the credits are kept only for the films it lists", errUsage, imdbTitlesName)
	case f.names != "" && f.principals == "":
		return f, fmt.Errorf("%w: --imdb needs %s with %s: the names kept are those of the films' credits", errUsage, imdbPrincipalsName, imdbNamesName)
	}
	return f, nil
}

// datasetName is a file's name less its .gz and .tsv extensions.
func datasetName(path string) string {
	name := strings.TrimSuffix(filepath.Base(path), ".gz")
	return strings.TrimSuffix(name, ".tsv")
}

// besideFile returns the first of names that exists in path's directory,
// or "".
func besideFile(path string, names []string) string {
	for _, n := range names {
		p := filepath.Join(filepath.Dir(path), n)
		if info, err := os.Stat(p); err == nil && !info.IsDir() {
			return p
		}
	}
	return ""
}

// idSet is a set of IMDb ids (tt…, nm…) by their number: a bit each, so
// the millions of titles and people an import keeps cost a few megabytes.
type idSet []uint64

func idNumber(id string) (int, bool) {
	if len(id) < 3 {
		return 0, false
	}
	n, err := strconv.Atoi(id[2:])
	return n, err == nil && n >= 0
}

func (s *idSet) add(id string) {
	n, ok := idNumber(id)
	if !ok {
		return
	}
	for n/64 >= len(*s) {
		*s = append(*s, make([]uint64, max(len(*s), 1024))...)
	}
	(*s)[n/64] |= 1 << (n % 64)
}

func (s idSet) has(id string) bool {
	n, ok := idNumber(id)
	return ok && n/64 < len(s) && s[n/64]&(1<<(n%64)) != 0
}

// readFile streams one file to read, closing it after.
func readFile(path string, read func(io.Reader) (catalog.Stats, error)) (catalog.Stats, error) {
	f, err := os.Open(path)
	if err != nil {
		return catalog.Stats{}, err
	}
	defer f.Close()
	st, err := read(f)
	if err != nil {
		return st, fmt.Errorf("%s: %w", path, err)
	}
	return st, nil
}

// importIMDb streams the datasets into the catalogue: film titles (not
// adult ones: critics' reviews are not about them, and their titles would
// only make real films ambiguous), the credits of those titles, and the
// names of the people credited. It then links the database's films.
func importIMDb(ctx context.Context, cat store.Catalog, files imdbFiles) (catalogSummary, error) {
	start := time.Now()
	sum := catalogSummary{Source: store.SourceIMDb, Files: []string{files.titles}}
	var kept, people idSet

	titles := make([]store.CatalogTitle, 0, catalogTitleBatch)
	flushTitles := func() error {
		if err := cat.PutCatalogTitles(ctx, titles); err != nil {
			return err
		}
		sum.Titles += len(titles)
		titles = titles[:0]
		return nil
	}
	st, err := readFile(files.titles, func(r io.Reader) (catalog.Stats, error) {
		return catalog.ReadIMDbTitles(ctx, r, catalog.Options{TitleTypes: catalog.FilmTypes}, func(t catalog.Title) error {
			if t.Adult {
				sum.Skipped++
				return nil
			}
			kept.add(t.IMDbID)
			titles = append(titles, store.CatalogTitle{
				ID: t.ID, Source: store.SourceIMDb, Type: t.Type, Title: t.Title, OriginalTitle: t.OriginalTitle,
				Year: t.Year, RuntimeMinutes: t.RuntimeMinutes, Genres: t.Genres,
			})
			if len(titles) >= catalogTitleBatch {
				return flushTitles()
			}
			return nil
		})
	})
	if err == nil {
		err = flushTitles()
	}
	if err != nil {
		return sum, fmt.Errorf("import IMDb titles: %w", err)
	}
	sum.Skipped += st.Filtered
	sum.Bad += st.Bad

	if files.principals != "" {
		sum.Files = append(sum.Files, files.principals)
		if err := importIMDbPrincipals(ctx, cat, files.principals, kept, &people, &sum); err != nil {
			return sum, fmt.Errorf("import IMDb credits: %w", err)
		}
	}
	if files.names != "" {
		sum.Files = append(sum.Files, files.names)
		batch := make([]store.CatalogPerson, 0, catalogPeopleBatch)
		flush := func() error {
			if err := cat.PutCatalogPeople(ctx, batch); err != nil {
				return err
			}
			sum.People += len(batch)
			batch = batch[:0]
			return nil
		}
		st, err := readFile(files.names, func(r io.Reader) (catalog.Stats, error) {
			return catalog.ReadIMDbNames(ctx, r, catalog.Options{}, func(p catalog.Person) error {
				if !people.has(p.ID) {
					return nil
				}
				batch = append(batch, store.CatalogPerson{ID: "imdb:" + p.ID, Name: p.Name})
				if len(batch) >= catalogPeopleBatch {
					return flush()
				}
				return nil
			})
		})
		if err == nil {
			err = flush()
		}
		if err != nil {
			return sum, fmt.Errorf("import IMDb names: %w", err)
		}
		sum.Bad += st.Bad
	}
	if sum.Link, err = cat.LinkCatalog(ctx, store.SourceIMDb); err != nil {
		return sum, fmt.Errorf("link films to IMDb: %w", err)
	}
	sum.Seconds = time.Since(start).Seconds()
	return sum, nil
}

// importIMDbPrincipals stores the credits of the kept titles. IMDb lists
// a title's principals together; a title met again later (an unsorted
// file) has its further credits appended rather than replacing the first.
func importIMDbPrincipals(ctx context.Context, cat store.Catalog, path string, kept idSet, people *idSet, sum *catalogSummary) error {
	var done idSet // titles whose credits were replaced by this import
	var batch []store.CatalogTitleCredits
	var current *store.CatalogTitleCredits
	pending := 0
	flush := func() error {
		if err := cat.PutCatalogCredits(ctx, batch); err != nil {
			return err
		}
		batch, pending = batch[:0], 0
		return nil
	}
	closeTitle := func() error {
		if current == nil {
			return nil
		}
		batch = append(batch, *current)
		pending += len(current.Credits)
		current = nil
		if pending >= catalogCreditBatch {
			return flush()
		}
		return nil
	}
	st, err := readFile(path, func(r io.Reader) (catalog.Stats, error) {
		return catalog.ReadIMDbPrincipals(ctx, r, catalog.Options{}, func(p catalog.Principal) error {
			if !kept.has(p.TitleID) {
				return nil
			}
			id := "imdb:" + p.TitleID
			if current == nil || current.TitleID != id {
				if err := closeTitle(); err != nil {
					return err
				}
				current = &store.CatalogTitleCredits{TitleID: id, Append: done.has(p.TitleID)}
				done.add(p.TitleID)
			}
			people.add(p.PersonID)
			current.Credits = append(current.Credits, store.CatalogCredit{
				Ordering: p.Ordering, PersonID: "imdb:" + p.PersonID, Category: p.Category,
				Job: p.Job, Character: strings.Join(p.Characters, " / "),
			})
			sum.Credits++
			return nil
		})
	})
	if err != nil {
		return err
	}
	if err := closeTitle(); err != nil {
		return err
	}
	if err := flush(); err != nil {
		return err
	}
	sum.Bad += st.Bad
	return nil
}

// tmdbCrewRoles maps the TMDB crew jobs a report shows to the roles
// reviews name; other jobs (hundreds of them) are not imported.
var tmdbCrewRoles = map[string]string{
	"Director":                "director",
	"Screenplay":              "writer",
	"Writer":                  "writer",
	"Director of Photography": "cinematographer",
	"Original Music Composer": "composer",
	"Music":                   "composer",
	"Editor":                  "editor",
	"Producer":                "producer",
}

// importTMDB stores the TMDB movies and, when a credits CSV is given,
// their cast and principal crew, then links the database's films.
func importTMDB(ctx context.Context, cat store.Catalog, moviesPath, creditsPath string) (catalogSummary, error) {
	start := time.Now()
	sum := catalogSummary{Source: store.SourceTMDB, Files: []string{moviesPath}}
	stored := map[int]bool{}
	titles := make([]store.CatalogTitle, 0, catalogTitleBatch)
	flushTitles := func() error {
		if err := cat.PutCatalogTitles(ctx, titles); err != nil {
			return err
		}
		sum.Titles += len(titles)
		titles = titles[:0]
		return nil
	}
	st, err := readFile(moviesPath, func(r io.Reader) (catalog.Stats, error) {
		return catalog.ReadTMDBMovies(ctx, r, catalog.Options{}, func(t catalog.Title) error {
			stored[t.TMDBID] = true
			titles = append(titles, store.CatalogTitle{
				ID: t.ID, Source: store.SourceTMDB, Type: t.Type, Title: t.Title, OriginalTitle: t.OriginalTitle,
				Year: t.Year, RuntimeMinutes: t.RuntimeMinutes, Genres: t.Genres,
			})
			if len(titles) >= catalogTitleBatch {
				return flushTitles()
			}
			return nil
		})
	})
	if err == nil {
		err = flushTitles()
	}
	if err != nil {
		return sum, fmt.Errorf("import TMDB movies: %w", err)
	}
	sum.Bad += st.Bad

	if creditsPath != "" {
		sum.Files = append(sum.Files, creditsPath)
		if err := importTMDBCredits(ctx, cat, creditsPath, stored, &sum); err != nil {
			return sum, fmt.Errorf("import TMDB credits: %w", err)
		}
	}
	if sum.Link, err = cat.LinkCatalog(ctx, store.SourceTMDB); err != nil {
		return sum, fmt.Errorf("link films to TMDB: %w", err)
	}
	sum.Seconds = time.Since(start).Seconds()
	return sum, nil
}

// importTMDBCredits stores the cast and principal crew of the movies
// stored (the credits CSV may list others), and their people.
func importTMDBCredits(ctx context.Context, cat store.Catalog, path string, stored map[int]bool, sum *catalogSummary) error {
	var credits []store.CatalogTitleCredits
	var people []store.CatalogPerson
	seen := map[int]bool{}
	pending := 0
	flush := func() error {
		// People first: a person is useful only with a name.
		if err := cat.PutCatalogPeople(ctx, people); err != nil {
			return err
		}
		if err := cat.PutCatalogCredits(ctx, credits); err != nil {
			return err
		}
		sum.People += len(people)
		credits, people, pending = credits[:0], people[:0], 0
		return nil
	}
	person := func(id int, name string) string {
		if !seen[id] {
			seen[id] = true
			people = append(people, store.CatalogPerson{ID: "tmdb:" + strconv.Itoa(id), Name: name})
		}
		return "tmdb:" + strconv.Itoa(id)
	}
	st, err := readFile(path, func(r io.Reader) (catalog.Stats, error) {
		return catalog.ReadTMDBCredits(ctx, r, catalog.Options{}, func(m catalog.MovieCredits) error {
			if !stored[m.TMDBID] {
				sum.Skipped++
				return nil
			}
			tc := store.CatalogTitleCredits{TitleID: m.TitleID}
			cast := slices.Clone(m.Cast)
			slices.SortStableFunc(cast, func(a, b catalog.CastCredit) int { return a.Order - b.Order })
			for _, c := range cast {
				tc.Credits = append(tc.Credits, store.CatalogCredit{
					Ordering: len(tc.Credits) + 1, PersonID: person(c.PersonID, c.Name), Category: "actor", Character: c.Character,
				})
			}
			for _, c := range m.Crew {
				role, ok := tmdbCrewRoles[c.Job]
				if !ok {
					continue
				}
				tc.Credits = append(tc.Credits, store.CatalogCredit{
					Ordering: len(tc.Credits) + 1, PersonID: person(c.PersonID, c.Name), Category: role, Job: c.Job,
				})
			}
			credits = append(credits, tc)
			pending += len(tc.Credits)
			sum.Credits += len(tc.Credits)
			if pending >= catalogCreditBatch {
				return flush()
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	if err := flush(); err != nil {
		return err
	}
	sum.Bad += st.Bad
	return nil
}
