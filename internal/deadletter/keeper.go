package deadletter

import (
	"context"
	"time"

	"github.com/paychoreo/choreography/internal/custody"
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/store"
)

// Publish sends an event of a file under the file's deterministic event id
// (step.Sidecar.Publish).
type Publish func(ctx context.Context, topic, fileID, traceparent string, payload any) error

// Event is a dead-lettered event as the keeper hands it back to intake's own handler.
type Event struct {
	ID, Topic, TraceParent string
	Data                   []byte
}

// Keeper is what intake, the dead-letter keeper, decides about a dead letter, and what a
// person's redrive does (Redrive). Book keeps the records; Final is the state where
// custody.Decide keeps how each file ended (for KeepFor). Refile runs intake's own
// handler of a final event once more; Reconsider gives a blob the per-blob arrival step
// again and says what became of it; Restore brings a compensated File A back from
// quarantine as a new submission and says what it did.
type Keeper struct {
	Book       Book
	Final      store.State
	KeepFor    time.Duration
	Publish    Publish
	Refile     func(ctx context.Context, e Event) error
	Reconsider func(ctx context.Context, blob string) (string, error)
	Restore    func(ctx context.Context, rec Record) (string, error)
	Now        func() time.Time // time.Now when nil
}

func (k *Keeper) now() time.Time {
	if k.Now != nil {
		return k.Now()
	}
	return time.Now()
}

// What the keeper did with a dead letter (Done.Outcome).
const (
	Compensating       = "compensating"        // a step's: file.failed published, every step undoes its part
	LateDuplicate      = "late_duplicate"      // a step's, for a file already ended (Done.Final): resolved, nothing undone
	CompensationFailed = "compensation_failed" // an undo failed: left open for a person
	Refiled            = "refiled"             // intake's own: filed away on the keeper's retry, resolved
	LeftOpen           = "left_open"           // intake's own, and the retry failed too (Done.Err): for a person
	Kept               = "kept"                // an arrival: no file yet, nothing to undo; for the reconciliation or a person
)

// Done is what the keeper did with a dead letter, for intake to say.
type Done struct {
	Outcome string
	Final   string // LateDuplicate: how the file had ended
	Err     error  // LeftOpen: why the retry failed
}

// Record keeps the record of a dead letter once: a redelivered dead letter finds the
// first record, else it is built from the consumer's attempts (New) and kept.
func (b Book) Record(ctx context.Context, s Source, now time.Time) (Record, error) {
	if rec, found, err := b.Get(ctx, ID(s.Stage, s.EventID)); err != nil || found {
		return rec, err
	}
	a, err := b.Attempts(ctx, s.Stage, s.EventID)
	if err != nil {
		return Record{}, err
	}
	rec := New(s, a, now)
	return rec, b.Keep(ctx, rec)
}

// Handle acts on a kept dead letter, by its kind:
//   - a step's (validator, adaptor, creator) starts compensation: file.failed, once;
//   - intake's own (a final event it could not file away) is refiled once more, then
//     left open for a person;
//   - a failed compensation is left open for a person;
//   - an arrival is kept: no file exists yet, so there is nothing to undo.
//
// e is the event as dead-lettered; ref its file. Done says what was done even with an
// error (a late duplicate whose record could not be marked resolved).
func (k *Keeper) Handle(ctx context.Context, rec Record, ref events.FileRef, e Event) (Done, error) {
	switch rec.Kind {
	case KindCompensation:
		return Done{Outcome: CompensationFailed}, nil
	case KindArrival:
		return Done{Outcome: Kept}, nil
	case KindCustody:
		e.Topic = rec.Topic
		if err := k.Refile(ctx, e); err != nil {
			return Done{Outcome: LeftOpen, Err: err}, nil
		}
		return Done{Outcome: Refiled}, k.Book.SetStatus(ctx, rec.ID, StatusResolved,
			Audit{Action: "resolved", By: "intake", Note: "filed away on the keeper's retry"}, k.now())
	}
	return k.compensate(ctx, rec, ref, e.TraceParent)
}

// compensate decides that the file ends compensated and announces file.failed; every
// step undoes its part. Unless the file was decided already (created or rejected): then
// the dead letter is a late duplicate that failed (its input cleaned up by the steps
// after it), and undoing the file would destroy a good result.
func (k *Keeper) compensate(ctx context.Context, rec Record, ref events.FileRef, traceparent string) (Done, error) {
	outcome, err := custody.Decide(ctx, k.Final, ref.FileID, "compensated", k.KeepFor)
	if err != nil {
		return Done{}, err
	}
	if outcome != "compensated" {
		return Done{Outcome: LateDuplicate, Final: outcome}, k.Book.SetStatus(ctx, rec.ID, StatusResolved,
			Audit{Action: "resolved", By: "intake",
				Note: "the file was already " + outcome + "; a late duplicate failed and nothing was undone"}, k.now())
	}
	ev := events.Failed{FileRef: ref, Stage: rec.Stage, Topic: rec.Topic, EventID: rec.EventID,
		Reason: rec.Reason, DeadLetterID: rec.ID}
	if err := k.Publish(ctx, events.FileFailed, ref.FileID, traceparent, ev); err != nil {
		return Done{}, err
	}
	return Done{Outcome: Compensating}, nil
}
