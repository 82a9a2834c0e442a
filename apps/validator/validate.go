package main

import (
	"context"
	"errors"
	"io"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/staging"
	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/store"
	"github.com/paychoreo/choreography/internal/validation"
)

// onReceived lets the rules decide the file, then announces the decision.
func (v *validator) onReceived(ctx context.Context, m step.Message, ev events.Received) error {
	d, err := v.rules.Check(ctx, ev)
	if errors.Is(err, store.ErrNotFound) {
		if done, rerr := v.app.Reemit(ctx, m, ev.FileID, events.FileValidated, events.FileRejected); done || rerr != nil {
			return rerr // a late redelivery of a file already decided
		}
		return step.Permanentf("file a %q of %s is no longer in the inbox: %w", ev.Blob, ev.FileID, err)
	}
	if err != nil {
		return err
	}
	if !d.Accepted() {
		return v.reject(ctx, m, ev.FileRef, d)
	}
	return v.accept(ctx, m, ev.FileRef, d)
}

// accept stages the canonical form and announces it, with the version of the reference
// table the file was checked against.
func (v *validator) accept(ctx context.Context, m step.Message, ref events.FileRef, d validation.Decision) error {
	ev := validation.ValidatedEvent(ref, d)
	err := v.app.EmitAfter(ctx, m, events.FileValidated, ref.FileID, ev, func(ctx context.Context) error {
		return v.app.Sidecar.PutBlobFrom(ctx, step.Staging, ev.Canonical, func(w io.Writer) error {
			return staging.WriteFile(w, d.File)
		})
	})
	if err != nil {
		return err
	}
	v.app.FileOutcome(m, ref.FileID, "validated", "payments", len(d.File.Payments))
	return nil
}
