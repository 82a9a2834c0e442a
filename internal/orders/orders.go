// Package orders holds what the order fan-out's rules share: the event a rule is given,
// the port it announces through, what it tells its app to log, and the one rule of a
// step that learns an order was cancelled (cancel.go). Each app's rules live in a
// package below: order (order-api), stock, payments, shipping and journey (the
// tracker). They work through store's ports and Publisher only; apps/<id> wires them
// to the sidecar (orderstep), tests to store.Memory.
package orders

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
)

// Publisher announces an event under the order's deterministic event id (<order
// id>/<topic>); *step.Sidecar is one.
type Publisher interface {
	Publish(ctx context.Context, topic, orderID, traceparent string, payload any) error
}

// Event is one delivery a rule handles: its topic, CloudEvent id, payload and trace.
type Event struct {
	Topic, ID, TraceParent string
	Data                   json.RawMessage
}

// Decode reads the payload; a payload that cannot be read is ErrBadEvent.
func (e Event) Decode(v any) error {
	if err := json.Unmarshal(e.Data, v); err != nil {
		return fmt.Errorf("%w: decode %s payload of event %q: %w", ErrBadEvent, e.Topic, e.ID, err)
	}
	return nil
}

// Outcome is what a rule tells its app to log and count (step.App.OrderOutcome): the
// order, the outcome and its attributes. A zero Outcome logs nothing.
type Outcome struct {
	OrderID, Name string
	Attrs         []any
}

// Domain errors: no retry can change them.
var (
	// ErrBadEvent: an event that cannot be read, or names no order.
	ErrBadEvent = errors.New("orders: unusable event")
	// ErrUnknownOrder: an outcome for an order this choreography never stored.
	ErrUnknownOrder = errors.New("orders: unknown order")
)

// IsPermanent says whether err is one of the domain errors above.
func IsPermanent(err error) bool {
	return errors.Is(err, ErrBadEvent) || errors.Is(err, ErrUnknownOrder)
}
