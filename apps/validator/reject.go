package main

import (
	"context"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/validation"
)

// reject writes the report next to where intake will put File A (rejected/<file id>/)
// and announces the rejection. It is a business outcome: the handler succeeds.
func (v *validator) reject(ctx context.Context, m step.Message, ref events.FileRef, d validation.Decision) error {
	ev := validation.RejectedEvent(ref, d)
	wctx, end := step.Work(ctx, "write report", ref.FileID)
	err := v.app.Sidecar.PutBlob(wctx, step.Rejected, ev.Report, validation.Report(ref, d.Version, d.Violations))
	end(err)
	if err != nil {
		return err
	}
	if err := v.app.Emit(ctx, m, events.FileRejected, ref.FileID, ev); err != nil {
		return err
	}
	v.app.FileOutcome(m, ref.FileID, "rejected", "violations", len(d.Violations), "first_code", d.Violations[0].Code)
	return nil
}
