// Package order holds the order API's rules: what a valid order request is
// (validate.go, items.go), one order per idempotency key, stored and announced together
// (take.go), and the order's final status (finish.go). It works through store's ports
// and an Outbox; apps/order-api wires them to its sidecar and maps results to HTTP.
package order

import (
	"crypto/rand"
	"encoding/hex"
	"regexp"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/payment"
)

// Statuses of an order, as its status URL tells them.
const (
	Accepted  = "accepted"  // stored and announced; stock, payment and shipping decide
	Confirmed = "confirmed" // final: reserved, authorised, shipment made
	Cancelled = "cancelled" // final: stock or payment said no; the others undid their part
)

// Order is what the order API keeps of an order (key order|<id> in the order store).
type Order struct {
	OrderID    string             `json:"order_id"`
	Status     string             `json:"status"`
	Customer   events.Customer    `json:"customer"`
	Items      []events.OrderItem `json:"items"`
	Currency   string             `json:"currency"`
	Total      payment.Amount     `json:"total"`
	CreatedAt  string             `json:"created_at"`
	UpdatedAt  string             `json:"updated_at"`
	ShipmentID string             `json:"shipment_id,omitempty"`
	Reasons    []events.Reason    `json:"reasons,omitempty"`
	TraceID    string             `json:"trace_id,omitempty"`
}

func orderKey(id string) string { return "order|" + id }

var orderID = regexp.MustCompile(`^o-[0-9a-f]{20}$`)

// NewID makes an order id: o- and 20 random hex digits.
func NewID() string {
	var b [10]byte
	rand.Read(b[:])
	return "o-" + hex.EncodeToString(b[:])
}

// event is what order.created says about an order.
func (o Order) event() events.OrderCreatedEvent {
	return events.OrderCreatedEvent{OrderRef: events.OrderRef{OrderID: o.OrderID}, Customer: o.Customer,
		Items: o.Items, Currency: o.Currency, Total: o.Total, CreatedAt: o.CreatedAt}
}
