package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/paychoreo/choreography/internal/blobname"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
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
	if err := in.move(ctx, ref, binding, dest); err != nil {
		return err
	}
	var c claim
	etag, found, err := in.app.Sidecar.GetState(ctx, step.AppState, claimKey(ref.Blob), &c)
	if err != nil {
		return err
	}
	if found && c.FileID == ref.FileID && c.ReleasedAt == "" {
		c.ReleasedAt = time.Now().UTC().Format(time.RFC3339Nano)
		if err := in.app.Sidecar.UpdateStateTTL(ctx, step.AppState, claimKey(ref.Blob), etag, c, releasedFor); err != nil {
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

func finalKey(fileID string) string { return "final|" + fileID }

// finalFor is how long a file's decided outcome is remembered: longer than any redelivery
// or dead letter of its events can arrive.
const finalFor = step.KeepFor

// decide records how a file ends (created, rejected or compensated) unless that is
// decided already, and returns the outcome that holds. It is one first-write key, so a
// file's release and the keeper's compensation cannot both win: whichever writes first
// decides, before anything is moved or undone.
func (in *intake) decide(ctx context.Context, fileID, outcome string) (string, error) {
	err := in.app.Sidecar.CreateStateTTL(ctx, step.AppState, finalKey(fileID), outcome, finalFor)
	if err == nil || !errors.Is(err, step.ErrConflict) {
		return outcome, err
	}
	var held string
	if _, found, err := in.app.Sidecar.GetState(ctx, step.AppState, finalKey(fileID), &held); err != nil || !found {
		return "", fmt.Errorf("read the outcome of %s after a conflict: %w", fileID, errors.Join(err, step.ErrConflict))
	}
	return held, nil
}
