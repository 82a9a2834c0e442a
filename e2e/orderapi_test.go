package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// TestOrderAPIRefusesBadInput sends every kind of bad order through the order API's
// sidecar: each gets a clear 4xx with every reason, and nothing is stored or published.
func TestOrderAPIRefusesBadInput(t *testing.T) {
	p := testpipe.Start(t, testpipe.Options{Offset: 200})
	o := ordersOf(t, p)
	good := orderLine("BOOK-1", 1, "12.50")
	for _, c := range []struct {
		name, key, ctype, body string
		code                   int
		want                   []string // "field CODE"
	}{
		{"malformed JSON", "k1", "", `{"customer":`, 400, []string{" MALFORMED_JSON"}},
		{"not an object", "k2", "", `[1,2]`, 400, []string{" MALFORMED_JSON"}},
		{"data after the object", "k3", "", orderBody("C-1", good) + `{}`, 400, []string{" MALFORMED_JSON"}},
		{"oversized", "k4", "", orderBody("C-1", good)[:40] + strings.Repeat(" ", 70<<10) + `}`, 413, []string{" BODY_TOO_LARGE"}},
		{"not JSON", "k5", "text/plain", orderBody("C-1", good), 415, []string{"Content-Type UNSUPPORTED_MEDIA_TYPE"}},
		{"no idempotency key", "", "", orderBody("C-1", good), 400, []string{"Idempotency-Key IDEMPOTENCY_KEY_REQUIRED"}},
		{"unknown fields", "k6", "", strings.Replace(orderBody("C-1", `{"sku":"BOOK-1","quantity":1,"unit_price":"1.00","colour":"red"}`),
			`"currency"`, `"coupon":"FREE","currency"`, 1), 422, []string{"coupon UNKNOWN_FIELD", "items[0].colour UNKNOWN_FIELD"}},
		{"negative amount", "k7", "", orderBody("C-1", orderLine("BOOK-1", 1, "-1.00")), 422, []string{"items[0].unit_price INVALID_AMOUNT"}},
		{"amounts that are not decimals", "k8", "", orderBody("C-1", orderLine("BOOK-1", 1, "12.5.0"), orderLine("PEN-1", 1, "1e3"),
			`{"sku":"LAMP-1","quantity":1,"unit_price":12.5}`, orderLine("GONE-1", 1, "1.005")), 422,
			[]string{"items[0].unit_price INVALID_AMOUNT", "items[1].unit_price INVALID_AMOUNT", "items[2].unit_price INVALID_AMOUNT",
				"items[3].unit_price INVALID_AMOUNT"}},
		{"zero and fractional quantities", "k9", "", orderBody("C-1", orderLine("BOOK-1", 0, "1.00"),
			`{"sku":"PEN-1","quantity":1.5,"unit_price":"1.00"}`, orderLine("LAMP-1", -2, "1.00")), 422,
			[]string{"items[0].quantity INVALID_QUANTITY", "items[1].quantity INVALID_QUANTITY", "items[2].quantity INVALID_QUANTITY"}},
		{"every problem at once", "k10", "", `{"customer":{"id":"","name":"Ada","email":"not-an-email"},"items":[],"currency":"USD"}`, 422,
			[]string{"customer.id REQUIRED", "customer.email INVALID_EMAIL", "items REQUIRED", "currency UNSUPPORTED_CURRENCY"}},
		{"duplicate SKU", "k11", "", orderBody("C-1", good, good), 422, []string{"items[1].sku DUPLICATE_SKU"}},
		{"no customer", "k12", "", `{"items":[` + good + `],"currency":"EUR"}`, 422, []string{"customer REQUIRED"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := map[string]string{"Content-Type": "application/json"}
			if c.ctype != "" {
				h["Content-Type"] = c.ctype
			}
			if c.key != "" {
				h["Idempotency-Key"] = c.key
			}
			r := o.invoke("order-api", "POST", "orders", []byte(c.body), h)
			var ref struct {
				Error   string `json:"error"`
				Reasons []struct{ Field, Code, Message string }
			}
			if r.Code != c.code || json.Unmarshal(r.Body, &ref) != nil || ref.Error == "" {
				t.Fatalf("%s, want %d with reasons", r, c.code)
			}
			var got []string
			for _, x := range ref.Reasons {
				got = append(got, x.Field+" "+x.Code)
				if x.Message == "" && x.Code != "UNAVAILABLE" {
					t.Errorf("reason %s without a message", x.Code)
				}
			}
			for _, w := range c.want {
				if !slices.Contains(got, w) {
					t.Errorf("reasons %v lack %q", got, w)
				}
			}
		})
	}
	t.Run("nothing stored, nothing published", func(t *testing.T) {
		for _, pattern := range []string{"order-api||*", "stock||order|*", "payment||*", "shipping||*"} {
			if keys, _ := p.Do("KEYS", pattern); len(keys.([]any)) > 0 {
				t.Errorf("stored after bad input: %v", keys)
			}
		}
		streams, _ := p.Do("KEYS", "*order*")
		for _, s := range streams.([]any) {
			if typ, _ := p.Do("TYPE", s.(string)); typ == "stream" {
				if n, _ := p.Do("XLEN", s.(string)); n != int64(0) {
					t.Errorf("stream %s holds %v messages after bad input", s, n)
				}
			}
		}
	})
}

// TestOrderIdempotencyKey submits the same order again with the same key (answered as
// the first time, one order), in parallel (one order), and another order with a used key
// (refused, nothing stored).
func TestOrderIdempotencyKey(t *testing.T) {
	p := testpipe.Start(t, testpipe.Options{Offset: 200})
	o := ordersOf(t, p)
	body := orderBody("C-9", orderLine("BOOK-1", 1, "12.50"))
	first := o.submit("same-key", body)
	if first.Code != http.StatusAccepted {
		t.Fatalf("first submission: %s", first)
	}
	var a acceptedView
	json.Unmarshal(first.Body, &a)
	// The same order, written differently (spacing, field order): the same answer.
	respaced := fmt.Sprintf(`{ "currency": "EUR", "items": [ %s ], "customer": {"email":"ada@example.org","name":"Ada Lovelace","id":"C-9"} }`,
		orderLine("BOOK-1", 1, "12.50"))
	for _, b := range []string{body, respaced} {
		again := o.submit("same-key", b)
		if again.Code != first.Code || !bytes.Equal(again.Body, first.Body) || again.Header.Get("Idempotency-Replayed") != "true" {
			t.Errorf("resubmission: %s %v, want the first answer %s", again, again.Header, first)
		}
	}
	reused := o.submit("same-key", orderBody("C-9", orderLine("BOOK-1", 2, "12.50")))
	if reused.Code != http.StatusUnprocessableEntity || !strings.Contains(string(reused.Body), "IDEMPOTENCY_KEY_REUSED") {
		t.Errorf("another order under a used key: %s", reused)
	}

	// Ten clients at once with one key: one order; each answer is that order or "in progress".
	var wg sync.WaitGroup
	answers := make([]apiReply, 10)
	for i := range answers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers[i] = o.submit("racing-key", orderBody("C-10", orderLine("PEN-1", 1, "1.20")))
		}()
	}
	wg.Wait()
	ids := map[string]bool{}
	for _, r := range answers {
		var x acceptedView
		switch {
		case r.Code == http.StatusAccepted && json.Unmarshal(r.Body, &x) == nil:
			ids[x.OrderID] = true
		case r.Code == http.StatusConflict && strings.Contains(string(r.Body), "IDEMPOTENCY_KEY_IN_PROGRESS"):
		default:
			t.Errorf("a racing submission: %s", r)
		}
	}
	if len(ids) != 1 {
		t.Errorf("racing submissions made orders %v, want one", ids)
	}

	o.final(a.OrderID, time.Minute)
	for id := range ids {
		o.final(id, time.Minute)
	}
	keys, _ := p.Do("KEYS", "order-api||order|*")
	if n := len(keys.([]any)); n != 2 {
		t.Errorf("%d orders stored, want 2: %v", n, keys)
	}
	if n := len(o.eventsOf(events.OrderCreated, a.OrderID)); n != 1 {
		t.Errorf("%d order.created for one order", n)
	}
	if n, _ := p.Do("XLEN", events.OrderCreated); n != int64(2) {
		t.Errorf("%v order.created in all, want 2", n)
	}
}
