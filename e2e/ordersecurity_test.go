package e2e

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// TestOrderRoutesAndTopicsAreGuarded checks the order fan-out's defaults: the API token on
// every route of every new app (the Node.js notifier's included), the order API reached
// only through its sidecar with Dapr's token, and each order topic published only by its
// owner although anyone may subscribe.
func TestOrderRoutesAndTopicsAreGuarded(t *testing.T) {
	p := testpipe.Start(t, testpipe.Options{Offset: 200})
	for _, c := range []struct{ app, method, path string }{
		{"order-api", "POST", "/orders"}, {"order-api", "GET", "/orders/o-0123456789abcdef0123"},
		{"order-api", "GET", "/dapr/subscribe"}, {"order-api", "POST", "/events/order.confirmed"},
		{"stock", "GET", "/stock/BOOK-1"}, {"stock", "POST", "/events/order.created"},
		{"payment", "POST", "/events/order.cancelled"}, {"shipping", "POST", "/events/stock.reserved"},
		{"notifier", "GET", "/dapr/subscribe"}, {"notifier", "POST", "/pubsub--file-created--default"},
		{"notifier", "POST", "/orders--order-confirmed--default"},
	} {
		a, _ := p.Runs[0].App(c.app)
		for _, token := range []string{"", "wrong", a.Tokens.Dapr} { // the app wants the sidecar's token, not Dapr's
			req, _ := http.NewRequest(c.method, fmt.Sprintf("http://127.0.0.1:%d%s", a.AppPort, c.path), strings.NewReader(`{"id":"x","data":{}}`))
			req.Header.Set("Content-Type", "application/cloudevents+json")
			if token != "" {
				req.Header.Set("dapr-api-token", token)
			}
			if code, body := do(t, req); code != http.StatusUnauthorized {
				t.Errorf("%s %s %s with token %q: %d %s", c.app, c.method, c.path, token, code, body)
			}
		}
		req, _ := http.NewRequest("GET", fmt.Sprintf("http://127.0.0.1:%d/healthz", a.AppPort), nil)
		if code, _ := do(t, req); code != http.StatusOK {
			t.Errorf("%s /healthz: %d", c.app, code)
		}
	}

	api, _ := p.Runs[0].App("order-api")
	req, _ := http.NewRequest("POST", fmt.Sprintf("http://127.0.0.1:%d/v1.0/invoke/order-api/method/orders", api.HTTPPort),
		strings.NewReader(orderBody("C-1", orderLine("BOOK-1", 1, "1.00"))))
	req.Header.Set("Idempotency-Key", "no-token")
	if code, body := do(t, req); code != http.StatusUnauthorized {
		t.Errorf("an order through the sidecar without Dapr's token: %d %s", code, body)
	}

	stock, _ := p.Runs[0].App("stock")
	publish := func(topic string) (int, string) {
		req, _ := http.NewRequest("POST", fmt.Sprintf("http://127.0.0.1:%d/v1.0/publish/orders/%s", stock.HTTPPort, topic),
			strings.NewReader(`{"order_id":"o-0123456789abcdef0123"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("dapr-api-token", stock.Tokens.Dapr)
		return do(t, req)
	}
	for _, topic := range []string{events.OrderConfirmed, events.OrderCancelled, events.OrderCreated, events.PaymentAuthorised} {
		if code, body := publish(topic); code != http.StatusForbidden {
			t.Errorf("stock published %s (not its topic): %d %s", topic, code, body)
		}
	}
}

// TestNotifierValidatesWhatItReceives hands the notifier an order outcome that breaks its
// contract (as a faulty or forged producer would put it on the bus): it writes nothing,
// says why, and its sidecar dead-letters the event at once, which the tracker records in
// the order's journey. Then a notification that cannot be written (technical failure):
// retried under the resiliency policy, then dead-lettered.
func TestNotifierValidatesWhatItReceives(t *testing.T) {
	p := testpipe.Start(t, testpipe.Options{Offset: 200})
	t.Run("a broken event is dead-lettered at once", func(t *testing.T) { brokenEvent(t, p) })
	t.Run("a failing write is retried, then dead-lettered", func(t *testing.T) {
		// A file where the notifier's orders/ folder should be: every write fails.
		if err := os.WriteFile(onDisk(p, "notifications", "orders"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		o := ordersOf(t, p)
		id := o.place("unwritable", orderBody("C-1", orderLine("BOOK-1", 1, "12.50")))
		if got := o.final(id, time.Minute); got.Status != "confirmed" {
			t.Fatalf("order %+v", got)
		}
		o.awaitEvent(events.OrderDeadLetterPrefix+"notifier", id, time.Minute)
		want := fmt.Sprintf(`"event_id":"%s/order.confirmed","topic":"order.confirmed","stage":"notifier","attempt":%d,"outcome":"retry"`,
			id, maxRetries(t, "local")+1)
		if !strings.Contains(p.Logs("notifier"), want) {
			t.Errorf("the notifier's log lacks the last retry: %s", want)
		}
	})
}

func brokenEvent(t *testing.T, p *testpipe.Pipeline) {
	id := "o-00000000000000000bad"
	data := fmt.Sprintf(`{"order_id":%q,"shipment_id":"shp-x","reservation_id":"res-x","authorisation_id":"auth-x",`+
		`"customer":{"id":"C-1","name":"Mallory","email":"m@example.org"},"items":[{"sku":"BOOK-1","quantity":1,"unit_price":"1.00"}],`+
		`"currency":"EUR","total":1.0}`, id)
	ce := fmt.Sprintf(`{"id":"%s/order.confirmed","source":"shipping","specversion":"1.0","type":"paychoreo.order.confirmed.v1",`+
		`"datacontenttype":"application/json","topic":"order.confirmed","pubsubname":"orders","data":%s}`, id, data)
	if _, err := p.Do("XADD", events.OrderConfirmed, "*", "data", ce); err != nil {
		t.Fatal(err)
	}
	p.Eventually(time.Minute, "the notifier dead-letters the broken event", func() bool {
		for _, d := range p.Stream(events.OrderDeadLetterPrefix + "notifier") {
			if d.ID == id+"/order.confirmed" {
				return true
			}
		}
		return false
	})
	if !strings.Contains(p.Logs("notifier"), `breaks contracts/order.confirmed.v1.schema.json: /total: must be string`) {
		t.Error("the notifier did not say which rule the event broke")
	}
	if _, err := os.Stat(onDisk(p, "notifications", "orders/"+id+".confirmed.txt")); !os.IsNotExist(err) {
		t.Errorf("a notification was written for a broken event: %v", err)
	}
	tr, _ := p.Runs[0].App("tracker")
	p.Eventually(time.Minute, "the tracker records the notifier's dead letter", func() bool {
		var j struct {
			Order struct {
				DeadLetters []string `json:"dead_letters"`
			} `json:"order"`
		}
		return getJSON(fmt.Sprintf("http://127.0.0.1:%d/api/orders/%s", tr.AppPort, id), &j) == nil &&
			strings.Contains(fmt.Sprint(j.Order.DeadLetters), "notifier")
	})
}
