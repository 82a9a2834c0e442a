package orders

import (
	"context"
	"errors"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/store"
)

// Tombstone is the decision a step keeps for an order cancelled before its
// order.created came (the broker keeps no order across topics): a late order.created
// then does nothing.
const Tombstone = "cancelled"

// Undo is how a step that may have said yes to an order (stock, payment) takes it back
// when the order is cancelled. T is the step's decision, kept under one key.
type Undo[T any] struct {
	State       func(*T) *string // the decision's state
	Yes, Undone string           // the state to undo, and what it becomes
	// Release gives back what the yes holds before it is marked undone; nil: nothing held.
	Release  func(ctx context.Context, orderID string, d T) error
	Announce func(ctx context.Context, ev Event, orderID string, d T) (Outcome, error)
	Key      func(orderID string) string // where the decision is kept
}

// errRelease stops an Update whose yes must first give back what it holds.
var errRelease = errors.New("orders: release first")

// Cancel applies order.cancelled to the order's decision: none yet leaves a
// tombstone; the yes is released, marked undone and announced; an undone decision is
// announced again (a crash may have come before its announcement); anything else (a
// refusal, a tombstone) stays as it is.
func (u Undo[T]) Cancel(ctx context.Context, st store.State, ev Event) (Outcome, error) {
	var c events.OrderCancelledEvent
	if err := ev.Decode(&c); err != nil {
		return Outcome{}, err
	}
	orderID, key := c.OrderID, u.Key(c.OrderID)
	released := u.Release == nil
	for {
		var d T
		var tombstone, announce bool
		err := store.Update(ctx, st, key, func(v *T, found bool) (store.Op, error) {
			s := u.State(v)
			d, tombstone, announce = *v, !found, found && *s == u.Undone
			switch {
			case tombstone:
				*s = Tombstone
			case *s == u.Yes && !released:
				return store.Keep, errRelease
			case *s == u.Yes:
				*s, announce = u.Undone, true
			default:
				return store.Keep, nil
			}
			d = *v
			return store.Write, nil
		})
		switch {
		case errors.Is(err, errRelease):
			if err := u.Release(ctx, orderID, d); err != nil {
				return Outcome{}, err
			}
			released = true
			continue
		case err != nil:
			return Outcome{}, err
		case tombstone:
			return Outcome{OrderID: orderID, Name: Tombstone, Attrs: []any{"detail", "cancelled before order.created arrived"}}, nil
		case announce:
			return u.Announce(ctx, ev, orderID, d)
		}
		return Outcome{}, nil
	}
}

// Announce publishes one decision and says what to log once it is out.
// No topic announces nothing (a tombstone).
func Announce(ctx context.Context, pub Publisher, ev Event, topic, orderID string, payload any, outcome string, attrs ...any) (Outcome, error) {
	if topic == "" {
		return Outcome{}, nil
	}
	if err := pub.Publish(ctx, topic, orderID, ev.TraceParent, payload); err != nil {
		return Outcome{}, err
	}
	return Outcome{OrderID: orderID, Name: outcome, Attrs: attrs}, nil
}
