package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/marquee-film/marquee/internal/resolve"
)

// Catalogue sources.
const (
	SourceIMDb = "imdb"
	SourceTMDB = "tmdb"
)

// CatalogSources are the catalogues a film can be linked to, in the order a
// report prefers them: IMDb ids are the ones reviews and other tools cite.
var CatalogSources = []string{SourceIMDb, SourceTMDB}

// Catalog is implemented by backends that hold a film catalogue (IMDb's
// datasets, TMDB's CSV) beside the reviews and link films to it. A film
// is linked to at most one title per source; see MatchCatalog for when.
// Films are linked when they are created or change (AddReviews) and again
// for every film by LinkCatalog, which an import calls when it is done.
//
// Imports are idempotent: titles, people and credits are keyed by their
// catalogue ids, and a second import of the same files replaces what the
// first stored.
type Catalog interface {
	// PutCatalogTitles inserts or replaces titles, in one transaction.
	// A replaced title keeps its credits and, when the new record names
	// none, its directors.
	PutCatalogTitles(ctx context.Context, titles []CatalogTitle) error
	// PutCatalogCredits replaces the credits of each title in the batch
	// (or, with Append, adds to them), in one transaction. Credits of a
	// title that is not stored are skipped.
	PutCatalogCredits(ctx context.Context, credits []CatalogTitleCredits) error
	// PutCatalogPeople inserts or renames people, in one transaction.
	PutCatalogPeople(ctx context.Context, people []CatalogPerson) error
	// LinkCatalog sets the directors of source's titles from their
	// director credits (where the credits name any), then links every
	// film to source's titles afresh.
	LinkCatalog(ctx context.Context, source string) (LinkSummary, error)
	// CatalogCandidates returns the titles whose title or original title
	// normalises (NormalizeTitle) to the same key as title's, by source
	// and year.
	CatalogCandidates(ctx context.Context, title string) ([]CatalogTitle, error)
	// FilmCatalog returns the titles a film is linked to, in
	// CatalogSources order; none when it is linked to none.
	FilmCatalog(ctx context.Context, filmID int64) ([]CatalogTitle, error)
	// CatalogCredits returns a title's credits in their order, with the
	// people's names (empty when the person was not imported).
	CatalogCredits(ctx context.Context, titleID string) ([]CatalogCredit, error)
	// CatalogCounts counts what the catalogue holds.
	CatalogCounts(ctx context.Context) (CatalogCounts, error)
}

// CatalogTitle is one title of a catalogue.
type CatalogTitle struct {
	// ID is the catalogue-qualified id, "imdb:tt0000001" or "tmdb:19995".
	ID     string `json:"id"`
	Source string `json:"source"` // SourceIMDb or SourceTMDB
	// Type is IMDb's titleType (movie, tvMovie, short, video); TMDB
	// titles are movies.
	Type           string   `json:"type"`
	Title          string   `json:"title"`
	OriginalTitle  string   `json:"original_title,omitempty"`
	Year           int      `json:"year,omitempty"`
	RuntimeMinutes int      `json:"runtime_minutes,omitempty"`
	Directors      []string `json:"directors,omitempty"`
	Genres         []string `json:"genres,omitempty"`
}

// CheckCatalogTitle rejects a record no catalogue writes, which would be
// stored under a key nothing looks up: an id not qualified by its source,
// or no title.
func CheckCatalogTitle(t CatalogTitle) error {
	if t.Source == "" || !strings.HasPrefix(t.ID, t.Source+":") || len(t.ID) == len(t.Source)+1 {
		return fmt.Errorf("title id %q is not qualified by its source %q", t.ID, t.Source)
	}
	if strings.TrimSpace(t.Title) == "" {
		return fmt.Errorf("title %s has no title", t.ID)
	}
	return nil
}

// LocalID is the id without its source, as the catalogue writes it:
// "tt0000001", "19995".
func (t CatalogTitle) LocalID() string {
	_, id, ok := strings.Cut(t.ID, ":")
	if !ok {
		return t.ID
	}
	return id
}

// CatalogCredit is one person's credit on a title.
type CatalogCredit struct {
	// Ordering is the credit's place in the catalogue's list; it is
	// unique within a title.
	Ordering int    `json:"ordering"`
	PersonID string `json:"person_id"` // "imdb:nm0000001", "tmdb:65731"
	// Person is the person's name, filled in when reading.
	Person string `json:"person,omitempty"`
	// Category is the kind of credit: actor, actress, self, director,
	// writer, cinematographer, composer, editor, producer, …
	Category  string `json:"category"`
	Job       string `json:"job,omitempty"`
	Character string `json:"character,omitempty"`
}

// CatalogTitleCredits are credits of one title for PutCatalogCredits.
type CatalogTitleCredits struct {
	TitleID string
	Credits []CatalogCredit
	// Append adds the credits to those stored (a credit with a stored
	// Ordering replaces it) instead of replacing them all: for a title
	// whose credits arrive in pieces.
	Append bool
}

// CatalogPerson is a person of a catalogue.
type CatalogPerson struct {
	ID   string `json:"id"` // "imdb:nm0000001", "tmdb:65731"
	Name string `json:"name"`
}

// CatalogCounts counts the rows of a catalogue.
type CatalogCounts struct {
	Titles  int `json:"titles"`
	Credits int `json:"credits"`
	People  int `json:"people"`
	// Links counts film-to-title links, over all sources.
	Links int `json:"links"`
}

// LinkSummary says what LinkCatalog did.
type LinkSummary struct {
	// Candidates counts the films with at least one title of the
	// source under their normalised title.
	Candidates int `json:"candidates"`
	Linked     int `json:"linked"`
	// Ambiguous lists the films more than one title matches, which are
	// left unlinked.
	Ambiguous []AmbiguousFilm `json:"ambiguous"`
}

// AmbiguousFilm is a film that matches several titles equally well.
type AmbiguousFilm struct {
	FilmID int64  `json:"film_id"`
	Title  string `json:"title"`
	Year   int    `json:"year,omitempty"`
	// Candidates are the matching titles' ids, sorted.
	Candidates []string `json:"candidates"`
}

// CatalogFilm is what MatchCatalog knows of a film.
type CatalogFilm struct {
	Year int // 0 when no review states it
	// Directors are the directors its reviews state, every spelling.
	Directors []string
}

// CatalogMatch is MatchCatalog's verdict for one source.
type CatalogMatch struct {
	// TitleID is the title the film is linked to, empty when none.
	TitleID string
	// Ambiguous lists the titles that match equally well when more
	// than one does (and TitleID is empty).
	Ambiguous []string
}

// MatchCatalog decides which of cands — titles of one source whose title
// normalises like the film's — is the film. A title matches when:
//
//   - its year is within one of the film's (festival and release years
//     differ), or, when no review states a year, its director is one the
//     reviews name: a title alone is too weak (remakes, shorts of the same
//     name), title and director are not;
//   - its directors, when both sides know them, include one the reviews
//     name (by resolve.SamePerson, so "Baker" matches "Sean Baker").
//
// Of several matches, those whose director is confirmed win over those
// whose director is unknown, then the exact year over the year next to
// it, then feature films (type "movie") over shorts, videos and TV films.
// When more than one is left, the film is ambiguous and stays unlinked:
// two titles of one name and year are told apart only by a director.
func MatchCatalog(f CatalogFilm, cands []CatalogTitle) CatalogMatch {
	var confirmed, unknown []CatalogTitle
	for _, c := range cands {
		if f.Year > 0 && (c.Year <= 0 || c.Year < f.Year-1 || c.Year > f.Year+1) {
			continue
		}
		switch directorAgrees(f.Directors, c.Directors) {
		case agreeYes:
			confirmed = append(confirmed, c)
		case agreeUnknown:
			unknown = append(unknown, c)
		}
	}
	left := confirmed
	if len(left) == 0 && f.Year > 0 {
		left = unknown
	}
	if len(left) > 1 && f.Year > 0 {
		left = preferIf(left, func(c CatalogTitle) bool { return c.Year == f.Year })
	}
	if len(left) > 1 {
		left = preferIf(left, func(c CatalogTitle) bool { return c.Type == "movie" })
	}
	switch len(left) {
	case 0:
		return CatalogMatch{}
	case 1:
		return CatalogMatch{TitleID: left[0].ID}
	}
	ids := make([]string, len(left))
	for i, c := range left {
		ids[i] = c.ID
	}
	slices.Sort(ids)
	return CatalogMatch{Ambiguous: slices.Compact(ids)}
}

type agreement int

const (
	agreeUnknown agreement = iota
	agreeYes
	agreeNo
)

func directorAgrees(film, title []string) agreement {
	if len(film) == 0 || len(title) == 0 {
		return agreeUnknown
	}
	for _, a := range film {
		for _, b := range title {
			if resolve.SamePerson(a, b) {
				return agreeYes
			}
		}
	}
	return agreeNo
}

// preferIf keeps the titles that satisfy ok, or all of them when none does.
func preferIf(ts []CatalogTitle, ok func(CatalogTitle) bool) []CatalogTitle {
	var kept []CatalogTitle
	for _, t := range ts {
		if ok(t) {
			kept = append(kept, t)
		}
	}
	if len(kept) == 0 {
		return ts
	}
	return kept
}

// CatalogKeys are the keys a title is found under: its title and original
// title, normalised, without repeats or empties.
func CatalogKeys(t CatalogTitle) []string {
	var keys []string
	for _, s := range []string{t.Title, t.OriginalTitle} {
		if k := NormalizeTitle(s); k != "" && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return keys
}

// SortCatalogTitles orders a film's linked titles as FilmCatalog returns
// them: by CatalogSources, then id.
func SortCatalogTitles(ts []CatalogTitle) {
	rank := func(s string) int {
		if i := slices.Index(CatalogSources, s); i >= 0 {
			return i
		}
		return len(CatalogSources)
	}
	slices.SortFunc(ts, func(a, b CatalogTitle) int {
		if ra, rb := rank(a.Source), rank(b.Source); ra != rb {
			return ra - rb
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// LinkFilm is a film as a backend reads it for PlanLinks.
type LinkFilm struct {
	ID    int64
	Norm  string // its normalised title, the key of its candidates
	Title string
	Year  int
	// Directors are the directors its reviews state.
	Directors []string
}

// FilmLink links a film to a catalogue title.
type FilmLink struct {
	FilmID  int64
	Source  string
	TitleID string
}

// PlanLinks matches each film against the candidates under its normalised
// title (byNorm), separately for each source the candidates come from,
// and returns the links to store and the films left ambiguous. Both
// backends link through it, so they link alike.
func PlanLinks(films []LinkFilm, byNorm map[string][]CatalogTitle) ([]FilmLink, []AmbiguousFilm) {
	var links []FilmLink
	var ambiguous []AmbiguousFilm
	for _, f := range films {
		cands := byNorm[f.Norm]
		if len(cands) == 0 {
			continue
		}
		bySource := map[string][]CatalogTitle{}
		var sources []string
		for _, c := range cands {
			if _, ok := bySource[c.Source]; !ok {
				sources = append(sources, c.Source)
			}
			bySource[c.Source] = append(bySource[c.Source], c)
		}
		slices.Sort(sources)
		for _, s := range sources {
			m := MatchCatalog(CatalogFilm{Year: f.Year, Directors: f.Directors}, bySource[s])
			switch {
			case m.TitleID != "":
				links = append(links, FilmLink{FilmID: f.ID, Source: s, TitleID: m.TitleID})
			case len(m.Ambiguous) > 0:
				ambiguous = append(ambiguous, AmbiguousFilm{FilmID: f.ID, Title: f.Title, Year: f.Year, Candidates: m.Ambiguous})
			}
		}
	}
	return links, ambiguous
}
