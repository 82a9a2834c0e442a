// Package onevent adapts a file step's rules to its subscriptions, once for every step:
// the work on an event (the benchmark's simulated downstream call, then the payload
// decoded) and the step's part of compensation (file.failed marked, its undo, the line
// that says what was undone). apps/validator, apps/adaptor and apps/creator wire their
// rules through it.
package onevent

import (
	"context"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
)

// Work is a handler of one event of type T: the benchmark's simulated call to core
// banking first (off unless set), then the payload decoded (a malformed one is
// permanent), then do.
func Work[T any](do func(ctx context.Context, m step.Message, ev T) error) step.Handler {
	return func(ctx context.Context, m step.Message) error {
		if err := step.SimulatedDownstream(ctx); err != nil {
			return err
		}
		var ev T
		if err := m.Decode(&ev); err != nil {
			return err
		}
		return do(ctx, m, ev)
	}
}

// Undo is a step's part of compensation on file.failed: the event the step died on is
// marked handled (App.Failed), undo removes what the step did for the file and says
// what that was, and the file's line says it, outcome compensated. An undo that found
// nothing to remove says "" and nothing is logged. Each undo is a no-op when there is
// nothing left to undo, so a redelivery changes nothing.
func Undo(app *step.App, undo func(ctx context.Context, ev events.Failed) (undone string, err error)) step.Handler {
	return func(ctx context.Context, m step.Message) error {
		ev, err := app.Failed(ctx, m)
		if err != nil {
			return err
		}
		undone, err := undo(ctx, ev)
		if err != nil || undone == "" {
			return err
		}
		app.FileOutcome(m, ev.FileID, "compensated", "undone", undone)
		return nil
	}
}

// Step is the wiring of a file step: do on each event of topic (Work), undo on
// file.failed (Undo).
func Step[T any](app *step.App, topic string, do func(ctx context.Context, m step.Message, ev T) error,
	undo func(ctx context.Context, ev events.Failed) (string, error)) step.Wiring {
	return step.Wiring{Subscriptions: []step.Subscription{
		{Topic: topic, Handler: Work(do)},
		{Topic: events.FileFailed, Handler: Undo(app, undo)},
	}}
}
