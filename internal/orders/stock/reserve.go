// Package stock holds stock's rules: each new order's items are reserved all or none,
// one key per SKU (level.go), and given back when the order is cancelled.
package stock

import (
	"context"
	"errors"
	"fmt"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/orders"
	"github.com/paychoreo/choreography/internal/store"
)

// What stock decided for an order (key order|<id>), written once, first write wins; or
// orders.Tombstone when order.cancelled came first.
const (
	Reserved    = "reserved"    // every item held; stock.reserved announced
	Unavailable = "unavailable" // something short, nothing held; stock.unavailable announced
	Released    = "released"    // was reserved, given back on cancellation; stock.released
)

// Decision is what stock keeps of an order.
type Decision struct {
	State         string             `json:"state"`
	ReservationID string             `json:"reservation_id,omitempty"`
	Items         []events.StockItem `json:"items,omitempty"`
	Shortages     []events.Shortage  `json:"shortages,omitempty"`
}

func orderKey(id string) string { return "order|" + id }

// Stock is stock's rules over its state (levels and decisions) and its announcements.
type Stock struct {
	State store.State
	Pub   orders.Publisher
}

// Reserve handles order.created: every item of the order is held, or none, and the
// decision announced. A decision made before (a crash after it, a second outbox event)
// is announced again; a cancellation that came first leaves nothing held.
func (s *Stock) Reserve(ctx context.Context, ev orders.Event) (orders.Outcome, error) {
	var o events.OrderCreatedEvent
	if err := ev.Decode(&o); err != nil {
		return orders.Outcome{}, err
	}
	if o.OrderID == "" || len(o.Items) == 0 {
		return orders.Outcome{}, fmt.Errorf("%w: order.created %s names no order or no items", orders.ErrBadEvent, ev.ID)
	}
	var d Decision
	found, err := s.State.Get(ctx, orderKey(o.OrderID), &d)
	if err != nil {
		return orders.Outcome{}, err
	}
	items := merge(o.Items)
	if found && d.State == orders.Tombstone {
		// cancelled first; a delivery that held items and failed to give them back
		// before this one gives them back now
		return orders.Outcome{}, s.unholdAll(ctx, o.OrderID, items)
	}
	if found {
		return s.announce(ctx, ev, o.OrderID, d)
	}
	if d, err = s.holdAll(ctx, o.OrderID, items); err != nil {
		return orders.Outcome{}, err // what is held stays held for the retry, which finds it there
	}
	err = s.State.Create(ctx, orderKey(o.OrderID), d, 0)
	if errors.Is(err, store.ErrConflict) {
		// Someone decided first: the cancellation's tombstone (then give back what was
		// just held) or a twin delivery of this event (then its decision stands).
		var first Decision
		if _, err := s.State.Get(ctx, orderKey(o.OrderID), &first); err != nil {
			return orders.Outcome{}, err
		}
		if first.State == orders.Tombstone {
			return orders.Outcome{OrderID: o.OrderID, Name: "cancelled_before_reservation"}, s.unholdAll(ctx, o.OrderID, items)
		}
		return s.announce(ctx, ev, o.OrderID, first)
	}
	if err != nil {
		return orders.Outcome{}, err
	}
	return s.announce(ctx, ev, o.OrderID, d)
}

// holdAll holds every item, or, when something is short, gives back what it held.
func (s *Stock) holdAll(ctx context.Context, order string, items []events.StockItem) (Decision, error) {
	var short []events.Shortage
	for _, it := range items {
		ok, available, err := s.hold(ctx, it.SKU, order, it.Quantity)
		if err != nil {
			return Decision{}, err
		}
		if !ok {
			short = append(short, events.Shortage{SKU: it.SKU, Requested: it.Quantity, Available: max(available, 0)})
		}
	}
	if len(short) > 0 {
		return Decision{State: Unavailable, Shortages: short}, s.unholdAll(ctx, order, items)
	}
	return Decision{State: Reserved, ReservationID: "res-" + order, Items: items}, nil
}

// Release handles order.cancelled: a reservation is given back and stock.released
// announced; an order not decided yet gets a tombstone so that its order.created, when
// it comes, holds nothing.
func (s *Stock) Release(ctx context.Context, ev orders.Event) (orders.Outcome, error) {
	return orders.Undo[Decision]{State: func(d *Decision) *string { return &d.State }, Yes: Reserved, Undone: Released,
		Release: s.giveBack, Announce: s.announce, Key: orderKey}.Cancel(ctx, s.State, ev)
}

// giveBack gives back what a reservation holds.
func (s *Stock) giveBack(ctx context.Context, order string, d Decision) error {
	return s.unholdAll(ctx, order, d.Items)
}

func (s *Stock) unholdAll(ctx context.Context, order string, items []events.StockItem) error {
	for _, it := range items {
		if err := s.unhold(ctx, it.SKU, order); err != nil {
			return err
		}
	}
	return nil
}
