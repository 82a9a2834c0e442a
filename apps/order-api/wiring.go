package main

import (
	"net/http"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
)

// OrderStore is the order API's state store: orders, idempotency claims, and the
// transactional outbox that announces order.created (components/local/orderstore.yaml).
const OrderStore = "orderstore"

type api struct{ app *step.App }

func setup(app *step.App) (step.Wiring, error) {
	a := &api{app: app}
	return step.Wiring{
		Routes: []step.Route{
			{Pattern: "POST /orders", Handler: http.HandlerFunc(a.submit)},
			{Pattern: "GET /orders/{id}", Handler: http.HandlerFunc(a.status)},
		},
		Subscriptions: []step.Subscription{
			{Topic: events.OrderConfirmed, Handler: a.onConfirmed},
			{Topic: events.OrderCancelled, Handler: a.onCancelled},
		},
	}, nil
}
