package main

import (
	"context"

	"github.com/paychoreo/choreography/internal/deadletter"
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/store/daprstore"
)

func setup(app *step.App) (step.Wiring, error) {
	in := &intake{app: app, lister: step.NewLister(app.Sidecar), state: daprstore.NewState(app.Sidecar, step.AppState)}
	in.keeper = &deadletter.Keeper{
		Book:  deadletter.Book{State: daprstore.NewState(app.Sidecar, step.DeadLetters)},
		Final: in.state, KeepFor: step.KeepFor, Publish: app.Sidecar.Publish,
		Refile: in.refile, Restore: in.restore,
		Reconsider: func(ctx context.Context, blob string) (string, error) { return in.consider(ctx, blob, noEventTime) },
	}
	return step.Wiring{
		Inputs:  []step.Input{{Binding: step.ScanCron, Handler: in.scan}},
		Methods: []step.Method{{Name: "redrive", Handler: in.redrive}, {Name: "submit", Handler: in.submit}},
		Subscriptions: []step.Subscription{
			// The claim makes arrival idempotent by itself: no ledger read and mark.
			{Topic: events.BlobCreated, Handler: in.onBlobCreated, Idempotent: true},
			{Topic: events.FileCreated, Handler: in.onCreated},
			{Topic: events.FileRejected, Handler: in.onRejected},
			{Topic: events.FileFailed, Handler: in.onFailed},
			{Topic: "deadletter.validator", Handler: in.onDeadLetter("validator")},
			{Topic: "deadletter.adaptor", Handler: in.onDeadLetter("adaptor")},
			{Topic: "deadletter.creator", Handler: in.onDeadLetter("creator")},
			{Topic: "deadletter.intake", Handler: in.onDeadLetter("intake")},
		},
	}, nil
}
