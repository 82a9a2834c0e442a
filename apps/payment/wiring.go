package main

import (
	"fmt"
	"os"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/orders/orderstep"
	"github.com/paychoreo/choreography/internal/orders/payments"
	"github.com/paychoreo/choreography/internal/payment"
	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/store/daprstore"
)

func setup(app *step.App) (step.Wiring, error) {
	rules := &payments.Payments{Limit: payments.DefaultLimit}
	if app.Sidecar != nil { // nil in the wiring test
		rules.State, rules.Pub = daprstore.NewState(app.Sidecar, step.AppState), app.Sidecar
	}
	if s := os.Getenv("CHOREO_PAYMENT_LIMIT"); s != "" {
		l, err := payment.ParseAmount(s)
		if err != nil {
			return step.Wiring{}, fmt.Errorf("CHOREO_PAYMENT_LIMIT: %w", err)
		}
		rules.Limit = l
	}
	return step.Wiring{
		Subscriptions: []step.Subscription{
			{Topic: events.OrderCreated, Handler: orderstep.Handler(app, rules.Authorise)},
			{Topic: events.OrderCancelled, Handler: orderstep.Handler(app, rules.Void)},
		},
	}, nil
}
