package queue

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/marquee-film/marquee/internal/review"
)

// inventedDocuments returns n made-up reviews, each with its own text.
func inventedDocuments(n int) []review.Document {
	published := time.Date(2024, 3, 9, 0, 0, 0, 0, time.UTC)
	value, best := 3.5, 4.0
	docs := make([]review.Document, n)
	for i := range docs {
		docs[i] = review.Document{
			Source:      fmt.Sprintf("invented.jsonl#line=%d", i+1),
			Format:      review.FormatJSONL,
			Text:        fmt.Sprintf("Review %d. The Lantern Keepers is a patient, foggy chamber piece; Ida Morrow's lighthouse keeper carries it.", i),
			Author:      "Tomas Vell",
			Publication: "The Quayside Courier",
			Published:   &published,
			FilmTitle:   "The Lantern Keepers",
			FilmYear:    2023,
			FilmIDs:     map[string]string{"imdb": "tt0000001"},
			RatingRaw:   "3.5/4",
			RatingValue: &value,
			RatingBest:  &best,
			Extra:       map[string]string{"corpus_id": fmt.Sprint(i)},
		}
	}
	return docs
}

func TestProcessArgsRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		docs []review.Document
	}{
		{"one", inventedDocuments(1)},
		{"full batch", inventedDocuments(BatchSize)},
		{"bare document", []review.Document{{Source: "-", Format: review.FormatText, Text: "Short and sweet."}}},
		// jsonb refuses \u0000; the payload must carry it anyway.
		{"NUL in text", []review.Document{{Source: "a.jsonl#line=1", Format: review.FormatJSONL, Text: "before\x00after", Headline: "nul\x00"}}},
		{"other scripts and controls", []review.Document{{Source: "b", Format: review.FormatText, Text: "東京物語は静かな映画だ。\u202e\x1b[31m <script>alert(1)</script>"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args, err := NewProcessArgs(tc.docs)
			if err != nil {
				t.Fatal(err)
			}
			if args.Documents != len(tc.docs) || len(args.Key) != 64 {
				t.Fatalf("args %d documents, key %q", args.Documents, args.Key)
			}
			got, err := args.DecodeDocuments()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.docs) {
				t.Fatalf("round trip changed the documents:\n got %+v\nwant %+v", got, tc.docs)
			}
		})
	}
}

func TestProcessArgsKey(t *testing.T) {
	docs := inventedDocuments(3)
	a, _ := NewProcessArgs(docs)
	b, _ := NewProcessArgs(inventedDocuments(3))
	if a.Key != b.Key || !bytes.Equal(a.Payload, b.Payload) {
		t.Fatal("the same documents gave different keys or payloads")
	}
	changed := inventedDocuments(3)
	changed[2].Text += " One more sentence."
	c, _ := NewProcessArgs(changed)
	reordered := []review.Document{docs[1], docs[0], docs[2]}
	d, _ := NewProcessArgs(reordered)
	if c.Key == a.Key || d.Key == a.Key || c.Key == d.Key {
		t.Fatalf("different batches share a key: %s %s %s", a.Key, c.Key, d.Key)
	}
}

func gzipped(t *testing.T, data string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write([]byte(data)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDecodeDocumentsRejectsCorruptPayloads(t *testing.T) {
	good, err := NewProcessArgs(inventedDocuments(2))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args ProcessArgs
	}{
		{"empty payload", ProcessArgs{Key: good.Key, Documents: 2}},
		{"not gzip", ProcessArgs{Key: good.Key, Documents: 2, Payload: []byte("[{}]")}},
		{"truncated gzip", ProcessArgs{Key: good.Key, Documents: 2, Payload: good.Payload[:len(good.Payload)/2]}},
		{"wrong key", ProcessArgs{Key: sha256Hex([]byte("other")), Documents: 2, Payload: good.Payload}},
		{"wrong count", ProcessArgs{Key: good.Key, Documents: 3, Payload: good.Payload}},
		{"not JSON", ProcessArgs{Key: sha256Hex([]byte("nope")), Documents: 0, Payload: gzipped(t, "nope")}},
		{"not an array", ProcessArgs{Key: sha256Hex([]byte(`{"Text":"x"}`)), Documents: 1, Payload: gzipped(t, `{"Text":"x"}`)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			docs, err := tc.args.DecodeDocuments()
			if !errors.Is(err, errCorruptPayload) {
				t.Fatalf("got %d documents, error %v; want a corrupt payload error", len(docs), err)
			}
		})
	}
}

func FuzzDecodeDocuments(f *testing.F) {
	good, err := NewProcessArgs(inventedDocuments(2))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good.Payload, 2)
	f.Add([]byte{}, 0)
	f.Add([]byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"), 1)
	f.Fuzz(func(t *testing.T, payload []byte, n int) {
		// The key is computed from whatever the payload decompresses to,
		// so the fuzzer reaches the JSON decoding too.
		args := ProcessArgs{Documents: n, Payload: payload}
		if zr, err := gzip.NewReader(bytes.NewReader(payload)); err == nil {
			var plain bytes.Buffer
			if _, err := plain.ReadFrom(zr); err == nil {
				args.Key = sha256Hex(plain.Bytes())
			}
		}
		docs, err := args.DecodeDocuments()
		if err != nil {
			if !errors.Is(err, errCorruptPayload) {
				t.Fatalf("error without the corrupt payload mark: %v", err)
			}
			return
		}
		if len(docs) != n {
			t.Fatalf("%d documents, the args say %d", len(docs), n)
		}
	})
}

func BenchmarkProcessArgs(b *testing.B) {
	docs := inventedDocuments(BatchSize)
	b.ReportAllocs()
	for b.Loop() {
		args, err := NewProcessArgs(docs)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := args.DecodeDocuments(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*BatchSize)/b.Elapsed().Seconds(), "documents/s")
}
