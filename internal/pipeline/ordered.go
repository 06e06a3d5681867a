package pipeline

import (
	"context"
	"errors"
	"sync"
)

// errStopped tells a producer that the consumer gave up; it never reaches
// the caller, who gets the consumer's own error instead.
var errStopped = errors.New("pipeline: consumer stopped")

// Ordered runs work over every item that produce submits on up to workers
// goroutines and hands each item with its result to consume in the order
// the items were submitted, one at a time, on the calling goroutine.
//
// Processing a review costs a millisecond or more of CPU while reading and
// storing it cost far less, so a single-threaded ingest left all but one
// core idle. Keeping the order matters as much as the speed: the first of
// two identical reviews is the one stored, skip messages come out in input
// order, and a re-run of the same inputs does exactly the same thing.
//
// At most window items are in flight (submitted but not yet consumed), which
// bounds the memory held by results waiting for a slow earlier item.
//
// When produce fails — the input broke, or ctx was cancelled — every item it
// had submitted is still processed and consumed before Ordered returns
// produce's error, so an interrupted run can store what it already did.
// When consume fails, Ordered stops submitting, drops the remaining results
// and returns consume's error.
func Ordered[In, Out any](ctx context.Context, workers, window int,
	produce func(submit func(In) error) error,
	work func(In) Out,
	consume func(In, Out) error,
) error {
	if workers < 1 {
		workers = 1
	}
	if window < workers {
		window = workers
	}
	type job struct {
		seq int
		in  In
	}
	type result struct {
		seq int
		in  In
		out Out
	}
	jobs := make(chan job, workers)
	// Room for the whole window: a worker must never wait for the
	// consumer, which spends long stretches storing a batch.
	results := make(chan result, window)
	slots := make(chan struct{}, window)
	stop := make(chan struct{})

	var produceErr error
	go func() {
		defer close(jobs)
		seq := 0
		produceErr = produce(func(in In) error {
			select {
			case slots <- struct{}{}:
			case <-stop:
				return errStopped
			case <-ctx.Done():
				return ctx.Err()
			}
			jobs <- job{seq, in}
			seq++
			return nil
		})
	}()

	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- result{j.seq, j.in, work(j.in)}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	var consumeErr error
	pending := make(map[int]result, window)
	next := 0
	for r := range results {
		if consumeErr != nil {
			continue // drain, so the workers and the producer can finish
		}
		pending[r.seq] = r
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-slots
			if err := consume(p.in, p.out); err != nil {
				consumeErr = err
				close(stop)
				break
			}
		}
	}
	// results is closed only after jobs was closed, so produceErr is set.
	if consumeErr != nil {
		return consumeErr
	}
	return produceErr
}
