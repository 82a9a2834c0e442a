package order

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/payment"
)

func (v *validator) customer(raw json.RawMessage) events.Customer {
	var c events.Customer
	obj, ok := v.object("customer", raw)
	if !ok {
		return c
	}
	v.known("customer.", obj, "id", "name", "email")
	if c.ID, ok = v.text("customer.id", obj["id"], 64); ok && !customerID.MatchString(c.ID) {
		v.add("customer.id", "INVALID_CUSTOMER_ID", "letters, digits, '.', '_' or '-', starting with a letter or digit, at most 64")
	}
	c.Name, _ = v.text("customer.name", obj["name"], 200)
	if c.Email, ok = v.text("customer.email", obj["email"], 254); ok && !email.MatchString(c.Email) {
		v.add("customer.email", "INVALID_EMAIL", "not an e-mail address")
	}
	return c
}

func (v *validator) items(raw json.RawMessage) []events.OrderItem {
	if raw == nil || string(raw) == "null" {
		v.add("items", "REQUIRED", "an order needs at least one item")
		return nil
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		v.add("items", "INVALID_TYPE", "must be a list of items")
		return nil
	}
	switch {
	case len(list) == 0:
		v.add("items", "REQUIRED", "an order needs at least one item")
		return nil
	case len(list) > MaxItems:
		v.add("items", "TOO_MANY_ITEMS", "at most %d items, got %d", MaxItems, len(list))
		return nil
	}
	out := make([]events.OrderItem, 0, len(list))
	seen := map[string]bool{}
	for i, r := range list {
		at := fmt.Sprintf("items[%d]", i)
		obj, ok := v.object(at, r)
		if !ok {
			continue
		}
		v.known(at+".", obj, "sku", "quantity", "unit_price")
		var it events.OrderItem
		if it.SKU, ok = v.text(at+".sku", obj["sku"], 32); ok {
			if !skuPattern.MatchString(it.SKU) {
				v.add(at+".sku", "INVALID_SKU", "upper-case letters, digits and '-', at most 32")
			} else if seen[it.SKU] {
				v.add(at+".sku", "DUPLICATE_SKU", "%s is already in the order: put its whole quantity on one line", it.SKU)
			}
			seen[it.SKU] = true
		}
		it.Quantity = v.quantity(at+".quantity", obj["quantity"])
		it.UnitPrice = v.amount(at+".unit_price", obj["unit_price"])
		out = append(out, it)
	}
	return out
}

func (v *validator) quantity(field string, raw json.RawMessage) int {
	if raw == nil {
		v.add(field, "REQUIRED", "required")
		return 0
	}
	var n json.Number
	if json.Unmarshal(raw, &n) != nil || strings.ContainsAny(string(n), ".eE") || bytes.HasPrefix(raw, []byte(`"`)) {
		v.add(field, "INVALID_QUANTITY", "must be a whole number, got %s", clip(raw))
		return 0
	}
	q, err := n.Int64()
	switch {
	case err != nil || q > MaxQuantity:
		v.add(field, "QUANTITY_TOO_LARGE", "at most %d, got %s", MaxQuantity, clip(raw))
	case q <= 0:
		v.add(field, "INVALID_QUANTITY", "must be at least 1, got %d", q)
	default:
		return int(q)
	}
	return 0
}

func (v *validator) amount(field string, raw json.RawMessage) payment.Amount {
	if raw == nil {
		v.add(field, "REQUIRED", "required")
		return 0
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		v.add(field, "INVALID_AMOUNT", `must be a decimal string such as "12.50" (exact, never a JSON number), got %s`, clip(raw))
		return 0
	}
	a, err := payment.ParseAmount(s)
	switch {
	case err != nil && strings.HasPrefix(s, "-"):
		v.add(field, "INVALID_AMOUNT", "must not be negative, got %q", clipS(s))
	case err != nil:
		v.add(field, "INVALID_AMOUNT", `must be a plain decimal with at most 2 decimals such as "12.50", got %q`, clipS(s))
	case a == 0:
		v.add(field, "INVALID_AMOUNT", "must be more than 0.00")
	case a > MaxUnitPrice:
		v.add(field, "AMOUNT_TOO_LARGE", "at most %s", MaxUnitPrice)
	default:
		return a
	}
	return 0
}

func (v *validator) currency(raw json.RawMessage) string {
	s, ok := v.text("currency", raw, 3)
	if ok && s != Currency {
		v.add("currency", "UNSUPPORTED_CURRENCY", "only %s is accepted", Currency)
	}
	return s
}
