package main

import (
	"context"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/staging"
	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/validation"
)

// undo undoes what the validator did for a file that failed for good: the rules give
// back the reservation and the file reference, the canonical form is deleted. Each undo
// is a no-op when there is nothing to undo.
func (v *validator) undo(ctx context.Context, ev events.Failed) (string, error) {
	if err := validation.Compensate(ctx, v.rules.State, ev.FileID); err != nil {
		return "", err
	}
	if err := v.app.Sidecar.DeleteBlob(ctx, step.Staging, staging.CanonicalName(ev.FileID)); err != nil {
		return "", err
	}
	return "reservation, file reference, canonical form", nil
}
