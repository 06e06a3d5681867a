// Package pipeline runs the per-review stages in order — extract, then
// score — so that the CLI, the server and the workers all process a
// document the same way.
package pipeline

import (
	"fmt"
	"sync"

	"github.com/marquee-film/marquee/internal/extract"
	"github.com/marquee-film/marquee/internal/review"
	"github.com/marquee-film/marquee/internal/score"
)

var (
	modelOnce sync.Once
	model     *score.Model
	modelErr  error
)

// scorer returns the embedded score model, loaded on first use so that
// commands that never score (films, search) do not pay for it.
func scorer() (*score.Model, error) {
	modelOnce.Do(func() {
		model, modelErr = score.Default()
		if modelErr != nil {
			modelErr = fmt.Errorf("load score model: %w", modelErr)
		}
	})
	return model, modelErr
}

// Process turns one ingested document into a review with everything Marquee
// can say about it: the facts it states and, for text in a language the
// score model knows, Marquee's own score, verdict and evidence. It does no
// I/O beyond loading the embedded model once.
func Process(doc review.Document) review.Review {
	r := extract.Extract(doc)
	if !r.Scorable {
		return r
	}
	m, err := scorer()
	if err != nil {
		// The model is embedded and tested; failing to load it is a
		// build defect, not bad input, so it must not pass silently.
		panic(err)
	}
	if a := m.Analyze(r.Body, r.Language); a != nil {
		a.ApplyTo(&r)
	}
	return r
}

// ProcessSafe is Process for batches of outside input: a defect that makes
// a stage panic on one document becomes that document's error, so the rest
// of the batch goes on and the input can be reported and fixed.
func ProcessSafe(doc review.Document) (r review.Review, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error processing %s (please report it): %v", doc.Source, p)
		}
	}()
	return Process(doc), nil
}
