package main

import (
	"context"
	"errors"
	"io"

	"github.com/paychoreo/choreography/internal/batch"
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/staging"
	"github.com/paychoreo/choreography/internal/step"
)

func setup(app *step.App) (step.Wiring, error) {
	a := &adaptor{app: app}
	return step.Wiring{Subscriptions: []step.Subscription{
		{Topic: events.FileValidated, Handler: a.onValidated},
		{Topic: events.FileFailed, Handler: a.onFailed},
	}}, nil
}

type adaptor struct{ app *step.App }

func (a *adaptor) onValidated(ctx context.Context, m step.Message) error {
	if err := step.SimulatedDownstream(ctx); err != nil { // the benchmark's core-banking call; off unless set
		return err
	}
	var ev events.Validated
	if err := m.Decode(&ev); err != nil {
		return err
	}
	raw, err := a.app.Sidecar.GetBlobText(ctx, step.Staging, ev.Canonical)
	if errors.Is(err, step.ErrNotFound) {
		if done, rerr := a.app.Reemit(ctx, m, ev.FileID, events.FileAdapted); done || rerr != nil {
			return rerr // a late redelivery: the creator consumed and cleaned up already
		}
		return step.Permanentf("canonical form %q of %s is missing: %w", ev.Canonical, ev.FileID, err)
	}
	if err != nil {
		return err
	}
	f, err := staging.DecodeFile(raw)
	if err != nil {
		return step.Permanentf("decode canonical form of %s: %w", ev.FileID, err)
	}
	b := batch.GroupInPlace(f) // f is not needed in file order after this
	staged := staging.BatchesName(ev.FileID)
	next := events.Adapted{FileRef: ev.FileRef, SenderID: ev.SenderID, FileReference: ev.FileReference,
		NbOfTxs: b.NbOfTxs, ControlSum: b.ControlSum, BatchCount: len(b.Batches), Batches: staged, RefdataVersion: ev.RefdataVersion}
	err = a.app.EmitAfter(ctx, m, events.FileAdapted, ev.FileID, next, func(ctx context.Context) error {
		return a.app.Sidecar.PutBlobFrom(ctx, step.Staging, staged, func(w io.Writer) error {
			return staging.WriteBatches(w, &b)
		})
	})
	if err != nil {
		return err
	}
	a.app.FileOutcome(m, ev.FileID, "adapted", "batches", len(b.Batches))
	return nil
}

// onFailed deletes the batches the adaptor staged for a file that failed for good.
func (a *adaptor) onFailed(ctx context.Context, m step.Message) error {
	ev, err := a.app.Failed(ctx, m)
	if err != nil {
		return err
	}
	if err := a.app.Sidecar.DeleteBlob(ctx, step.Staging, staging.BatchesName(ev.FileID)); err != nil {
		return err
	}
	a.app.FileOutcome(m, ev.FileID, "compensated", "undone", "batches")
	return nil
}
