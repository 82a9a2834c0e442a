// Package adaption holds the adaptor's business rules, written once: an accepted file's
// payments grouped into one batch per debtor account and execution date (internal/batch)
// and staged for the creator, and their removal when the file fails for good. It works
// through store's ports only: apps/adaptor wires it to its sidecar, bench/orchestrator
// to its workflow activity, bench/floor to memory.
package adaption

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/paychoreo/choreography/internal/batch"
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/payment"
	"github.com/paychoreo/choreography/internal/staging"
	"github.com/paychoreo/choreography/internal/store"
)

// ErrBadInput: the canonical form cannot be decoded; no retry can change it.
var ErrBadInput = errors.New("adaption: canonical form cannot be read")

// Adapt reads the file's canonical form from staging and groups its payments. It
// returns the batches, to be staged with Stage, and file.adapted, to announce once they
// are. A missing canonical form is an error wrapping store.ErrNotFound.
func Adapt(ctx context.Context, staged store.Blobs, ev events.Validated) (*payment.Batches, events.Adapted, error) {
	raw, err := store.ReadText(ctx, staged, ev.Canonical)
	if err != nil {
		return nil, events.Adapted{}, fmt.Errorf("canonical form %q of %s: %w", ev.Canonical, ev.FileID, err)
	}
	f, err := staging.DecodeFile(raw)
	if err != nil {
		return nil, events.Adapted{}, fmt.Errorf("%w: decode canonical form of %s: %w", ErrBadInput, ev.FileID, err)
	}
	b := batch.GroupInPlace(f) // f is not needed in file order after this
	next := events.Adapted{FileRef: ev.FileRef, SenderID: ev.SenderID, FileReference: ev.FileReference,
		NbOfTxs: b.NbOfTxs, ControlSum: b.ControlSum, BatchCount: len(b.Batches),
		Batches: staging.BatchesName(ev.FileID), RefdataVersion: ev.RefdataVersion}
	return &b, next, nil
}

// Stage writes the batches where file.adapted says they are.
func Stage(ctx context.Context, staged store.Blobs, ev events.Adapted, b *payment.Batches) error {
	return staged.PutFrom(ctx, ev.Batches, func(w io.Writer) error { return staging.WriteBatches(w, b) })
}

// Compensate deletes the batches staged for a file that failed for good; a no-op when
// there are none.
func Compensate(ctx context.Context, staged store.Blobs, fileID string) error {
	return staged.Delete(ctx, staging.BatchesName(fileID))
}
