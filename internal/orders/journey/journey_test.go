package journey

import (
	"testing"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/orders"
)

func observe(t *testing.T, topic, data, at string) Observation {
	t.Helper()
	o, err := Observe(orders.Event{Topic: topic, ID: "o-1/" + topic, Data: []byte(data)}, at)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// Events in any order, each twice: the last word of each side stands, the final status
// once, every event one step.
func TestJourneyKeepsEachEventOnce(t *testing.T) {
	var j Journey
	for _, o := range []Observation{
		observe(t, events.StockReleased, `{"order_id":"o-1"}`, "2026-12-06T09:00:00.004Z"),
		observe(t, events.OrderCancelled, `{"order_id":"o-1","reasons":[{"stage":"payment","code":"AMOUNT_OVER_LIMIT","message":"no"}]}`, "2026-12-06T09:00:00.003Z"),
		observe(t, events.StockReserved, `{"order_id":"o-1"}`, "2026-12-06T09:00:00.001Z"),
		observe(t, events.OrderCreated, `{"order_id":"o-1","customer":{"id":"C-1","name":"Ada"},"total":"1.00"}`, "2026-12-06T09:00:00.000Z"),
		observe(t, events.PaymentDeclined, `{"order_id":"o-1","code":"AMOUNT_OVER_LIMIT","message":"no"}`, "2026-12-06T09:00:00.002Z"),
	} {
		if !j.Apply(o) || j.Apply(o) {
			t.Fatalf("%s: applied not once", o.ev.Topic)
		}
	}
	if j.Status != Cancelled || !j.Final || j.Stock != "released" || j.Payment != "declined" || len(j.Steps) != 5 ||
		j.StartedAt != "2026-12-06T09:00:00.000Z" || j.CustomerID != "C-1" || j.Customer == "Ada" || len(j.Reasons) != 1 {
		t.Errorf("%+v", j)
	}
	if _, err := Observe(orders.Event{Topic: events.StockReserved, Data: []byte(`{}`)}, ""); !orders.IsPermanent(err) {
		t.Errorf("an event without an order: %v", err)
	}
}
