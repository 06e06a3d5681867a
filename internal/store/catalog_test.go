package store

import (
	"slices"
	"testing"
)

func TestMatchCatalog(t *testing.T) {
	title := func(id string, year int, typ string, directors ...string) CatalogTitle {
		return CatalogTitle{ID: id, Source: SourceIMDb, Type: typ, Title: "X", Year: year, Directors: directors}
	}
	tests := []struct {
		name      string
		film      CatalogFilm
		cands     []CatalogTitle
		want      string
		ambiguous []string
	}{
		{name: "no candidates", film: CatalogFilm{Year: 2000}},
		{name: "same year", film: CatalogFilm{Year: 2000}, cands: []CatalogTitle{title("a", 2000, "movie")}, want: "a"},
		{name: "year before", film: CatalogFilm{Year: 2000}, cands: []CatalogTitle{title("a", 1999, "movie")}, want: "a"},
		{name: "year after", film: CatalogFilm{Year: 2000}, cands: []CatalogTitle{title("a", 2001, "movie")}, want: "a"},
		{name: "two years off", film: CatalogFilm{Year: 2000}, cands: []CatalogTitle{title("a", 2002, "movie")}},
		{name: "title without a year", film: CatalogFilm{Year: 2000}, cands: []CatalogTitle{title("a", 0, "movie")}},
		{
			name: "remake: the year decides", film: CatalogFilm{Year: 2025},
			cands: []CatalogTitle{title("old", 1987, "movie"), title("new", 2025, "movie")}, want: "new",
		},
		{
			name: "two of one year: ambiguous", film: CatalogFilm{Year: 1990},
			cands:     []CatalogTitle{title("b", 1990, "movie"), title("a", 1990, "movie")},
			ambiguous: []string{"a", "b"},
		},
		{
			name: "two of one year: the director decides", film: CatalogFilm{Year: 1990, Directors: []string{"Holt"}},
			cands: []CatalogTitle{title("a", 1990, "movie", "Odile Ferrand"), title("b", 1990, "movie", "Sunniva Holt")}, want: "b",
		},
		{
			name: "a confirmed director beats an unknown one", film: CatalogFilm{Year: 1990, Directors: []string{"Sunniva Holt"}},
			cands: []CatalogTitle{title("a", 1990, "movie"), title("b", 1991, "movie", "Sunniva Holt")}, want: "b",
		},
		{
			name: "a contradicting director vetoes", film: CatalogFilm{Year: 1990, Directors: []string{"Sunniva Holt"}},
			cands: []CatalogTitle{title("a", 1990, "movie", "Odile Ferrand")},
		},
		{
			name: "any of the reviews' directors may agree", film: CatalogFilm{Year: 1990, Directors: []string{"Harlan Mercer", "Jun Takeda-Ross"}},
			cands: []CatalogTitle{title("a", 1990, "movie", "Jun Takeda-Ross")}, want: "a",
		},
		{
			name: "the exact year beats the next", film: CatalogFilm{Year: 2000},
			cands: []CatalogTitle{title("a", 1999, "movie"), title("b", 2000, "movie")}, want: "b",
		},
		{
			name: "two years around: ambiguous", film: CatalogFilm{Year: 2000},
			cands:     []CatalogTitle{title("a", 1999, "movie"), title("b", 2001, "movie")},
			ambiguous: []string{"a", "b"},
		},
		{
			name: "a feature beats a short of the same name", film: CatalogFilm{Year: 2000},
			cands: []CatalogTitle{title("short", 2000, "short"), title("feature", 2000, "movie")}, want: "feature",
		},
		{
			name: "no year: the director is required", film: CatalogFilm{},
			cands: []CatalogTitle{title("a", 2003, "movie")},
		},
		{
			name: "no year, the director agrees", film: CatalogFilm{Directors: []string{"Wen Ashby"}},
			cands: []CatalogTitle{title("a", 2003, "movie", "Wen Ashby"), title("b", 1950, "movie", "Mara Olsen")}, want: "a",
		},
		{
			name: "no year, the director made two: the feature", film: CatalogFilm{Directors: []string{"Wen Ashby"}},
			cands: []CatalogTitle{title("a", 2013, "short", "Wen Ashby"), title("b", 2014, "movie", "Wen Ashby")}, want: "b",
		},
		{
			name: "no year, the director made two features", film: CatalogFilm{Directors: []string{"Wen Ashby"}},
			cands:     []CatalogTitle{title("a", 2013, "movie", "Wen Ashby"), title("b", 2014, "movie", "Wen Ashby")},
			ambiguous: []string{"a", "b"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := MatchCatalog(tt.film, tt.cands)
			if got.TitleID != tt.want || !slices.Equal(got.Ambiguous, tt.ambiguous) {
				t.Errorf("MatchCatalog = %+v, want %q, ambiguous %q", got, tt.want, tt.ambiguous)
			}
		})
	}
}

func TestPlanLinksPerSource(t *testing.T) {
	// One film, a candidate in each catalogue, and an ambiguous pair in a
	// third: each source is matched on its own.
	byNorm := map[string][]CatalogTitle{"northbound": {
		{ID: "imdb:tt1", Source: SourceIMDb, Type: "movie", Year: 2024},
		{ID: "tmdb:1", Source: SourceTMDB, Type: "movie", Year: 2024},
		{ID: "other:1", Source: "other", Type: "movie", Year: 2024},
		{ID: "other:2", Source: "other", Type: "movie", Year: 2024},
	}}
	films := []LinkFilm{{ID: 7, Norm: "northbound", Title: "Northbound", Year: 2024}, {ID: 8, Norm: "elsewhere", Year: 2024}}
	links, ambiguous := PlanLinks(films, byNorm)
	want := []FilmLink{{7, SourceIMDb, "imdb:tt1"}, {7, SourceTMDB, "tmdb:1"}}
	if !slices.Equal(links, want) {
		t.Errorf("links = %+v, want %+v", links, want)
	}
	if len(ambiguous) != 1 || ambiguous[0].FilmID != 7 || !slices.Equal(ambiguous[0].Candidates, []string{"other:1", "other:2"}) {
		t.Errorf("ambiguous = %+v", ambiguous)
	}
}

func TestCatalogKeys(t *testing.T) {
	tests := []struct {
		title, original string
		want            []string
	}{
		{"The Lighthouse Keeper's Daughter", "Fyrvokterens datter", []string{"lighthouse keepers daughter", "fyrvokterens datter"}},
		{"Northbound", "Northbound", []string{"northbound"}},
		{"Amélie's Café", "", []string{"amelies cafe"}},
		{"", "", nil},
	}
	for _, tt := range tests {
		if got := CatalogKeys(CatalogTitle{Title: tt.title, OriginalTitle: tt.original}); !slices.Equal(got, tt.want) {
			t.Errorf("CatalogKeys(%q, %q) = %q, want %q", tt.title, tt.original, got, tt.want)
		}
	}
}
