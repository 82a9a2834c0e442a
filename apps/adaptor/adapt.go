package main

import (
	"context"
	"errors"

	"github.com/paychoreo/choreography/internal/adaption"
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/onevent"
	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/store"
	"github.com/paychoreo/choreography/internal/store/daprstore"
)

func setup(app *step.App) (step.Wiring, error) {
	a := &adaptor{app: app, staging: daprstore.NewBlobs(app.Sidecar, step.Staging)}
	return onevent.Step(app, events.FileValidated, a.onValidated, a.undo), nil
}

type adaptor struct {
	app     *step.App
	staging store.Blobs
}

// onValidated lets the rules group the file, then stages the batches and announces them.
func (a *adaptor) onValidated(ctx context.Context, m step.Message, ev events.Validated) error {
	b, next, err := adaption.Adapt(ctx, a.staging, ev)
	if errors.Is(err, store.ErrNotFound) {
		if done, rerr := a.app.Reemit(ctx, m, ev.FileID, events.FileAdapted); done || rerr != nil {
			return rerr // a late redelivery: the creator consumed and cleaned up already
		}
		return step.Permanent(err)
	}
	if errors.Is(err, adaption.ErrBadInput) {
		return step.Permanent(err)
	}
	if err != nil {
		return err
	}
	err = a.app.EmitAfter(ctx, m, events.FileAdapted, ev.FileID, next, func(ctx context.Context) error {
		return adaption.Stage(ctx, a.staging, next, b)
	})
	if err != nil {
		return err
	}
	a.app.FileOutcome(m, ev.FileID, "adapted", "batches", next.BatchCount)
	return nil
}

// undo deletes the batches the adaptor staged for a file that failed for good.
func (a *adaptor) undo(ctx context.Context, ev events.Failed) (string, error) {
	return "batches", adaption.Compensate(ctx, a.staging, ev.FileID)
}
