package score

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// inventedCorpus is a small corpus we wrote ourselves: enough for the
// models to learn which words are positive.
func inventedCorpus() TrainingData {
	good := []string{"wonderful", "superb", "moving", "brilliant", "delightful", "gripping", "masterful", "gorgeous"}
	bad := []string{"dull", "tedious", "clumsy", "boring", "awful", "lifeless", "incoherent", "ugly"}
	things := []string{"film", "cast", "script", "score", "direction", "story", "camera work", "ending"}
	var d TrainingData
	for i := 0; i < 240; i++ {
		g, b, th := good[i%len(good)], bad[(i*3)%len(bad)], things[(i*5)%len(things)]
		g2, b2 := good[(i+3)%len(good)], bad[(i+5)%len(bad)]
		pos := fmt.Sprintf("The %s is %s and %s. A %s piece of work that I would see again.", th, g, g2, g)
		neg := fmt.Sprintf("The %s is %s and %s. A %s piece of work that I would not see again.", th, b, b2, b)
		d.Documents = append(d.Documents, Example{pos, true}, Example{neg, false})
		d.Sentences = append(d.Sentences, Example{fmt.Sprintf("%s and %s", g, g2), true}, Example{fmt.Sprintf("%s and %s", b, b2), false})
		mixed := fmt.Sprintf("The %s is %s but the %s is %s.", th, g, things[(i+1)%len(things)], b)
		d.Rated = append(d.Rated, RatedExample{pos, 0.8 + 0.02*float64(i%10), -1}, RatedExample{neg, 0.1 + 0.02*float64(i%10), -1}, RatedExample{mixed, 0.5, -1})
		if i%4 == 0 {
			d.ShortHeldOut = append(d.ShortHeldOut, Example{fmt.Sprintf("A %s %s.", g2, th), true}, Example{fmt.Sprintf("A %s %s.", b2, th), false})
		}
	}
	return d
}

func smallConfig(seed uint64) Config {
	c := DefaultConfig(seed)
	c.Document.HashBits, c.Sentence.HashBits = 14, 12
	return c
}

func TestTrainIsDeterministic(t *testing.T) {
	data := inventedCorpus()
	var models [][]byte
	for i := 0; i < 2; i++ {
		m, err := Train(context.Background(), data, smallConfig(7))
		if err != nil {
			t.Fatal(err)
		}
		b, err := m.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		models = append(models, b)
	}
	if !bytes.Equal(models[0], models[1]) {
		t.Fatal("two trainings with the same seed gave different bytes")
	}
	other, err := Train(context.Background(), data, smallConfig(8))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := other.MarshalBinary()
	if bytes.Equal(b, models[0]) {
		t.Log("a different seed gave the same bytes (possible on separable data, not an error)")
	}
}

func TestTrainedModelReadsPolarity(t *testing.T) {
	m, err := Train(context.Background(), inventedCorpus(), smallConfig(1))
	if err != nil {
		t.Fatal(err)
	}
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := Load(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		sentences []string
		verdict   string
	}{
		{[]string{"The story is wonderful and gripping.", "A masterful piece of work that I would see again."}, Positive},
		{[]string{"The script is dull and tedious.", "A lifeless piece of work that I would not see again."}, Negative},
	} {
		a := loaded.Analyze(tc.sentences, "en")
		if a == nil {
			t.Fatalf("Analyze(%q) = nil", tc.sentences)
		}
		if a.Verdict != tc.verdict {
			t.Errorf("Analyze(%q) verdict %s (score %.1f), want %s", tc.sentences, a.Verdict, a.Score, tc.verdict)
		}
		if a.Score < 0 || a.Score > 100 || a.Confidence < 0 || a.Confidence > 1 {
			t.Errorf("score %g / confidence %g out of range", a.Score, a.Confidence)
		}
	}
}

func TestTrainRejectsBadInput(t *testing.T) {
	data := inventedCorpus()
	oneClass := data
	oneClass.Documents = []Example{{"good", true}, {"fine", true}}
	if _, err := Train(context.Background(), oneClass, smallConfig(1)); err == nil {
		t.Error("Train accepted documents of one class")
	}
	noRated := data
	noRated.Rated = nil
	if _, err := Train(context.Background(), noRated, smallConfig(1)); err == nil {
		t.Error("Train accepted no rated examples")
	}
	bad := smallConfig(1)
	bad.Document.C = 0
	if _, err := Train(context.Background(), data, bad); err == nil {
		t.Error("Train accepted C = 0")
	}
}

func TestLoadRejectsCorruptModels(t *testing.T) {
	m, err := Train(context.Background(), inventedCorpus(), smallConfig(1))
	if err != nil {
		t.Fatal(err)
	}
	good, _ := m.MarshalBinary()
	for name, data := range map[string][]byte{
		"empty":          nil,
		"bad magic":      []byte("NOTAMODEL"),
		"truncated":      good[:len(good)/2],
		"short":          append(modelMagic[:], 14),
		"trailing bytes": append(append([]byte{}, good...), 0),
		"bad hash bits":  append(modelMagic[:], 40, 1, 0, 0, 0, 0, 0, 0, 0, 0),
	} {
		if _, err := Load(data); err == nil {
			t.Errorf("%s: Load accepted it", name)
		}
	}
}

func FuzzLoad(f *testing.F) {
	f.Add([]byte{})
	f.Add(modelMagic[:])
	f.Add(append(modelMagic[:], 8, 1, 0, 0, 0, 0))
	if m, err := Train(context.Background(), inventedCorpus(), smallConfig(1)); err == nil {
		if b, err := m.MarshalBinary(); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Load(data)
		if err == nil && m == nil {
			t.Fatal("nil model without error")
		}
	})
}

func TestCalibration(t *testing.T) {
	c, err := FitIsotonic([]float64{-2, -1, 0, 1, 2, 3}, []float64{10, 30, 20, 60, 80, 70})
	if err != nil {
		t.Fatal(err)
	}
	prev := -1.0
	for m := -4.0; m <= 4; m += 0.25 {
		s := c.Apply(m)
		if s < prev || s < 0 || s > 100 {
			t.Fatalf("Apply(%g) = %g after %g: not monotone in 0..100", m, s, prev)
		}
		prev = s
	}
	if got := c.Apply(-10); got != 10 {
		t.Errorf("below the range: %g, want 10", got)
	}
	if _, err := FitIsotonic([]float64{1}, []float64{1}); err == nil {
		t.Error("fitted one point")
	}
	p, err := FitPlatt([]float64{-2, -1, -0.5, 0.5, 1, 2}, []bool{false, false, true, false, true, true})
	if err != nil {
		t.Fatal(err)
	}
	if !(p.Probability(2) > 0.5 && p.Probability(-2) < 0.5) {
		t.Errorf("Platt %+v does not order margins", p)
	}
}

func TestAnalyzeRefusesOtherLanguagesAndEmptyText(t *testing.T) {
	m := loadDefault(t)
	if a := m.Analyze([]string{"Un film magnifique."}, "fr"); a != nil {
		t.Errorf("French text scored: %+v", a)
	}
	if a := m.Analyze([]string{"Great film."}, ""); a != nil {
		t.Errorf("undetected language scored: %+v", a)
	}
	if a := m.Analyze(nil, "en"); a != nil {
		t.Errorf("no sentences scored: %+v", a)
	}
	if a := m.Analyze([]string{"  ", "—"}, "en"); a != nil {
		t.Errorf("no words scored: %+v", a)
	}
}

func loadDefault(t testing.TB) *Model {
	t.Helper()
	m, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	return m
}

// A negative review we wrote ourselves.
var negativeReview = []string{
	"Midnight Harbor is a tedious, clumsy thriller that wastes a capable cast.",
	"The script lurches from one cliché to the next, and the dialogue is laughable.",
	"Director Sam Okafor has no feel for suspense; every twist is telegraphed a mile away.",
	"The lead performance is wooden, and the supporting players look bored.",
	"At two and a half hours it drags unbearably, and the editing is a mess.",
	"I can't think of a single reason to recommend it.",
	"Avoid.",
}

func TestNegativeReviewIsNegative(t *testing.T) {
	a := loadDefault(t).Analyze(negativeReview, "en")
	if a == nil {
		t.Fatal("Analyze = nil")
	}
	if a.Verdict != Negative || a.Score >= 40 {
		t.Errorf("verdict %s, score %.1f: want negative below 40", a.Verdict, a.Score)
	}
	var negatives int
	for _, e := range a.Evidence {
		if e.Polarity < 0 {
			negatives++
		}
	}
	if negatives == 0 {
		t.Errorf("no negative evidence: %+v", a.Evidence)
	}
	for _, aspect := range []string{AspectActing, AspectWriting, AspectDirection, AspectEditing} {
		s, ok := a.Aspects[aspect]
		if !ok || s.Sentences == 0 {
			t.Errorf("aspect %s missing: %+v", aspect, a.Aspects)
			continue
		}
		if s.Polarity >= 0 {
			t.Errorf("aspect %s polarity %.2f, want negative", aspect, s.Polarity)
		}
	}
}

// sharedDir finds ../../shared relative to this package (the repository's
// parent holds shared/). Tests that need it skip when it is absent, except
// in CI, where its absence is a failure.
func sharedDir(t *testing.T, parts ...string) string {
	t.Helper()
	dir := filepath.Join(append([]string{"..", "..", "..", "shared"}, parts...)...)
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared data missing in CI: %v", err)
		}
		t.Skipf("shared data not present: %v", err)
	}
	return dir
}

// sentenceEnd splits test inputs into sentences; the real splitter is
// extract's job, and the scorer must not depend on how good it is.
var sentenceEnd = regexp.MustCompile(`[^.!?\n]+[.!?]*`)

func TestSeedsArePositive(t *testing.T) {
	dir := sharedDir(t, "seeds")
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no seeds in %s: %v", dir, err)
	}
	m := loadDefault(t)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var sentences []string
		for _, s := range sentenceEnd.FindAllString(string(b), -1) {
			if s = strings.TrimSpace(s); s != "" {
				sentences = append(sentences, s)
			}
		}
		a := m.Analyze(sentences, "en")
		if a == nil {
			t.Fatalf("%s: Analyze = nil", filepath.Base(f))
		}
		if a.Verdict != Positive {
			t.Errorf("%s: verdict %s (score %.1f), want positive", filepath.Base(f), a.Verdict, a.Score)
		}
		if a.Confidence < 0.5 {
			t.Errorf("%s: confidence %.2f for a long, clearly positive review", filepath.Base(f), a.Confidence)
		}
		// Sensible evidence: the strongest evidence is positive, comes
		// from the review, and there are at most 3 of each polarity.
		if len(a.Evidence) == 0 || a.Evidence[0].Polarity <= 0.5 {
			t.Errorf("%s: evidence %+v does not lead with a clearly positive sentence", filepath.Base(f), a.Evidence)
		}
		var pos, neg int
		for _, e := range a.Evidence {
			if !strings.Contains(string(b), e.Text) {
				t.Errorf("%s: evidence %q is not from the review", filepath.Base(f), e.Text)
			}
			if e.Polarity > 0 {
				pos++
			} else {
				neg++
			}
		}
		if pos > 3 || neg > 3 {
			t.Errorf("%s: %d positive and %d negative evidence sentences", filepath.Base(f), pos, neg)
		}
		if s, ok := a.Aspects[AspectActing]; !ok || s.Polarity <= 0 {
			t.Errorf("%s: acting aspect %+v, want positive (every seed praises the lead)", filepath.Base(f), s)
		}
	}
}

func TestEmbeddedModelSize(t *testing.T) {
	if n := len(embeddedModel); n > 25<<20 {
		t.Errorf("embedded model is %d bytes, over 25 MB", n)
	}
}

// sevenKB is an invented review of about 7 KB.
func sevenKB() []string {
	base := append(append([]string{}, negativeReview...),
		"Yet the cinematography is gorgeous and the score soars.",
		"Her performance is a marvel of restraint, and the final scene is genuinely moving.",
		"It is not a film I will forget soon, for better and for worse.")
	var out []string
	size := 0
	for size < 7000 {
		for _, s := range base {
			out = append(out, s)
			size += len(s) + 1
		}
	}
	return out
}

func BenchmarkAnalyze(b *testing.B) {
	m := loadDefault(b)
	review := sevenKB()
	bytes := 0
	for _, s := range review {
		bytes += len(s) + 1
	}
	b.SetBytes(int64(bytes))
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if m.Analyze(review, "en") == nil {
				b.Fatal("nil analysis")
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reviews/s")
}

// BenchmarkLoad measures decoding the embedded model (what Default does
// once) and reports the heap it holds.
func BenchmarkLoad(b *testing.B) {
	var m *Model
	for i := 0; i < b.N; i++ {
		var err error
		if m, err = Load(embeddedModel); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MiB")
	b.ReportMetric(float64(len(embeddedModel))/(1<<20), "file-MiB")
	if math.IsNaN(m.platt.A) {
		b.Fatal("NaN model")
	}
}

func FuzzAnalyze(f *testing.F) {
	f.Add("A wonderful film.", "Not good at all!")
	f.Add("\xff\xfe\x00", "<br /><br />")
	f.Add("", "—")
	m, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		res := m.Analyze([]string{a, b}, "en")
		if res == nil {
			return
		}
		if res.Score < 0 || res.Score > 100 || res.Confidence < 0 || res.Confidence > 1 || math.IsNaN(res.Score) {
			t.Fatalf("score %g confidence %g", res.Score, res.Confidence)
		}
		if len(res.Evidence) > 2*evidenceCount {
			t.Fatalf("%d evidence sentences", len(res.Evidence))
		}
		for _, s := range res.Sentences {
			if s.Polarity < -1 || s.Polarity > 1 || len(s.Aspects) == 0 {
				t.Fatalf("sentence %+v", s)
			}
		}
	})
}

func TestAnalyzeHostileInput(t *testing.T) {
	m := loadDefault(t)
	huge := strings.Repeat("great ", 200000) // 1.2 MB in one "sentence"
	for name, in := range map[string][]string{
		"binary":  {"\x00\x01\x02\xff\xfe", "\x89PNG\r\n\x1a\n"},
		"huge":    {huge},
		"script":  {"<script>alert('x')</script> A fine film."},
		"spaces":  {"   ", "\t\n"},
		"numbers": {"3.5/4", "★★★★"},
	} {
		a := m.Analyze(in, "en")
		if a == nil {
			continue
		}
		if a.Score < 0 || a.Score > 100 || math.IsNaN(a.Confidence) {
			t.Errorf("%s: score %g confidence %g", name, a.Score, a.Confidence)
		}
	}
}

// TestAnalyzeScoresLikeTraining checks that Analyze, which works sentence
// by sentence, sees exactly the document features training saw in the
// whole text.
func TestAnalyzeScoresLikeTraining(t *testing.T) {
	m := loadDefault(t)
	for _, sentences := range [][]string{
		negativeReview,
		sevenKB(),
		{"Not good", "at all, but the cast is fine"},
		{"One.", "", "Two words.", "—", "Three more words here!"},
	} {
		_, got := m.analyze(sentences)
		if want := m.DocumentMargin(strings.Join(sentences, "\n")); got != want {
			t.Errorf("Analyze margin %v, whole-text margin %v for %q", got, want, sentences[0])
		}
	}
}
