package main

import (
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/orders/orderstep"
	"github.com/paychoreo/choreography/internal/orders/shipping"
	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/store/daprstore"
)

func setup(app *step.App) (step.Wiring, error) {
	rules := &shipping.Shipping{}
	if app.Sidecar != nil { // nil in the wiring test
		rules.State, rules.Pub = daprstore.NewState(app.Sidecar, step.AppState), app.Sidecar
	}
	record := orderstep.Handler(app, rules.Record)
	return step.Wiring{
		Subscriptions: []step.Subscription{
			{Topic: events.OrderCreated, Handler: record},
			{Topic: events.StockReserved, Handler: record},
			{Topic: events.StockUnavailable, Handler: record},
			{Topic: events.PaymentAuthorised, Handler: record},
			{Topic: events.PaymentDeclined, Handler: record},
		},
	}, nil
}
