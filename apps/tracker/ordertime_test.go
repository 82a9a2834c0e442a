package main

import (
	"maps"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/tracking"
)

func TestOrderStageDurations(t *testing.T) {
	base := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	step := func(topic string, after time.Duration) tracking.Step {
		return tracking.Step{Topic: topic, EventID: topic, At: base.Add(after).Format(tracking.TimeLayout)}
	}
	confirmed := journey{Steps: []tracking.Step{step(events.OrderCreated, 0),
		step(events.StockReserved, 800*time.Microsecond), step(events.PaymentAuthorised, 3*time.Millisecond),
		step(events.OrderConfirmed, 3500*time.Microsecond)}}
	want := map[string]int64{"stock": 800, "payment": 3000, "shipping": 500, "total": 3500}
	if got := micros(confirmed.durations()); !maps.Equal(got, want) {
		t.Errorf("confirmed order: %v, want %v", got, want)
	}
	// Out of stock decides alone; payment's answer after the decision times payment only.
	cancelled := journey{Steps: []tracking.Step{step(events.OrderCreated, 0),
		step(events.StockUnavailable, time.Millisecond), step(events.OrderCancelled, 1200*time.Microsecond),
		step(events.PaymentAuthorised, 2*time.Millisecond)}}
	want = map[string]int64{"stock": 1000, "payment": 2000, "shipping": 200, "total": 1200}
	if got := micros(cancelled.durations()); !maps.Equal(got, want) {
		t.Errorf("cancelled order: %v, want %v", got, want)
	}
	if got := (&journey{Steps: []tracking.Step{step(events.OrderCreated, 0)}}).durations(); len(got) != 0 {
		t.Errorf("an order just accepted has no stage durations: %v", got)
	}
}
