package main

import (
	"context"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
)

// onConfirmed and onCancelled move an order to its final status. A final status never
// changes again; the same event twice changes nothing.
func (a *api) onConfirmed(ctx context.Context, m step.Message) error {
	var e events.OrderConfirmedEvent
	if err := m.Decode(&e); err != nil {
		return err
	}
	return a.finish(ctx, m, e.OrderID, func(o *Order) { o.Status, o.ShipmentID = Confirmed, e.ShipmentID })
}

func (a *api) onCancelled(ctx context.Context, m step.Message) error {
	var e events.OrderCancelledEvent
	if err := m.Decode(&e); err != nil {
		return err
	}
	return a.finish(ctx, m, e.OrderID, func(o *Order) { o.Status, o.Reasons = Cancelled, e.Reasons })
}

func (a *api) finish(ctx context.Context, m step.Message, id string, set func(*Order)) error {
	var final bool
	o, err := step.Update(ctx, a.app.Sidecar, OrderStore, orderKey(id), func(o *Order, found bool) (step.Op, error) {
		if !found {
			// order.created leaves only with a stored order: an outcome for an unknown
			// order was not made by this choreography.
			return step.Keep, step.Permanentf("%s for unknown order %q", m.Topic, id)
		}
		if final = o.Status != Accepted; final {
			return step.Keep, nil
		}
		set(o)
		o.UpdatedAt = time.Now().UTC().Format(time.RFC3339Nano)
		return step.Write, nil
	})
	if err != nil || final {
		return err
	}
	a.app.OrderOutcome(m, id, o.Status)
	return nil
}
