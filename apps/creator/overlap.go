package main

import (
	"context"
	"errors"
	"sync"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/payment"
	"github.com/paychoreo/choreography/internal/step"
)

// prefetch starts reading the staged batches and returns a function that waits for
// them. The read runs whether or not its result is used; it has no effect.
func (c *creator) prefetch(ctx context.Context, ev events.Adapted) func() (*payment.Batches, error) {
	type result struct {
		b   *payment.Batches
		err error
	}
	done := make(chan result, 1)
	go func() {
		b, err := c.batches(ctx, ev)
		done <- result{b, err}
	}()
	return func() (*payment.Batches, error) {
		r := <-done
		return r.b, r.err
	}
}

// deleteStaged removes staged blobs, all at once.
func (c *creator) deleteStaged(ctx context.Context, names ...string) error {
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = c.app.Sidecar.DeleteBlob(ctx, step.Staging, n)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}
