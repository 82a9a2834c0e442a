package main

import (
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
)

type shipping struct{ app *step.App }

func setup(app *step.App) (step.Wiring, error) {
	s := &shipping{app: app}
	return step.Wiring{
		Subscriptions: []step.Subscription{
			{Topic: events.OrderCreated, Handler: s.on(gotOrder)},
			{Topic: events.StockReserved, Handler: s.on(gotReserved)},
			{Topic: events.StockUnavailable, Handler: s.on(gotUnavailable)},
			{Topic: events.PaymentAuthorised, Handler: s.on(gotAuthorised)},
			{Topic: events.PaymentDeclined, Handler: s.on(gotDeclined)},
		},
	}, nil
}
