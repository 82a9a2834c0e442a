package main

import (
	"context"
	"errors"
	"time"

	"github.com/paychoreo/choreography/internal/blobname"
	"github.com/paychoreo/choreography/internal/custody"
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
)

// onCreated archives File A once its File B exists.
func (in *intake) onCreated(ctx context.Context, m step.Message) error {
	return in.fileAway(ctx, m, step.Archive, "created")
}

// onRejected moves File A next to the rejection report the validator wrote.
func (in *intake) onRejected(ctx context.Context, m step.Message) error {
	return in.fileAway(ctx, m, step.Rejected, "rejected")
}

// fileAway files the File A of a final event's file away to binding, as the event's
// outcome.
func (in *intake) fileAway(ctx context.Context, m step.Message, binding, outcome string) error {
	var ref events.FileRef
	if err := m.Decode(&ref); err != nil {
		return err
	}
	return in.release(ctx, m, ref, binding, outcome)
}

// release moves File A out of the inbox to binding, <file id>/<blob>, and frees its
// claim, unless the file ended otherwise (custody.FileAway).
func (in *intake) release(ctx context.Context, m step.Message, ref events.FileRef, binding, outcome string) error {
	dest := ref.FileID + "/" + blobname.Safe(ref.Blob)
	decided, err := custody.FileAway(ctx, in.state, ref.FileID, ref.Blob, outcome, step.KeepFor,
		func(ctx context.Context) error { return in.move(ctx, ref, binding, dest) }, time.Now)
	if err != nil {
		return err
	}
	if decided != outcome {
		in.app.FileOutcome(m, ref.FileID, "superseded", "event_outcome", outcome, "final", decided)
		return nil
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
