package pipeline

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"
	"time"
)

func TestOrderedKeepsInputOrder(t *testing.T) {
	for _, tc := range []struct {
		name           string
		items, workers int
		window         int
	}{
		{"one worker", 200, 1, 1},
		{"more workers than items", 3, 8, 16},
		{"small window", 500, 4, 4},
		{"wide window", 2000, 3, 256},
		{"no items", 0, 2, 8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []int
			err := Ordered(context.Background(), tc.workers, tc.window,
				func(submit func(int) error) error {
					for i := range tc.items {
						if err := submit(i); err != nil {
							return err
						}
					}
					return nil
				},
				func(i int) int {
					// Uneven work makes later items finish first.
					time.Sleep(time.Duration(rand.IntN(50)) * time.Microsecond)
					return i * i
				},
				func(i, sq int) error {
					if sq != i*i {
						t.Errorf("item %d came with result %d", i, sq)
					}
					got = append(got, i)
					return nil
				})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tc.items {
				t.Fatalf("consumed %d items, want %d", len(got), tc.items)
			}
			for i, v := range got {
				if v != i {
					t.Fatalf("position %d holds item %d", i, v)
				}
			}
		})
	}
}

// A failing producer (an interrupted read) still has everything it
// submitted consumed, so an interrupted ingest stores what it processed.
func TestOrderedConsumesAllSubmittedWhenProduceFails(t *testing.T) {
	broken := errors.New("input broke")
	consumed := 0
	err := Ordered(context.Background(), 3, 8,
		func(submit func(int) error) error {
			for i := range 100 {
				if err := submit(i); err != nil {
					return err
				}
			}
			return broken
		},
		func(i int) int { return i },
		func(i, _ int) error {
			if i != consumed {
				t.Errorf("consumed %d at position %d", i, consumed)
			}
			consumed++
			return nil
		})
	if !errors.Is(err, broken) {
		t.Fatalf("err = %v, want the producer's error", err)
	}
	if consumed != 100 {
		t.Fatalf("consumed %d of 100 submitted items", consumed)
	}
}

func TestOrderedStopsWhenConsumeFails(t *testing.T) {
	full := errors.New("disk full")
	submitted, consumed := 0, 0
	err := Ordered(context.Background(), 2, 4,
		func(submit func(int) error) error {
			for i := range 1_000_000 {
				if err := submit(i); err != nil {
					return err
				}
				submitted++
			}
			return nil
		},
		func(i int) int { return i },
		func(i, _ int) error {
			consumed++
			if i == 10 {
				return full
			}
			return nil
		})
	if !errors.Is(err, full) {
		t.Fatalf("err = %v, want the consumer's error", err)
	}
	if consumed != 11 {
		t.Fatalf("consumed %d items, want 11: none after the failure at item 10", consumed)
	}
	// The window bounds how far the producer can run ahead of a failure.
	if submitted > 11+4+2 {
		t.Fatalf("producer submitted %d items; the window should stop it near 11", submitted)
	}
}

func TestOrderedStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	consumed := 0
	err := Ordered(ctx, 2, 4,
		func(submit func(int) error) error {
			for i := 0; ; i++ {
				if i == 50 {
					cancel()
				}
				if err := submit(i); err != nil {
					return err
				}
			}
		},
		func(i int) int { return i },
		func(int, int) error { consumed++; return nil })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if consumed < 50 {
		t.Fatalf("consumed %d items; the 50 submitted before the cancel must all be consumed", consumed)
	}
}

// BenchmarkOrdered measures the hand-off cost per item, which must stay far
// below the millisecond a review takes to process.
func BenchmarkOrdered(b *testing.B) {
	err := Ordered(context.Background(), 2, 256,
		func(submit func(int) error) error {
			for i := range b.N {
				if err := submit(i); err != nil {
					return err
				}
			}
			return nil
		},
		func(i int) int { return i },
		func(int, int) error { return nil })
	if err != nil {
		b.Fatal(err)
	}
}
