package filmreport

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/marquee-film/marquee/internal/aggregate"
	"github.com/marquee-film/marquee/internal/store"
	"github.com/marquee-film/marquee/internal/store/sqlite"
	"github.com/marquee-film/marquee/internal/store/storetest"
)

func openStore(t *testing.T) store.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "marquee.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func films(t *testing.T, st store.Store) []store.FilmSummary {
	t.Helper()
	fs, err := st.Films(context.Background(), store.FilmQuery{})
	if err != nil {
		t.Fatalf("Films: %v", err)
	}
	return fs
}

func jsonOf(t *testing.T, rep *aggregate.FilmReport) []byte {
	t.Helper()
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// built is the report as built straight from the store, without keeping.
func built(t *testing.T, st store.Store, f store.FilmSummary) aggregate.FilmReport {
	t.Helper()
	ctx := context.Background()
	reviews, err := st.FilmReviews(ctx, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := Catalogue(ctx, st, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	return aggregate.BuildWithCatalogue(f.ID, f.Title, f.Year, f.Director, reviews, cat)
}

// TestSavedReportIsTheBuiltOne: a saved report, read back whole or a page
// at a time, is the report built from the reviews, byte for byte in its
// JSON form (the public `marquee film --json` output).
func TestSavedReportIsTheBuiltOne(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	storetest.Add(t, st, storetest.GenerateReviews(1500, 7)...)
	k := New(st)
	all := films(t, st)
	if len(all) < 5 || all[0].Reviews <= 2*PageSize {
		t.Fatalf("the generated reviews make %d films, the largest with %d reviews: too few to test pages", len(all), all[0].Reviews)
	}
	for _, f := range all {
		want := built(t, st, f)
		wantJSON := jsonOf(t, &want)
		for pass, origin := range []Origin{Built, Saved} {
			res, err := k.Report(ctx, f)
			if err != nil {
				t.Fatalf("Report(%d): %v", f.ID, err)
			}
			if res.Origin != origin || res.SaveErr != nil {
				t.Errorf("film %d pass %d: origin %s (save error %v), want %s", f.ID, pass, res.Origin, res.SaveErr, origin)
			}
			if got := jsonOf(t, &res.Report); !bytes.Equal(got, wantJSON) {
				t.Fatalf("film %d pass %d: report differs from the built one:\n got %.300s\nwant %.300s", f.ID, pass, got, wantJSON)
			}
		}
		pages := (len(want.ReviewList) + PageSize - 1) / PageSize
		for p := 0; p <= pages; p++ {
			res, err := k.Page(ctx, f, p)
			if err != nil || res.Origin != Saved {
				t.Fatalf("Page(%d, %d): %s, %v", f.ID, p, res.Origin, err)
			}
			lo, hi := min(p*PageSize, len(want.ReviewList)), min((p+1)*PageSize, len(want.ReviewList))
			page := want
			page.ReviewList = want.ReviewList[lo:hi]
			if got, wantPage := jsonOf(t, &res.Report), jsonOf(t, &page); !bytes.Equal(got, wantPage) {
				t.Fatalf("film %d page %d differs:\n got %.300s\nwant %.300s", f.ID, p, got, wantPage)
			}
		}
	}
}

// TestReportFollowsTheFilm: a review added to a film makes its saved
// report out of date; the next read builds the new one, and films the
// review did not touch keep theirs.
func TestReportFollowsTheFilm(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	reviews := storetest.GenerateReviews(120, 3)
	storetest.Add(t, st, reviews[:100]...)
	k := New(st)
	stats, err := k.Refresh(ctx, 2, nil)
	if err != nil {
		t.Fatalf("Refresh: %v", err)
	}
	before := films(t, st)
	if stats.Films != len(before) || stats.Built != len(before) || stats.Current != 0 || stats.Reviews != 100 {
		t.Fatalf("first Refresh = %+v, want all %d films built from 100 reviews", stats, len(before))
	}
	if stats, err = k.Refresh(ctx, 2, nil); err != nil || stats.Current != len(before) || stats.Built != 0 {
		t.Fatalf("second Refresh = %+v, %v; want every film current", stats, err)
	}

	storetest.Add(t, st, reviews[100:]...)
	after := films(t, st)
	changed := 0
	prev := map[int64]store.FilmSummary{}
	for _, f := range before {
		prev[f.ID] = f
	}
	for _, f := range after {
		res, err := k.Report(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		old, existed := prev[f.ID]
		same := existed && old.Reviews == f.Reviews && old.Title == f.Title && old.Year == f.Year && old.Director == f.Director
		if want := map[bool]Origin{true: Saved, false: Built}[same]; res.Origin != want {
			t.Errorf("film %d (%d → %d reviews): origin %s, want %s", f.ID, old.Reviews, f.Reviews, res.Origin, want)
		}
		if !same {
			changed++
		}
		want := built(t, st, f)
		if !bytes.Equal(jsonOf(t, &res.Report), jsonOf(t, &want)) {
			t.Errorf("film %d: report is not the one built from its reviews now", f.ID)
		}
	}
	if changed == 0 {
		t.Fatal("the added reviews changed no film: the test proves nothing")
	}
	if stats, err = k.Refresh(ctx, 1, nil); err != nil || stats.Built != 0 || stats.Current != len(after) {
		t.Errorf("Refresh after the reads = %+v, %v; want every film current", stats, err)
	}
}

// TestKeyChangesWithEveryInput: each thing a report is built from changes
// its key.
func TestKeyChangesWithEveryInput(t *testing.T) {
	f := store.FilmSummary{ID: 7, Title: "Paper Lanterns", Year: 2021, Director: "Ada Brenner", Reviews: 3}
	set := store.ReviewSet{Count: 3, IDSum: 12, MaxID: 6}
	cat := &aggregate.Catalogue{Source: "imdb", ID: "tt0000007", Title: "Paper Lanterns", Year: 2021,
		Credits: []aggregate.CatalogueCredit{{Person: "Mara Quell", Character: "June", Role: "actor"}}}
	base := Key(f, set, cat)
	if Key(f, set, cat) != base {
		t.Fatal("Key is not deterministic")
	}
	variants := map[string]string{}
	add := func(name string, key string) {
		if key == base {
			t.Errorf("%s: key unchanged", name)
		}
		for other, k := range variants {
			if k == key {
				t.Errorf("%s and %s have the same key", name, other)
			}
		}
		variants[name] = key
	}
	g := f
	g.ID = 8
	add("film id", Key(g, set, cat))
	g = f
	g.Title = "Paper Lantern"
	add("title", Key(g, set, cat))
	g = f
	g.Year = 2022
	add("year", Key(g, set, cat))
	g = f
	g.Director = ""
	add("director", Key(g, set, cat))
	s := set
	s.Count++
	add("count", Key(f, s, cat))
	s = set
	s.IDSum++
	add("id sum", Key(f, s, cat))
	s = set
	s.MaxID++
	add("max id", Key(f, s, cat))
	add("no catalogue", Key(f, set, nil))
	c := *cat
	c.Credits = []aggregate.CatalogueCredit{{Person: "Mara Quell", Character: "Juniper", Role: "actor"}}
	add("catalogue credit", Key(f, set, &c))
	c = *cat
	c.RuntimeMinutes = 101
	add("catalogue runtime", Key(f, set, &c))
	// Fields are separated: moving a character between title and
	// director must not give the same key.
	g = f
	g.Title, g.Director = "Paper LanternsA", "da Brenner"
	add("shifted boundary", Key(g, set, cat))
}

// noKeeper hides the backend's ReportKeeper.
type noKeeper struct{ store.Store }

func TestStoreWithoutKeeper(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	storetest.Add(t, st, storetest.GenerateReviews(30, 5)...)
	k := New(noKeeper{st})
	f := films(t, st)[0]
	for range 2 {
		res, err := k.Page(ctx, f, 0)
		if err != nil || res.Origin != Built || len(res.Report.ReviewList) != min(f.Reviews, PageSize) {
			t.Fatalf("Page without a keeper: %s, %d reviews listed, %v", res.Origin, len(res.Report.ReviewList), err)
		}
	}
	if _, err := k.Refresh(ctx, 1, nil); err == nil {
		t.Error("Refresh without a keeper: no error")
	}
	if keys, err := st.(store.ReportKeeper).SavedReportKeys(ctx); err != nil || len(keys) != 0 {
		t.Errorf("a keeper-less Keeper saved reports: %v, %v", keys, err)
	}
}

// TestUndecodableReportIsRebuilt: a saved report with the right key but a
// head or page that is not a report is built again and overwritten.
func TestUndecodableReportIsRebuilt(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	storetest.Add(t, st, storetest.GenerateReviews(200, 11)...)
	k := New(st)
	f := films(t, st)[0]
	want := built(t, st, f)
	keep := st.(store.ReportKeeper)
	set, err := keep.ReviewSet(ctx, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	key := Key(f, set, nil)
	for name, bad := range map[string]store.SavedReport{
		"head": {FilmID: f.ID, Key: key, Head: []byte(`{"id": "not a number"`), Pages: [][]byte{[]byte(`[]`)}},
		"page": {FilmID: f.ID, Key: key, Head: []byte(`{"id": 1}`), Pages: [][]byte{[]byte("\xff\xfe")}},
	} {
		if err := keep.SaveReports(ctx, []store.SavedReport{bad}); err != nil {
			t.Fatal(err)
		}
		res, err := k.Page(ctx, f, 0)
		if err != nil || res.Origin != Built || res.SaveErr != nil {
			t.Fatalf("%s: damaged report read as %s, %v (save %v); want it rebuilt", name, res.Origin, err, res.SaveErr)
		}
		if res, err = k.Report(ctx, f); err != nil || res.Origin != Saved || !bytes.Equal(jsonOf(t, &res.Report), jsonOf(t, &want)) {
			t.Fatalf("%s: after the rebuild: %s, %v", name, res.Origin, err)
		}
	}
}

// BenchmarkFilmPage compares a film page read from a saved report with one
// built from the reviews, for the largest of 4,000 generated reviews' films
// (about a hundred reviews; the ratio grows with the film).
func BenchmarkFilmPage(b *testing.B) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	reviews := storetest.GenerateReviews(4000, 13)
	storetest.Add(b, st, reviews...)
	all, err := st.Films(ctx, store.FilmQuery{Limit: 1})
	if err != nil {
		b.Fatal(err)
	}
	f := all[0]
	k := New(st)
	if _, err := k.Refresh(ctx, 2, nil); err != nil {
		b.Fatal(err)
	}
	b.Run("saved", func(b *testing.B) {
		for b.Loop() {
			res, err := k.Page(ctx, f, 0)
			if err != nil || res.Origin != Saved {
				b.Fatal(res.Origin, err)
			}
		}
	})
	b.Run("built", func(b *testing.B) {
		for b.Loop() {
			reviews, err := st.FilmReviews(ctx, f.ID)
			if err != nil {
				b.Fatal(err)
			}
			aggregate.Build(f.ID, f.Title, f.Year, f.Director, reviews)
		}
	})
	b.ReportMetric(float64(f.Reviews), "reviews")
}
