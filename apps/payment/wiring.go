package main

import (
	"fmt"
	"os"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/payment"
	"github.com/paychoreo/choreography/internal/step"
)

// defaultLimit is the simulated provider's limit per authorisation.
const defaultLimit = payment.Amount(100000) // 1000.00

type payments struct {
	app   *step.App
	limit payment.Amount
}

func setup(app *step.App) (step.Wiring, error) {
	p := &payments{app: app, limit: defaultLimit}
	if s := os.Getenv("CHOREO_PAYMENT_LIMIT"); s != "" {
		l, err := payment.ParseAmount(s)
		if err != nil {
			return step.Wiring{}, fmt.Errorf("CHOREO_PAYMENT_LIMIT: %w", err)
		}
		p.limit = l
	}
	return step.Wiring{
		Subscriptions: []step.Subscription{
			{Topic: events.OrderCreated, Handler: p.onCreated},
			{Topic: events.OrderCancelled, Handler: p.onCancelled},
		},
	}, nil
}
