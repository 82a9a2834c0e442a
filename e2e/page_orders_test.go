package e2e

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/paychoreo/choreography/internal/testpipe"
)

// placedOrder is a sample order placed through the real order API, with what its
// status URL said at the end and the personal data the page must never show whole.
type placedOrder struct {
	ID, Status, Name, Email string
}

// placeSampleOrders places every sample order (samples/orders) and follows each to its
// outcome through the order API.
func placeSampleOrders(t *testing.T, p *testpipe.Pipeline) []placedOrder {
	t.Helper()
	o := ordersOf(t, p)
	samples := readSamples(t, "orders/*.json")
	if len(samples) == 0 {
		t.Fatal("no sample orders in samples/orders")
	}
	var out []placedOrder
	for _, s := range samples {
		var c struct{ Customer struct{ Name, Email string } }
		if err := json.Unmarshal(s.content, &c); err != nil || c.Customer.Name == "" || c.Customer.Email == "" {
			t.Fatalf("samples/orders/%s: no customer name and e-mail (%v)", s.name, err)
		}
		id := o.place("page-"+s.name, string(s.content))
		out = append(out, placedOrder{ID: id, Name: c.Customer.Name, Email: c.Customer.Email})
	}
	for i := range out {
		out[i].Status = o.final(out[i].ID, time.Minute).Status
	}
	return out
}

type orderRow struct {
	ID       string `json:"id"`
	Status   string `json:"status"`
	Customer string `json:"customer"`
}

// checkOrdersOnPage waits until the page lists every placed order with the status the
// order API gave it, then checks that no customer's name or e-mail shows whole.
func checkOrdersOnPage(t *testing.T, ctx context.Context, placed []placedOrder) {
	t.Helper()
	want := map[string]string{}
	for _, o := range placed {
		want[o.ID] = o.Status
	}
	wantJSON, _ := json.Marshal(want)
	rows, err := chromedp.Run(ctx, chromedp.Poll[[]orderRow](`(() => {
		const want = `+string(wantJSON)+`;
		const rows = [...document.querySelectorAll('#orders tbody tr')].map(tr => ({ id: tr.dataset.id,
			status: tr.querySelector('.badge').dataset.status, customer: tr.querySelector('td.who').textContent }));
		const shown = Object.fromEntries(rows.map(r => [r.id, r.status]));
		return Object.keys(want).every(id => shown[id] === want[id]) && rows;
	})()`, chromedp.WithPollingTimeout(30*time.Second)))
	if err != nil {
		t.Fatalf("the page does not list the orders with their statuses %s: %v\n%s", wantJSON, err, pageText(ctx))
	}
	text := pageText(ctx)
	for _, o := range placed {
		for _, secret := range []string{o.Name, o.Email} {
			if strings.Contains(text, secret) {
				t.Errorf("the page shows %q of order %s unmasked", secret, o.ID)
			}
		}
		for _, r := range rows {
			if r.ID == o.ID && !strings.Contains(r.Customer, o.Name[:1]+"…") {
				t.Errorf("order %s: customer shown as %q, want the masked name %s…", o.ID, r.Customer, o.Name[:1])
			}
		}
	}
}

type orderDetail struct {
	Stages map[string]float64 `json:"stages"`
	Topics []string           `json:"topics"`
}

// openOrder clicks an order's row and reads its journey: the time of each stage (in
// ms, as the page was given them) and the timeline's topics.
func openOrder(t *testing.T, ctx context.Context, id string) orderDetail {
	t.Helper()
	err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#orders tr[data-id="`+id+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#detail #order-stages`)))
	var d orderDetail
	if err == nil {
		d, err = chromedp.Run(ctx, chromedp.Poll[orderDetail](`document.querySelector('#detail h2').textContent === `+jsString(id)+` &&
			document.querySelectorAll('#order-stages [data-stage]').length === 3 && {
			stages: Object.fromEntries([...document.querySelectorAll('#order-stages [data-stage]')].map(e => [e.dataset.stage, Number(e.dataset.ms)])),
			topics: [...document.querySelectorAll('#timeline li')].map(li => li.dataset.topic) }`, chromedp.WithPollingTimeout(30*time.Second)))
	}
	if err != nil {
		t.Fatalf("the journey of order %s: %v\n%s", id, err, pageText(ctx))
	}
	return d
}
