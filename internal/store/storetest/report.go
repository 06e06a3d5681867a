package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/marquee-film/marquee/internal/review"
	"github.com/marquee-film/marquee/internal/store"
)

// runReports runs the ReportKeeper tests when the backend keeps reports.
func runReports(t *testing.T, open func(t *testing.T) store.Store) {
	probe := openClosed(t, open)
	if _, ok := probe.(store.ReportKeeper); !ok {
		t.Skip("the backend keeps no reports")
	}
	for _, tc := range []struct {
		name string
		fn   func(t *testing.T, st store.Store, keep store.ReportKeeper)
	}{
		{"SaveAndRead", testReportSaveAndRead},
		{"ReviewSet", testReviewSet},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := openClosed(t, open)
			tc.fn(t, st, st.(store.ReportKeeper))
		})
	}
}

func pageBodies(film int64, n int, tag string) [][]byte {
	pages := make([][]byte, n)
	for i := range pages {
		pages[i] = fmt.Appendf(nil, `{"film":%d,"page":%d,"tag":%q}`, film, i, tag)
	}
	return pages
}

func testReportSaveAndRead(t *testing.T, st store.Store, keep store.ReportKeeper) {
	ctx := context.Background()
	Add(t, st, filmReview("reports", 1, filmCase{title: "Paper Lanterns", year: 2021}),
		filmReview("reports", 2, filmCase{title: "Night Ferry", year: 2019}))
	films, err := st.Films(ctx, store.FilmQuery{})
	if err != nil || len(films) != 2 {
		t.Fatalf("Films: %v, %v", films, err)
	}
	a, b := films[0].ID, films[1].ID
	if _, err := keep.SavedReport(ctx, a, 0, -1); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("SavedReport before any save: %v, want ErrNotFound", err)
	}
	// Binary bytes, not only JSON: the keeper stores what it is given.
	head := []byte("head\x00\xff\xfe of A")
	err = keep.SaveReports(ctx, []store.SavedReport{
		{FilmID: a, Key: "key-a1", Head: head, Pages: pageBodies(a, 5, "first")},
		{FilmID: b, Key: "key-b1", Head: []byte("head of B"), Pages: nil},
		// A film that does not exist (merged away): skipped, no error.
		{FilmID: a + b + 1000, Key: "gone", Head: []byte("x"), Pages: pageBodies(0, 2, "gone")},
	})
	if err != nil {
		t.Fatalf("SaveReports: %v", err)
	}
	for _, tc := range []struct {
		from, to int
		want     []int
	}{
		{0, -1, []int{0, 1, 2, 3, 4}},
		{0, 1, []int{0}},
		{2, 4, []int{2, 3}},
		{4, 9, []int{4}},
		{5, 6, nil},
		{-3, 1, []int{0}},
		{3, 2, nil},
	} {
		r, err := keep.SavedReport(ctx, a, tc.from, tc.to)
		if err != nil {
			t.Fatalf("SavedReport(%d, %d): %v", tc.from, tc.to, err)
		}
		if r.Key != "key-a1" || !bytes.Equal(r.Head, head) || r.PageCount != 5 || r.Built.IsZero() {
			t.Errorf("SavedReport(%d, %d) = key %q head %q pages %d built %v", tc.from, tc.to, r.Key, r.Head, r.PageCount, r.Built)
		}
		if len(r.Pages) != len(tc.want) {
			t.Fatalf("SavedReport(%d, %d): %d pages, want %v", tc.from, tc.to, len(r.Pages), tc.want)
		}
		for i, p := range tc.want {
			if want := pageBodies(a, 5, "first")[p]; !bytes.Equal(r.Pages[i], want) {
				t.Errorf("SavedReport(%d, %d) page %d = %s, want %s", tc.from, tc.to, i, r.Pages[i], want)
			}
		}
	}
	r, err := keep.SavedReport(ctx, b, 0, -1)
	if err != nil || r.PageCount != 0 || len(r.Pages) != 0 || string(r.Head) != "head of B" {
		t.Fatalf("SavedReport(B) = %+v, %v", r, err)
	}

	// A new report of A with fewer pages replaces the old one entirely.
	if err := keep.SaveReports(ctx, []store.SavedReport{{FilmID: a, Key: "key-a2", Head: []byte("A2"), Pages: pageBodies(a, 2, "second")}}); err != nil {
		t.Fatalf("SaveReports: %v", err)
	}
	r, err = keep.SavedReport(ctx, a, 0, -1)
	if err != nil || r.Key != "key-a2" || r.PageCount != 2 || len(r.Pages) != 2 || !bytes.Equal(r.Pages[1], pageBodies(a, 2, "second")[1]) {
		t.Fatalf("after replacing: %+v, %v", r, err)
	}
	keys, err := keep.SavedReportKeys(ctx)
	if err != nil {
		t.Fatalf("SavedReportKeys: %v", err)
	}
	if len(keys) != 2 || keys[a] != "key-a2" || keys[b] != "key-b1" {
		t.Errorf("SavedReportKeys = %v", keys)
	}
	if err := keep.SaveReports(ctx, nil); err != nil {
		t.Errorf("SaveReports(nil): %v", err)
	}
	check(t, st)
}

// testReviewSet checks ReviewSet against the reviews FilmReviews returns,
// through additions that regroup reviews into other films.
func testReviewSet(t *testing.T, st store.Store, keep store.ReportKeeper) {
	ctx := context.Background()
	steps := [][]filmCase{
		{{title: "The Long Field"}, {title: "The Long Field"}, {title: "Salt Road", year: 2018}},
		{{title: "The Long Field", year: 2022, director: "Ada Brenner"}, {title: "The Long Field", year: 2022}},
		{{title: "Long Field, The", year: 2022}, {title: "Salt Road", year: 2018}, {title: "Salt Road"}},
	}
	n := 0
	prev := map[int64]store.ReviewSet{}
	for s, step := range steps {
		batch := make([]*review.Review, 0, len(step))
		for _, c := range step {
			n++
			batch = append(batch, filmReview("reviewset", n, c))
		}
		Add(t, st, batch...)
		films, err := st.Films(ctx, store.FilmQuery{})
		if err != nil {
			t.Fatalf("Films: %v", err)
		}
		for _, f := range films {
			reviews, err := st.FilmReviews(ctx, f.ID)
			if err != nil {
				t.Fatalf("FilmReviews(%d): %v", f.ID, err)
			}
			var want store.ReviewSet
			for _, r := range reviews {
				want.Count++
				want.IDSum += r.ID
				want.MaxID = max(want.MaxID, r.ID)
			}
			got, err := keep.ReviewSet(ctx, f.ID)
			if err != nil {
				t.Fatalf("ReviewSet(%d): %v", f.ID, err)
			}
			if got != want {
				t.Errorf("step %d: ReviewSet(%d) = %+v, want %+v", s, f.ID, got, want)
			}
			if p, ok := prev[f.ID]; ok && p != got && p.Count == got.Count && p.MaxID == got.MaxID && p.IDSum == got.IDSum {
				t.Errorf("step %d: film %d changed but its set did not", s, f.ID)
			}
			prev[f.ID] = got
		}
	}
	if got, err := keep.ReviewSet(ctx, 1<<40); err != nil || got != (store.ReviewSet{}) {
		t.Errorf("ReviewSet(no such film) = %+v, %v; want zero, nil", got, err)
	}
}
