package deadletter

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/paychoreo/choreography/internal/custody"
	"github.com/paychoreo/choreography/internal/events"
)

// ErrRefused marks a redrive refused as asked (intake answers 400); the error's text
// says why.
var ErrRefused = errors.New("deadletter: redrive refused")

type refusal string

func (r refusal) Error() string        { return string(r) }
func (r refusal) Is(target error) bool { return target == ErrRefused }

// Refusedf is an ErrRefused that says why, for Keeper's ports.
func Refusedf(format string, args ...any) error { return refusal(fmt.Sprintf(format, args...)) }

// Redrive acts on the open dead letter id after a person (by) fixed its cause, and
// records it in its audit trail (note first, then what was done); it returns the record
// as it is after:
//   - step: the file was compensated, so nothing is left to continue from; File A goes
//     back from quarantine to the inbox and is announced as a new submission (Restore);
//   - custody: intake files the finished file away again (Refile);
//   - arrival: the blob gets the per-blob step again (Reconsider), unless the record
//     names no blob of the inbox;
//   - compensation: file.failed is published again (same event id: the steps that did
//     their part skip it, the one that failed tries again).
//
// A record that does not exist or is not open is refused (ErrRefused): a dead letter is
// redriven once.
func (k *Keeper) Redrive(ctx context.Context, id, by, note string) (Record, error) {
	rec, found, err := k.Book.Get(ctx, id)
	if err != nil {
		return Record{}, err
	}
	if !found {
		return Record{}, Refusedf("no dead letter %q", id)
	}
	if rec.Status != StatusOpen {
		return Record{}, Refusedf("dead letter %s is %s, not open", rec.ID, rec.Status)
	}
	done, err := k.redrive(ctx, rec)
	if err != nil {
		return Record{}, err
	}
	if note != "" {
		done = note + "; " + done
	}
	if err := k.Book.SetStatus(ctx, rec.ID, StatusRedriven, Audit{Action: "redrive", By: by, Note: done}, k.now()); err != nil {
		return Record{}, err
	}
	rec, _, err = k.Book.Get(ctx, rec.ID)
	return rec, err
}

// redrive does what the record's kind calls for and says what it did.
func (k *Keeper) redrive(ctx context.Context, rec Record) (string, error) {
	switch rec.Kind {
	case KindCustody:
		if err := k.Refile(ctx, Event{ID: rec.EventID, Topic: rec.Topic, Data: rec.Event}); err != nil {
			return "", err
		}
		return "finished file filed away", nil
	case KindArrival:
		if rec.Blob == "" || custody.Unsafe(rec.Blob) {
			return "", Refusedf("dead letter %s names no blob of the inbox", rec.ID)
		}
		outcome, err := k.Reconsider(ctx, rec.Blob)
		if err != nil {
			return "", err
		}
		return "blob " + rec.Blob + ": " + outcome, nil
	case KindCompensation:
		var ev events.Failed
		if err := json.Unmarshal(rec.Event, &ev); err != nil {
			return "", err
		}
		if err := k.Publish(ctx, events.FileFailed, ev.FileID, "", ev); err != nil {
			return "", err
		}
		return "file.failed published again for " + ev.FileID, nil
	}
	return k.Restore(ctx, rec)
}
