package main

import (
	"context"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/validation"
)

// reject writes the report as the validator does and answers not accepted; the
// workflow then files File A away beside it.
func (o *orchestrator) reject(ctx context.Context, ref events.FileRef, d validation.Decision) (any, error) {
	ev := validation.RejectedEvent(ref, d)
	if err := o.app.Sidecar.PutBlob(ctx, step.Rejected, ev.Report, validation.Report(ref, d.Version, d.Violations)); err != nil {
		return nil, err
	}
	o.mark(ref.FileID, "rejected", "violations", len(d.Violations), "first_code", d.Violations[0].Code)
	return validated{Rejected: ev}, nil
}
