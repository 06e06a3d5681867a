package server

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/marquee-film/marquee/internal/aggregate"
	"github.com/marquee-film/marquee/internal/review"
)

// histogram is an inline SVG bar chart of review scores in ten bands,
// drawn by the server (the page has no scripts).
type histogram struct {
	Width, Height int
	Bars          []histBar
	Desc          string // what a screen reader hears instead of the chart
	Total         int
}

type histBar struct {
	X, Y, W, H   float64
	Label        string // "60–69"
	TickLabel    string // "60"
	Count        int
	Band         string // score band of the bar's range, for its colour
	LabelX       float64
	ShowLabel    bool
	CountY       float64
	CountVisible bool
}

const (
	histWidth  = 320
	histHeight = 140
	histAxis   = 20 // room under the bars for the labels
	histBarGap = 4
)

// newHistogram draws the report's bins (scores From to To, the last bin
// including 100).
func newHistogram(bins []aggregate.Bin) histogram {
	h := histogram{Width: histWidth, Height: histHeight}
	maxCount := 0
	for _, b := range bins {
		maxCount = max(maxCount, b.Count)
		h.Total += b.Count
	}
	barW := float64(histWidth)/float64(max(len(bins), 1)) - histBarGap
	plot := float64(histHeight - histAxis - 14) // 14: room for the count above the tallest bar
	var desc []string
	for i, b := range bins {
		c, lo, hi := b.Count, b.From, b.To-1
		if i == len(bins)-1 {
			hi = b.To
		}
		bh := 0.0
		if maxCount > 0 {
			bh = plot * float64(c) / float64(maxCount)
		}
		x := float64(i)*(barW+histBarGap) + histBarGap/2
		mid := float64(lo)
		bar := histBar{
			X: x, W: barW, H: bh, Y: float64(histHeight-histAxis) - bh,
			Label: fmt.Sprintf("%d–%d", lo, hi), Count: c, Band: scoreBand(&mid),
			LabelX: x + barW/2, ShowLabel: i%2 == 0, CountVisible: c > 0,
			TickLabel: strconv.Itoa(lo),
		}
		bar.CountY = bar.Y - 3
		h.Bars = append(h.Bars, bar)
		if c > 0 {
			desc = append(desc, fmt.Sprintf("%d scored %s", c, bar.Label))
		}
	}
	if len(desc) == 0 {
		h.Desc = "No review has a score yet."
	} else {
		h.Desc = "Of " + fmt.Sprint(h.Total) + " scored reviews, " + strings.Join(desc, ", ") + "."
	}
	return h
}

// aspectBar is one row of the aspects chart: a bar left (negative) or
// right (positive) of the centre line.
type aspectBar struct {
	Name      string
	Polarity  float64
	Sentences int
	Reviews   int
	Verdict   string // praised, mixed or criticised
	Y         float64
	X, W      float64
	Positive  bool
	Label     string // "+0.42"
}

type aspectChart struct {
	Width, Height int
	Centre        float64
	Bars          []aspectBar
	Desc          string
}

const (
	aspectWidth     = 320
	aspectRowHeight = 26
	aspectLabelW    = 110
)

func newAspectChart(aspects []aspectRow) aspectChart {
	c := aspectChart{Width: aspectWidth, Height: aspectRowHeight * len(aspects)}
	half := float64(aspectWidth-aspectLabelW-50) / 2
	c.Centre = aspectLabelW + half
	var desc []string
	for i, a := range aspects {
		p := math.Max(-1, math.Min(1, a.Polarity))
		w := math.Abs(p) * half
		b := aspectBar{
			Name: a.Name, Polarity: p, Sentences: a.Sentences, Reviews: a.Reviews, Verdict: a.Label,
			Y: float64(i*aspectRowHeight) + 5,
			W: math.Max(w, 1), Positive: p >= 0, Label: fmt.Sprintf("%+.2f", p),
		}
		b.X = c.Centre
		if p < 0 {
			b.X = c.Centre - w
		}
		c.Bars = append(c.Bars, b)
		desc = append(desc, fmt.Sprintf("%s %s (%s, %d reviews)", a.Name, b.Label, a.Label, a.Reviews))
	}
	c.Desc = "Mean polarity from -1 to +1 per aspect: " + strings.Join(desc, "; ") + "."
	return c
}

// aspectRow is an aspect of the film as the reviews together see it.
type aspectRow struct {
	Name string
	aggregate.FilmAspect
}

// quote is a pull quote of the report, with whether it gives the plot
// away (the report picks spoiler-free ones; this is a second check).
type quote struct {
	aggregate.Quote
	Spoiler bool
}

type reviewRow struct {
	reviewItem
	Band string
}

type filmView struct {
	Report     *aggregate.FilmReport
	Score      *float64
	Interval   []float64
	Share      string // "67%" of scored reviews positive, "" when none
	Histogram  histogram
	Aspects    aspectChart
	AspectRows []aspectRow
	Quotes     []quote
	Cast       []aggregate.FilmCredit
	Crew       []aggregate.FilmCredit
	Reviews    []reviewRow
	Total      int
	Filter     reviewFilter
	Verdicts   []string
	Sorts      []string
	Prev, Next string
}

func (s *Server) filmPage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	fd, err := s.data.Film(r.Context(), id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if page, ok := fd.cachedPage(r.URL.RawQuery); ok {
		s.data.count("film_page", "hit")
		s.writeTagged(w, r, htmlType, page.body, page.etag)
		return
	}
	s.data.count("film_page", "miss")
	p, err := parsePage(r, 50)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	f, err := parseReviewFilter(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := fd.filmView()
	v.Filter, v.Verdicts, v.Sorts = f, verdicts, reviewSorts
	selected := f.apply(fd)
	v.Total = len(selected)
	from, to := p.window(len(selected))
	for _, rv := range selected[from:to] {
		item := fd.item(rv)
		v.Reviews = append(v.Reviews, reviewRow{reviewItem: item, Band: scoreBand(item.Score)})
	}
	v.Prev, v.Next = pageLinks(r.URL, p, len(selected))
	title := fd.report.Title
	if fd.report.Year > 0 {
		title = fmt.Sprintf("%s (%d)", title, fd.report.Year)
	}
	body, err := s.render("film", pageData{Title: title, Data: v})
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	page := fd.keepPage(r.URL.RawQuery, body)
	s.writeTagged(w, r, htmlType, page.body, page.etag)
}

// buildFilmView lays out the parts of a film's report that do not depend
// on the request.
func buildFilmView(fd *filmData, quoted map[int64]*review.Review) filmView {
	rep := &fd.report
	v := filmView{Report: rep, Score: filmScore(rep)}
	if len(rep.ScoreInterval) == 2 {
		v.Interval = rep.ScoreInterval
	}
	if rep.PositiveShare != nil {
		v.Share = strconv.Itoa(int(math.Round(*rep.PositiveShare*100))) + "%"
	}
	for _, c := range rep.Credits {
		if c.Role == "actor" {
			v.Cast = append(v.Cast, c)
		} else {
			v.Crew = append(v.Crew, c)
		}
	}
	v.Histogram = newHistogram(rep.Histogram)
	for _, name := range sortedKeys(rep.Aspects) {
		v.AspectRows = append(v.AspectRows, aspectRow{Name: name, FilmAspect: rep.Aspects[name]})
	}
	v.Aspects = newAspectChart(v.AspectRows)
	for _, q := range rep.Quotes {
		v.Quotes = append(v.Quotes, quote{Quote: q, Spoiler: isSpoiler(quoted[q.ReviewID], fd.characters, q.Text)})
	}
	return v
}

// isSpoiler reports whether text is a spoiler sentence of r (nil: no
// review to tell by); characters are the film's character names.
func isSpoiler(r *review.Review, characters []string, text string) bool {
	if r == nil {
		return false
	}
	flags := spoilerSentences(r, characters...)
	for i, sent := range r.Body {
		if sent == text && i < len(flags) {
			return flags[i]
		}
	}
	return false
}
