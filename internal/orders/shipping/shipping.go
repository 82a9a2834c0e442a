// Package shipping holds shipping's rules: it joins what the others decided about an
// order (join.go), in whatever order their events come and however often, and announces
// the decision once.
package shipping

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/orders"
	"github.com/paychoreo/choreography/internal/store"
)

// Shipping is shipping's rules over its state (a join per order) and its announcements.
type Shipping struct {
	State store.State
	Pub   orders.Publisher
}

func joinKey(id string) string { return "order|" + id }

// Record records an event in the order's join (with the decision it completes), then,
// if this event completed it, announces the decision. Only the deciding event
// announces: two answers arriving together must not both publish.
func (s *Shipping) Record(ctx context.Context, ev orders.Event) (orders.Outcome, error) {
	p, ok := parts[ev.Topic]
	if !ok {
		return orders.Outcome{}, fmt.Errorf("%w: shipping does not consume %s", orders.ErrBadEvent, ev.Topic)
	}
	var ref events.OrderRef
	if err := ev.Decode(&ref); err != nil {
		return orders.Outcome{}, err
	}
	if ref.OrderID == "" {
		return orders.Outcome{}, fmt.Errorf("%w: %s %s names no order", orders.ErrBadEvent, ev.Topic, ev.ID)
	}
	self := ev.Topic + "|" + ev.ID
	j, err := s.update(ctx, ref.OrderID, func(j *Join) (bool, error) {
		changed, err := p(j, ev.Data)
		if err != nil {
			return false, fmt.Errorf("%w: decode %s: %w", orders.ErrBadEvent, ev.ID, err)
		}
		if j.decide() {
			j.DecidedBy, changed = self, true
		}
		return changed, nil
	})
	if err != nil || j.Decision == "" || j.Announced || j.DecidedBy != self {
		return orders.Outcome{}, err
	}
	out, err := s.announce(ctx, ev, j)
	if err != nil {
		return out, err
	}
	_, err = s.update(ctx, ref.OrderID, func(j *Join) (bool, error) {
		was := j.Announced
		j.Announced = true
		return !was, nil
	})
	return out, err
}

// update changes an order's join (store.Update) and returns it as changed.
func (s *Shipping) update(ctx context.Context, id string, change func(*Join) (bool, error)) (Join, error) {
	var out Join
	err := store.Update(ctx, s.State, joinKey(id), func(j *Join, _ bool) (store.Op, error) {
		j.OrderID = id
		changed, err := change(j)
		out = *j
		if err != nil || !changed {
			return store.Keep, err
		}
		return store.Write, nil
	})
	return out, err
}

// announce publishes the decision with the order's deterministic event id.
func (s *Shipping) announce(ctx context.Context, ev orders.Event, j Join) (orders.Outcome, error) {
	o, ref := j.Order, events.OrderRef{OrderID: j.OrderID}
	if j.Decision == Cancelled {
		b, _ := json.Marshal(j.Reasons)
		return orders.Announce(ctx, s.Pub, ev, events.OrderCancelled, j.OrderID, events.OrderCancelledEvent{OrderRef: ref,
			Customer: o.Customer, Currency: o.Currency, Total: o.Total, Reasons: j.Reasons}, Cancelled, "reasons", string(b))
	}
	return orders.Announce(ctx, s.Pub, ev, events.OrderConfirmed, j.OrderID, events.OrderConfirmedEvent{OrderRef: ref,
		ShipmentID: j.ShipmentID, ReservationID: j.ReservationID, AuthorisationID: j.AuthorisationID,
		Customer: o.Customer, Items: o.Items, Currency: o.Currency, Total: o.Total}, Confirmed, "shipment_id", j.ShipmentID)
}
