package shipping

import (
	"context"
	"fmt"
	"testing"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/orders"
	"github.com/paychoreo/choreography/internal/orders/orderstest"
	"github.com/paychoreo/choreography/internal/store"
)

type arrival struct {
	name, topic, data string
}

var (
	created     = arrival{"created", events.OrderCreated, `{"order_id":"o-1","customer":{"id":"C-1","name":"Ada","email":"a@b.c"},"items":[{"sku":"A","quantity":1,"unit_price":"1.00"}],"currency":"EUR","total":"1.00"}`}
	reserved    = arrival{"reserved", events.StockReserved, `{"order_id":"o-1","reservation_id":"res-o-1","items":[{"sku":"A","quantity":1}]}`}
	unavailable = arrival{"unavailable", events.StockUnavailable, `{"order_id":"o-1","code":"OUT_OF_STOCK","message":"A short","shortages":[]}`}
	authorised  = arrival{"authorised", events.PaymentAuthorised, `{"order_id":"o-1","authorisation_id":"auth-o-1","amount":"1.00","currency":"EUR"}`}
	declined    = arrival{"declined", events.PaymentDeclined, `{"order_id":"o-1","amount":"1.00","currency":"EUR","code":"AMOUNT_OVER_LIMIT","message":"no"}`}
)

func (a arrival) event() orders.Event {
	return orders.Event{Topic: a.topic, ID: "o-1/" + a.topic, Data: []byte(a.data)}
}

// run records arrivals in order, each twice (a redelivery), through Shipping on
// store.Memory, and returns the join, the arrival that announced, and what was announced.
func run(t *testing.T, as []arrival) (Join, string, []string) {
	t.Helper()
	pub := &orderstest.Publisher{}
	s := &Shipping{State: &store.Memory{}, Pub: pub}
	by := ""
	for _, a := range as {
		for range 2 {
			out, err := s.Record(context.Background(), a.event())
			if err != nil {
				t.Fatal(err)
			}
			if out.Name != "" {
				if by != "" {
					t.Fatalf("announced twice: by %s and %s", by, a.name)
				}
				by = a.name
			}
		}
	}
	var j Join
	s.State.Get(context.Background(), joinKey("o-1"), &j)
	return j, by, pub.Topics()
}

func permutations(as []arrival) [][]arrival {
	if len(as) <= 1 {
		return [][]arrival{as}
	}
	var out [][]arrival
	for i := range as {
		rest := append(append([]arrival{}, as[:i]...), as[i+1:]...)
		for _, p := range permutations(rest) {
			out = append(out, append([]arrival{as[i]}, p...))
		}
	}
	return out
}

// TestJoinIsOrderIndependent: whatever order the answers come in, and however often,
// the same answers give the same decision, announced once, and only once the order is
// known.
func TestJoinIsOrderIndependent(t *testing.T) {
	for _, c := range []struct {
		name     string
		arrivals []arrival
		want     string
		reasons  string
	}{
		{"both yes", []arrival{created, reserved, authorised}, Confirmed, ""},
		{"out of stock", []arrival{created, unavailable, authorised}, Cancelled, "stock:OUT_OF_STOCK"},
		{"declined", []arrival{created, reserved, declined}, Cancelled, "payment:AMOUNT_OVER_LIMIT"},
	} {
		for _, order := range permutations(c.arrivals) {
			j, by, topics := run(t, order)
			if j.Decision != c.want || by == "" || !j.Announced || len(topics) != 1 || topics[0] != "order."+c.want {
				t.Errorf("%s in order %v: decision %q by %q, announced %v", c.name, names(order), j.Decision, by, topics)
			}
			if c.want == Confirmed && (j.ShipmentID != "shp-o-1" || j.ReservationID != "res-o-1" || j.AuthorisationID != "auth-o-1") {
				t.Errorf("%s: %+v", c.name, j)
			}
			if c.want == Cancelled && (len(j.Reasons) != 1 || j.Reasons[0].Stage+":"+j.Reasons[0].Code != c.reasons) {
				t.Errorf("%s in order %v: reasons %+v", c.name, names(order), j.Reasons)
			}
		}
	}
	// Both refuse: cancelled once, with what was known when it was decided.
	for _, order := range permutations([]arrival{created, unavailable, declined}) {
		if j, _, topics := run(t, order); j.Decision != Cancelled || len(j.Reasons) == 0 || len(topics) != 1 {
			t.Errorf("both refuse in order %v: %+v %v", names(order), j, topics)
		}
	}
	// No decision without the order, whatever else is known.
	if j, by, topics := run(t, []arrival{reserved, authorised}); j.Decision != "" || by != "" || len(topics) != 0 {
		t.Errorf("decided without the order: %+v", j)
	}
	if j, _, _ := run(t, []arrival{declined}); j.Decision != "" {
		t.Errorf("decided without the order: %+v", j)
	}
}

// A decision whose announcement failed is announced by the redelivery of the event
// that made it, and by no other.
func TestOnlyTheDecidingEventAnnounces(t *testing.T) {
	pub := &orderstest.Publisher{}
	s := &Shipping{State: &store.Memory{}, Pub: pub}
	ctx := context.Background()
	s.Record(ctx, created.event())
	s.Record(ctx, reserved.event())
	pub.Fail = true
	if _, err := s.Record(ctx, authorised.event()); err == nil {
		t.Fatal("a failed announcement must be retried")
	}
	pub.Fail = false
	if out, err := s.Record(ctx, created.event()); err != nil || out.Name != "" {
		t.Errorf("another event announced: %+v %v", out, err)
	}
	out, err := s.Record(ctx, authorised.event())
	if err != nil || out.Name != Confirmed || fmt.Sprint(out.Attrs) != "[shipment_id shp-o-1]" || len(pub.Got) != 1 {
		t.Errorf("%+v %v %v", out, err, pub.Topics())
	}
	if _, err := s.Record(ctx, orders.Event{Topic: events.StockReserved, ID: "x", Data: []byte(`{"order_id":""}`)}); !orders.IsPermanent(err) {
		t.Errorf("an event without an order: %v", err)
	}
}

func names(as []arrival) string {
	var s []string
	for _, a := range as {
		s = append(s, a.name)
	}
	return fmt.Sprint(s)
}
