// Package eval measures the scorer against labelled datasets, side by side
// with lexicon baselines. Every protocol trains its own models on the train
// side of a Split; a Split cannot be built with a record, or (for grouped
// splits) a film, critic post or other group, on both sides.
package eval

import (
	"fmt"

	"github.com/marquee-film/marquee/internal/score/corpus"
)

// Split is a train/test partition proven disjoint when it was built.
type Split struct {
	train, test []corpus.Record
}

// NewSplit builds a split whose sides share no record ID. With byGroup it
// also rejects a non-empty Group on both sides, so no film (RT), source
// post (Pang & Lee) or critic appears in both.
func NewSplit(train, test []corpus.Record, byGroup bool) (*Split, error) {
	ids := make(map[string]bool, len(train))
	groups := map[string]bool{}
	for _, r := range train {
		if r.ID == "" {
			return nil, fmt.Errorf("split: training record without ID")
		}
		ids[r.ID] = true
		if byGroup && r.Group != "" {
			groups[r.Group] = true
		}
	}
	seen := make(map[string]bool, len(test))
	for _, r := range test {
		if r.ID == "" {
			return nil, fmt.Errorf("split: test record without ID")
		}
		if ids[r.ID] {
			return nil, fmt.Errorf("split: record %s is in both train and test", r.ID)
		}
		if seen[r.ID] {
			return nil, fmt.Errorf("split: record %s is twice in test", r.ID)
		}
		seen[r.ID] = true
		if byGroup && r.Group != "" && groups[r.Group] {
			return nil, fmt.Errorf("split: group %s (record %s) is in both train and test", r.Group, r.ID)
		}
	}
	if len(train) == 0 || len(test) == 0 {
		return nil, fmt.Errorf("split: %d train and %d test records", len(train), len(test))
	}
	return &Split{train: train, test: test}, nil
}

// Train returns the training side. Callers must not modify it.
func (s *Split) Train() []corpus.Record { return s.train }

// Test returns the test side. Callers must not modify it.
func (s *Split) Test() []corpus.Record { return s.test }
