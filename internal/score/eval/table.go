package eval

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
)

// WriteTable prints the report: one table of protocols, then the
// calibration deciles.
func WriteTable(w io.Writer, rep *Report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	header := []string{"protocol", "n", "metric", "Marquee"}
	for _, b := range rep.Baselines {
		header = append(header, b.Name)
	}
	header = append(header, "target", "published", "Marquee rev/s/core")
	for _, b := range rep.Baselines {
		header = append(header, b.Name+" rev/s/core")
	}
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rep.Rows {
		cols := []string{r.Protocol, strconv.Itoa(r.N), r.Metric, r.Marquee}
		for i := range rep.Baselines {
			cols = append(cols, dash(cellOf(r, i).Value))
		}
		cols = append(cols, dash(r.Target), dash(r.Published), perSecond(r.MarqueeRate))
		for i := range rep.Baselines {
			cols = append(cols, perSecond(cellOf(r, i).Rate))
		}
		fmt.Fprintln(tw, strings.Join(cols, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, b := range rep.Baselines {
		if b.Lexicon == nil && b.Install != "" {
			fmt.Fprintf(w, "\n%s: lexicon not installed; run: %s\n", b.Name, b.Install)
		}
	}
	fmt.Fprintf(w, "\nverdict thresholds that best reproduce the scale critics' 3-class labels: negative < %.0f, positive > %.0f\n", rep.VerdictLow, rep.VerdictHigh)
	fmt.Fprintln(w, "\ncalibration: mean inferred score (held-out) per decile of the critic's own score")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "dataset\tcritic score\tn\tmean inferred score")
	for _, d := range rep.Deciles {
		fmt.Fprintf(tw, "%s\t%d-%d\t%d\t%.1f\n", d.Dataset, d.Low, d.Low+10, d.N, d.Mean)
	}
	return tw.Flush()
}

// cellOf is row r's cell for baseline i, empty when the row has none.
func cellOf(r Row, i int) Cell {
	if i < len(r.Baselines) {
		return r.Baselines[i]
	}
	return Cell{}
}

func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

func perSecond(r float64) string {
	if r == 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f", r)
}
