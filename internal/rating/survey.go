package rating

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Survey counts how a source writes its ratings: how many normalise, how
// many are ambiguous or not ratings at all, per notation kind, and which
// strings fail. The zero value is ready to use.
type Survey struct {
	Total          int // non-empty rating strings seen
	Normalised     int
	Ambiguous      int // ErrAmbiguous: value clear, scale not
	Unnormalisable int // every other error
	Kinds          map[Kind]*KindCount
	failed         map[string]int
}

// KindCount is the survey of one notation kind.
type KindCount struct {
	Seen, Normalised int
}

// StringCount is a distinct string and how often it occurred.
type StringCount struct {
	Text  string
	Count int
}

// Add surveys one rating string; empty strings are not ratings and not counted.
func (s *Survey) Add(raw string) {
	if strings.TrimSpace(raw) == "" {
		return
	}
	if s.Kinds == nil {
		s.Kinds = map[Kind]*KindCount{}
		s.failed = map[string]int{}
	}
	s.Total++
	_, kind, err := ParseKind(raw)
	kc := s.Kinds[kind]
	if kc == nil {
		kc = &KindCount{}
		s.Kinds[kind] = kc
	}
	kc.Seen++
	switch {
	case err == nil:
		s.Normalised++
		kc.Normalised++
		return
	case errors.Is(err, ErrAmbiguous):
		s.Ambiguous++
	default:
		s.Unnormalisable++
	}
	s.failed[raw]++
}

// Share is the fraction of surveyed strings that normalised (0 when none).
func (s *Survey) Share() float64 {
	if s.Total == 0 {
		return 0
	}
	return float64(s.Normalised) / float64(s.Total)
}

// KindsBySize lists the kinds seen, most frequent first.
func (s *Survey) KindsBySize() []Kind {
	kinds := make([]Kind, 0, len(s.Kinds))
	for k := range s.Kinds {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool {
		a, b := s.Kinds[kinds[i]].Seen, s.Kinds[kinds[j]].Seen
		if a != b {
			return a > b
		}
		return kinds[i] < kinds[j]
	})
	return kinds
}

// Failures returns up to limit distinct strings that did not normalise, most
// frequent first.
func (s *Survey) Failures(limit int) []StringCount {
	out := make([]StringCount, 0, len(s.failed))
	for t, n := range s.failed {
		out = append(out, StringCount{t, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Text < out[j].Text
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// SurveyCSV surveys one column of a CSV stream with a header row, such as
// the originalScore column of a Rotten Tomatoes dump. It also returns the
// number of data rows read.
func SurveyCSV(ctx context.Context, r io.Reader, column string) (*Survey, int, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, 0, fmt.Errorf("read csv header: %w", err)
	}
	col := -1
	for i, h := range header {
		if strings.TrimPrefix(h, "\ufeff") == column {
			col = i
		}
	}
	if col < 0 {
		return nil, 0, fmt.Errorf("csv has no column %q", column)
	}
	var s Survey
	rows := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, rows, fmt.Errorf("read csv row %d: %w", rows+1, err)
		}
		rows++
		if rows%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, rows, err
			}
		}
		if col < len(rec) {
			s.Add(rec[col])
		}
	}
	return &s, rows, nil
}
