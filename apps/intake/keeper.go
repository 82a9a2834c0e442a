package main

import (
	"context"
	"time"

	"github.com/paychoreo/choreography/internal/blobevent"
	"github.com/paychoreo/choreography/internal/deadletter"
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
)

// intake is also the dead-letter keeper. Each consumer's sidecar dead-letters what the
// consumer could not handle to deadletter.<consumer>; the keeper keeps a record a person
// can act on (stage, reason, attempts, first and last error, trace id, the event) and:
//   - a step's dead letter (validator, adaptor, creator) starts compensation: file.failed;
//   - intake's own (a final event it could not file away) is tried once more here;
//   - a failed compensation is said loudly and left open for a person;
//   - an arrival (a blob-created event intake could not act on) is kept for a person or
//     the reconciliation: no file exists yet, so there is nothing to undo.
func (in *intake) onDeadLetter(stage string) step.Handler {
	return func(ctx context.Context, m step.Message) error {
		var ref events.FileRef
		if err := m.Decode(&ref); err != nil {
			return err
		}
		rec, err := in.record(ctx, stage, m, ref)
		if err != nil {
			return err
		}
		step.CountDeadLetter(stage, rec.Kind)
		switch rec.Kind {
		case deadletter.KindCompensation:
			in.app.Log.Error("COMPENSATION FAILED: a person must finish undoing this file",
				"file_id", ref.FileID, "dead_letter_id", rec.ID, "stage", stage, "error", rec.LastError,
				"outcome", "compensation_failed", "trace_id", rec.TraceID)
			return nil
		case deadletter.KindCustody:
			return in.retryCustody(ctx, m, rec)
		case deadletter.KindArrival:
			in.app.Log.Error("dead letter: a blob was not picked up; the reconciliation or a redrive announces it",
				"blob", rec.Blob, "dead_letter_id", rec.ID, "error", rec.LastError, "stage", stage, "outcome", "dead_letter")
			return nil
		}
		return in.compensate(ctx, m, ref, rec)
	}
}

// compensate decides that the file ends compensated and announces file.failed; every step
// undoes its part. Unless the file was decided already (created or rejected): then the
// dead letter is a late duplicate that failed (its input cleaned up by the steps after
// it), and undoing the file would destroy a good result.
func (in *intake) compensate(ctx context.Context, m step.Message, ref events.FileRef, rec deadletter.Record) error {
	outcome, err := in.decide(ctx, ref.FileID, "compensated")
	if err != nil {
		return err
	}
	if outcome != "compensated" {
		in.app.FileOutcome(m, ref.FileID, "late_duplicate", "dead_letter_id", rec.ID, "final", outcome)
		return in.setStatus(ctx, rec.ID, deadletter.StatusResolved, deadletter.Audit{Action: "resolved", By: "intake",
			Note: "the file was already " + outcome + "; a late duplicate failed and nothing was undone"})
	}
	ev := events.Failed{FileRef: ref, Stage: rec.Stage, Topic: rec.Topic, EventID: rec.EventID,
		Reason: rec.Reason, DeadLetterID: rec.ID}
	if err := in.app.Sidecar.Publish(ctx, events.FileFailed, ref.FileID, m.TraceParent, ev); err != nil {
		return err
	}
	in.app.FileOutcome(m, ref.FileID, "compensating", "dead_letter_id", rec.ID, "failed_stage", rec.Stage, "reason", rec.Reason)
	return nil
}

// retryCustody runs intake's own handler once more on a final event it dead-lettered.
func (in *intake) retryCustody(ctx context.Context, m step.Message, rec deadletter.Record) error {
	m.Topic = rec.Topic
	if err := in.retryCustodyOnce(ctx, m); err != nil {
		in.app.Log.Error("dead letter needs a person: filing away a finished file failed again",
			"file_id", rec.FileID, "dead_letter_id", rec.ID, "error", err.Error(), "outcome", "dead_letter")
		return nil
	}
	return in.setStatus(ctx, rec.ID, deadletter.StatusResolved, deadletter.Audit{Action: "resolved", By: "intake",
		Note: "filed away on the keeper's retry"})
}

// record keeps the dead letter (once: a redelivered dead letter finds its record).
func (in *intake) record(ctx context.Context, stage string, m step.Message, ref events.FileRef) (deadletter.Record, error) {
	book := in.book()
	if rec, found, err := book.Get(ctx, deadletter.ID(stage, m.ID)); err != nil || found {
		return rec, err
	}
	a, err := book.Attempts(ctx, stage, m.ID)
	if err != nil {
		return deadletter.Record{}, err
	}
	if m.Origin == events.BlobCreated { // no file yet: the blob is named by the event's subject
		_, ref.Blob, _ = blobevent.Blob(m.Subject)
	}
	rec := deadletter.New(deadletter.Source{Stage: stage, Topic: m.Origin, EventID: m.ID, FileID: ref.FileID,
		Blob: ref.Blob, TraceParent: m.TraceParent, Event: m.Data}, a, time.Now())
	return rec, book.Keep(ctx, rec)
}
