package main

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
)

// What stock decided for an order (key order|<id>), written once, first write wins.
const (
	Reserved    = "reserved"    // every item held; stock.reserved announced
	Unavailable = "unavailable" // something short, nothing held; stock.unavailable announced
	Released    = "released"    // was reserved, given back on cancellation; stock.released
	// Cancelled is a tombstone: order.cancelled came before order.created (the broker
	// keeps no order across topics), so a late order.created must hold nothing.
	Cancelled = "cancelled"
)

type decision struct {
	State         string             `json:"state"`
	ReservationID string             `json:"reservation_id,omitempty"`
	Items         []events.StockItem `json:"items,omitempty"`
	Shortages     []events.Shortage  `json:"shortages,omitempty"`
}

func orderKey(id string) string { return "order|" + id }

// onCreated reserves every item of a new order, or none.
func (s *stock) onCreated(ctx context.Context, m step.Message) error {
	var o events.OrderCreatedEvent
	if err := m.Decode(&o); err != nil {
		return err
	}
	if o.OrderID == "" || len(o.Items) == 0 {
		return step.Permanentf("order.created %s names no order or no items", m.ID)
	}
	var d decision
	_, found, err := s.app.Sidecar.GetState(ctx, step.AppState, orderKey(o.OrderID), &d)
	if err != nil {
		return err
	}
	if found { // decided before (a crash after the decision, or a second outbox event)
		return s.announce(ctx, m, o.OrderID, d)
	}
	items := merge(o.Items)
	d = decision{State: Reserved, ReservationID: "res-" + o.OrderID, Items: items}
	for _, it := range items {
		ok, available, err := s.hold(ctx, it.SKU, o.OrderID, it.Quantity)
		if err != nil {
			return err // what is held stays held for the retry, which finds it there
		}
		if !ok {
			d.Shortages = append(d.Shortages, events.Shortage{SKU: it.SKU, Requested: it.Quantity, Available: max(available, 0)})
		}
	}
	if len(d.Shortages) > 0 {
		d = decision{State: Unavailable, Shortages: d.Shortages}
		if err := s.unholdAll(ctx, o.OrderID, items); err != nil {
			return err
		}
	}
	err = s.app.Sidecar.CreateState(ctx, step.AppState, orderKey(o.OrderID), d)
	if errors.Is(err, step.ErrConflict) {
		// Someone decided first: the cancellation's tombstone (then give back what was
		// just held) or a twin delivery of this event (then its decision stands).
		var first decision
		if _, _, err := s.app.Sidecar.GetState(ctx, step.AppState, orderKey(o.OrderID), &first); err != nil {
			return err
		}
		if first.State == Cancelled {
			s.app.OrderOutcome(m, o.OrderID, "cancelled_before_reservation")
			return s.unholdAll(ctx, o.OrderID, items)
		}
		return s.announce(ctx, m, o.OrderID, first)
	}
	if err != nil {
		return err
	}
	return s.announce(ctx, m, o.OrderID, d)
}

// onCancelled gives back what a cancelled order holds; an order not decided yet gets a
// tombstone so that its order.created, when it comes, holds nothing.
func (s *stock) onCancelled(ctx context.Context, m step.Message) error {
	var c events.OrderCancelledEvent
	if err := m.Decode(&c); err != nil {
		return err
	}
	var tombstone, released, again bool
	d, err := step.Update(ctx, s.app.Sidecar, step.AppState, orderKey(c.OrderID), func(d *decision, found bool) (step.Op, error) {
		tombstone, released, again = !found, found && d.State == Reserved, found && d.State == Released
		switch {
		case tombstone:
			*d = decision{State: Cancelled}
		case released:
			if err := s.unholdAll(ctx, c.OrderID, d.Items); err != nil {
				return step.Keep, err
			}
			d.State = Released
		default:
			return step.Keep, nil // unavailable (nothing held), a tombstone already, or released
		}
		return step.Write, nil
	})
	switch {
	case err != nil:
		return err
	case tombstone:
		s.app.OrderOutcome(m, c.OrderID, Cancelled, "detail", "cancelled before order.created arrived")
		return nil
	case released, again: // again: a crash before the announcement
		return s.announce(ctx, m, c.OrderID, d)
	}
	return nil
}

// announce publishes what was decided, with the order's deterministic event id.
func (s *stock) announce(ctx context.Context, m step.Message, id string, d decision) error {
	ref := events.OrderRef{OrderID: id}
	var err error
	switch d.State {
	case Reserved:
		err = s.app.Sidecar.Publish(ctx, events.StockReserved, id, m.TraceParent,
			events.StockReservedEvent{OrderRef: ref, ReservationID: d.ReservationID, Items: d.Items})
	case Unavailable:
		err = s.app.Sidecar.Publish(ctx, events.StockUnavailable, id, m.TraceParent,
			events.StockUnavailableEvent{OrderRef: ref, Code: "OUT_OF_STOCK", Message: shortText(d.Shortages), Shortages: d.Shortages})
	case Released:
		err = s.app.Sidecar.Publish(ctx, events.StockReleased, id, m.TraceParent,
			events.StockReleasedEvent{OrderRef: ref, ReservationID: d.ReservationID, Items: d.Items})
	default:
		return nil
	}
	if err == nil {
		s.app.OrderOutcome(m, id, d.State)
	}
	return err
}

func (s *stock) unholdAll(ctx context.Context, order string, items []events.StockItem) error {
	for _, it := range items {
		if err := s.unhold(ctx, it.SKU, order); err != nil {
			return err
		}
	}
	return nil
}

// merge sums the quantities per SKU, in SKU order.
func merge(items []events.OrderItem) []events.StockItem {
	qty := map[string]int{}
	for _, it := range items {
		qty[it.SKU] += it.Quantity
	}
	out := make([]events.StockItem, 0, len(qty))
	for sku, q := range qty {
		out = append(out, events.StockItem{SKU: sku, Quantity: q})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SKU < out[j].SKU })
	return out
}

func shortText(sh []events.Shortage) string {
	parts := make([]string, 0, len(sh))
	for _, x := range sh {
		parts = append(parts, fmt.Sprintf("%s: %d requested, %d available", x.SKU, x.Requested, x.Available))
	}
	return "out of stock: " + strings.Join(parts, "; ")
}
