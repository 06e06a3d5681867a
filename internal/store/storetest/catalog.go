package storetest

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/marquee-film/marquee/internal/review"
	"github.com/marquee-film/marquee/internal/store"
)

// The catalogue tests use invented titles, people and ids (tt99…, nm99…).

func runCatalog(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st store.Store, cat store.Catalog)
	}{
		{"ImportIdempotent", testCatalogImportIdempotent},
		{"Credits", testCatalogCredits},
		{"LinkAtImport", testCatalogLinkAtImport},
		{"LinkAtIngest", testCatalogLinkAtIngest},
		{"Remakes", testCatalogRemakes},
		{"DirectorsFromCredits", testCatalogDirectorsFromCredits},
		{"TwoSources", testCatalogTwoSources},
		{"HostileText", testCatalogHostileText},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := openClosed(t, open)
			cat, ok := st.(store.Catalog)
			if !ok {
				t.Fatalf("%T does not implement store.Catalog", st)
			}
			tc.fn(t, st, cat)
		})
	}
}

func imdbTitle(id, title string, year int, directors ...string) store.CatalogTitle {
	return store.CatalogTitle{
		ID: "imdb:" + id, Source: store.SourceIMDb, Type: "movie", Title: title, OriginalTitle: title,
		Year: year, RuntimeMinutes: 90 + year%30, Directors: directors, Genres: []string{"Drama"},
	}
}

func putTitles(t *testing.T, cat store.Catalog, titles ...store.CatalogTitle) {
	t.Helper()
	if err := cat.PutCatalogTitles(context.Background(), titles); err != nil {
		t.Fatalf("PutCatalogTitles: %v", err)
	}
}

func link(t *testing.T, cat store.Catalog, source string) store.LinkSummary {
	t.Helper()
	sum, err := cat.LinkCatalog(context.Background(), source)
	if err != nil {
		t.Fatalf("LinkCatalog(%s): %v", source, err)
	}
	return sum
}

func counts(t *testing.T, cat store.Catalog) store.CatalogCounts {
	t.Helper()
	c, err := cat.CatalogCounts(context.Background())
	if err != nil {
		t.Fatalf("CatalogCounts: %v", err)
	}
	return c
}

// filmLinks maps "title year" of every film to the ids of the titles it is
// linked to ("" when none).
func filmLinks(t *testing.T, st store.Store, cat store.Catalog) map[string]string {
	t.Helper()
	films, err := st.Films(context.Background(), store.FilmQuery{})
	if err != nil {
		t.Fatalf("Films: %v", err)
	}
	out := map[string]string{}
	for _, f := range films {
		linked, err := cat.FilmCatalog(context.Background(), f.ID)
		if err != nil {
			t.Fatalf("FilmCatalog(%d): %v", f.ID, err)
		}
		var ids []string
		for _, l := range linked {
			ids = append(ids, l.ID)
		}
		out[fmt.Sprintf("%s %d", f.Title, f.Year)] = fmt.Sprint(ids)
	}
	return out
}

func wantLinks(t *testing.T, got map[string]string, want map[string]string) {
	t.Helper()
	for film, ids := range want {
		if got[film] != ids {
			t.Errorf("film %q linked to %s, want %s", film, got[film], ids)
		}
	}
	for film := range got {
		if _, ok := want[film]; !ok {
			t.Errorf("unexpected film %q (linked to %s)", film, got[film])
		}
	}
}

func catalogReviews(tag string, cases ...filmCase) []*review.Review {
	rs := make([]*review.Review, len(cases))
	for i, c := range cases {
		rs[i] = filmReview(tag, i, c)
	}
	return rs
}

func testCatalogImportIdempotent(t *testing.T, st store.Store, cat store.Catalog) {
	ctx := context.Background()
	if c := counts(t, cat); c != (store.CatalogCounts{}) {
		t.Fatalf("new store's catalogue counts %+v, want zero", c)
	}
	titles := []store.CatalogTitle{
		imdbTitle("tt9940001", "The Quiet Harbour", 2001, "Mara Olsen"),
		{ID: "imdb:tt9940002", Source: store.SourceIMDb, Type: "short", Title: "Salt & Tin", OriginalTitle: "Salz und Blech", Year: 2021, RuntimeMinutes: 14},
		imdbTitle("tt9940003", "Night Ferry", 1961),
	}
	people := []store.CatalogPerson{{ID: "imdb:nm9940001", Name: "Ines Paloma"}, {ID: "imdb:nm9940002", Name: "Mara Olsen"}}
	credits := []store.CatalogTitleCredits{{TitleID: "imdb:tt9940001", Credits: []store.CatalogCredit{
		{Ordering: 1, PersonID: "imdb:nm9940001", Category: "actress", Character: "Keeper Ros"},
		{Ordering: 2, PersonID: "imdb:nm9940002", Category: "director"},
	}}}
	for round := range 2 {
		putTitles(t, cat, titles...)
		if err := cat.PutCatalogPeople(ctx, people); err != nil {
			t.Fatalf("PutCatalogPeople: %v", err)
		}
		if err := cat.PutCatalogCredits(ctx, credits); err != nil {
			t.Fatalf("PutCatalogCredits: %v", err)
		}
		if c := counts(t, cat); c != (store.CatalogCounts{Titles: 3, Credits: 2, People: 2}) {
			t.Errorf("round %d: counts %+v, want 3 titles, 2 credits, 2 people", round, c)
		}
	}
	// Found by title and by original title, spelled any way that
	// normalises alike; the record comes back whole.
	for _, q := range []string{"salt and tin", "SALT & TIN", "Salz und Blech"} {
		got, err := cat.CatalogCandidates(ctx, q)
		if err != nil {
			t.Fatalf("CatalogCandidates(%q): %v", q, err)
		}
		if len(got) != 1 || !reflect.DeepEqual(got[0], titles[1]) {
			t.Errorf("CatalogCandidates(%q) = %+v, want %+v", q, got, titles[1])
		}
	}
	got, err := cat.CatalogCandidates(ctx, "quiet harbour, the")
	if err != nil || len(got) != 1 || !reflect.DeepEqual(got[0], titles[0]) {
		t.Errorf("CatalogCandidates(quiet harbour, the) = %+v, %v; want %+v", got, err, titles[0])
	}
	if got, err := cat.CatalogCandidates(ctx, "no such title"); err != nil || len(got) != 0 {
		t.Errorf("CatalogCandidates(unknown) = %+v, %v", got, err)
	}
	if got, err := cat.CatalogCandidates(ctx, ""); err != nil || len(got) != 0 {
		t.Errorf("CatalogCandidates(empty) = %+v, %v", got, err)
	}

	// A re-import that renames a title and drops its directors field:
	// the old key goes, the directors stay (they may come from credits).
	renamed := titles[0]
	renamed.Title, renamed.OriginalTitle, renamed.Directors, renamed.Year = "Quiet Harbour Lights", "", nil, 2002
	putTitles(t, cat, renamed)
	if got, _ := cat.CatalogCandidates(ctx, "The Quiet Harbour"); len(got) != 0 {
		t.Errorf("the old title still finds %+v", got)
	}
	got, err = cat.CatalogCandidates(ctx, "quiet harbour lights")
	if err != nil || len(got) != 1 || got[0].Year != 2002 || !slices.Equal(got[0].Directors, []string{"Mara Olsen"}) {
		t.Errorf("renamed title = %+v, %v; want year 2002, directors kept", got, err)
	}
	if c := counts(t, cat); c.Titles != 3 || c.Credits != 2 {
		t.Errorf("after the rename: counts %+v, want 3 titles, credits kept", c)
	}

	// A batch that repeats a record stores it once (the last one).
	again := imdbTitle("tt9940003", "Night Ferry", 1962)
	putTitles(t, cat, titles[2], again)
	if got, _ := cat.CatalogCandidates(ctx, "night ferry"); len(got) != 1 || got[0].Year != 1962 {
		t.Errorf("repeated record: %+v, want one title of 1962", got)
	}

	// Records that no catalogue writes are refused, and the batch with them.
	for _, bad := range []store.CatalogTitle{
		{ID: "tt9940009", Source: store.SourceIMDb, Title: "Unqualified"},
		{ID: "imdb:", Source: store.SourceIMDb, Title: "Empty Id"},
		{ID: "imdb:tt9940010", Source: store.SourceIMDb, Title: "  "},
	} {
		if err := cat.PutCatalogTitles(ctx, []store.CatalogTitle{imdbTitle("tt9940011", "Fine", 2000), bad}); err == nil {
			t.Errorf("PutCatalogTitles(%+v) succeeded, want an error", bad)
		}
	}
	if got, _ := cat.CatalogCandidates(ctx, "fine"); len(got) != 0 {
		t.Errorf("a refused batch stored %+v", got)
	}
	check(t, st)
}

func testCatalogCredits(t *testing.T, st store.Store, cat store.Catalog) {
	ctx := context.Background()
	putTitles(t, cat, imdbTitle("tt9940101", "Copper Sky", 2023))
	credit := func(ordering int, person, category, character string) store.CatalogCredit {
		return store.CatalogCredit{Ordering: ordering, PersonID: person, Category: category, Character: character}
	}
	put := func(batch ...store.CatalogTitleCredits) {
		t.Helper()
		if err := cat.PutCatalogCredits(ctx, batch); err != nil {
			t.Fatalf("PutCatalogCredits: %v", err)
		}
	}
	read := func() []store.CatalogCredit {
		t.Helper()
		got, err := cat.CatalogCredits(ctx, "imdb:tt9940101")
		if err != nil {
			t.Fatalf("CatalogCredits: %v", err)
		}
		return got
	}
	put(store.CatalogTitleCredits{TitleID: "imdb:tt9940101", Credits: []store.CatalogCredit{
		credit(2, "imdb:nm9940102", "actor", "Mr. Ashcombe"),
		credit(1, "imdb:nm9940101", "actress", "Esther Vance"),
		credit(3, "imdb:nm9940103", "director", ""),
	}})
	// Names arrive after the credits, as IMDb ships them.
	if got := read(); len(got) != 3 || got[0].Ordering != 1 || got[0].Person != "" || got[0].Character != "Esther Vance" {
		t.Fatalf("credits before names = %+v", got)
	}
	if err := cat.PutCatalogPeople(ctx, []store.CatalogPerson{
		{ID: "imdb:nm9940101", Name: "Lorna Castellanos"}, {ID: "imdb:nm9940102", Name: "Teodor Blum"},
		{ID: "imdb:nm9940103", Name: "Dalia Mercado"},
	}); err != nil {
		t.Fatalf("PutCatalogPeople: %v", err)
	}
	want := []store.CatalogCredit{
		{Ordering: 1, PersonID: "imdb:nm9940101", Person: "Lorna Castellanos", Category: "actress", Character: "Esther Vance"},
		{Ordering: 2, PersonID: "imdb:nm9940102", Person: "Teodor Blum", Category: "actor", Character: "Mr. Ashcombe"},
		{Ordering: 3, PersonID: "imdb:nm9940103", Person: "Dalia Mercado", Category: "director"},
	}
	if got := read(); !reflect.DeepEqual(got, want) {
		t.Errorf("credits = %+v\nwant %+v", got, want)
	}
	// Replacing: a shorter list leaves nothing of the longer one.
	put(store.CatalogTitleCredits{TitleID: "imdb:tt9940101", Credits: []store.CatalogCredit{credit(1, "imdb:nm9940101", "actress", "Esther")}})
	if got := read(); len(got) != 1 || got[0].Character != "Esther" {
		t.Errorf("replaced credits = %+v, want the one new credit", got)
	}
	// Appending: adds, and replaces the credit with the same ordering.
	put(store.CatalogTitleCredits{TitleID: "imdb:tt9940101", Append: true, Credits: []store.CatalogCredit{
		credit(1, "imdb:nm9940101", "actress", "Esther Vance"), credit(5, "imdb:nm9940102", "writer", ""),
	}})
	if got := read(); len(got) != 2 || got[0].Character != "Esther Vance" || got[1].Ordering != 5 || got[1].Category != "writer" {
		t.Errorf("appended credits = %+v", got)
	}
	// Credits of a title that is not stored are skipped, not an error.
	put(store.CatalogTitleCredits{TitleID: "imdb:tt9940199", Credits: []store.CatalogCredit{credit(1, "imdb:nm9940101", "actor", "X")}})
	if c := counts(t, cat); c.Credits != 2 || c.People != 3 {
		t.Errorf("counts %+v, want 2 credits, 3 people", c)
	}
	if got, err := cat.CatalogCredits(ctx, "imdb:tt9940199"); err != nil || len(got) != 0 {
		t.Errorf("credits of an unknown title = %+v, %v", got, err)
	}
	if err := cat.PutCatalogCredits(ctx, []store.CatalogTitleCredits{{TitleID: "imdb:tt9940101", Credits: []store.CatalogCredit{{Ordering: 9}}}}); err == nil {
		t.Error("a credit naming no person was stored")
	}
	check(t, st)
}

// linkCases are the films of the linking tests and the catalogue they are
// linked against: a remake pair, a title two catalogue films share, a year
// off by one, a director that contradicts, films without a year.
var linkCatalogue = []store.CatalogTitle{
	imdbTitle("tt9940201", "Night Ferry", 1961, "Harlan Mercer"),
	imdbTitle("tt9940202", "Night Ferry", 2011, "Jun Takeda-Ross"),
	imdbTitle("tt9940203", "Paper Moon River", 1990),
	imdbTitle("tt9940204", "Paper Moon River", 1990),
	imdbTitle("tt9940205", "Tidewater", 2000, "Mara Olsen"),
	imdbTitle("tt9940206", "Salt Lines", 2005, "Piet Lunde"),
	imdbTitle("tt9940207", "Kestrel", 2003, "Wen Ashby"),
	imdbTitle("tt9940208", "Glassworks", 1999),
	{ID: "imdb:tt9940209", Source: store.SourceIMDb, Type: "movie", Title: "The Lighthouse Keeper's Daughter", OriginalTitle: "Fyrvokterens datter", Year: 2023},
}

var linkFilmsCases = []filmCase{
	{title: "Night Ferry", year: 1961},
	{title: "night ferry", year: 2011, director: "Takeda-Ross"},
	{title: "Paper Moon River", year: 1990},
	{title: "Tidewater", year: 1999, director: "Mara Olsen"},
	{title: "Salt Lines", year: 2005, director: "Ines Paloma"},
	{title: "Kestrel", director: "Wen Ashby"},
	{title: "Glassworks"},
	{title: "Fyrvokterens datter", year: 2024},
	{title: "Not In The Catalogue", year: 2020},
}

var linkWant = map[string]string{
	"Night Ferry 1961":          "[imdb:tt9940201]",
	"night ferry 2011":          "[imdb:tt9940202]",
	"Paper Moon River 1990":     "[]", // two candidates: ambiguous
	"Tidewater 1999":            "[imdb:tt9940205]",
	"Salt Lines 2005":           "[]", // the director contradicts
	"Kestrel 0":                 "[imdb:tt9940207]",
	"Glassworks 0":              "[]", // no year, no director: too weak
	"Fyrvokterens datter 2024":  "[imdb:tt9940209]",
	"Not In The Catalogue 2020": "[]",
}

func testCatalogLinkAtImport(t *testing.T, st store.Store, cat store.Catalog) {
	Add(t, st, catalogReviews("link-import", linkFilmsCases...)...)
	// Without a catalogue nothing is linked, and linking finds nothing.
	wantLinks(t, filmLinks(t, st, cat), map[string]string{
		"Night Ferry 1961": "[]", "night ferry 2011": "[]", "Paper Moon River 1990": "[]", "Tidewater 1999": "[]",
		"Salt Lines 2005": "[]", "Kestrel 0": "[]", "Glassworks 0": "[]", "Fyrvokterens datter 2024": "[]",
		"Not In The Catalogue 2020": "[]",
	})
	if sum := link(t, cat, store.SourceIMDb); sum.Linked != 0 || sum.Candidates != 0 || len(sum.Ambiguous) != 0 {
		t.Errorf("linking to an empty catalogue: %+v", sum)
	}

	putTitles(t, cat, linkCatalogue...)
	// Titles alone do not link films that exist: LinkCatalog does.
	if c := counts(t, cat); c.Links != 0 {
		t.Errorf("%d links before LinkCatalog", c.Links)
	}
	sum := link(t, cat, store.SourceIMDb)
	if sum.Linked != 5 || sum.Candidates != 8 {
		t.Errorf("LinkCatalog = %+v, want 5 linked of 8 films with candidates", sum)
	}
	if len(sum.Ambiguous) != 1 || sum.Ambiguous[0].Title != "Paper Moon River" || sum.Ambiguous[0].Year != 1990 ||
		!slices.Equal(sum.Ambiguous[0].Candidates, []string{"imdb:tt9940203", "imdb:tt9940204"}) {
		t.Errorf("ambiguous = %+v, want Paper Moon River (1990) with its two candidates", sum.Ambiguous)
	}
	wantLinks(t, filmLinks(t, st, cat), linkWant)

	// Linking again changes nothing.
	again := link(t, cat, store.SourceIMDb)
	if again.Linked != sum.Linked || len(again.Ambiguous) != 1 || counts(t, cat).Links != 5 {
		t.Errorf("second LinkCatalog = %+v (%d links), want the first's %+v", again, counts(t, cat).Links, sum)
	}
	wantLinks(t, filmLinks(t, st, cat), linkWant)
	// Another source's relink leaves these links alone.
	link(t, cat, store.SourceTMDB)
	wantLinks(t, filmLinks(t, st, cat), linkWant)

	// A re-import that moves a title out of a film's year range unlinks
	// the film at the next relink.
	moved := linkCatalogue[4]
	moved.Year = 2005
	putTitles(t, cat, moved)
	link(t, cat, store.SourceIMDb)
	if got := filmLinks(t, st, cat)["Tidewater 1999"]; got != "[]" {
		t.Errorf("Tidewater 1999 still linked to %s after its title moved to 2005", got)
	}
	check(t, st)
}

func testCatalogLinkAtIngest(t *testing.T, st store.Store, cat store.Catalog) {
	putTitles(t, cat, linkCatalogue...)
	link(t, cat, store.SourceIMDb)
	// Films created after the import are linked as their reviews arrive.
	Add(t, st, catalogReviews("link-ingest", linkFilmsCases...)...)
	wantLinks(t, filmLinks(t, st, cat), linkWant)

	// A film's link follows its regrouping: a year-less review of
	// Glassworks joins a film with a year once one arrives, and the film
	// is then linked by title and year.
	Add(t, st, filmReview("link-ingest-2", 0, filmCase{title: "Glassworks", year: 1999}))
	got := filmLinks(t, st, cat)
	if got["Glassworks 1999"] != "[imdb:tt9940208]" {
		t.Errorf("Glassworks 1999 linked to %s, want [imdb:tt9940208]", got["Glassworks 1999"])
	}
	if _, ok := got["Glassworks 0"]; ok {
		t.Errorf("the year-less Glassworks film should have joined the 1999 one: %v", got)
	}
	// A second review stating a second director who matches the
	// catalogue links Salt Lines: one of the reviews' directors agrees.
	Add(t, st, filmReview("link-ingest-3", 0, filmCase{title: "Salt Lines", year: 2005, director: "Piet Lunde"}))
	if got := filmLinks(t, st, cat)["Salt Lines 2005"]; got != "[imdb:tt9940206]" {
		t.Errorf("Salt Lines linked to %s, want [imdb:tt9940206]", got)
	}
	check(t, st)
}

func testCatalogRemakes(t *testing.T, st store.Store, cat store.Catalog) {
	ctx := context.Background()
	// The Long Quiet (1987) and its 2025 remake, both in the catalogue;
	// reviews of each, in one batch, in mixed order.
	putTitles(t, cat,
		imdbTitle("tt9900187", "The Long Quiet", 1987, "Harlan Mercer"),
		imdbTitle("tt9900188", "The Long Quiet", 2025, "Jun Takeda-Ross"),
	)
	Add(t, st, catalogReviews("remake",
		filmCase{title: "The Long Quiet", year: 2025},
		filmCase{title: "The Long Quiet", year: 1987, director: "Harlan Mercer"},
		filmCase{title: "LONG QUIET", year: 2025, director: "Jun Takeda-Ross"},
		filmCase{title: "Long Quiet, The", year: 1986},
	)...)
	films, err := st.FindFilms(ctx, "the long quiet")
	if err != nil || len(films) != 3 {
		t.Fatalf("FindFilms = %+v, %v; want the 1986, 1987 and 2025 films", films, err)
	}
	want := map[int]string{1986: "imdb:tt9900187", 1987: "imdb:tt9900187", 2025: "imdb:tt9900188"}
	for _, f := range films {
		linked, err := cat.FilmCatalog(ctx, f.ID)
		if err != nil {
			t.Fatalf("FilmCatalog: %v", err)
		}
		if len(linked) != 1 || linked[0].ID != want[f.Year] {
			t.Errorf("The Long Quiet (%d) linked to %+v, want %s", f.Year, linked, want[f.Year])
		}
	}
}

func testCatalogDirectorsFromCredits(t *testing.T, st store.Store, cat store.Catalog) {
	ctx := context.Background()
	// Two films of one title and year, told apart only by their
	// directors, which only the credits name (as in IMDb's files).
	putTitles(t, cat, imdbTitle("tt9940301", "Harbour Lights", 2010), imdbTitle("tt9940302", "Harbour Lights", 2010))
	if err := cat.PutCatalogPeople(ctx, []store.CatalogPerson{
		{ID: "imdb:nm9940301", Name: "Odile Ferrand"}, {ID: "imdb:nm9940302", Name: "Kenji Obuya"}, {ID: "imdb:nm9940303", Name: "Sunniva Holt"},
	}); err != nil {
		t.Fatal(err)
	}
	if err := cat.PutCatalogCredits(ctx, []store.CatalogTitleCredits{
		{TitleID: "imdb:tt9940301", Credits: []store.CatalogCredit{
			{Ordering: 1, PersonID: "imdb:nm9940303", Category: "actress", Character: "Ruth"},
			{Ordering: 3, PersonID: "imdb:nm9940302", Category: "director"},
			{Ordering: 2, PersonID: "imdb:nm9940301", Category: "director"},
		}},
		{TitleID: "imdb:tt9940302", Credits: []store.CatalogCredit{{Ordering: 1, PersonID: "imdb:nm9940303", Category: "director"}}},
	}); err != nil {
		t.Fatal(err)
	}
	Add(t, st, catalogReviews("directors",
		filmCase{title: "Harbour Lights", year: 2010, director: "Sunniva Holt"},
	)...)
	link(t, cat, store.SourceIMDb)
	got, err := cat.CatalogCandidates(ctx, "harbour lights")
	if err != nil || len(got) != 2 {
		t.Fatalf("CatalogCandidates = %+v, %v", got, err)
	}
	if !slices.Equal(got[0].Directors, []string{"Odile Ferrand", "Kenji Obuya"}) || !slices.Equal(got[1].Directors, []string{"Sunniva Holt"}) {
		t.Errorf("directors from credits = %q and %q, want [Odile Ferrand Kenji Obuya] (credit order) and [Sunniva Holt]",
			got[0].Directors, got[1].Directors)
	}
	wantLinks(t, filmLinks(t, st, cat), map[string]string{"Harbour Lights 2010": "[imdb:tt9940302]"})
}

func testCatalogTwoSources(t *testing.T, st store.Store, cat store.Catalog) {
	ctx := context.Background()
	putTitles(t, cat,
		store.CatalogTitle{ID: "tmdb:900001", Source: store.SourceTMDB, Type: "movie", Title: "Northbound", Year: 2024, RuntimeMinutes: 104},
		imdbTitle("tt9923877", "Northbound", 2024, "Tobias Renner"),
	)
	Add(t, st, catalogReviews("two-sources", filmCase{title: "Northbound", year: 2024, director: "Tobias Renner"})...)
	films, err := st.FindFilms(ctx, "northbound")
	if err != nil || len(films) != 1 {
		t.Fatalf("FindFilms = %+v, %v", films, err)
	}
	linked, err := cat.FilmCatalog(ctx, films[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, l := range linked {
		ids = append(ids, l.ID)
	}
	// One link per source, IMDb first.
	if !slices.Equal(ids, []string{"imdb:tt9923877", "tmdb:900001"}) {
		t.Errorf("Northbound linked to %q, want the IMDb title, then the TMDB one", ids)
	}
	if linked[1].LocalID() != "900001" || linked[0].LocalID() != "tt9923877" {
		t.Errorf("local ids %q, %q", linked[0].LocalID(), linked[1].LocalID())
	}
	// Relinking one source keeps the other's link.
	link(t, cat, store.SourceTMDB)
	if c := counts(t, cat); c.Links != 2 {
		t.Errorf("%d links after relinking TMDB, want 2", c.Links)
	}
}

func testCatalogHostileText(t *testing.T, st store.Store, cat store.Catalog) {
	ctx := context.Background()
	nasty := "Nul\x00 \xff\xfe ⟦⟧ '; DROP TABLE films; --"
	putTitles(t, cat, store.CatalogTitle{
		ID: "imdb:tt9940401", Source: store.SourceIMDb, Type: "movie", Title: nasty, OriginalTitle: nasty + " 2",
		Year: 2000, Directors: []string{nasty}, Genres: []string{nasty},
	})
	if err := cat.PutCatalogPeople(ctx, []store.CatalogPerson{{ID: "imdb:nm9940401", Name: nasty}}); err != nil {
		t.Fatalf("PutCatalogPeople: %v", err)
	}
	if err := cat.PutCatalogCredits(ctx, []store.CatalogTitleCredits{{TitleID: "imdb:tt9940401", Credits: []store.CatalogCredit{
		{Ordering: 1, PersonID: "imdb:nm9940401", Category: "actor", Job: nasty, Character: nasty},
	}}}); err != nil {
		t.Fatalf("PutCatalogCredits: %v", err)
	}
	Add(t, st, filmReview("hostile-catalogue", 0, filmCase{title: nasty, year: 2000}))
	if _, err := cat.LinkCatalog(ctx, store.SourceIMDb); err != nil {
		t.Fatalf("LinkCatalog: %v", err)
	}
	got, err := cat.CatalogCandidates(ctx, nasty)
	if err != nil || len(got) != 1 {
		t.Fatalf("CatalogCandidates(hostile) = %+v, %v; want the title", got, err)
	}
	credits, err := cat.CatalogCredits(ctx, "imdb:tt9940401")
	if err != nil || len(credits) != 1 || credits[0].Person == "" {
		t.Errorf("CatalogCredits = %+v, %v", credits, err)
	}
	check(t, st)
}
