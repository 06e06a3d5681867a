package aggregate

import (
	"strings"

	"github.com/marquee-film/marquee/internal/resolve"
	"github.com/marquee-film/marquee/internal/review"
)

// Catalogue is what a film catalogue (IMDb, TMDB) says about the film a
// report is built for.
type Catalogue struct {
	Source string // "imdb", "tmdb"
	// ID is the catalogue's own id for the film: "tt0000001", "19995".
	ID             string
	Title          string
	Year           int
	RuntimeMinutes int
	Directors      []string
	Genres         []string
	// Credits are the catalogue's cast and crew, in its order.
	Credits []CatalogueCredit
}

// CatalogueCredit is one credit of a catalogue's cast or crew list. Role
// is "actor" (or "actress", "self", empty) for the cast, else the crew
// role as reviews name it: director, writer, cinematographer, …
type CatalogueCredit struct {
	Person    string
	Character string
	Role      string
}

// Label names the catalogue as a source: "catalog:imdb:tt0000001".
func (c *Catalogue) Label() string {
	return "catalog:" + c.Source + ":" + c.ID
}

// CatalogRef is the catalogue title a report's film is linked to.
type CatalogRef struct {
	Source         string   `json:"source"`
	ID             string   `json:"id"`
	Title          string   `json:"title"`
	Year           int      `json:"year,omitempty"`
	RuntimeMinutes int      `json:"runtime_minutes,omitempty"`
	Directors      []string `json:"directors,omitempty"`
	Genres         []string `json:"genres,omitempty"`
}

// catalogueSource stands for the catalogue among the review IDs that
// resolve's clusters and conflicts carry; stored reviews have positive IDs.
const catalogueSource int64 = -1

// splitSources takes the catalogue out of a list of sources, saying
// whether it was there. Without a catalogue (active false) every ID is a
// review's.
func splitSources(ids []int64, active bool) ([]int64, bool) {
	if !active {
		return ids, false
	}
	var out []int64
	found := false
	for _, id := range ids {
		if id == catalogueSource {
			found = true
			continue
		}
		out = append(out, id)
	}
	return out, found
}

// filmConflictFrom turns a resolve conflict into the report's, naming the
// catalogue where it states a value. A conflict only the catalogue has
// (an actor it credits twice) is not the reviews' disagreement: ok is
// false.
func filmConflictFrom(c resolve.Conflict, cat *Catalogue) (FilmConflict, bool) {
	fc := filmConflict(c)
	if cat == nil {
		return fc, true
	}
	sources, fromCatalogue := splitSources(c.Sources, true)
	if !fromCatalogue {
		return fc, true
	}
	if len(sources) == 0 {
		return FilmConflict{}, false
	}
	label := cat.Label()
	fc.Sources = nonNil(sources)
	fc.CatalogSources = []string{label}
	fc.ValueSources = make(map[string][]int64, len(c.ValueSources))
	fc.ValueCatalogSources = map[string][]string{}
	for v, ids := range c.ValueSources {
		reviews, has := splitSources(ids, true)
		fc.ValueSources[v] = nonNil(reviews)
		if has {
			fc.ValueCatalogSources[v] = []string{label}
		}
	}
	return fc, true
}

// applyCatalogue names the catalogue title in the report and fills in the
// facts no review states.
func applyCatalogue(rep *FilmReport, reviews []*review.Review, cat *Catalogue) {
	rep.Catalog = &CatalogRef{
		Source: cat.Source, ID: cat.ID, Title: cat.Title, Year: cat.Year,
		RuntimeMinutes: cat.RuntimeMinutes, Directors: cat.Directors, Genres: cat.Genres,
	}
	statesYear, statesDirector, statesRuntime := false, false, false
	for _, r := range reviews {
		statesYear = statesYear || r.Film.Year > 0
		statesDirector = statesDirector || (r.Director != nil && strings.TrimSpace(*r.Director) != "")
		statesRuntime = statesRuntime || (r.RuntimeMinutes != nil && *r.RuntimeMinutes > 0)
	}
	facts := map[string]string{}
	if rep.Year == 0 && !statesYear && cat.Year > 0 {
		rep.Year = cat.Year
		facts["year"] = cat.Label()
	}
	if rep.Director == "" && !statesDirector && len(cat.Directors) > 0 {
		rep.Director = strings.Join(cat.Directors, ", ")
		facts["director"] = cat.Label()
	}
	if !statesRuntime && cat.RuntimeMinutes > 0 {
		rep.RuntimeMinutes = cat.RuntimeMinutes
		facts["runtime_minutes"] = cat.Label()
	}
	if len(facts) > 0 {
		rep.FactSources = facts
	}
}
