package journey

import (
	"maps"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/tracking"
)

const us = time.Microsecond

func TestOrderStageDurations(t *testing.T) {
	base := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	step := func(topic string, after time.Duration) tracking.Step {
		return tracking.Step{Topic: topic, EventID: topic, At: base.Add(after).Format(tracking.TimeLayout)}
	}
	confirmed := Journey{Steps: []tracking.Step{step(events.OrderCreated, 0),
		step(events.StockReserved, 800*time.Microsecond), step(events.PaymentAuthorised, 3*time.Millisecond),
		step(events.OrderConfirmed, 3500*time.Microsecond)}}
	want := map[string]time.Duration{"stock": 800 * us, "payment": 3000 * us, "shipping": 500 * us, "total": 3500 * us}
	if got := confirmed.Durations(); !maps.Equal(got, want) {
		t.Errorf("confirmed order: %v, want %v", got, want)
	}
	// Out of stock decides alone; payment's answer after the decision times payment only.
	cancelled := Journey{Steps: []tracking.Step{step(events.OrderCreated, 0),
		step(events.StockUnavailable, time.Millisecond), step(events.OrderCancelled, 1200*time.Microsecond),
		step(events.PaymentAuthorised, 2*time.Millisecond)}}
	want = map[string]time.Duration{"stock": 1000 * us, "payment": 2000 * us, "shipping": 200 * us, "total": 1200 * us}
	if got := cancelled.Durations(); !maps.Equal(got, want) {
		t.Errorf("cancelled order: %v, want %v", got, want)
	}
	if got := (&Journey{Steps: []tracking.Step{step(events.OrderCreated, 0)}}).Durations(); len(got) != 0 {
		t.Errorf("an order just accepted has no stage durations: %v", got)
	}
}
