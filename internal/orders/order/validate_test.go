package order

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestParseAcceptsAValidOrder(t *testing.T) {
	d, problems, err := Parse([]byte(`{"customer":{"id":"C-1","name":"Ada Lovelace","email":"ada@example.org"},` +
		`"items":[{"sku":"BOOK-1","quantity":2,"unit_price":"12.50"},{"sku":"PEN-1","quantity":3,"unit_price":"1.2"}],"currency":"EUR"}`))
	if err != nil || len(problems) > 0 {
		t.Fatalf("%v %v", problems, err)
	}
	if d.Total().String() != "28.60" || len(d.Items) != 2 || d.Customer.Email != "ada@example.org" {
		t.Errorf("draft %+v total %s", d, d.Total())
	}
}

func TestParseReportsEveryProblem(t *testing.T) {
	for _, c := range []struct {
		body string
		want []string
	}{
		{`{}`, []string{"customer REQUIRED", "items REQUIRED", "currency REQUIRED"}},
		{`{"customer":"Ada","items":{},"currency":1}`, []string{"customer INVALID_TYPE", "items INVALID_TYPE", "currency INVALID_TYPE"}},
		{`{"customer":{"id":"-x","name":" ","email":"a@b","vip":true},"items":[1],"currency":"EUR","x":1,"a":2}`,
			[]string{"a UNKNOWN_FIELD", "x UNKNOWN_FIELD", "customer.vip UNKNOWN_FIELD", "customer.id INVALID_CUSTOMER_ID",
				"customer.name REQUIRED", "customer.email INVALID_EMAIL", "items[0] INVALID_TYPE"}},
		{`{"customer":{"id":"C","name":"A\u0007","email":"a@b.c"},"items":[{"sku":"book","quantity":"2","unit_price":"1.00"}],"currency":"USD"}`,
			[]string{"customer.name INVALID_CHARACTERS", "items[0].sku INVALID_SKU", "items[0].quantity INVALID_QUANTITY", "currency UNSUPPORTED_CURRENCY"}},
		{`{"customer":{"id":"C","name":"A","email":"a@b.c"},"items":[` +
			`{"sku":"A","quantity":0,"unit_price":"-1.00"},{"sku":"B","quantity":1e2,"unit_price":"1,00"},` +
			`{"sku":"C","quantity":1001,"unit_price":"0.00"},{"sku":"D","quantity":-1,"unit_price":"1000000.01"},` +
			`{"sku":"E","quantity":99999999999999999999,"unit_price":1},{"sku":"A","quantity":1,"unit_price":"1.001"}],"currency":"EUR"}`,
			[]string{"items[0].quantity INVALID_QUANTITY", "items[0].unit_price INVALID_AMOUNT", "items[1].quantity INVALID_QUANTITY",
				"items[1].unit_price INVALID_AMOUNT", "items[2].quantity QUANTITY_TOO_LARGE", "items[2].unit_price INVALID_AMOUNT",
				"items[3].quantity INVALID_QUANTITY", "items[3].unit_price AMOUNT_TOO_LARGE", "items[4].quantity QUANTITY_TOO_LARGE",
				"items[4].unit_price INVALID_AMOUNT", "items[5].sku DUPLICATE_SKU", "items[5].unit_price INVALID_AMOUNT"}},
		{`{"customer":{"id":"C","name":"A","email":"a@b.c"},"items":[],"currency":"EUR"}`, []string{"items REQUIRED"}},
		{`{"customer":{"id":"C","name":"` + strings.Repeat("n", 201) + `","email":"a@b.c"},"items":[` +
			strings.Repeat(`{"sku":"A","quantity":1,"unit_price":"1.00"},`, 100) + `{"sku":"A","quantity":1,"unit_price":"1.00"}],"currency":"EUR"}`,
			[]string{"customer.name TOO_LONG", "items TOO_MANY_ITEMS"}},
	} {
		_, problems, err := Parse([]byte(c.body))
		if err != nil {
			t.Errorf("%s: %v", c.body, err)
			continue
		}
		var got []string
		for _, p := range problems {
			got = append(got, p.Field+" "+p.Code)
			if p.Message == "" {
				t.Errorf("%s: %s without a message", c.body, p.Code)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%.80s:\n got %v\nwant %v", c.body, got, c.want)
		}
	}
}

func TestParseRefusesWhatIsNotOneJSONObject(t *testing.T) {
	for _, body := range []string{``, `{`, `[]`, `null`, `"order"`, `{} {}`, `{}x`, `{"a":1}}`} {
		if _, _, err := Parse([]byte(body)); !errors.Is(err, errMalformed) {
			t.Errorf("%q: %v, want malformed", body, err)
		}
	}
}

func TestIdempotencyKeys(t *testing.T) {
	for k, ok := range map[string]bool{"": false, "a": true, "order-2026-11-25/42": true, "has space": false,
		strings.Repeat("k", 128): true, strings.Repeat("k", 129): false, "é": false} {
		if got := CheckKey(k) == nil; got != ok {
			t.Errorf("key %q accepted %v, want %v", k, got, ok)
		}
	}
}
