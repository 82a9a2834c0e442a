package main

import (
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
)

func setup(app *step.App) (step.Wiring, error) {
	in := &intake{app: app, lister: step.NewLister(app.Sidecar)}
	dlq := events.DeadLetterTopic("intake")
	return step.Wiring{
		Inputs: []step.Input{{Binding: step.ScanCron, Handler: in.scan}},
		Subscriptions: []step.Subscription{
			{Topic: events.FileCreated, DeadLetterTopic: dlq, Handler: in.onCreated},
			{Topic: events.FileRejected, DeadLetterTopic: dlq, Handler: in.onRejected},
		},
	}, nil
}
