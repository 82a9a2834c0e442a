package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/payment"
	"github.com/paychoreo/choreography/internal/step"
)

// What payment decided for an order (key auth|<id>), written once, first write wins.
const (
	Authorised = "authorised"
	Declined   = "declined"
	Voided     = "voided" // was authorised, voided on cancellation
	// Cancelled is a tombstone: order.cancelled came before order.created.
	Cancelled = "cancelled"
)

type authorisation struct {
	State           string         `json:"state"`
	AuthorisationID string         `json:"authorisation_id,omitempty"`
	Amount          payment.Amount `json:"amount"`
	Currency        string         `json:"currency,omitempty"`
	Code            string         `json:"code,omitempty"`
	Message         string         `json:"message,omitempty"`
}

func authKey(id string) string { return "auth|" + id }

// decide is the simulated card provider: authorise up to the limit, decline above it.
func (p *payments) decide(o events.OrderCreatedEvent) authorisation {
	a := authorisation{Amount: o.Total, Currency: o.Currency}
	if o.Total > p.limit {
		a.State, a.Code = Declined, "AMOUNT_OVER_LIMIT"
		a.Message = fmt.Sprintf("%s %s is over the authorisation limit of %s %s", o.Total, o.Currency, p.limit, o.Currency)
		return a
	}
	a.State, a.AuthorisationID = Authorised, "auth-"+o.OrderID
	return a
}

// onCreated authorises a new order's total, once.
func (p *payments) onCreated(ctx context.Context, m step.Message) error {
	var o events.OrderCreatedEvent
	if err := m.Decode(&o); err != nil {
		return err
	}
	if o.OrderID == "" {
		return step.Permanentf("order.created %s names no order", m.ID)
	}
	a := p.decide(o)
	err := p.app.Sidecar.CreateState(ctx, step.AppState, authKey(o.OrderID), a)
	if errors.Is(err, step.ErrConflict) { // decided before, or cancelled first: that stands
		var first authorisation
		if _, _, err := p.app.Sidecar.GetState(ctx, step.AppState, authKey(o.OrderID), &first); err != nil {
			return err
		}
		return p.announce(ctx, m, o.OrderID, first)
	}
	if err != nil {
		return err
	}
	return p.announce(ctx, m, o.OrderID, a)
}

// onCancelled voids a cancelled order's authorisation; an order not decided yet gets a
// tombstone so that its order.created, when it comes, authorises nothing.
func (p *payments) onCancelled(ctx context.Context, m step.Message) error {
	var c events.OrderCancelledEvent
	if err := m.Decode(&c); err != nil {
		return err
	}
	var tombstone, voided, again bool
	a, err := step.Update(ctx, p.app.Sidecar, step.AppState, authKey(c.OrderID), func(a *authorisation, found bool) (step.Op, error) {
		tombstone, voided, again = !found, found && a.State == Authorised, found && a.State == Voided
		switch {
		case tombstone:
			*a = authorisation{State: Cancelled}
		case voided:
			a.State = Voided
		default:
			return step.Keep, nil // declined (nothing to void), a tombstone already, or voided
		}
		return step.Write, nil
	})
	switch {
	case err != nil:
		return err
	case tombstone:
		p.app.OrderOutcome(m, c.OrderID, Cancelled, "detail", "cancelled before order.created arrived")
		return nil
	case voided, again: // again: a crash before the announcement
		return p.announce(ctx, m, c.OrderID, a)
	}
	return nil
}

// announce publishes what was decided, with the order's deterministic event id.
func (p *payments) announce(ctx context.Context, m step.Message, id string, a authorisation) error {
	ref := events.OrderRef{OrderID: id}
	var err error
	switch a.State {
	case Authorised:
		err = p.app.Sidecar.Publish(ctx, events.PaymentAuthorised, id, m.TraceParent,
			events.PaymentAuthorisedEvent{OrderRef: ref, AuthorisationID: a.AuthorisationID, Amount: a.Amount, Currency: a.Currency})
	case Declined:
		err = p.app.Sidecar.Publish(ctx, events.PaymentDeclined, id, m.TraceParent,
			events.PaymentDeclinedEvent{OrderRef: ref, Amount: a.Amount, Currency: a.Currency, Code: a.Code, Message: a.Message})
	case Voided:
		err = p.app.Sidecar.Publish(ctx, events.PaymentVoided, id, m.TraceParent,
			events.PaymentVoidedEvent{OrderRef: ref, AuthorisationID: a.AuthorisationID, Amount: a.Amount, Currency: a.Currency})
	default:
		return nil
	}
	if err == nil {
		p.app.OrderOutcome(m, id, a.State, "amount", a.Amount.String())
	}
	return err
}
