package eval

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteTable prints the report: one table of protocols, then the
// calibration deciles.
func WriteTable(w io.Writer, rep *Report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "protocol\tn\tmetric\tMarquee\tVADER\tAFINN\ttarget\tpublished\tMarquee rev/s/core\tVADER rev/s/core")
	for _, r := range rep.Rows {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Protocol, r.N, r.Metric, r.Marquee, r.VADER, r.AFINN,
			dash(r.Target), dash(r.Published), perSecond(r.MarqueeRate), perSecond(r.VADERRate))
	}
	if err := tw.Flush(); err != nil {
		return err
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
