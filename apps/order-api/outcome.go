package main

import (
	"context"
	"errors"
	"fmt"
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
	for try := 0; try < 20; try++ {
		var o Order
		etag, found, err := a.app.Sidecar.GetState(ctx, OrderStore, orderKey(id), &o)
		if err != nil {
			return err
		}
		if !found {
			// order.created leaves only with a stored order: an outcome for an unknown
			// order was not made by this choreography.
			return step.Permanentf("%s for unknown order %q", m.Topic, id)
		}
		if o.Status != Accepted {
			return nil
		}
		set(&o)
		o.UpdatedAt = time.Now().UTC().Format(time.RFC3339Nano)
		err = a.app.Sidecar.UpdateState(ctx, OrderStore, orderKey(id), etag, o)
		if err == nil {
			a.app.OrderOutcome(m, id, o.Status)
			return nil
		}
		if !errors.Is(err, step.ErrConflict) {
			return err
		}
	}
	return fmt.Errorf("update order %s: %w", id, step.ErrConflict)
}
