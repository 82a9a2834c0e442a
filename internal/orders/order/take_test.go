package order

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/orders"
	"github.com/paychoreo/choreography/internal/orders/orderstest"
	"github.com/paychoreo/choreography/internal/store"
)

const (
	id1 = "o-00000000000000000001"
	id2 = "o-00000000000000000002"
)

const tp = "00-0123456789abcdef0123456789abcdef-0123456789abcdef-01"

// outbox stores in the same memory store and keeps what it announced.
type outbox struct {
	st   *store.Memory
	fail bool
	sent []string
}

func (o *outbox) SaveAndAnnounce(ctx context.Context, key string, v any, topic, subject, _ string, _ any) error {
	if o.fail {
		return errors.New("store down")
	}
	o.sent = append(o.sent, topic+" "+subject)
	return o.st.Put(ctx, key, v, 0)
}

func desk(now *time.Time) (*Desk, *outbox) {
	st := &store.Memory{}
	ob := &outbox{st: st}
	return &Desk{State: st, Outbox: ob, Now: func() time.Time { return *now }}, ob
}

var draft = Draft{Customer: events.Customer{ID: "C-1"}, Currency: "EUR",
	Items: []events.OrderItem{{SKU: "BOOK-1", Quantity: 2, UnitPrice: 1250}}}

func TestOneOrderPerIdempotencyKey(t *testing.T) {
	ctx, now := context.Background(), time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	d, ob := desk(&now)
	first, err := d.Take(ctx, "k", draft, id1, tp)
	if err != nil || first.Outcome != Accepted || first.Order.Total != 2500 || first.Order.TraceID != tp[3:35] {
		t.Fatalf("%+v %v", first, err)
	}
	again, err := d.Take(ctx, "k", draft, id2, tp)
	if err != nil || again.Outcome != Replayed || again.OrderID != id1 || len(ob.sent) != 1 {
		t.Errorf("same key, same order: %+v %v, announced %v", again, err, ob.sent)
	}
	other := draft
	other.Currency = "USD"
	if r, err := d.Take(ctx, "k", other, "o-3", tp); err != nil || r.Outcome != KeyReused {
		t.Errorf("same key, other order: %+v %v", r, err)
	}
}

func TestADeadFirstSubmissionIsFinishedLater(t *testing.T) {
	ctx, now := context.Background(), time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	d, ob := desk(&now)
	ob.fail = true // the first attempt dies between its claim and its transaction
	if _, err := d.Take(ctx, "k", draft, id1, tp); err == nil {
		t.Fatal("a failed transaction must be an error")
	}
	ob.fail = false
	now = now.Add(time.Second)
	if r, err := d.Take(ctx, "k", draft, id2, tp); err != nil || r.Outcome != InProgress {
		t.Errorf("a claim of 1 s ago: %+v %v", r, err)
	}
	now = now.Add(claimTakeover)
	r, err := d.Take(ctx, "k", draft, "o-3", tp)
	if err != nil || r.Outcome != Accepted || r.OrderID != id1 || len(ob.sent) != 1 {
		t.Errorf("a claim of 31 s ago is finished under its own id: %+v %v %v", r, err, ob.sent)
	}
}

func TestFinalStatusNeverChanges(t *testing.T) {
	ctx, now := context.Background(), time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	d, _ := desk(&now)
	d.Take(ctx, "k", draft, id1, tp)
	confirmed := orderstest.Event(events.OrderConfirmed, id1, events.OrderConfirmedEvent{OrderRef: events.OrderRef{OrderID: id1}, ShipmentID: "shp-" + id1})
	cancelled := orderstest.Event(events.OrderCancelled, id1, events.OrderCancelledEvent{OrderRef: events.OrderRef{OrderID: id1},
		Reasons: []events.Reason{{Stage: "stock", Code: "OUT_OF_STOCK"}}})
	if out, err := d.Finish(ctx, confirmed); err != nil || out.Name != Confirmed || out.OrderID != id1 {
		t.Fatalf("%+v %v", out, err)
	}
	for _, ev := range []orders.Event{confirmed, cancelled} {
		if out, err := d.Finish(ctx, ev); err != nil || out.Name != "" {
			t.Errorf("%s after the final status: %+v %v", ev.Topic, out, err)
		}
	}
	if o, found, _ := d.Get(ctx, id1); !found || o.Status != Confirmed || o.ShipmentID != "shp-"+id1 || len(o.Reasons) != 0 {
		t.Errorf("%+v", o)
	}
	unknown := orderstest.Event(events.OrderCancelled, id2, events.OrderCancelledEvent{OrderRef: events.OrderRef{OrderID: id2}})
	if _, err := d.Finish(ctx, unknown); !orders.IsPermanent(err) {
		t.Errorf("an outcome of an unknown order: %v", err)
	}
}
