package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// bigText returns n bytes of varied text (so that gzip does not shrink it
// to nothing), without newlines.
func bigText(n int) []byte {
	var b bytes.Buffer
	b.Grow(n + 64)
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "word%d ", i*7919%100003)
	}
	return b.Bytes()[:n]
}

func TestOversizedInputs(t *testing.T) {
	dir := t.TempDir()
	huge := bigText(25 << 20)

	t.Run("text file over the limit", func(t *testing.T) {
		path := filepath.Join(dir, "huge.txt")
		writeFile(t, path, bigText(MaxFileSize+1))
		checkResult(t, readPath(t, path), 0, []string{"too large: 20971521 bytes, the limit for text files is 20971520"})
	})
	t.Run("text file at the limit", func(t *testing.T) {
		// Read whole, then refused for its text, not for its size.
		path := filepath.Join(dir, "limit.txt")
		writeFile(t, path, bigText(MaxFileSize))
		checkResult(t, readPath(t, path), 0, []string{"limit.txt: text too long: 20971520 bytes of text, the limit for one review is 2097152"})
	})
	t.Run("text at the text limit", func(t *testing.T) {
		path := filepath.Join(dir, "text-limit.txt")
		writeFile(t, path, bigText(MaxTextSize))
		checkResult(t, readPath(t, path), 1, nil)
		writeFile(t, path, bigText(MaxTextSize+1))
		checkResult(t, readPath(t, path), 0, []string{"text-limit.txt: text too long: 2097153 bytes of text, the limit for one review is 2097152"})
	})
	t.Run("JSON Lines record with a text over the text limit", func(t *testing.T) {
		var b bytes.Buffer
		b.WriteString(`{"text":"`)
		b.Write(bigText(MaxTextSize + 1))
		b.WriteString(`"}` + "\n" + `{"text":"after"}` + "\n")
		path := filepath.Join(dir, "long-text.jsonl")
		writeFile(t, path, b.Bytes())
		checkResult(t, readPath(t, path), 1, []string{"long-text.jsonl#line=1: text too long: 2097153 bytes of text"})
	})
	t.Run("gzipped text over the limit", func(t *testing.T) {
		path := filepath.Join(dir, "huge.md.gz")
		writeFile(t, path, gzipBytes(t, bigText(MaxFileSize+1)))
		checkResult(t, readPath(t, path), 0, []string{"too large: more than 20971520 bytes, the limit for Markdown files"})
	})
	t.Run("JSON Lines with a 25 MB line", func(t *testing.T) {
		var b bytes.Buffer
		b.WriteString(`{"text":"before"}` + "\n" + `{"text":"`)
		b.Write(huge)
		b.WriteString(`"}` + "\n" + `{"text":"after"}` + "\n")
		path := filepath.Join(dir, "long.jsonl")
		writeFile(t, path, b.Bytes())
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		res := readPath(t, path)
		checkResult(t, res, 2, []string{"long.jsonl#line=2: record too large: line 2 is longer than 20971520 bytes"})
		if res.docs[1].Text != "after" || res.docs[1].Source != path+"#line=3" {
			t.Errorf("the line after the long one: %+v", res.docs[1])
		}
	})
	t.Run("CSV with a 25 MB field", func(t *testing.T) {
		var b bytes.Buffer
		b.WriteString("author,text\nAnn,before\nBo,\"")
		b.Write(huge[:12<<20])
		b.WriteString("\n\"\"quoted\"\" and a newline\n")
		b.Write(huge[12<<20:])
		b.WriteString("\"\nCy,after\n")
		path := filepath.Join(dir, "long.csv")
		writeFile(t, path, b.Bytes())
		res := readPath(t, path)
		checkResult(t, res, 2, []string{"long.csv#row=2: record too large: the record on line 3 is longer than 20971520 bytes"})
		if res.docs[1].Text != "after" || res.docs[1].Source != path+"#row=3" {
			t.Errorf("the row after the long one: %+v", res.docs[1])
		}
	})
	t.Run("CSV larger than the file limit streams", func(t *testing.T) {
		var b bytes.Buffer
		b.WriteString("text\n")
		rows := 0
		for b.Len() <= MaxFileSize+1<<20 {
			b.Write(huge[rows*1000 : rows*1000+1000])
			b.WriteByte('\n')
			rows++
		}
		path := filepath.Join(dir, "many.csv.gz")
		writeFile(t, path, gzipBytes(t, b.Bytes()))
		checkResult(t, readPath(t, path), rows, nil)
	})
}

// TestGzipBomb feeds a stream that expands a thousandfold: the reader must
// give up with a reason once the ratio is implausible, without reading it
// all.
func TestGzipBomb(t *testing.T) {
	line := append(bytes.Repeat([]byte("a"), 10<<10), '\n')
	block := gzipBytes(t, bytes.Repeat(line, 100)) // 1 MB of text in about 1 KB
	var bomb bytes.Buffer
	bomb.Write(gzipBytes(t, []byte("text\n")))
	for range 1 << 10 { // concatenated gzip members: 1 GB of text
		bomb.Write(block)
	}
	dir := t.TempDir()

	t.Run("csv", func(t *testing.T) {
		path := filepath.Join(dir, "bomb.csv.gz")
		writeFile(t, path, bomb.Bytes())
		res := readPath(t, path)
		if len(res.skips) != 1 || !strings.HasPrefix(res.skips[0].Reason, "gzip bomb suspected: ") || res.skips[0].Source != path {
			t.Fatalf("skips %q, want one gzip bomb skip for the file", res.skipReasons())
		}
		// The check starts after ratioGrace bytes: about 20 MB of rows.
		if max := ratioGrace/len(line) + 10; len(res.docs) > max {
			t.Errorf("%d rows read before giving up, want at most %d", len(res.docs), max)
		}
	})
	t.Run("text", func(t *testing.T) {
		path := filepath.Join(dir, "bomb.txt.gz")
		writeFile(t, path, bomb.Bytes())
		res := readPath(t, path)
		if len(res.docs) != 0 || len(res.skips) != 1 {
			t.Fatalf("docs %d, skips %q; want one skip", len(res.docs), res.skipReasons())
		}
		if r := res.skips[0].Reason; !strings.HasPrefix(r, "gzip bomb suspected") && !strings.HasPrefix(r, "too large") {
			t.Errorf("reason %q", r)
		}
	})
}

func TestReadStopsOnContextAndCallback(t *testing.T) {
	path := filepath.Join("testdata", "inputs", "reviews.csv")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Read(ctx, Input{Path: path}, nil, nil, func(Item) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("Read with a cancelled context = %v, want context.Canceled", err)
	}

	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	err := Read(ctx, Input{Path: path}, nil, nil, func(Item) error {
		calls++
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) || calls != 1 {
		t.Errorf("Read cancelled in the callback = %v after %d calls, want context.Canceled after 1", err, calls)
	}

	stop := errors.New("stop")
	calls = 0
	err = Read(context.Background(), Input{Path: path}, nil, nil, func(Item) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("Read = %v after %d calls, want the callback's error after 1", err, calls)
	}
	// A callback error on a whole-input skip is returned too.
	err = Read(context.Background(), Input{Path: filepath.Join("testdata", "inputs", "script.py")}, nil, nil, func(Item) error { return stop })
	if !errors.Is(err, stop) {
		t.Errorf("Read = %v, want the callback's error", err)
	}
}

func TestProgress(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.csv.gz")
	var b bytes.Buffer
	b.WriteString("text\n")
	text := bigText(2 << 20)
	for i := 0; i+500 <= len(text); i += 500 {
		b.Write(text[i : i+500])
		b.WriteByte('\n')
	}
	writeFile(t, path, gzipBytes(t, b.Bytes()))
	info, _ := os.Stat(path)
	var last int64
	calls := 0
	err := Read(context.Background(), Input{Path: path, Size: info.Size()}, nil, func(done int64) {
		if done < last {
			t.Errorf("progress went back from %d to %d", last, done)
		}
		last = done
		calls++
	}, func(Item) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if last != info.Size() || calls < 2 {
		t.Errorf("progress ended at %d after %d calls, want %d (the compressed size) after several", last, calls, info.Size())
	}
}

// BenchmarkReadBadRecords reads a megabyte of JSON Lines records that
// each come out as a skip, the cheapest input per record: its cost bounds
// what a small hostile file can make a reader do.
func BenchmarkReadBadRecords(b *testing.B) {
	data := bytes.Repeat([]byte("{}\n"), 1<<20/3)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		skips := 0
		err := Read(context.Background(), Input{Path: StdinPath}, bytes.NewReader(data), nil, func(it Item) error {
			if it.Skip != nil {
				skips++
			}
			return nil
		})
		if err != nil || skips != len(data)/3 {
			b.Fatalf("%d skips, %v", skips, err)
		}
	}
}
