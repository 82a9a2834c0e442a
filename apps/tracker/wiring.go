package main

import (
	"cmp"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/userauth"
)

// defaultStallAfter is how long a file may take before it counts as stalled; set
// CHOREO_STALL_AFTER (a Go duration) to the bank's cut-off needs.
const defaultStallAfter = 10 * time.Minute

type tracker struct {
	app        *step.App
	stallAfter time.Duration
	traceTmpl  string // CHOREO_TRACE_URL (traceurl.go)
}

func setup(app *step.App) (step.Wiring, error) {
	t := &tracker{app: app, stallAfter: defaultStallAfter}
	var err error
	if s := os.Getenv("CHOREO_STALL_AFTER"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			return step.Wiring{}, fmt.Errorf("CHOREO_STALL_AFTER=%q is not a positive duration", s)
		}
		t.stallAfter = d
	}
	if t.traceTmpl, err = traceURLTemplate(os.Getenv); err != nil {
		return step.Wiring{}, err
	}
	login, err := userauth.FromEnv(os.Getenv)
	if err != nil {
		return step.Wiring{}, err
	}
	log := cmp.Or(app.Log, slog.New(slog.DiscardHandler)) // step.CheckSetup gives none
	if warning := login.Warning(); warning != "" {
		log.Warn(warning)
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
		Open: forPeople(login, log, append([]step.Route{
			{Pattern: "GET /api/files", Handler: http.HandlerFunc(t.list)},
			{Pattern: "GET /api/files/{id}", Handler: http.HandlerFunc(t.one)},
			{Pattern: "GET /outputs/{id}/{kind}", Handler: http.HandlerFunc(t.output)},
			{Pattern: "GET /{$}", Handler: http.HandlerFunc(page)},
		}, t.orderRoutes()...)), // orders.go
	}, nil
}

// forPeople puts routes behind people's login (internal/userauth): they serve payment
// data (timelines, rejection reasons, File B, reports), so no route here is served to
// someone who merely reaches the port. The sidecar's routes keep its token instead.
func forPeople(login userauth.Config, log *slog.Logger, routes []step.Route) []step.Route {
	for i, r := range routes {
		routes[i].Handler = userauth.Require(login, log, r.Handler)
	}
	return routes
}
