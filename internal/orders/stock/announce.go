package stock

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/orders"
)

// announce publishes what was decided, with the order's deterministic event id.
func (s *Stock) announce(ctx context.Context, ev orders.Event, id string, d Decision) (orders.Outcome, error) {
	topic, payload := eventOf(id, d)
	return orders.Announce(ctx, s.Pub, ev, topic, id, payload, d.State)
}

// eventOf is the event that announces a decision; none for a tombstone.
func eventOf(id string, d Decision) (string, any) {
	ref := events.OrderRef{OrderID: id}
	switch d.State {
	case Reserved:
		return events.StockReserved, events.StockReservedEvent{OrderRef: ref, ReservationID: d.ReservationID, Items: d.Items}
	case Unavailable:
		return events.StockUnavailable, events.StockUnavailableEvent{OrderRef: ref, Code: "OUT_OF_STOCK",
			Message: shortText(d.Shortages), Shortages: d.Shortages}
	case Released:
		return events.StockReleased, events.StockReleasedEvent{OrderRef: ref, ReservationID: d.ReservationID, Items: d.Items}
	}
	return "", nil
}

// merge sums the quantities per SKU, in SKU order.
func merge(items []events.OrderItem) []events.StockItem {
	qty := map[string]int{}
	for _, it := range items {
		qty[it.SKU] += it.Quantity
	}
	out := make([]events.StockItem, 0, len(qty))
	for sku, q := range qty {
		out = append(out, events.StockItem{SKU: sku, Quantity: q})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SKU < out[j].SKU })
	return out
}

func shortText(sh []events.Shortage) string {
	parts := make([]string, 0, len(sh))
	for _, x := range sh {
		parts = append(parts, fmt.Sprintf("%s: %d requested, %d available", x.SKU, x.Requested, x.Available))
	}
	return "out of stock: " + strings.Join(parts, "; ")
}
