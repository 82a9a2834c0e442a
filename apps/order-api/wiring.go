package main

import (
	"context"
	"net/http"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/orders/order"
	"github.com/paychoreo/choreography/internal/orders/orderstep"
	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/store/daprstore"
)

// OrderStore is the order API's state store: orders, idempotency claims, and the
// transactional outbox that announces order.created (components/local/orderstore.yaml).
const OrderStore = "orderstore"

type api struct {
	app  *step.App
	desk *order.Desk
}

func setup(app *step.App) (step.Wiring, error) {
	a := &api{app: app, desk: &order.Desk{State: daprstore.NewState(app.Sidecar, OrderStore), Outbox: outbox{app.Sidecar}}}
	finish := orderstep.Handler(app, a.desk.Finish)
	return step.Wiring{
		Routes: []step.Route{
			{Pattern: "POST /orders", Handler: http.HandlerFunc(a.submit)},
			{Pattern: "GET /orders/{id}", Handler: http.HandlerFunc(a.status)},
		},
		Subscriptions: []step.Subscription{
			{Topic: events.OrderConfirmed, Handler: finish},
			{Topic: events.OrderCancelled, Handler: finish},
		},
	}, nil
}

// outbox is order.Outbox over the order store's transactional outbox.
type outbox struct{ sc *step.Sidecar }

func (o outbox) SaveAndAnnounce(ctx context.Context, key string, v any, topic, subject, traceparent string, payload any) error {
	return o.sc.SaveAndAnnounce(ctx, OrderStore, key, v, step.Announcement{
		Topic: topic, Subject: subject, TraceParent: traceparent, Payload: payload})
}
