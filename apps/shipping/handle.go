package main

import (
	"context"
	"encoding/json"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
)

func joinKey(id string) string { return "order|" + id }

// on turns a part into a handler: record the event in the order's join (with the
// decision it completes), then, if this event completed it, announce the decision. Only
// the deciding event announces: two answers arriving together must not both publish.
func (s *shipping) on(p part) step.Handler {
	return func(ctx context.Context, m step.Message) error {
		var ref events.OrderRef
		if err := m.Decode(&ref); err != nil {
			return err
		}
		if ref.OrderID == "" {
			return step.Permanentf("%s %s names no order", m.Topic, m.ID)
		}
		self := m.Topic + "|" + m.ID
		j, err := s.update(ctx, ref.OrderID, func(j *join) (bool, error) {
			changed, err := p(j, m.Data)
			if err != nil {
				return false, step.Permanentf("decode %s: %w", m.ID, err)
			}
			if j.decide() {
				j.DecidedBy, changed = self, true
			}
			return changed, nil
		})
		if err != nil || j.Decision == "" || j.Announced || j.DecidedBy != self {
			return err
		}
		if err := s.announce(ctx, m, j); err != nil {
			return err
		}
		_, err = s.update(ctx, ref.OrderID, func(j *join) (bool, error) {
			was := j.Announced
			j.Announced = true
			return !was, nil
		})
		return err
	}
}

// update changes an order's join under its ETag, again on conflict (step.Update).
func (s *shipping) update(ctx context.Context, id string, change func(*join) (bool, error)) (join, error) {
	return step.Update(ctx, s.app.Sidecar, step.AppState, joinKey(id), func(j *join, _ bool) (step.Op, error) {
		j.OrderID = id
		if changed, err := change(j); err != nil || !changed {
			return step.Keep, err
		}
		return step.Write, nil
	})
}

// announce publishes the decision with the order's deterministic event id.
func (s *shipping) announce(ctx context.Context, m step.Message, j join) error {
	o, ref := j.Order, events.OrderRef{OrderID: j.OrderID}
	var topic string
	var payload any
	switch j.Decision {
	case Confirmed:
		topic, payload = events.OrderConfirmed, events.OrderConfirmedEvent{OrderRef: ref, ShipmentID: j.ShipmentID,
			ReservationID: j.ReservationID, AuthorisationID: j.AuthorisationID, Customer: o.Customer, Items: o.Items,
			Currency: o.Currency, Total: o.Total}
	case Cancelled:
		topic, payload = events.OrderCancelled, events.OrderCancelledEvent{OrderRef: ref, Customer: o.Customer,
			Currency: o.Currency, Total: o.Total, Reasons: j.Reasons}
	}
	if err := s.app.Sidecar.Publish(ctx, topic, j.OrderID, m.TraceParent, payload); err != nil {
		return err
	}
	attrs := []any{"shipment_id", j.ShipmentID}
	if j.Decision == Cancelled {
		b, _ := json.Marshal(j.Reasons)
		attrs = []any{"reasons", string(b)}
	}
	s.app.OrderOutcome(m, j.OrderID, j.Decision, attrs...)
	return nil
}
