package main

import (
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
)

func setup(app *step.App) (step.Wiring, error) {
	in := &intake{app: app, lister: step.NewLister(app.Sidecar)}
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
