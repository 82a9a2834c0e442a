package order

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/payment"
)

// Limits of one order.
const (
	MaxBodyBytes = 64 << 10
	MaxItems     = 100
	MaxQuantity  = 1000
	// MaxUnitPrice bounds a unit price (1,000,000.00) so that no total can overflow.
	MaxUnitPrice = payment.Amount(100_000_000)
	Currency     = "EUR" // amounts are exact euro cents (internal/payment)
)

// Problem is one reason an order was refused: where, a stable code, and what to fix.
type Problem struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Draft is a valid order request: what the customer asked for, before it has an id.
type Draft struct {
	Customer events.Customer    `json:"customer"`
	Items    []events.OrderItem `json:"items"`
	Currency string             `json:"currency"`
}

// Total is the sum of the lines, exact.
func (d Draft) Total() payment.Amount {
	var t payment.Amount
	for _, it := range d.Items {
		t += payment.Amount(it.Quantity) * it.UnitPrice
	}
	return t
}

// errMalformed marks a body that is not one JSON object (400, not 422).
var errMalformed = errors.New("order-api: malformed JSON")

var (
	customerID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
	skuPattern = regexp.MustCompile(`^[A-Z0-9][A-Z0-9-]{0,31}$`)
	email      = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s.]+$`)
)

// Parse reads an order request and reports every problem at once. A body that is not a
// single JSON object is errMalformed; otherwise problems lists each broken rule (unknown
// fields included), and the draft is valid only when there are none.
func Parse(body []byte) (Draft, []Problem, error) {
	var top map[string]json.RawMessage
	if err := strict(body, &top); err != nil || top == nil {
		return Draft{}, nil, fmt.Errorf("%w: %v", errMalformed, orNull(err))
	}
	v := &validator{}
	var d Draft
	v.known("", top, "customer", "items", "currency")
	d.Customer = v.customer(top["customer"])
	d.Items = v.items(top["items"])
	d.Currency = v.currency(top["currency"])
	return d, v.problems, nil
}

type validator struct{ problems []Problem }

func (v *validator) add(field, code, format string, args ...any) {
	v.problems = append(v.problems, Problem{Field: field, Code: code, Message: fmt.Sprintf(format, args...)})
}

// known reports every field of obj that the contract does not name, in name order.
func (v *validator) known(prefix string, obj map[string]json.RawMessage, names ...string) {
	var unknown []string
	for k := range obj {
		if !slices.Contains(names, k) {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		v.add(prefix+k, "UNKNOWN_FIELD", "unknown field; allowed here: %s", strings.Join(names, ", "))
	}
}

// object reads a JSON object; a missing one is REQUIRED, anything else INVALID_TYPE.
func (v *validator) object(field string, raw json.RawMessage) (map[string]json.RawMessage, bool) {
	if raw == nil || string(raw) == "null" {
		v.add(field, "REQUIRED", "required")
		return nil, false
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		v.add(field, "INVALID_TYPE", "must be an object")
		return nil, false
	}
	return obj, true
}

// text reads a required, non-blank string of at most max characters without control
// characters.
func (v *validator) text(field string, raw json.RawMessage, max int) (string, bool) {
	if raw == nil || string(raw) == "null" {
		v.add(field, "REQUIRED", "required")
		return "", false
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		v.add(field, "INVALID_TYPE", "must be a string")
		return "", false
	}
	switch {
	case strings.TrimSpace(s) == "":
		v.add(field, "REQUIRED", "must not be blank")
	case utf8.RuneCountInString(s) > max:
		v.add(field, "TOO_LONG", "at most %d characters", max)
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		v.add(field, "INVALID_CHARACTERS", "control characters are not allowed")
	default:
		return s, true
	}
	return "", false
}

// strict decodes exactly one JSON value: trailing data is an error.
func strict(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if len(bytes.TrimSpace(body[dec.InputOffset():])) > 0 {
		return errors.New("data after the JSON object")
	}
	return nil
}

func orNull(err error) any {
	if err == nil {
		return "not a JSON object"
	}
	return err
}

func clip(raw json.RawMessage) string { return clipS(string(raw)) }

func clipS(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}
