package corpus

import (
	"context"
	"fmt"

	"github.com/marquee-film/marquee/internal/score"
)

// TrainingData assembles what the production model learns from:
//   - documents: IMDB train and test (50,000 user reviews) and Pang & Lee
//     polarity v2.0 (2,000 critics' reviews), minus the polarity posts that
//     are also in the scale dataset;
//   - sentences: Pang & Lee sentence polarity (MR) and SST-2 train phrases;
//   - rated: the scale dataset's three critics, for the score calibration;
//   - short held-out: the SST dev sentences that are not neutral, for the
//     short-text path (their MR copies are left out of the sentences).
//
// The production model may use every split; `marquee eval` trains its own
// models per protocol and never uses this.
func TrainingData(ctx context.Context, root string) (score.TrainingData, Summary, error) {
	var data score.TrainingData
	var sum Summary
	scale, err := Scale(ctx, root)
	if err != nil {
		return data, sum, fmt.Errorf("training data: %w", err)
	}
	scalePosts := map[string]bool{}
	for _, r := range scale {
		scalePosts[r.Group] = true
		data.Rated = append(data.Rated, score.RatedExample{Text: r.Text, Rating: r.Rating, Class: r.Class})
	}
	sum.add("scale (rated, calibration)", len(scale))

	imdb, err := IMDB(ctx, root)
	if err != nil {
		return data, sum, fmt.Errorf("training data: %w", err)
	}
	for _, r := range imdb {
		data.Documents = append(data.Documents, score.Example{Text: r.Text, Positive: r.Positive})
	}
	sum.add("imdb train+test (documents)", len(imdb))

	pol, err := PolarityV2(ctx, root)
	if err != nil {
		return data, sum, fmt.Errorf("training data: %w", err)
	}
	kept := 0
	for _, r := range pol {
		if scalePosts[r.Group] {
			continue
		}
		data.Documents = append(data.Documents, score.Example{Text: r.Text, Positive: r.Positive})
		kept++
	}
	sum.add("polarity v2.0 minus scale overlap (documents)", kept)

	// The SST dev sentences (positive or negative, not neutral) calibrate
	// the short-text path, so the sentence model must not see them: SST
	// was built from MR's snippets, so they are dropped from MR.
	sst5, err := SSTSentences(ctx, root)
	if err != nil {
		return data, sum, fmt.Errorf("training data: %w", err)
	}
	heldOut := map[string]bool{}
	for _, r := range sst5 {
		if r.Split == "dev" && r.Class != 2 {
			heldOut[Fingerprint(r.Text)] = true
			data.ShortHeldOut = append(data.ShortHeldOut, score.Example{Text: r.Text, Positive: r.Positive})
		}
	}
	sum.add("sst dev sentences, not neutral (short-path calibration)", len(data.ShortHeldOut))

	mr, err := SentencePolarity(ctx, root)
	if err != nil {
		return data, sum, fmt.Errorf("training data: %w", err)
	}
	kept = 0
	for _, r := range mr {
		if heldOut[Fingerprint(r.Text)] {
			continue
		}
		data.Sentences = append(data.Sentences, score.Example{Text: r.Text, Positive: r.Positive})
		kept++
	}
	sum.add("sentence polarity v1.0 minus sst dev (sentences)", kept)

	sst, err := SST2(ctx, root, "train")
	if err != nil {
		return data, sum, fmt.Errorf("training data: %w", err)
	}
	kept = 0
	for _, r := range sst {
		// A few train phrases are whole dev sentences ("a good film").
		if heldOut[Fingerprint(r.Text)] {
			continue
		}
		data.Sentences = append(data.Sentences, score.Example{Text: r.Text, Positive: r.Positive})
		kept++
	}
	sum.add("sst-2 train phrases minus sst dev sentences (sentences)", kept)
	return data, sum, nil
}

// Summary lists the datasets a training run used, in order.
type Summary []SummaryLine

// SummaryLine is one dataset and how many records of it were used.
type SummaryLine struct {
	Dataset string
	Records int
}

func (s *Summary) add(name string, n int) { *s = append(*s, SummaryLine{name, n}) }
