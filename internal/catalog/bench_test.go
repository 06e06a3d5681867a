package catalog

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
)

// generateTitles builds a title.basics TSV of n invented rows shaped like
// IMDb's (a mix of types, nulls and genre lists).
func generateTitles(n int) []byte {
	types := []string{"movie", "short", "tvEpisode", "tvSeries", "video", "tvMovie"}
	genres := []string{"Drama", "Comedy,Drama", "\\N", "Action,Adventure,Sci-Fi", "Documentary"}
	var b bytes.Buffer
	b.WriteString(strings.Join(titleColumns, "\t"))
	b.WriteByte('\n')
	for i := 0; i < n; i++ {
		year := "\\N"
		if i%7 != 0 {
			year = fmt.Sprint(1900 + i%125)
		}
		fmt.Fprintf(&b, "tt%07d\t%s\tGenerated Title %d\tOriginal Title %d\t0\t%s\t\\N\t%d\t%s\n",
			i+1, types[i%len(types)], i, i, year, 60+i%120, genres[i%len(genres)])
	}
	return b.Bytes()
}

func TestGenerateTitles(t *testing.T) {
	st, err := ReadIMDbTitles(context.Background(), bytes.NewReader(generateTitles(1000)), Options{TitleTypes: FilmTypes}, func(Title) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if want := (Stats{Rows: 1000, Kept: 666, Filtered: 334}); st != want {
		t.Fatalf("stats = %+v, want %+v", st, want)
	}
}

func BenchmarkReadIMDbTitles(b *testing.B) {
	const rows = 100_000
	plain := generateTitles(rows)
	inputs := map[string][]byte{"plain": plain, "gzip": gzipped(b, plain)}
	for _, name := range []string{"plain", "gzip"} {
		input := inputs[name]
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(plain)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				st, err := ReadIMDbTitles(context.Background(), bytes.NewReader(input), Options{TitleTypes: FilmTypes}, func(Title) error { return nil })
				if err != nil || st.Rows != rows {
					b.Fatalf("stats %+v, err %v", st, err)
				}
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
