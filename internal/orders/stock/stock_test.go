package stock

import (
	"context"
	"slices"
	"testing"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/orders"
	"github.com/paychoreo/choreography/internal/orders/orderstest"
	"github.com/paychoreo/choreography/internal/store"
)

var ctx = context.Background()

// shop is stock with BOOK-1 (5 on hand) and PEN-1 (10).
func shop(t *testing.T) (*Stock, *orderstest.Publisher) {
	t.Helper()
	pub := &orderstest.Publisher{}
	s := &Stock{State: &store.Memory{}, Pub: pub}
	for _, l := range []Level{{SKU: "BOOK-1", OnHand: 5}, {SKU: "PEN-1", OnHand: 10}} {
		if err := s.Seed(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	return s, pub
}

func created(id string, items ...events.OrderItem) orders.Event {
	return orderstest.Event(events.OrderCreated, id, events.OrderCreatedEvent{OrderRef: events.OrderRef{OrderID: id}, Items: items})
}

func cancelled(id string) orders.Event {
	return orderstest.Event(events.OrderCancelled, id, events.OrderCancelledEvent{OrderRef: events.OrderRef{OrderID: id}})
}

func item(sku string, q int) events.OrderItem { return events.OrderItem{SKU: sku, Quantity: q} }

func held(t *testing.T, s *Stock, sku string) Level {
	t.Helper()
	l, found, err := s.Level(ctx, sku)
	if err != nil || !found {
		t.Fatalf("%s: found %v, %v", sku, found, err)
	}
	return l
}

func TestReserveHoldsEveryItemOnce(t *testing.T) {
	s, pub := shop(t)
	ev := created("o-1", item("BOOK-1", 2), item("PEN-1", 3), item("BOOK-1", 1))
	for range 2 { // a redelivery reserves nothing more
		out, err := s.Reserve(ctx, ev)
		if err != nil || out.Name != Reserved {
			t.Fatalf("%+v %v", out, err)
		}
	}
	if l := held(t, s, "BOOK-1"); l.Reservations["o-1"] != 3 || l.Available() != 2 || l.OnHand != 5 {
		t.Errorf("BOOK-1 %+v", l)
	}
	if l := held(t, s, "PEN-1"); l.Reservations["o-1"] != 3 || l.Available() != 7 {
		t.Errorf("PEN-1 %+v", l)
	}
	r := pub.Got[0].Payload.(events.StockReservedEvent)
	if r.ReservationID != "res-o-1" || !slices.Equal(r.Items, []events.StockItem{{SKU: "BOOK-1", Quantity: 3}, {SKU: "PEN-1", Quantity: 3}}) {
		t.Errorf("stock.reserved %+v", r)
	}
	if !slices.Equal(pub.Topics(), []string{events.StockReserved, events.StockReserved}) {
		t.Errorf("announced %v, want the same decision twice", pub.Topics())
	}
}

func TestNotEnoughStockHoldsNothing(t *testing.T) {
	s, pub := shop(t)
	s.Reserve(ctx, created("o-1", item("BOOK-1", 4)))
	out, err := s.Reserve(ctx, created("o-2", item("PEN-1", 1), item("BOOK-1", 2), item("GONE-1", 1)))
	if err != nil || out.Name != Unavailable {
		t.Fatalf("%+v %v", out, err)
	}
	if l := held(t, s, "PEN-1"); len(l.Reservations) != 0 {
		t.Errorf("PEN-1 still held for a refused order: %+v", l)
	}
	if l := held(t, s, "BOOK-1"); l.Reservations["o-2"] != 0 || l.Available() != 1 {
		t.Errorf("BOOK-1 %+v", l)
	}
	u := pub.Got[1].Payload.(events.StockUnavailableEvent)
	want := "out of stock: BOOK-1: 2 requested, 1 available; GONE-1: 1 requested, 0 available"
	if u.Code != "OUT_OF_STOCK" || u.Message != want || len(u.Shortages) != 2 {
		t.Errorf("stock.unavailable %+v", u)
	}
	// A cancellation of the refused order gives back nothing, announces nothing.
	if out, err := s.Release(ctx, cancelled("o-2")); err != nil || out.Name != "" || len(pub.Got) != 2 {
		t.Errorf("%+v %v %v", out, err, pub.Topics())
	}
	if l := held(t, s, "BOOK-1"); l.Reservations["o-1"] != 4 {
		t.Errorf("another order's reservation was touched: %+v", l)
	}
}

func TestReleaseGivesBackOnlyWhatTheOrderHeld(t *testing.T) {
	s, pub := shop(t)
	s.Reserve(ctx, created("o-1", item("BOOK-1", 2)))
	s.Reserve(ctx, created("o-2", item("BOOK-1", 1), item("PEN-1", 1)))
	for range 2 { // the second delivery announces the release again, gives back nothing more
		out, err := s.Release(ctx, cancelled("o-2"))
		if err != nil || out.Name != Released {
			t.Fatalf("%+v %v", out, err)
		}
	}
	if l := held(t, s, "BOOK-1"); len(l.Reservations) != 1 || l.Reservations["o-1"] != 2 || l.Available() != 3 {
		t.Errorf("BOOK-1 %+v", l)
	}
	if l := held(t, s, "PEN-1"); len(l.Reservations) != 0 {
		t.Errorf("PEN-1 %+v", l)
	}
	if got := pub.Topics(); !slices.Equal(got[2:], []string{events.StockReleased, events.StockReleased}) {
		t.Errorf("announced %v", got)
	}
	var d Decision
	s.State.Get(ctx, orderKey("o-2"), &d)
	if d.State != Released || d.ReservationID != "res-o-2" {
		t.Errorf("decision %+v", d)
	}
}

func TestCancelledBeforeCreatedHoldsNothing(t *testing.T) {
	s, pub := shop(t)
	out, err := s.Release(ctx, cancelled("o-1"))
	if err != nil || out.Name != orders.Tombstone {
		t.Fatalf("%+v %v", out, err)
	}
	if out, err := s.Reserve(ctx, created("o-1", item("BOOK-1", 1))); err != nil || out.Name != "" {
		t.Errorf("a late order.created: %+v %v", out, err)
	}
	if l := held(t, s, "BOOK-1"); len(l.Reservations) != 0 || len(pub.Got) != 0 {
		t.Errorf("BOOK-1 %+v, announced %v", l, pub.Topics())
	}
}

func TestBadOrderIsPermanent(t *testing.T) {
	s, _ := shop(t)
	for _, ev := range []orders.Event{created("", item("BOOK-1", 1)), created("o-1"),
		{Topic: events.OrderCreated, ID: "x", Data: []byte(`[`)}} {
		if _, err := s.Reserve(ctx, ev); !orders.IsPermanent(err) {
			t.Errorf("%s: %v", ev.Data, err)
		}
	}
}
