package main

import (
	"context"

	"github.com/paychoreo/choreography/internal/creation"
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/onevent"
	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/store/daprstore"
)

func setup(app *step.App) (step.Wiring, error) {
	c := &creator{app: app, rules: &creation.Creator{
		State:   daprstore.NewState(app.Sidecar, step.AppState),
		Staging: daprstore.NewBlobs(app.Sidecar, step.Staging),
		Outbox:  daprstore.NewBlobs(app.Sidecar, step.Outbox),
		KeepFor: step.KeepFor, Work: step.Work,
	}}
	return onevent.Step(app, events.FileAdapted, c.onAdapted, c.undo), nil
}

type creator struct {
	app   *step.App
	rules *creation.Creator
}

// onAdapted writes File B (once), announces it, then removes the staged data: until
// file.created is out, a redelivery must find it.
func (c *creator) onAdapted(ctx context.Context, m step.Message, ev events.Adapted) error {
	next, err := c.rules.Create(ctx, ev)
	if err != nil {
		return permanent(err)
	}
	if err := c.app.Sidecar.Publish(ctx, events.FileCreated, ev.FileID, m.TraceParent, next); err != nil {
		return err
	}
	if err := c.rules.Cleanup(ctx, ev); err != nil {
		return err
	}
	c.app.FileOutcome(m, ev.FileID, "created", "file_b", next.FileB)
	return nil
}

// undo removes the File B of a file that failed for good, if this file claimed it.
func (c *creator) undo(ctx context.Context, ev events.Failed) (string, error) {
	name, err := c.rules.Compensate(ctx, ev.FileID)
	if err != nil || name == "" {
		return "", err
	}
	return "file b " + name, nil
}

// permanent maps the rules' domain errors, which no retry can change, to a delivery
// that is not retried.
func permanent(err error) error {
	if creation.IsPermanent(err) {
		return step.Permanent(err)
	}
	return err
}
