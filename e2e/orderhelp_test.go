package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/contracts"
	"github.com/paychoreo/choreography/internal/blobevent"
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// orders talks to the order fan-out of a pipeline the way a client does: through the
// sidecars (service invocation), with the Dapr API token.
type orders struct {
	t *testing.T
	p *testpipe.Pipeline
}

func ordersOf(t *testing.T, p *testpipe.Pipeline) orders { return orders{t, p} }

// invoke calls an app's route through its own sidecar.
func (o orders) invoke(app, method, path string, body []byte, header map[string]string) apiReply {
	o.t.Helper()
	a, ok := o.p.Runs[0].App(app)
	if !ok {
		o.t.Fatalf("no app %s in the pipeline", app)
	}
	url := localURL(a.HTTPPort) + "/v1.0/invoke/" + app + "/method/" + path
	req, _ := http.NewRequest(method, url, bytes.NewReader(body))
	req.Header.Set("dapr-api-token", a.Tokens.Dapr)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return send(o.t, http.DefaultClient, req)
}

// submit posts an order with an idempotency key.
func (o orders) submit(key, body string) apiReply {
	o.t.Helper()
	h := map[string]string{"Content-Type": "application/json"}
	if key != "" {
		h["Idempotency-Key"] = key
	}
	return o.invoke("order-api", "POST", "orders", []byte(body), h)
}

type acceptedView struct {
	OrderID   string `json:"order_id"`
	Status    string `json:"status"`
	StatusURL string `json:"status_url"`
}

// place submits a valid order and returns its id, failing unless it is accepted.
func (o orders) place(key, body string) string {
	o.t.Helper()
	r := o.submit(key, body)
	var a acceptedView
	if r.Code != http.StatusAccepted || json.Unmarshal(r.Body, &a) != nil || a.OrderID == "" {
		o.t.Fatalf("order %s: %s, want 202 with an order id", key, r)
	}
	if a.StatusURL != "/v1.0/invoke/order-api/method/orders/"+a.OrderID || r.Header.Get("Location") != a.StatusURL {
		o.t.Errorf("status URL %q, Location %q", a.StatusURL, r.Header.Get("Location"))
	}
	return a.OrderID
}

// order is what the status URL answers.
type orderView struct {
	OrderID    string          `json:"order_id"`
	Status     string          `json:"status"`
	Total      string          `json:"total"`
	ShipmentID string          `json:"shipment_id"`
	Reasons    []events.Reason `json:"reasons"`
	TraceID    string          `json:"trace_id"`
}

// final follows an order's status URL until it is confirmed or cancelled.
func (o orders) final(id string, within time.Duration) orderView {
	o.t.Helper()
	var got orderView
	o.p.Eventually(within, "order "+id+" is confirmed or cancelled", func() bool {
		r := o.invoke("order-api", "GET", "orders/"+id, nil, nil)
		return r.Code == 200 && json.Unmarshal(r.Body, &got) == nil && got.Status != "accepted"
	})
	return got
}

// stockLevel is what the stock app says about a SKU.
// level reads a SKU's stock through the stock app's API.
type stockLevel struct {
	OnHand       int            `json:"on_hand"`
	Reserved     int            `json:"reserved"`
	Available    int            `json:"available"`
	Reservations map[string]int `json:"reservations"`
}

func (o orders) level(sku string) stockLevel {
	o.t.Helper()
	r := o.invoke("stock", "GET", "stock/"+sku, nil, nil)
	var l stockLevel
	if r.Code != 200 || json.Unmarshal(r.Body, &l) != nil {
		o.t.Fatalf("stock of %s: %s", sku, r)
	}
	return l
}

// eventsOf returns the events of one order on a topic's stream, once per event id (a
// publish retried by the sidecar may add the same event twice; consumers ignore the
// second).
func (o orders) eventsOf(topic, id string) []testpipe.CloudEvent {
	var out []testpipe.CloudEvent
	seen := map[string]bool{}
	for _, ce := range o.p.Stream(topic) {
		var ref events.OrderRef
		if json.Unmarshal(ce.Data, &ref) == nil && ref.OrderID == id && !seen[ce.ID] {
			seen[ce.ID] = true
			out = append(out, ce)
		}
	}
	return out
}

// awaitEvent waits for an order's event on a topic.
func (o orders) awaitEvent(topic, id string, within time.Duration) testpipe.CloudEvent {
	o.t.Helper()
	var ce testpipe.CloudEvent
	o.p.Eventually(within, topic+" of "+id, func() bool {
		evs := o.eventsOf(topic, id)
		if len(evs) > 0 {
			ce = evs[0]
		}
		return len(evs) > 0
	})
	return ce
}

// notification reads what the notifier wrote, once it is there.
func (o orders) notification(name string, within time.Duration) string {
	o.t.Helper()
	var text []byte
	o.p.Eventually(within, "notification "+name, func() bool {
		var err error
		text, err = o.p.Read("notifications", name)
		return err == nil && len(text) > 0
	})
	return string(text)
}

// checkContracts validates every event on the stream of every topic of the catalog (both
// choreographies) against its schema (a dead letter against the schema of the topic it
// was first published to), and returns how many it checked per topic.
func checkContracts(t *testing.T, p *testpipe.Pipeline) map[string]int {
	t.Helper()
	n := map[string]int{}
	for _, e := range events.Catalog {
		for _, ce := range p.Stream(e.Topic) {
			schema := e.Topic
			if strings.HasPrefix(e.Topic, "deadletter.") {
				schema = ce.Topic // the CloudEvent keeps the topic it was published to
			}
			n[e.Topic]++
			if e.Foreign() { // Event Grid's schema, not ours: the parts intake reads
				if err := blobEventShape(ce); err != nil {
					t.Errorf("event %s on %s: %v", ce.ID, e.Topic, err)
				}
				continue
			}
			if err := contracts.Validate(schema, ce.Data); err != nil {
				t.Errorf("event %s on %s: %v", ce.ID, e.Topic, err)
			}
		}
	}
	return n
}

// blobEventShape checks a blob.created event as Event Grid sends it (CloudEvents schema):
// its type, a subject naming a blob, data with the blob's URL and length.
func blobEventShape(ce testpipe.CloudEvent) error {
	var d blobevent.Data
	if err := json.Unmarshal(ce.Data, &d); err != nil {
		return err
	}
	if _, _, ok := blobevent.Blob(ce.Subject); ce.Type != blobevent.TypeBlobCreated || !ok || d.URL == "" || d.ContentLength < 0 {
		return fmt.Errorf("not a BlobCreated event: type %q, subject %q, data %s", ce.Type, ce.Subject, ce.Data)
	}
	return nil
}

// orderBody builds an order request.
func orderBody(customer string, lines ...string) string {
	return fmt.Sprintf(`{"customer":{"id":%q,"name":"Ada Lovelace","email":"ada@example.org"},"items":[%s],"currency":"EUR"}`,
		customer, strings.Join(lines, ","))
}

func orderLine(sku string, qty int, price string) string {
	return fmt.Sprintf(`{"sku":%q,"quantity":%d,"unit_price":%q}`, sku, qty, price)
}

// undone waits until whatever said yes to a cancelled order took it back: a
// stock.reserved is followed by stock.released, a payment.authorised by payment.voided,
// and neither stock nor payment holds anything for the order. (When the cancellation
// overtakes order.created at a step, that step never says yes: it keeps a tombstone and
// holds nothing.) It returns what was announced.
func (o orders) undone(id string) string {
	o.t.Helper()
	got := ""
	o.p.Eventually(time.Minute, "the undo of "+id, func() bool {
		n := func(topic string) int { return len(o.eventsOf(topic, id)) }
		got = fmt.Sprintf("reserved=%d released=%d authorised=%d voided=%d", n(events.StockReserved),
			n(events.StockReleased), n(events.PaymentAuthorised), n(events.PaymentVoided))
		return n(events.StockReleased) == n(events.StockReserved) && n(events.PaymentVoided) == n(events.PaymentAuthorised) &&
			!o.holds(id)
	})
	return got
}

// holds says whether stock or payment still holds something for an order: a reservation
// on a SKU, or an authorisation not voided.
func (o orders) holds(id string) bool {
	o.t.Helper()
	for _, sku := range []string{"BOOK-1", "PEN-1", "LAMP-1", "GONE-1"} {
		if o.level(sku).Reservations[id] != 0 {
			return true
		}
	}
	var a struct{ State string }
	raw, _ := o.p.Do("HGET", "payment||auth|"+id, "data")
	if s, ok := raw.(string); ok && json.Unmarshal([]byte(s), &a) == nil && a.State == "authorised" {
		return true
	}
	return false
}
