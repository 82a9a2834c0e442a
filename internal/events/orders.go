package events

import (
	"strings"

	"github.com/paychoreo/choreography/internal/payment"
)

// The second choreography: an order fan-out. The order API announces order.created;
// stock, payment and shipping each react on their own; shipping joins their answers and
// confirms or cancels the order; whoever had succeeded undoes itself on a cancellation.
// Its events travel on their own pub/sub component, OrdersPubSub: a public announcement
// bus that any new app may subscribe to without a change to the component or to any
// other app (docs/orders.md).

// OrdersPubSub is the component the order events travel on; file events stay on "pubsub".
const OrdersPubSub = "orders"

// Order topics. Like file topics, each has one producer (publishingScopes of the orders
// component) and any number of consumers.
const (
	OrderCreated      = "order.created"      // order-api, through the transactional outbox
	StockReserved     = "stock.reserved"     // stock: every item is held for the order
	StockUnavailable  = "stock.unavailable"  // stock: some item is short; nothing is held
	StockReleased     = "stock.released"     // stock: a reservation was given back (undo)
	PaymentAuthorised = "payment.authorised" // payment: the amount is authorised
	PaymentDeclined   = "payment.declined"   // payment: the authorisation was refused
	PaymentVoided     = "payment.voided"     // payment: an authorisation was voided (undo)
	OrderConfirmed    = "order.confirmed"    // shipping: reserved and authorised, shipment made
	OrderCancelled    = "order.cancelled"    // shipping: a step said no; the others undo
)

// OrderDeadLetterPrefix starts the dead-letter topic of every consumer on the orders bus:
// deadletter.orders.<app>, apart from the file flow's deadletter.<app> (both buses may
// share one broker, where a topic name is one stream).
const OrderDeadLetterPrefix = "deadletter.orders."

// orderCatalog is appended to Catalog (init below): the catalog stays the one place that
// says who publishes and who consumes what, on both buses.
var orderCatalog = []Entry{
	{OrderCreated, OrderCreatedEvent{}, "order-api", []string{"stock", "payment", "shipping", Tracker},
		"An order was accepted and stored; announced through the transactional outbox of the order store, so it is never stored without this event nor announced without being stored."},
	{StockReserved, StockReservedEvent{}, "stock", []string{"shipping", Tracker},
		"Every item of the order is reserved in stock."},
	{StockUnavailable, StockUnavailableEvent{}, "stock", []string{"shipping", Tracker},
		"Some item of the order is short; nothing is held for it."},
	{PaymentAuthorised, PaymentAuthorisedEvent{}, "payment", []string{"shipping", Tracker},
		"The order's total is authorised."},
	{PaymentDeclined, PaymentDeclinedEvent{}, "payment", []string{"shipping", Tracker},
		"The authorisation of the order's total was declined."},
	{OrderConfirmed, OrderConfirmedEvent{}, "shipping", []string{"order-api", "notifier", Tracker},
		"Stock is reserved and payment authorised: the shipment is made. Final."},
	{OrderCancelled, OrderCancelledEvent{}, "shipping", []string{"stock", "payment", "order-api", "notifier", Tracker},
		"Stock or payment said no: the order is cancelled and whoever had succeeded undoes itself. Final."},
	{StockReleased, StockReleasedEvent{}, "stock", []string{Tracker},
		"A reservation of a cancelled order was given back (stock's undo)."},
	{PaymentVoided, PaymentVoidedEvent{}, "payment", []string{Tracker},
		"An authorisation of a cancelled order was voided (payment's undo)."},
	{OrderDeadLetterPrefix + "order-api", DeadLetter{}, "order-api", []string{Tracker},
		"The order API's sidecar dead-letters an order outcome it could not record."},
	{OrderDeadLetterPrefix + "stock", DeadLetter{}, "stock", []string{Tracker},
		"Stock's sidecar dead-letters an order event stock could not handle; the order waits for a person."},
	{OrderDeadLetterPrefix + "payment", DeadLetter{}, "payment", []string{Tracker},
		"Payment's sidecar dead-letters an order event payment could not handle; the order waits for a person."},
	{OrderDeadLetterPrefix + "shipping", DeadLetter{}, "shipping", []string{Tracker},
		"Shipping's sidecar dead-letters an event it could not join; the order waits for a person."},
	{OrderDeadLetterPrefix + "notifier", DeadLetter{}, "notifier", []string{Tracker},
		"Order outcomes the notifier could not deliver, or that broke their contract."},
	{OrderDeadLetterPrefix + "tracker", DeadLetter{}, Tracker, []string{Operator},
		"Order events the tracker could not record; no order is affected (the tracker only observes)."},
}

func init() { Catalog = append(Catalog, orderCatalog...) }

// PubSubOf names the pub/sub component a topic travels on.
func PubSubOf(topic string) string {
	if strings.HasPrefix(topic, OrderDeadLetterPrefix) {
		return OrdersPubSub
	}
	for _, e := range orderCatalog {
		if e.Topic == topic {
			return OrdersPubSub
		}
	}
	return "pubsub"
}

// OrderRef identifies an order on its journey.
type OrderRef struct {
	OrderID string `json:"order_id"`
}

// Customer is who ordered.
type Customer struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// OrderItem is one line of an order: a quantity of a SKU at a unit price.
type OrderItem struct {
	SKU       string         `json:"sku"`
	Quantity  int            `json:"quantity"`
	UnitPrice payment.Amount `json:"unit_price"`
}

// StockItem is a quantity of a SKU.
type StockItem struct {
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
}

// Shortage says how much of a SKU was asked for and how much could be had.
type Shortage struct {
	SKU       string `json:"sku"`
	Requested int    `json:"requested"`
	Available int    `json:"available"`
}

// Reason is why an order was cancelled: the stage that said no, a stable code, a text.
type Reason struct {
	Stage   string `json:"stage"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// OrderCreatedEvent announces an accepted order.
type OrderCreatedEvent struct {
	OrderRef
	Customer  Customer       `json:"customer"`
	Items     []OrderItem    `json:"items"`
	Currency  string         `json:"currency"`
	Total     payment.Amount `json:"total"`
	CreatedAt string         `json:"created_at"` // RFC 3339
}

// StockReservedEvent says every item is held for the order.
type StockReservedEvent struct {
	OrderRef
	ReservationID string      `json:"reservation_id"`
	Items         []StockItem `json:"items"`
}

// StockUnavailableEvent says some item is short; nothing is held.
type StockUnavailableEvent struct {
	OrderRef
	Code      string     `json:"code"`
	Message   string     `json:"message"`
	Shortages []Shortage `json:"shortages"`
}

// StockReleasedEvent says a reservation was given back.
type StockReleasedEvent struct {
	OrderRef
	ReservationID string      `json:"reservation_id"`
	Items         []StockItem `json:"items"`
}

// PaymentAuthorisedEvent says the total is authorised.
type PaymentAuthorisedEvent struct {
	OrderRef
	AuthorisationID string         `json:"authorisation_id"`
	Amount          payment.Amount `json:"amount"`
	Currency        string         `json:"currency"`
}

// PaymentDeclinedEvent says the authorisation was refused.
type PaymentDeclinedEvent struct {
	OrderRef
	Amount   payment.Amount `json:"amount"`
	Currency string         `json:"currency"`
	Code     string         `json:"code"`
	Message  string         `json:"message"`
}

// PaymentVoidedEvent says an authorisation was voided.
type PaymentVoidedEvent struct {
	OrderRef
	AuthorisationID string         `json:"authorisation_id"`
	Amount          payment.Amount `json:"amount"`
	Currency        string         `json:"currency"`
}

// OrderConfirmedEvent says the order will ship. Final.
type OrderConfirmedEvent struct {
	OrderRef
	ShipmentID      string         `json:"shipment_id"`
	ReservationID   string         `json:"reservation_id"`
	AuthorisationID string         `json:"authorisation_id"`
	Customer        Customer       `json:"customer"`
	Items           []OrderItem    `json:"items"`
	Currency        string         `json:"currency"`
	Total           payment.Amount `json:"total"`
}

// OrderCancelledEvent says the order is cancelled, with every reason known when shipping
// decided. Final.
type OrderCancelledEvent struct {
	OrderRef
	Customer Customer       `json:"customer"`
	Currency string         `json:"currency"`
	Total    payment.Amount `json:"total"`
	Reasons  []Reason       `json:"reasons"`
}
