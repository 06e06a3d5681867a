package eval

import (
	"strings"
	"testing"

	"github.com/marquee-film/marquee/internal/score/corpus"
)

func TestNewSplitRejectsLeaks(t *testing.T) {
	rec := func(id, group string) corpus.Record { return corpus.Record{ID: id, Group: group} }
	for _, tc := range []struct {
		name        string
		train, test []corpus.Record
		byGroup     bool
		wantErr     string
	}{
		{"disjoint", []corpus.Record{rec("a", "f1"), rec("b", "f1")}, []corpus.Record{rec("c", "f2")}, true, ""},
		{"same record", []corpus.Record{rec("a", "f1")}, []corpus.Record{rec("a", "f1")}, false, "in both train and test"},
		{"same film", []corpus.Record{rec("a", "f1")}, []corpus.Record{rec("b", "f1")}, true, "group f1"},
		{"same film allowed when ungrouped", []corpus.Record{rec("a", "f1")}, []corpus.Record{rec("b", "f1")}, false, ""},
		{"duplicate test record", []corpus.Record{rec("a", "")}, []corpus.Record{rec("b", ""), rec("b", "")}, false, "twice"},
		{"empty test", []corpus.Record{rec("a", "")}, nil, false, "0 test"},
		{"missing id", []corpus.Record{rec("", "")}, []corpus.Record{rec("b", "")}, false, "without ID"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := NewSplit(tc.train, tc.test, tc.byGroup)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("NewSplit: %v", err)
				}
				if len(s.Train()) != len(tc.train) || len(s.Test()) != len(tc.test) {
					t.Fatalf("split sizes %d/%d", len(s.Train()), len(s.Test()))
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("NewSplit error = %v, want %q", err, tc.wantErr)
			}
		})
	}
}
