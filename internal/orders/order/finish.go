package order

import (
	"context"
	"fmt"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/orders"
	"github.com/paychoreo/choreography/internal/store"
)

// Get reads an order; an id that is no order id is not found.
func (d *Desk) Get(ctx context.Context, id string) (Order, bool, error) {
	var o Order
	if !orderID.MatchString(id) {
		return o, false, nil
	}
	found, err := d.State.Get(ctx, orderKey(id), &o)
	return o, found, err
}

// Finish moves an order to its final status on order.confirmed or order.cancelled. A
// final status never changes again; the same event twice changes nothing.
func (d *Desk) Finish(ctx context.Context, ev orders.Event) (orders.Outcome, error) {
	var e struct {
		events.OrderConfirmedEvent
		Reasons []events.Reason `json:"reasons"`
	}
	if err := ev.Decode(&e); err != nil {
		return orders.Outcome{}, err
	}
	status := map[string]string{events.OrderConfirmed: Confirmed, events.OrderCancelled: Cancelled}[ev.Topic]
	if status == "" {
		return orders.Outcome{}, fmt.Errorf("%w: the order API does not consume %s", orders.ErrBadEvent, ev.Topic)
	}
	var final bool
	err := store.Update(ctx, d.State, orderKey(e.OrderID), func(o *Order, found bool) (store.Op, error) {
		if !found {
			// order.created leaves only with a stored order: an outcome for an unknown
			// order was not made by this choreography.
			return store.Keep, fmt.Errorf("%w: %s for unknown order %q", orders.ErrUnknownOrder, ev.Topic, e.OrderID)
		}
		if final = o.Status != Accepted; final {
			return store.Keep, nil
		}
		o.Status, o.UpdatedAt = status, d.now().Format(time.RFC3339Nano)
		if status == Confirmed {
			o.ShipmentID = e.ShipmentID
		} else {
			o.Reasons = e.Reasons
		}
		return store.Write, nil
	})
	if err != nil || final {
		return orders.Outcome{}, err
	}
	return orders.Outcome{OrderID: e.OrderID, Name: status}, nil
}
