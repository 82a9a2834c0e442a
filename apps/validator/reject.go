package main

import (
	"context"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/payment"
	"github.com/paychoreo/choreography/internal/paymentfile"
	"github.com/paychoreo/choreography/internal/step"
)

// reject writes the report next to where intake will put File A (rejected/<file id>/)
// and announces the rejection. It is a business outcome: the handler succeeds. version
// is the reference table's the file was checked against; "" when it was rejected before
// its sender was looked up.
func (v *validator) reject(ctx context.Context, m step.Message, ref events.FileRef, f *payment.File, version string, vs []paymentfile.Violation) error {
	report := ref.FileID + "/report.csv"
	wctx, end := step.Work(ctx, "write report", ref.FileID)
	err := v.app.Sidecar.PutBlob(wctx, step.Rejected, report, reportCSV(ref, version, vs))
	end(err)
	if err != nil {
		return err
	}
	ev := events.Rejected{FileRef: ref, ViolationCount: len(vs), Report: report, RefdataVersion: version}
	if f != nil {
		ev.SenderID, ev.FileReference = f.Sender.ID, f.FileReference
	}
	for i, x := range vs {
		if i == events.MaxViolationsInEvent {
			break
		}
		ev.Violations = append(ev.Violations, events.Violation{Line: x.Line, Field: x.Field, Code: x.Code, Message: x.Message, EndToEndID: x.EndToEndID})
	}
	if err := v.app.Emit(ctx, m, events.FileRejected, ref.FileID, ev); err != nil {
		return err
	}
	v.app.FileOutcome(m, ref.FileID, "rejected", "violations", len(vs), "first_code", vs[0].Code)
	return nil
}
