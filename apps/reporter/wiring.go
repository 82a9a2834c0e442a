package main

import (
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
)

type reporter struct{ app *step.App }

// setup subscribes to the three final events. Idempotent: the reporter keeps each
// file's final events in its state (the first delivery of each), so it recognises a
// redelivery itself, and writes the report again only if the earlier delivery stopped
// before noting it written.
func setup(app *step.App) (step.Wiring, error) {
	r := &reporter{app: app}
	var subs []step.Subscription
	for _, topic := range []string{events.FileRejected, events.FileCreated, events.FileFailed} {
		subs = append(subs, step.Subscription{Topic: topic, Handler: r.onFinal, Idempotent: true})
	}
	return step.Wiring{Subscriptions: subs}, nil
}
