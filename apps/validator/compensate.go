package main

import (
	"context"

	"github.com/paychoreo/choreography/internal/staging"
	"github.com/paychoreo/choreography/internal/step"
)

// onFailed undoes what the validator did for a file that failed for good: the limit
// reservation goes back, the file reference is freed so the sender can resubmit, the
// canonical form is deleted. Each undo is a no-op when there is nothing to undo.
func (v *validator) onFailed(ctx context.Context, m step.Message) error {
	ev, err := v.app.Failed(ctx, m)
	if err != nil {
		return err
	}
	if err := v.release(ctx, ev.FileID); err != nil {
		return err
	}
	if err := v.releaseReference(ctx, ev.FileID); err != nil {
		return err
	}
	if err := v.app.Sidecar.DeleteBlob(ctx, step.Staging, staging.CanonicalName(ev.FileID)); err != nil {
		return err
	}
	v.app.FileOutcome(m, ev.FileID, "compensated", "undone", "reservation, file reference, canonical form")
	return nil
}
