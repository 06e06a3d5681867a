package score

import (
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/marquee-film/marquee/internal/review"
)

// Verdicts.
const (
	Positive = "positive"
	Mixed    = "mixed"
	Negative = "negative"
)

// Analysis is what the scorer reads in one review.
type Analysis struct {
	Score      float64 // 0-100
	Verdict    string  // Positive, Mixed or Negative
	Confidence float64 // 0-1
	// Evidence is up to three most positive sentences, strongest first, then
	// up to three most negative, strongest first.
	Evidence  []review.Evidence
	Sentences []review.SentenceScore
	Aspects   map[string]review.AspectSummary
}

// ApplyTo copies the analysis into a review's score fields.
func (a *Analysis) ApplyTo(r *review.Review) {
	if a == nil {
		return
	}
	s, c := a.Score, a.Confidence
	r.Score, r.Confidence, r.Verdict = &s, &c, a.Verdict
	r.Evidence, r.Aspects, r.SentenceScores = a.Evidence, a.Aspects, a.Sentences
}

// scratch is per-call working memory, pooled because the duplicate
// filters are bitsets of 2^HashBits bits.
type scratch struct {
	tokens  []Token
	hashes  []uint64
	docSeen []uint64
	// sentSeen and sentDocSeen filter one sentence's buckets of each
	// model; they are cleared after each sentence through its bucket
	// lists (cheaper than sorting the lists to drop duplicates).
	sentSeen    []uint64
	sentDocSeen []uint64
	touched     []uint32
	sentBuckets []uint32
	docBuckets  []uint32
	spanBuckets []uint32
	tail        []uint64 // word hashes carried from the previous sentence
}

var scratchPool sync.Pool

func (m *Model) getScratch() *scratch {
	docWords, sentWords := bitsetWords(m.doc.hashBits), bitsetWords(m.sentence.hashBits)
	if s, ok := scratchPool.Get().(*scratch); ok && len(s.docSeen) == docWords && len(s.sentSeen) == sentWords {
		return s
	}
	return &scratch{docSeen: make([]uint64, docWords), sentDocSeen: make([]uint64, docWords), sentSeen: make([]uint64, sentWords)}
}

// bitsetWords is the number of words of a bitset with a bit per bucket.
func bitsetWords(hashBits int) int {
	return max(1, 1<<hashBits/64)
}

// Analyze scores a review given as its body sentences. It returns nil when
// lang is not "en" or the text has no words: no score is better than a
// wrong one.
func (m *Model) Analyze(sentences []string, lang string) *Analysis {
	if lang != "en" {
		return nil
	}
	a, _ := m.analyze(sentences)
	return a
}

// analyze is Analyze, also returning the document margin behind the score.
func (m *Model) analyze(sentences []string) (*Analysis, float64) {
	s := m.getScratch()
	defer scratchPool.Put(s)
	s.tail = s.tail[:0]

	maxN := max(m.doc.maxN, m.sentence.maxN)
	docShift, sentShift := 64-m.doc.hashBits, 64-m.sentence.hashBits
	var docSum int64
	words := 0
	out := &Analysis{Sentences: make([]review.SentenceScore, 0, len(sentences))}
	for _, text := range sentences {
		s.tokens = appendTokens(s.tokens[:0], text)
		if len(s.tokens) == 0 {
			continue
		}
		words += len(s.tokens)
		// The document model was trained on whole texts, where n-grams run
		// across sentence ends; the last words of the previous sentence are
		// carried over so its features here are exactly the training ones.
		s.hashes = append(s.hashes[:0], s.tail...)
		carried := len(s.tail)
		for _, t := range s.tokens {
			s.hashes = append(s.hashes, wordHash(t))
		}
		s.sentBuckets, s.docBuckets, s.spanBuckets = s.sentBuckets[:0], s.docBuckets[:0], s.spanBuckets[:0]
		for i := range s.hashes {
			h := uint64(0)
			for n := 1; n <= maxN && i+n <= len(s.hashes); n++ {
				h = ngramStep(h, s.hashes[i+n-1], n)
				if i+n <= carried {
					continue // wholly in the previous sentence: counted there
				}
				mixed := mix(h)
				if i < carried {
					if n <= m.doc.maxN {
						s.spanBuckets = append(s.spanBuckets, uint32(mixed>>docShift))
					}
					continue
				}
				if n <= m.doc.maxN {
					s.docBuckets = append(s.docBuckets, uint32(mixed>>docShift))
				}
				if n <= m.sentence.maxN {
					s.sentBuckets = append(s.sentBuckets, uint32(mixed>>sentShift))
				}
			}
		}
		keep := min(m.doc.maxN-1, len(s.hashes))
		s.tail = append(s.tail[:0], s.hashes[len(s.hashes)-keep:]...)
		// Features are binary: each distinct n-gram counts once per
		// sentence for the sentence's polarity, once per review for its score.
		var sentSum, sentDocSum int64
		for _, b := range s.sentBuckets {
			if s.sentSeen[b>>6]&(1<<(b&63)) == 0 {
				s.sentSeen[b>>6] |= 1 << (b & 63)
				sentSum += int64(m.sentence.weights[b])
			}
		}
		for _, b := range s.sentBuckets {
			s.sentSeen[b>>6] = 0
		}
		for _, b := range s.docBuckets {
			if s.sentDocSeen[b>>6]&(1<<(b&63)) != 0 {
				continue
			}
			s.sentDocSeen[b>>6] |= 1 << (b & 63)
			w := int64(m.doc.weights[b])
			sentDocSum += w
			if s.docSeen[b>>6]&(1<<(b&63)) == 0 {
				s.docSeen[b>>6] |= 1 << (b & 63)
				s.touched = append(s.touched, b)
				docSum += w
			}
		}
		for _, b := range s.docBuckets {
			s.sentDocSeen[b>>6] = 0
		}
		for _, b := range s.spanBuckets {
			if s.docSeen[b>>6]&(1<<(b&63)) == 0 {
				s.docSeen[b>>6] |= 1 << (b & 63)
				s.touched = append(s.touched, b)
				docSum += int64(m.doc.weights[b])
			}
		}
		margin := SentencePolarityMargin(m.sentence.margin(sentSum), m.doc.margin(sentDocSum), m.sentenceDocWeight)
		polarity := math.Tanh(m.sentenceScale * margin)
		out.Sentences = append(out.Sentences, review.SentenceScore{Text: text, Polarity: round3(polarity), Aspects: aspectsOf(s.tokens, s.hashes[carried:])})
	}
	for _, b := range s.touched {
		s.docSeen[b>>6] = 0
	}
	s.touched = s.touched[:0]
	if words == 0 {
		return nil, 0
	}
	margin := m.doc.margin(docSum)
	score, p := m.calibration.Apply(margin), m.platt.Probability(margin)
	if w := ShortWeight(words, m.shortFull, m.shortZero); w > 0 {
		// Joined by line breaks, the sentences tokenise as they did one by
		// one (a line break ends a negation's scope).
		sm := m.SentenceMargin(strings.Join(sentences, "\n"))
		score = BlendShort(score, m.short.Calibration.Apply(sm), w)
		p = BlendShort(p, m.short.Platt.Probability(sm), w)
	}
	out.Score = round3(score)
	out.Verdict = [...]string{Negative, Mixed, Positive}[VerdictClass(out.Score, m.verdictLow, m.verdictHigh)]
	// A long review says more than a one-liner with the same margin.
	lengthWeight := float64(words) / float64(words+40)
	out.Confidence = round3(math.Abs(2*p-1) * lengthWeight)
	out.Evidence = evidence(out.Sentences)
	out.Aspects = rollUp(out.Sentences)
	return out, margin
}

// ngramStep extends the hash of an (n-1)-gram by one word.
func ngramStep(h, word uint64, n int) uint64 {
	return (h<<23 | h>>41) ^ word ^ uint64(n)*0x9e3779b97f4a7c15
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// evidenceCount is how many sentences of each polarity Evidence shows.
const evidenceCount = 3

func evidence(sentences []review.SentenceScore) []review.Evidence {
	order := make([]int, len(sentences))
	for i := range order {
		order[i] = i
	}
	// Stable on index so equal polarities keep reading order.
	slices.SortStableFunc(order, func(a, b int) int {
		pa, pb := sentences[a].Polarity, sentences[b].Polarity
		switch {
		case pa > pb:
			return -1
		case pa < pb:
			return 1
		}
		return 0
	})
	out := []review.Evidence{}
	for _, i := range order {
		if len(out) == evidenceCount || sentences[i].Polarity <= 0 {
			break
		}
		out = append(out, review.Evidence{Text: sentences[i].Text, Polarity: sentences[i].Polarity})
	}
	positives := len(out)
	for k := len(order) - 1; k >= 0; k-- {
		i := order[k]
		if len(out)-positives == evidenceCount || sentences[i].Polarity >= 0 {
			break
		}
		out = append(out, review.Evidence{Text: sentences[i].Text, Polarity: sentences[i].Polarity})
	}
	return out
}
