package main

import (
	"context"
	"errors"
	"time"

	"github.com/paychoreo/choreography/internal/blobname"
	"github.com/paychoreo/choreography/internal/custody"
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/store/daprstore"
)

// onCreated archives File A once its File B exists.
func (in *intake) onCreated(ctx context.Context, m step.Message) error {
	var ev events.Created
	if err := m.Decode(&ev); err != nil {
		return err
	}
	return in.release(ctx, m, ev.FileRef, step.Archive, ev.FileID+"/"+blobname.Safe(ev.Blob), "created")
}

// onRejected moves File A next to the rejection report the validator wrote.
func (in *intake) onRejected(ctx context.Context, m step.Message) error {
	var ev events.Rejected
	if err := m.Decode(&ev); err != nil {
		return err
	}
	return in.release(ctx, m, ev.FileRef, step.Rejected, ev.FileID+"/"+blobname.Safe(ev.Blob), "rejected")
}

// release moves File A out of the inbox and frees its claim. Every step tolerates having
// been done before, so a redelivered final event changes nothing.
func (in *intake) release(ctx context.Context, m step.Message, ref events.FileRef, binding, dest, outcome string) error {
	decided, err := in.decide(ctx, ref.FileID, outcome)
	if err != nil {
		return err
	}
	if decided != outcome {
		// The keeper started compensating this file first (or the file ended the other
		// way): File A follows that decision, never both.
		in.app.FileOutcome(m, ref.FileID, "superseded", "event_outcome", outcome, "final", decided)
		return nil
	}
	var c custody.Claim
	etag, found, err := in.app.Sidecar.GetState(ctx, step.AppState, custody.Key(ref.Blob), &c)
	if err != nil {
		return err
	}
	// A redelivered final event finds the claim released by this file: File A was moved
	// already. Reading the gone blob again would only fail, and on the inbox binding every
	// failure counts toward its circuit breaker (a burst's redeliveries opened it and
	// the moves of live files failed with it).
	if custody.ReleasedBy(c, found, ref.FileID) {
		in.app.FileOutcome(m, ref.FileID, outcome, "blob", ref.Blob, "file_a", binding+"/"+dest)
		return nil
	}
	if err := in.move(ctx, ref, binding, dest); err != nil {
		return err
	}
	if custody.Release(&c, found, ref.FileID, time.Now()) {
		if err := in.app.Sidecar.UpdateStateTTL(ctx, step.AppState, custody.Key(ref.Blob), etag, c, custody.ReleasedFor); err != nil {
			return err // a conflict: retried by the delivery policy
		}
	}
	in.app.FileOutcome(m, ref.FileID, outcome, "blob", ref.Blob, "file_a", binding+"/"+dest)
	return nil
}

// move copies File A out of the inbox and deletes it there, unless what the inbox holds
// under that name is no longer this file: a customer may drop a new file of the same
// name, which must stay to be claimed as a new submission, never deleted unread.
func (in *intake) move(ctx context.Context, ref events.FileRef, binding, dest string) error {
	sc := in.app.Sidecar
	// Copied only if it is still this file's content (checked as it streams): a
	// replaced File A stays in the inbox and nothing is filed under this file's id.
	err := sc.CopyBlob(ctx, step.Inbox, ref.Blob, binding, dest, ref.SHA256)
	if errors.Is(err, step.ErrNotFound) {
		return nil // moved already
	}
	if errors.Is(err, step.ErrContentChanged) {
		in.app.Log.Warn("file a replaced under its name; the new content stays in the inbox as a new file",
			"file_id", ref.FileID, "blob", ref.Blob, "stage", "intake", "outcome", "replaced")
		return nil
	}
	if err != nil {
		return err
	}
	return sc.DeleteBlob(ctx, step.Inbox, ref.Blob)
}

// decide records how a file ends unless that is decided already (custody.Decide), kept
// as long as the steps keep what they know of a file.
func (in *intake) decide(ctx context.Context, fileID, outcome string) (string, error) {
	return custody.Decide(ctx, daprstore.NewState(in.app.Sidecar, step.AppState), fileID, outcome, step.KeepFor)
}
