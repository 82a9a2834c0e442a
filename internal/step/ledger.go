package step

import (
	"context"
	"time"

	"github.com/paychoreo/choreography/internal/deadletter"
	"github.com/paychoreo/choreography/internal/mask"
)

// ledger makes consumers idempotent and their failures visible. Delivery is at least
// once on every broker: before a handler runs, the ledger is asked whether this app has
// handled the event id already (then the delivery is acknowledged with no second effect);
// after success the id is marked. A crash between the effect and the mark re-runs the
// handler, which is why every effect is also idempotent on its own (deterministic names,
// first-write claims, deterministic event ids).
type ledger interface {
	// look says whether m was handled and, when withLease, who holds its lease (lease.go).
	look(ctx context.Context, m Message, withLease bool) (done bool, held *Holder, err error)
	markHandled(ctx context.Context, m Message) error
	failed(ctx context.Context, m Message, err error)
	takeLease(ctx context.Context, m Message, me Holder) error
	renewLease(ctx context.Context, m Message, me Holder) error
	dropLease(ctx context.Context, m Message, h Holder) error
}

// KeepFor is how long what a step records about one file is kept (ledger marks, kept
// results, a file's final decision, the pointers compensation follows): far beyond any
// redelivery or dead letter of the file's events, after which nothing can ask for it.
const KeepFor = 14 * 24 * time.Hour

// handledTTL bounds how long a mark is kept.
const handledTTL = KeepFor

type stateLedger struct {
	sc  *Sidecar
	app string
}

// handledKey is per subscription: a dead letter carries the id of the original event.
func handledKey(topic, eventID string) string { return "handled|" + topic + "|" + eventID }

func (l stateLedger) markHandled(ctx context.Context, m Message) error {
	return l.sc.MarkHandled(ctx, m.Topic, m.ID)
}

// MarkHandled records that this app is done with an event, so that a late redelivery
// of it changes nothing. Compensation uses it for the event a step failed on: once the
// file is undone, that event must never be processed after all.
func (s *Sidecar) MarkHandled(ctx context.Context, topic, eventID string) error {
	return s.markTTL(ctx, handledKey(topic, eventID), time.Now().UTC().Format(time.RFC3339Nano), handledTTL)
}

// failed records one failed attempt for the dead-letter keeper. It is best effort: the
// failure itself is already in the logs and Dapr keeps retrying regardless. The record
// expires KeepFor after the last attempt: one per failed event otherwise stayed for ever.
func (l stateLedger) failed(ctx context.Context, m Message, herr error) {
	key := deadletter.AttemptsKey(l.app, m.ID)
	why := mask.Text(herr.Error()) // people read it in the dead-letter record
	Update(ctx, l.sc, DeadLetters, key, func(a *deadletter.Attempts, found bool) (Op, error) {
		now := time.Now().UTC().Format(time.RFC3339Nano)
		if !found {
			*a = deadletter.Attempts{App: l.app, EventID: m.ID, Topic: m.Topic, TraceID: traceID(m.TraceParent),
				FirstError: why, FirstAt: now}
		}
		a.Count++
		a.LastError, a.LastAt = why, now
		return Write, nil
	}, WithTTL(KeepFor)) // the keeper copies it into the dead letter's record within minutes
}
