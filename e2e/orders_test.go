package e2e

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// TestOrderFanOut runs the second choreography on real sidecars and Redis, beside the
// first: an order API announces order.created through its store's transactional outbox;
// stock, payment and shipping react on their own; shipping joins their answers. Confirmed,
// out of stock and payment declined, each with its undo, its notification (written by the
// Node.js notifier, as are the files' outcomes), its journey in the tracker, one trace per
// order, every event of both choreographies valid against its contract, and every event
// delivered twice to every consumer with no second effect.
func TestOrderFanOut(t *testing.T) {
	p, zipkin := startTraced(t, 200)
	o := ordersOf(t, p)
	book := o.level("BOOK-1")

	okID := o.place("fan-ok", orderBody("C-1", orderLine("BOOK-1", 2, "12.50"), orderLine("PEN-1", 3, "1.20")))
	shortID := o.place("fan-short", orderBody("C-2", orderLine("BOOK-1", 1, "12.50"), orderLine("GONE-1", 1, "5.00")))
	declinedID := o.place("fan-declined", orderBody("C-3", orderLine("BOOK-1", 100, "20.00")))
	dropFile(p, "notify-ok.csv", "NOTIFY-1", "10.00")
	p.Drop("notify-bad.csv", []byte(header+detail+"T,1,99.00\n"))
	// A file whose File B cannot be written: dead-lettered, then compensated (file.failed),
	// so that the contracts of the failure path are checked too.
	dropBlocked(p, "notify-fail.csv", "NOTIFY-FAIL", "20.00")

	t.Run("confirmed", func(t *testing.T) {
		got := o.final(okID, time.Minute)
		if got.Status != "confirmed" || got.ShipmentID != "shp-"+okID || got.Total != "28.60" {
			t.Fatalf("order %+v, want confirmed with shipment shp-%s and total 28.60", got, okID)
		}
		if l := o.level("BOOK-1"); l.Reservations[okID] != 2 || l.OnHand != book.OnHand {
			t.Errorf("BOOK-1 after the confirmed order: %+v", l)
		}
		if l := o.level("PEN-1"); l.Reservations[okID] != 3 {
			t.Errorf("PEN-1 after the confirmed order: %+v", l)
		}
	})
	t.Run("out of stock: cancelled, payment voids its authorisation", func(t *testing.T) {
		got := o.final(shortID, time.Minute)
		if got.Status != "cancelled" || len(got.Reasons) == 0 || got.Reasons[0].Stage != "stock" || got.Reasons[0].Code != "OUT_OF_STOCK" {
			t.Fatalf("order %+v, want cancelled for OUT_OF_STOCK", got)
		}
		// Payment had authorised: it voids (or, had the cancellation overtaken
		// order.created, it never authorised). Stock never held anything.
		undo := o.undone(shortID)
		if strings.Contains(undo, "authorised=1") {
			var v events.PaymentVoidedEvent
			ce := o.awaitEvent(events.PaymentVoided, shortID, time.Minute)
			if json.Unmarshal(ce.Data, &v) != nil || v.AuthorisationID != "auth-"+shortID || v.Amount.String() != "17.50" {
				t.Errorf("payment.voided: %s", ce.Data)
			}
		}
		if !strings.HasPrefix(undo, "reserved=0 released=0") {
			t.Errorf("stock announced a reservation for an order it could not serve: %s", undo)
		}
	})
	t.Run("payment declined: cancelled, stock releases its reservation", func(t *testing.T) {
		got := o.final(declinedID, time.Minute)
		if got.Status != "cancelled" || len(got.Reasons) != 1 || got.Reasons[0].Stage != "payment" || got.Reasons[0].Code != "AMOUNT_OVER_LIMIT" {
			t.Fatalf("order %+v, want cancelled for AMOUNT_OVER_LIMIT", got)
		}
		// Stock had reserved: it releases (or, had the cancellation overtaken
		// order.created, it never reserved). Payment never authorised.
		undo := o.undone(declinedID)
		if strings.Contains(undo, "reserved=1") {
			var r events.StockReleasedEvent
			ce := o.awaitEvent(events.StockReleased, declinedID, time.Minute)
			if json.Unmarshal(ce.Data, &r) != nil || len(r.Items) != 1 || r.Items[0] != (events.StockItem{SKU: "BOOK-1", Quantity: 100}) {
				t.Errorf("stock.released: %s", ce.Data)
			}
		}
		if !strings.HasSuffix(undo, "authorised=0 voided=0") {
			t.Errorf("payment announced an authorisation over the limit: %s", undo)
		}
	})
	if t.Failed() {
		return
	}
	t.Run("stock holds what the confirmed order reserved, nothing else", func(t *testing.T) {
		l := o.level("BOOK-1")
		if l.Available != book.Available-2 || len(l.Reservations) != 1 || l.Reservations[okID] != 2 {
			t.Errorf("BOOK-1: %+v, before the orders %+v", l, book)
		}
	})
	t.Run("notifications", func(t *testing.T) {
		for name, want := range map[string][]string{
			"orders/" + okID + ".confirmed.txt":       {"Ada Lovelace <ada@example.org>", "shp-" + okID, "Total: 28.60 EUR"},
			"orders/" + shortID + ".cancelled.txt":    {"cancelled", "stock: OUT_OF_STOCK", "GONE-1"},
			"orders/" + declinedID + ".cancelled.txt": {"cancelled", "payment: AMOUNT_OVER_LIMIT"},
		} {
			text := o.notification(name, time.Minute)
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("%s lacks %q:\n%s", name, w, text)
				}
			}
		}
		good, bad := p.Await("notify-ok.csv", time.Minute), p.Await("notify-bad.csv", time.Minute)
		if text := o.notification("files/"+good.FileID+".created.txt", time.Minute); !strings.Contains(text, "NOTIFY-1") {
			t.Errorf("file created: %q", text)
		}
		if text := o.notification("files/"+bad.FileID+".rejected.txt", time.Minute); !strings.Contains(text, "CONTROL_TOTAL_MISMATCH") {
			t.Errorf("file rejected: %q", text)
		}
	})
	t.Run("the tracker shows each order's journey", func(t *testing.T) {
		tr, _ := p.Runs[0].App("tracker")
		for id, status := range map[string]string{okID: "confirmed", shortID: "cancelled", declinedID: "cancelled"} {
			// What the journey must show: the last word of stock and of payment, and a step
			// per event of the order, as the bus carried them.
			stock, pay, steps := "", "", 0
			for _, topic := range orderTopics() {
				n := len(o.eventsOf(topic, id))
				steps += n
				if n > 0 && strings.HasPrefix(topic, "stock.") && stock != "released" {
					stock = strings.TrimPrefix(topic, "stock.")
				}
				if n > 0 && strings.HasPrefix(topic, "payment.") && pay != "voided" {
					pay = strings.TrimPrefix(topic, "payment.")
				}
			}
			want := fmt.Sprintf("%s stock=%s payment=%s steps=%d", status, stock, pay, steps)
			got := ""
			p.Eventually(time.Minute, "journey of "+id+": "+want, func() bool {
				var j struct {
					Order struct {
						Status  string `json:"status"`
						Stock   string `json:"stock"`
						Payment string `json:"payment"`
						Steps   []any  `json:"steps"`
					} `json:"order"`
				}
				if getJSON(fmt.Sprintf("http://127.0.0.1:%d/api/orders/%s", tr.AppPort, id), &j) != nil {
					return false
				}
				got = fmt.Sprintf("%s stock=%s payment=%s steps=%d", j.Order.Status, j.Order.Stock, j.Order.Payment, len(j.Order.Steps))
				return got == want
			})
		}
		var list struct {
			Orders []map[string]any `json:"orders"`
		}
		if err := getJSON(fmt.Sprintf("http://127.0.0.1:%d/api/orders?status=cancelled", tr.AppPort), &list); err != nil || len(list.Orders) != 2 {
			t.Errorf("cancelled orders: %v %v", list.Orders, err)
		}
	})
	t.Run("one order, one trace, across the fan-out", func(t *testing.T) {
		for _, id := range []string{okID, shortID, declinedID} {
			want := o.final(id, time.Minute).TraceID
			n := 0
			for _, topic := range orderTopics() {
				for _, ce := range o.eventsOf(topic, id) {
					n++
					if got := traceIDOf(ce); got != want {
						t.Errorf("%s of %s in trace %q, the order's is %q", topic, id, got, want)
					}
				}
			}
			if n < 4 {
				t.Errorf("%d events of %s", n, id)
			}
			p.Eventually(time.Minute, "the sidecars export spans of "+id+"'s trace", func() bool { return zipkin.spans(want) >= n })
		}
	})
	t.Run("every event meets its contract", func(t *testing.T) {
		if got := p.Await("notify-fail.csv", 2*time.Minute); got.Kind != "compensated" {
			t.Errorf("notify-fail.csv: %s, want compensated", got.Kind)
		}
		n := checkContracts(t, p)
		for _, topic := range append(orderTopics(), events.FileReceived, events.FileValidated, events.FileAdapted,
			events.FileCreated, events.FileRejected, events.FileFailed, "deadletter.creator") {
			if n[topic] == 0 {
				t.Errorf("no %s event was checked", topic)
			}
		}
	})
	t.Run("duplicate delivery has no second effect", func(t *testing.T) {
		duplicateDeliveryHasNoSecondEffect(t, p, orderTopics())
	})
}

// orderTopics are the business topics of the orders bus.
func orderTopics() []string {
	var out []string
	for _, e := range events.Catalog {
		if events.PubSubOf(e.Topic) == events.OrdersPubSub && !strings.HasPrefix(e.Topic, "deadletter.") {
			out = append(out, e.Topic)
		}
	}
	return out
}

// duplicateDeliveryHasNoSecondEffect delivers every event of the topics again, as a
// broker redelivers (same CloudEvent, same id), to every consumer. Each must acknowledge
// each as a duplicate, and nothing may change: no state, no notification, no event.
func duplicateDeliveryHasNoSecondEffect(t *testing.T, p *testpipe.Pipeline, topics []string) {
	before := orderState(t, p)
	lengths := map[string]int64{}
	for _, topic := range topics {
		n, _ := p.Do("XLEN", topic)
		lengths[topic], _ = n.(int64)
	}
	for _, topic := range topics {
		consumersAcknowledge(p, topic, p.Redeliver(topic))
	}
	if after := orderState(t, p); after != before {
		t.Errorf("a duplicate delivery changed something:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	for _, topic := range topics {
		if n, _ := p.Do("XLEN", topic); n != lengths[topic]*2 {
			t.Errorf("%s holds %v messages after redelivering %d: something was published again", topic, n, lengths[topic])
		}
	}
}

// orderState is everything the order fan-out keeps: every state key of its apps with its
// value (orders, claims, stock levels, authorisations, joins, journeys, marks) and every
// notification with its modification time.
func orderState(t *testing.T, p *testpipe.Pipeline) string {
	var b strings.Builder
	for _, app := range []string{"order-api", "stock", "payment", "shipping", "notifier", "tracker"} {
		keys, err := p.Do("KEYS", app+"||*")
		if err != nil {
			t.Fatal(err)
		}
		list, _ := keys.([]any)
		var names []string
		for _, k := range list {
			names = append(names, k.(string))
		}
		slices.Sort(names)
		for _, k := range names {
			v, _ := p.Do("HGET", k, "data")
			fmt.Fprintf(&b, "%s = %v\n", k, v)
		}
	}
	for _, f := range p.List("notifications", "") {
		text, _ := p.Read("notifications", f)
		fmt.Fprintf(&b, "notification %s %s %q\n", f, modTime(p, "notifications", f), text)
	}
	return b.String()
}
