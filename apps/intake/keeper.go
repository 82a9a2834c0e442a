package main

import (
	"context"
	"fmt"
	"time"

	"github.com/paychoreo/choreography/internal/blobevent"
	"github.com/paychoreo/choreography/internal/deadletter"
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
)

// intake is also the dead-letter keeper. Each consumer's sidecar dead-letters what the
// consumer could not handle to deadletter.<consumer>; the keeper keeps a record a person
// can act on (stage, reason, attempts, first and last error, trace id, the event) and
// acts on it by its kind (deadletter.Keeper.Handle): a step's starts compensation,
// intake's own is tried once more, a failed compensation and an arrival are left for a
// person. Here it is only wired and said.
func (in *intake) onDeadLetter(stage string) step.Handler {
	return func(ctx context.Context, m step.Message) error {
		var ref events.FileRef
		if err := m.Decode(&ref); err != nil {
			return err
		}
		rec, err := in.keeper.Book.Record(ctx, source(stage, m, ref), time.Now())
		if err != nil {
			return err
		}
		step.CountDeadLetter(stage, rec.Kind)
		d, err := in.keeper.Handle(ctx, rec, ref, deadletter.Event{ID: m.ID, Topic: m.Topic, TraceParent: m.TraceParent, Data: m.Data})
		in.say(m, stage, ref, rec, d)
		return permanent(err)
	}
}

// source is what the keeper knows of a dead-lettered event. An arrival has no file yet:
// its blob is named by the event's subject.
func source(stage string, m step.Message, ref events.FileRef) deadletter.Source {
	s := deadletter.Source{Stage: stage, Topic: m.Origin, EventID: m.ID, FileID: ref.FileID,
		Blob: ref.Blob, TraceParent: m.TraceParent, Event: m.Data}
	if m.Origin == events.BlobCreated {
		_, s.Blob, _ = blobevent.Blob(m.Subject)
	}
	return s
}

// say logs what the keeper did with a dead letter.
func (in *intake) say(m step.Message, stage string, ref events.FileRef, rec deadletter.Record, d deadletter.Done) {
	switch d.Outcome {
	case deadletter.CompensationFailed:
		in.app.Log.Error("COMPENSATION FAILED: a person must finish undoing this file",
			"file_id", ref.FileID, "dead_letter_id", rec.ID, "stage", stage, "error", rec.LastError,
			"outcome", "compensation_failed", "trace_id", rec.TraceID)
	case deadletter.Kept:
		in.app.Log.Error("dead letter: a blob was not picked up; the reconciliation or a redrive announces it",
			"blob", rec.Blob, "dead_letter_id", rec.ID, "error", rec.LastError, "stage", stage, "outcome", "dead_letter")
	case deadletter.LeftOpen:
		in.app.Log.Error("dead letter needs a person: filing away a finished file failed again",
			"file_id", rec.FileID, "dead_letter_id", rec.ID, "error", d.Err.Error(), "outcome", "dead_letter")
	case deadletter.LateDuplicate:
		in.app.FileOutcome(m, ref.FileID, "late_duplicate", "dead_letter_id", rec.ID, "final", d.Final)
	case deadletter.Compensating:
		in.app.FileOutcome(m, ref.FileID, "compensating", "dead_letter_id", rec.ID, "failed_stage", rec.Stage, "reason", rec.Reason)
	}
}

// refile runs intake's own handler once more on a final event it dead-lettered.
func (in *intake) refile(ctx context.Context, e deadletter.Event) error {
	m := step.Message{ID: e.ID, Topic: e.Topic, TraceParent: e.TraceParent, Data: e.Data}
	switch m.Topic {
	case events.FileCreated:
		return in.onCreated(ctx, m)
	case events.FileRejected:
		return in.onRejected(ctx, m)
	}
	return fmt.Errorf("no custody handler for %s", m.Topic)
}
