// Package creation holds the creator's business rules, written once: exactly one File B
// per accepted file, under a name derived from sender_id and file_reference, published
// in two writes (the document, then its trigger), and its removal when the file fails
// for good. It works through store's ports only: apps/creator wires it to its sidecar,
// bench/orchestrator to its workflow activity, bench/floor to folders.
package creation

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/pain001"
	"github.com/paychoreo/choreography/internal/payment"
	"github.com/paychoreo/choreography/internal/staging"
	"github.com/paychoreo/choreography/internal/store"
)

// Domain errors; each is permanent: a retry cannot change it.
var (
	ErrNotOwner       = errors.New("creation: file b belongs to another file")
	ErrMissingBatches = errors.New("creation: staged batches are missing")
	ErrBadInput       = errors.New("creation: batches cannot be rendered")
)

// Creator writes File B. State holds the claims on names; Staging the adaptor's batches;
// Outbox is File B Storage.
type Creator struct {
	State           store.State
	Staging, Outbox store.Blobs
	KeepFor         time.Duration // how long the pointer from a file to its name, and the name's claim, are kept
	Now             func() time.Time
	// Work, when set, wraps each piece of work in a span (step.Work).
	Work func(ctx context.Context, name, fileID string) (context.Context, func(error))
}

func (c *Creator) work(ctx context.Context, name, fileID string) (context.Context, func(error)) {
	if c.Work == nil {
		return ctx, func(error) {}
	}
	return c.Work(ctx, name, fileID)
}

func (c *Creator) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// Create writes the file's File B unless it was written already (by an earlier
// delivery: then it writes nothing), and returns file.created to announce. Only once
// that is announced may Cleanup remove the staged data: until then a redelivery must
// find it.
func (c *Creator) Create(ctx context.Context, ev events.Adapted) (events.Created, error) {
	name := pain001.FileName(ev.SenderID, ev.FileReference)
	// Reading the batches has no effect, so it overlaps with claiming the name; a file
	// that turns out to be written already ignores what was read.
	batches := c.prefetch(ctx, ev)
	own, err := c.own(ctx, ev.FileID, name)
	if err != nil {
		return events.Created{}, err
	}
	sum := own.SHA256
	if !own.Ready {
		b, err := batches()
		if err != nil {
			return events.Created{}, err
		}
		wctx, end := c.work(ctx, "write File B", ev.FileID)
		sum, err = c.write(wctx, ev.FileID, name, b, c.now().UTC().Truncate(time.Second))
		end(err)
		if err != nil {
			return events.Created{}, err
		}
	}
	return events.Created{FileRef: ev.FileRef, SenderID: ev.SenderID, FileReference: ev.FileReference,
		NbOfTxs: ev.NbOfTxs, ControlSum: ev.ControlSum, MsgID: pain001.MsgID(ev.SenderID, ev.FileReference), FileB: name,
		RefdataVersion: ev.RefdataVersion, FileBSHA256: sum}, nil
}

// Cleanup removes the file's staged data (canonical form and batches), all at once.
func (c *Creator) Cleanup(ctx context.Context, ev events.Adapted) error {
	names := []string{staging.CanonicalName(ev.FileID), ev.Batches}
	errs := make(chan error, len(names))
	for _, n := range names {
		go func() { errs <- c.Staging.Delete(ctx, n) }()
	}
	var all []error
	for range names {
		all = append(all, <-errs)
	}
	return errors.Join(all...)
}

// prefetch starts reading the staged batches and returns a function that waits for
// them. The read runs whether or not its result is used; it has no effect.
func (c *Creator) prefetch(ctx context.Context, ev events.Adapted) func() (*payment.Batches, error) {
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

func (c *Creator) batches(ctx context.Context, ev events.Adapted) (*payment.Batches, error) {
	raw, err := store.ReadText(ctx, c.Staging, ev.Batches)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("%w: %q of %s: %w", ErrMissingBatches, ev.Batches, ev.FileID, err)
	}
	if err != nil {
		return nil, err
	}
	b, err := staging.DecodeBatches(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: decode batches of %s: %w", ErrBadInput, ev.FileID, err)
	}
	return b, nil
}

// IsPermanent says err is one of the domain errors no retry can change.
func IsPermanent(err error) bool {
	return errors.Is(err, ErrNotOwner) || errors.Is(err, ErrMissingBatches) || errors.Is(err, ErrBadInput)
}
