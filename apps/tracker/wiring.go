package main

import (
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
)

// defaultStallAfter is how long a file may take before it counts as stalled; set
// CHOREO_STALL_AFTER (a Go duration) to the bank's cut-off needs.
const defaultStallAfter = 10 * time.Minute

type tracker struct {
	app        *step.App
	stallAfter time.Duration
}

func setup(app *step.App) (step.Wiring, error) {
	t := &tracker{app: app, stallAfter: defaultStallAfter}
	if s := os.Getenv("CHOREO_STALL_AFTER"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			return step.Wiring{}, fmt.Errorf("CHOREO_STALL_AFTER=%q is not a positive duration", s)
		}
		t.stallAfter = d
	}
	var subs []step.Subscription
	for _, topic := range events.Consumes(events.Tracker) {
		// Idempotent: a timeline keeps each event id once, so a redelivery is recognised
		// by the timeline itself and the ledger's check and mark would be two calls more.
		subs = append(subs, step.Subscription{Topic: topic, Handler: t.handlerFor(topic), Idempotent: true}) // orders.go
	}
	return step.Wiring{
		Subscriptions: subs,
		Inputs:        []step.Input{{Binding: "stall-watch", Handler: t.watch}},
		Open: append([]step.Route{
			{Pattern: "GET /api/files", Handler: http.HandlerFunc(t.list)},
			{Pattern: "GET /api/files/{id}", Handler: http.HandlerFunc(t.one)},
			{Pattern: "GET /outputs/{id}/{kind}", Handler: http.HandlerFunc(t.output)},
			{Pattern: "GET /{$}", Handler: http.HandlerFunc(page)},
		}, t.orderRoutes()...), // orders.go
	}, nil
}
