// Package score reads the sentiment of a review's text: a 0-100 score, a
// verdict, a confidence, the sentences that carry it, and how the review
// judges each aspect of the film (acting, direction, writing, …).
//
// Two NBSVM classifiers (Wang & Manning 2012) over hashed word n-grams do the
// work: a document model trained on full reviews gives the score, and a
// sentence model trained on critics' one-sentence snippets gives each
// sentence's polarity. The document model's margin becomes a 0-100 score
// through an isotonic map fitted on critics' own ratings. Both are trained
// by this package (see Train) and embedded in the binary (see Default).
package score

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"
)

// Model is a trained scorer. It is safe for concurrent use.
type Model struct {
	doc      quantized
	sentence quantized
	// calibration maps the document margin to a 0-100 score.
	calibration Calibration
	// platt maps the document margin to P(positive), for the confidence.
	platt Platt
	// sentenceScale turns a sentence margin into a polarity, tanh(scale·m).
	sentenceScale float64
	// sentenceDocWeight adds the document model's margin on the sentence
	// to the sentence model's: trained on 50,000 full reviews, it knows
	// far more words than the sentence data has.
	sentenceDocWeight float64
	// Scores below verdictLow are negative, above verdictHigh positive.
	verdictLow, verdictHigh float64
	// short scores short texts from their sentence polarity margin, with
	// weight ShortWeight(words, shortFull, shortZero).
	short                ShortPath
	shortFull, shortZero float64
}

// quantized is a Linear with weights stored as int16 × scale: a quarter of
// the float64 size, and a sum of int16s is exact.
type quantized struct {
	hashBits, maxN int
	scale          float32
	bias           float32
	weights        []int16
}

func quantize(l *Linear) quantized {
	var maxAbs float64
	for _, w := range l.Weights {
		maxAbs = math.Max(maxAbs, math.Abs(float64(w)))
	}
	q := quantized{hashBits: l.HashBits, maxN: l.MaxN, bias: l.Bias, weights: make([]int16, len(l.Weights))}
	if maxAbs == 0 {
		q.scale = 1
		return q
	}
	q.scale = float32(maxAbs / math.MaxInt16)
	for i, w := range l.Weights {
		q.weights[i] = int16(math.Round(float64(w) / float64(q.scale)))
	}
	return q
}

func (q *quantized) margin(sum int64) float64 {
	return float64(sum)*float64(q.scale) + float64(q.bias)
}

var modelMagic = [8]byte{'M', 'Q', 'S', 'C', 'O', 'R', 'E', '3'}

// MarshalBinary encodes the model as little-endian binary. The encoding
// has no timestamps or map iteration, so equal models give equal bytes. It
// is not compressed: most weights are non-zero, gzip saved only half and
// made loading take over 200 ms.
func (m *Model) MarshalBinary() ([]byte, error) {
	var raw bytes.Buffer
	raw.Write(modelMagic[:])
	for _, q := range []*quantized{&m.doc, &m.sentence} {
		raw.WriteByte(byte(q.hashBits))
		raw.WriteByte(byte(q.maxN))
		writeLE(&raw, q.scale)
		writeLE(&raw, q.bias)
		buf := make([]byte, 2*len(q.weights))
		for i, w := range q.weights {
			binary.LittleEndian.PutUint16(buf[2*i:], uint16(w))
		}
		raw.Write(buf)
	}
	writeCalibration(&raw, m.calibration)
	for _, f := range []float64{m.platt.A, m.platt.B, m.sentenceScale, m.sentenceDocWeight, m.verdictLow, m.verdictHigh} {
		writeLE(&raw, f)
	}
	writeCalibration(&raw, m.short.Calibration)
	for _, f := range []float64{m.short.Platt.A, m.short.Platt.B, m.shortFull, m.shortZero} {
		writeLE(&raw, f)
	}
	return raw.Bytes(), nil
}

func writeCalibration(w *bytes.Buffer, c Calibration) {
	writeLE(w, uint32(len(c.X)))
	for i := range c.X {
		writeLE(w, c.X[i])
		writeLE(w, c.Y[i])
	}
}

func writeLE(w *bytes.Buffer, v any) {
	// Writing to a bytes.Buffer cannot fail.
	_ = binary.Write(w, binary.LittleEndian, v)
}

// Load decodes a model written by MarshalBinary. It copies what it needs,
// so data may be reused afterwards.
func Load(raw []byte) (*Model, error) {
	r := &reader{buf: raw}
	var magic [8]byte
	copy(magic[:], r.next(8))
	if r.err != nil || magic != modelMagic {
		return nil, errors.New("not a Marquee score model (bad magic)")
	}
	m := &Model{}
	for _, q := range []*quantized{&m.doc, &m.sentence} {
		hdr := r.next(2)
		if r.err != nil {
			break
		}
		q.hashBits, q.maxN = int(hdr[0]), int(hdr[1])
		if q.hashBits < 8 || q.hashBits > 26 || q.maxN < 1 || q.maxN > 4 {
			return nil, fmt.Errorf("model header: hash bits %d, n-gram order %d", q.hashBits, q.maxN)
		}
		q.scale = math.Float32frombits(r.uint32())
		q.bias = math.Float32frombits(r.uint32())
		body := r.next(2 << q.hashBits)
		if r.err != nil {
			break
		}
		q.weights = make([]int16, 1<<q.hashBits)
		for i := range q.weights {
			q.weights[i] = int16(binary.LittleEndian.Uint16(body[2*i:]))
		}
	}
	var err error
	if m.calibration, err = r.calibration(); err != nil {
		return nil, fmt.Errorf("model calibration: %w", err)
	}
	m.platt.A, m.platt.B = r.float64(), r.float64()
	m.sentenceScale = r.float64()
	m.sentenceDocWeight = r.float64()
	m.verdictLow, m.verdictHigh = r.float64(), r.float64()
	if m.short.Calibration, err = r.calibration(); err != nil {
		return nil, fmt.Errorf("model short-text calibration: %w", err)
	}
	m.short.Platt.A, m.short.Platt.B = r.float64(), r.float64()
	m.shortFull, m.shortZero = r.float64(), r.float64()
	if r.err != nil {
		return nil, fmt.Errorf("model truncated: %w", r.err)
	}
	if len(r.buf) != 0 {
		return nil, fmt.Errorf("model has %d trailing bytes", len(r.buf))
	}
	return m, nil
}

type reader struct {
	buf []byte
	err error
}

func (r *reader) next(n int) []byte {
	if r.err != nil {
		return nil
	}
	if len(r.buf) < n {
		r.err = io.ErrUnexpectedEOF
		return nil
	}
	b := r.buf[:n]
	r.buf = r.buf[n:]
	return b
}

// calibration reads knots written by writeCalibration, checking that
// they are a calibration Apply can use.
func (r *reader) calibration() (Calibration, error) {
	var c Calibration
	n := int(r.uint32())
	if r.err == nil && (n > 1<<20 || n > len(r.buf)/16) {
		return c, fmt.Errorf("%d knots", n)
	}
	for i := 0; i < n && r.err == nil; i++ {
		x, y := r.float64(), r.float64()
		if math.IsNaN(x) || math.IsNaN(y) || (i > 0 && !(x > c.X[i-1])) {
			return c, fmt.Errorf("knot %d (%g, %g) out of order", i, x, y)
		}
		c.X = append(c.X, x)
		c.Y = append(c.Y, y)
	}
	return c, nil
}

func (r *reader) uint32() uint32 {
	b := r.next(4)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint32(b)
}

func (r *reader) float64() float64 {
	b := r.next(8)
	if b == nil {
		return 0
	}
	return math.Float64frombits(binary.LittleEndian.Uint64(b))
}

//go:embed model/score.model
var embeddedModel []byte

var (
	defaultOnce  sync.Once
	defaultModel *Model
	defaultErr   error
)

// Default returns the model embedded in the binary, decoding it on first use.
func Default() (*Model, error) {
	defaultOnce.Do(func() {
		defaultModel, defaultErr = Load(embeddedModel)
		if defaultErr != nil {
			defaultErr = fmt.Errorf("load embedded score model: %w", defaultErr)
		}
	})
	return defaultModel, defaultErr
}
