// Package orderstep wires the order fan-out's rules to a Dapr app (internal/step): a
// rule becomes a subscription handler whose outcome is logged and counted, and whose
// domain errors are not retried.
package orderstep

import (
	"context"

	"github.com/paychoreo/choreography/internal/orders"
	"github.com/paychoreo/choreography/internal/step"
)

// Rule is a rule that handles one delivery.
type Rule func(ctx context.Context, ev orders.Event) (orders.Outcome, error)

// Handler runs rule on each delivery: its outcome is logged (step.App.OrderOutcome)
// once the rule succeeded; a domain error (orders.IsPermanent) is dead-lettered at once,
// any other retried.
func Handler(app *step.App, rule Rule) step.Handler {
	return func(ctx context.Context, m step.Message) error {
		out, err := rule(ctx, Event(m))
		if err != nil {
			return Permanent(err)
		}
		Log(app, m, out)
		return nil
	}
}

// Event is what a rule is given of a delivery.
func Event(m step.Message) orders.Event {
	return orders.Event{Topic: m.Topic, ID: m.ID, TraceParent: m.TraceParent, Data: m.Data}
}

// Log logs and counts an outcome, if there is one.
func Log(app *step.App, m step.Message, out orders.Outcome) {
	if out.Name != "" {
		app.OrderOutcome(m, out.OrderID, out.Name, out.Attrs...)
	}
}

// Permanent marks the rules' domain errors as not to be retried.
func Permanent(err error) error {
	if orders.IsPermanent(err) {
		return step.Permanent(err)
	}
	return err
}
