package order

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/store"
)

// claimTakeover is how old a claim without its order must be before a retry with the
// same key may finish it: the first attempt died between claim and transaction.
const claimTakeover = 30 * time.Second

// What became of a submission besides Accepted.
const (
	Replayed   = "replayed"    // the key's order exists: answer as the first submission was answered
	KeyReused  = "refused"     // the key was used for a different order
	InProgress = "in_progress" // the key's first submission is still under way
)

// Outbox stores a value and announces an event in one transaction (the state store's
// transactional outbox): both happen, or neither.
type Outbox interface {
	SaveAndAnnounce(ctx context.Context, key string, value any, topic, subject, traceparent string, payload any) error
}

// Desk takes orders: State is the order store, Outbox announces through it.
type Desk struct {
	State  store.State
	Outbox Outbox
	Now    func() time.Time // time.Now when nil
}

// claim binds an idempotency key to one order (key idem|<sha256 of the key>), written
// first-write-wins before the order exists.
type claim struct {
	Fingerprint string `json:"fingerprint"` // sha256 of the validated request
	OrderID     string `json:"order_id"`
	TraceParent string `json:"traceparent"`
	ClaimedAt   string `json:"claimed_at"`
}

func claimKey(idempotencyKey string) string {
	h := sha256.Sum256([]byte(idempotencyKey))
	return "idem|" + hex.EncodeToString(h[:])
}

// Taken is what became of a submission: Accepted (Order is stored and announced) or
// one of the outcomes above; OrderID and TraceParent are the key's order's, a replay's
// those of the first submission.
type Taken struct {
	Outcome, OrderID, TraceParent string
	Order                         Order
}

// Take claims key for the draft (as order id, in the trace traceparent) and stores and
// announces the order, or says how the first submission with this key stands. An error
// means nothing was decided: retrying with the same key is safe.
func (d *Desk) Take(ctx context.Context, key string, draft Draft, id, traceparent string) (Taken, error) {
	canonical, _ := json.Marshal(draft)
	sum := sha256.Sum256(canonical)
	c := claim{Fingerprint: hex.EncodeToString(sum[:]), OrderID: id, TraceParent: traceparent,
		ClaimedAt: d.now().Format(time.RFC3339Nano)}
	err := d.State.Create(ctx, claimKey(key), c, 0)
	if errors.Is(err, store.ErrConflict) {
		var first claim
		if found, err := d.State.Get(ctx, claimKey(key), &first); err != nil || !found {
			return Taken{OrderID: c.OrderID}, orNotFound(err)
		}
		if t, done, err := d.standing(ctx, c, first); done || err != nil {
			return t, err
		}
		// The first attempt died before its transaction: finish it, same order id, and in
		// its trace (this span's own trace holds nothing more).
		c = first
	} else if err != nil {
		return Taken{OrderID: c.OrderID}, err
	}
	now := d.now().Format(time.RFC3339Nano)
	o := Order{OrderID: c.OrderID, Status: Accepted, Customer: draft.Customer, Items: draft.Items, Currency: draft.Currency,
		Total: draft.Total(), CreatedAt: now, UpdatedAt: now, TraceID: c.TraceParent[3:35]}
	err = d.Outbox.SaveAndAnnounce(ctx, orderKey(o.OrderID), o, events.OrderCreated, o.OrderID, c.TraceParent, o.event())
	if err != nil {
		return Taken{OrderID: c.OrderID}, err
	}
	return Taken{Outcome: Accepted, OrderID: c.OrderID, TraceParent: c.TraceParent, Order: o}, nil
}

// standing says how the key's first submission stands, done unless it died before its
// transaction and may be finished now.
func (d *Desk) standing(ctx context.Context, c, first claim) (Taken, bool, error) {
	if first.Fingerprint != c.Fingerprint {
		return Taken{Outcome: KeyReused, OrderID: c.OrderID}, true, nil
	}
	var o Order
	stored, err := d.State.Get(ctx, orderKey(first.OrderID), &o)
	if err != nil {
		return Taken{OrderID: c.OrderID}, true, err
	}
	if stored {
		return Taken{Outcome: Replayed, OrderID: first.OrderID, TraceParent: first.TraceParent, Order: o}, true, nil
	}
	if at, _ := time.Parse(time.RFC3339Nano, first.ClaimedAt); d.now().Sub(at) < claimTakeover {
		return Taken{Outcome: InProgress, OrderID: c.OrderID}, true, nil
	}
	return Taken{}, false, nil
}

func (d *Desk) now() time.Time {
	if d.Now != nil {
		return d.Now().UTC()
	}
	return time.Now().UTC()
}

// orNotFound is err, or, when there was none, that the claim was not there.
func orNotFound(err error) error {
	if err == nil {
		return errors.New("not found")
	}
	return err
}
