package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/marquee-film/marquee/internal/store"
	"github.com/marquee-film/marquee/internal/store/storetest"
)

// benchTitles invents n catalogue titles from first on, each with ten
// credits, as an IMDb import stores them.
func benchTitles(first, n int) ([]store.CatalogTitle, []store.CatalogTitleCredits) {
	titles := make([]store.CatalogTitle, n)
	credits := make([]store.CatalogTitleCredits, n)
	for i := range n {
		id := fmt.Sprintf("imdb:tt%08d", first+i)
		titles[i] = store.CatalogTitle{
			ID: id, Source: store.SourceIMDb, Type: "movie", Title: fmt.Sprintf("Invented Title %d", first+i),
			Year: 1900 + i%125, RuntimeMinutes: 90, Genres: []string{"Drama"},
		}
		credits[i].TitleID = id
		for o := 1; o <= 10; o++ {
			credits[i].Credits = append(credits[i].Credits, store.CatalogCredit{
				Ordering: o, PersonID: fmt.Sprintf("imdb:nm%08d", (first+i)*7+o), Category: "actor", Character: "Someone",
			})
		}
	}
	return titles, credits
}

// BenchmarkCatalogImport stores batches of 1,000 titles and their 10,000
// credits into a growing catalogue.
func BenchmarkCatalogImport(b *testing.B) {
	const batch = 1000
	db := openPath(b, filepath.Join(b.TempDir(), "bench.db"))
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		titles, credits := benchTitles(i*batch, batch)
		b.StartTimer()
		if err := db.PutCatalogTitles(ctx, titles); err != nil {
			b.Fatal(err)
		}
		if err := db.PutCatalogCredits(ctx, credits); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*batch*11)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkAddReviewsWithCatalog is BenchmarkAddReviews with 100,000
// catalogue titles stored: the cost of linking films as they are created.
func BenchmarkAddReviewsWithCatalog(b *testing.B) {
	const batch = 500
	db := openPath(b, filepath.Join(b.TempDir(), "bench.db"))
	ctx := context.Background()
	for i := range 100 {
		titles, _ := benchTitles(i*1000, 1000)
		if err := db.PutCatalogTitles(ctx, titles); err != nil {
			b.Fatal(err)
		}
	}
	var cpu time.Duration
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		rs := storetest.GenerateReviews(batch, uint64(1000+i))
		b.StartTimer()
		start := cpuTime()
		if _, err := db.AddReviews(ctx, rs); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - start
	}
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "reviews/s")
	b.ReportMetric(float64(b.N*batch)/cpu.Seconds(), "reviews/cpu-s")
}
