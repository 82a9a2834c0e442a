// Package payments holds payment's rules: each new order's total is authorised once
// against a simulated card provider, and the authorisation voided when the order is
// cancelled.
package payments

import (
	"context"
	"errors"
	"fmt"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/orders"
	"github.com/paychoreo/choreography/internal/payment"
	"github.com/paychoreo/choreography/internal/store"
)

// What payment decided for an order (key auth|<id>), written once, first write wins; or
// orders.Tombstone when order.cancelled came first.
const (
	Authorised = "authorised"
	Declined   = "declined"
	Voided     = "voided" // was authorised, voided on cancellation
)

// DefaultLimit is the simulated provider's limit per authorisation.
const DefaultLimit = payment.Amount(100000) // 1000.00

// Authorisation is what payment keeps of an order.
type Authorisation struct {
	State           string         `json:"state"`
	AuthorisationID string         `json:"authorisation_id,omitempty"`
	Amount          payment.Amount `json:"amount"`
	Currency        string         `json:"currency,omitempty"`
	Code            string         `json:"code,omitempty"`
	Message         string         `json:"message,omitempty"`
}

func authKey(id string) string { return "auth|" + id }

// Payments is payment's rules over its state and its announcements.
type Payments struct {
	State store.State
	Pub   orders.Publisher
	Limit payment.Amount // the provider authorises up to this total
}

// decide is the simulated card provider: authorise up to the limit, decline above it.
func (p *Payments) decide(o events.OrderCreatedEvent) Authorisation {
	a := Authorisation{Amount: o.Total, Currency: o.Currency}
	if o.Total > p.Limit {
		a.State, a.Code = Declined, "AMOUNT_OVER_LIMIT"
		a.Message = fmt.Sprintf("%s %s is over the authorisation limit of %s %s", o.Total, o.Currency, p.Limit, o.Currency)
		return a
	}
	a.State, a.AuthorisationID = Authorised, "auth-"+o.OrderID
	return a
}

// Authorise handles order.created: the total is authorised or declined, once; what was
// decided first (or a cancellation that came first) stands and is announced.
func (p *Payments) Authorise(ctx context.Context, ev orders.Event) (orders.Outcome, error) {
	var o events.OrderCreatedEvent
	if err := ev.Decode(&o); err != nil {
		return orders.Outcome{}, err
	}
	if o.OrderID == "" {
		return orders.Outcome{}, fmt.Errorf("%w: order.created %s names no order", orders.ErrBadEvent, ev.ID)
	}
	a := p.decide(o)
	err := p.State.Create(ctx, authKey(o.OrderID), a, 0)
	if errors.Is(err, store.ErrConflict) { // decided before, or cancelled first: that stands
		a = Authorisation{}
		if _, err := p.State.Get(ctx, authKey(o.OrderID), &a); err != nil {
			return orders.Outcome{}, err
		}
	} else if err != nil {
		return orders.Outcome{}, err
	}
	return p.announce(ctx, ev, o.OrderID, a)
}

// Void handles order.cancelled: an authorisation is voided and payment.voided
// announced; an order not decided yet gets a tombstone so that its order.created, when
// it comes, authorises nothing.
func (p *Payments) Void(ctx context.Context, ev orders.Event) (orders.Outcome, error) {
	return orders.Undo[Authorisation]{State: func(a *Authorisation) *string { return &a.State }, Yes: Authorised, Undone: Voided,
		Announce: p.announce, Key: authKey}.Cancel(ctx, p.State, ev)
}

// announce publishes what was decided, with the order's deterministic event id.
func (p *Payments) announce(ctx context.Context, ev orders.Event, id string, a Authorisation) (orders.Outcome, error) {
	topic, payload := eventOf(id, a)
	return orders.Announce(ctx, p.Pub, ev, topic, id, payload, a.State, "amount", a.Amount.String())
}

// eventOf is the event that announces a decision; none for a tombstone.
func eventOf(id string, a Authorisation) (string, any) {
	ref := events.OrderRef{OrderID: id}
	switch a.State {
	case Authorised:
		return events.PaymentAuthorised, events.PaymentAuthorisedEvent{OrderRef: ref, AuthorisationID: a.AuthorisationID, Amount: a.Amount, Currency: a.Currency}
	case Declined:
		return events.PaymentDeclined, events.PaymentDeclinedEvent{OrderRef: ref, Amount: a.Amount, Currency: a.Currency, Code: a.Code, Message: a.Message}
	case Voided:
		return events.PaymentVoided, events.PaymentVoidedEvent{OrderRef: ref, AuthorisationID: a.AuthorisationID, Amount: a.Amount, Currency: a.Currency}
	}
	return "", nil
}
