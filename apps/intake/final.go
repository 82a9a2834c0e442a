package main

import (
	"context"
	"errors"

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
	in.mu.Lock()
	defer in.mu.Unlock()
	if err := in.move(ctx, ref.Blob, binding, dest); err != nil {
		return err
	}
	var c claim
	if _, found, err := in.app.Sidecar.GetState(ctx, step.AppState, claimKey(ref.Blob), &c); err != nil {
		return err
	} else if found && c.FileID == ref.FileID {
		if err := in.app.Sidecar.DeleteState(ctx, step.AppState, claimKey(ref.Blob)); err != nil {
			return err
		}
	}
	in.app.FileOutcome(m, ref.FileID, outcome, "blob", ref.Blob, "file_a", binding+"/"+dest)
	return nil
}

func (in *intake) move(ctx context.Context, blob, binding, dest string) error {
	sc := in.app.Sidecar
	data, err := sc.GetBlob(ctx, step.Inbox, blob)
	if errors.Is(err, step.ErrNotFound) {
		return nil // moved already
	}
	if err != nil {
		return err
	}
	if err := sc.PutBlob(ctx, binding, dest, data); err != nil {
		return err
	}
	return sc.DeleteBlob(ctx, step.Inbox, blob)
}
