package payments

import (
	"context"
	"slices"
	"testing"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/orders"
	"github.com/paychoreo/choreography/internal/orders/orderstest"
	"github.com/paychoreo/choreography/internal/payment"
	"github.com/paychoreo/choreography/internal/store"
)

var ctx = context.Background()

func provider() (*Payments, *orderstest.Publisher) {
	pub := &orderstest.Publisher{}
	return &Payments{State: &store.Memory{}, Pub: pub, Limit: DefaultLimit}, pub
}

func created(id string, total payment.Amount) orders.Event {
	return orderstest.Event(events.OrderCreated, id, events.OrderCreatedEvent{OrderRef: events.OrderRef{OrderID: id},
		Currency: "EUR", Total: total})
}

func cancelled(id string) orders.Event {
	return orderstest.Event(events.OrderCancelled, id, events.OrderCancelledEvent{OrderRef: events.OrderRef{OrderID: id}})
}

func TestAuthoriseIsIdempotent(t *testing.T) {
	p, pub := provider()
	for range 2 {
		out, err := p.Authorise(ctx, created("o-1", 2860))
		if err != nil || out.Name != Authorised || !slices.Equal(out.Attrs, []any{"amount", "28.60"}) {
			t.Fatalf("%+v %v", out, err)
		}
	}
	// The limit changing between deliveries cannot change what was decided.
	p.Limit = 100
	out, err := p.Authorise(ctx, created("o-1", 2860))
	if err != nil || out.Name != Authorised {
		t.Fatalf("%+v %v", out, err)
	}
	for _, x := range pub.Got {
		if a := x.Payload.(events.PaymentAuthorisedEvent); a.AuthorisationID != "auth-o-1" || a.Amount != 2860 {
			t.Errorf("payment.authorised %+v", a)
		}
	}
}

func TestOverTheLimitIsDeclined(t *testing.T) {
	p, pub := provider()
	out, err := p.Authorise(ctx, created("o-1", DefaultLimit+1))
	if err != nil || out.Name != Declined {
		t.Fatalf("%+v %v", out, err)
	}
	d := pub.Got[0].Payload.(events.PaymentDeclinedEvent)
	if d.Code != "AMOUNT_OVER_LIMIT" || d.Message != "1000.01 EUR is over the authorisation limit of 1000.00 EUR" {
		t.Errorf("payment.declined %+v", d)
	}
	if out, err := p.Authorise(ctx, created("o-2", DefaultLimit)); err != nil || out.Name != Authorised {
		t.Errorf("at the limit: %+v %v", out, err)
	}
	// Nothing to void for a declined order.
	if out, err := p.Void(ctx, cancelled("o-1")); err != nil || out.Name != "" || len(pub.Got) != 2 {
		t.Errorf("%+v %v %v", out, err, pub.Topics())
	}
}

func TestVoidAnnouncesUntilItIsOut(t *testing.T) {
	p, pub := provider()
	p.Authorise(ctx, created("o-1", 500))
	pub.Fail = true
	if _, err := p.Void(ctx, cancelled("o-1")); err == nil || orders.IsPermanent(err) {
		t.Fatalf("a broker down must be retried: %v", err)
	}
	pub.Fail = false
	out, err := p.Void(ctx, cancelled("o-1")) // the retry finds it voided and announces it
	if err != nil || out.Name != Voided {
		t.Fatalf("%+v %v", out, err)
	}
	v := pub.Got[1].Payload.(events.PaymentVoidedEvent)
	if v.AuthorisationID != "auth-o-1" || v.Amount != 500 {
		t.Errorf("payment.voided %+v", v)
	}
}

func TestCancelledBeforeCreatedAuthorisesNothing(t *testing.T) {
	p, pub := provider()
	if out, err := p.Void(ctx, cancelled("o-1")); err != nil || out.Name != orders.Tombstone {
		t.Fatalf("%+v %v", out, err)
	}
	if out, err := p.Authorise(ctx, created("o-1", 500)); err != nil || out.Name != "" || len(pub.Got) != 0 {
		t.Errorf("%+v %v %v", out, err, pub.Topics())
	}
	if _, err := p.Authorise(ctx, created("", 500)); !orders.IsPermanent(err) {
		t.Errorf("an order.created without an order: %v", err)
	}
}
