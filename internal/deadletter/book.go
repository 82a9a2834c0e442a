package deadletter

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/mask"
	"github.com/paychoreo/choreography/internal/store"
)

// ErrNoRecord: no dead letter has that id.
var ErrNoRecord = errors.New("no such dead letter")

// Source is what the keeper knows of a dead-lettered event.
type Source struct {
	Stage       string // the consumer whose dead-letter topic it came from
	Topic       string // the topic it was first published on
	EventID     string
	FileID      string
	Blob        string // for an arrival, the blob named by the event's subject
	TraceParent string
	Event       []byte // the event's payload as published
}

// New is the record a person reads of a dead letter: what failed, where, why and how
// often (from the consumer's Attempts), the trace, and the event with its payment data
// masked (a rejection's violations quote IBANs and names). A redrive needs none of the
// payment data, only the file's reference, whose blob name stays exact.
func New(s Source, a Attempts, now time.Time) Record {
	at := now.UTC().Format(time.RFC3339Nano)
	return Record{ID: ID(s.Stage, s.EventID), Kind: KindOf(s.Stage, s.Topic), Stage: s.Stage, Topic: s.Topic,
		EventID: s.EventID, FileID: s.FileID, Blob: s.Blob, Reason: mask.Text(reasonOf(a)), Attempts: a.Count,
		FirstError: mask.Text(a.FirstError), LastError: mask.Text(a.LastError), TraceID: traceIDOf(s.TraceParent, a),
		DeadAt: at, Status: StatusOpen, Event: maskedEvent(s.Event),
		Audit: []Audit{{At: at, Action: "recorded", By: "intake"}}}
}

// maskedEvent is the event kept, or null when it had no payload.
func maskedEvent(raw []byte) []byte {
	if m := mask.JSON(raw, "blob"); len(m) > 0 {
		return m
	}
	return nil
}

// KindOf says what a dead letter calls for, from where it failed and its first topic.
func KindOf(stage, topic string) string {
	switch {
	case topic == events.BlobCreated:
		return KindArrival
	case topic == events.FileFailed:
		return KindCompensation
	case stage == "intake":
		return KindCustody
	}
	return KindStep
}

func reasonOf(a Attempts) string {
	if a.LastError == "" {
		return "dead-lettered without a recorded attempt (a permanent failure or a lost record)"
	}
	return a.LastError
}

// traceIDOf is the trace of the failed attempt, else the event's own.
func traceIDOf(traceParent string, a Attempts) string {
	if a.TraceID != "" {
		return a.TraceID
	}
	if len(traceParent) >= 35 {
		return traceParent[3:35]
	}
	return ""
}

// Book is the keeper's records in one state store (Dapr's deadletters store).
type Book struct{ State store.State }

// Get reads a record; found is false when there is none.
func (b Book) Get(ctx context.Context, id string) (rec Record, found bool, err error) {
	found, err = b.State.Get(ctx, Key(id), &rec)
	return rec, found, err
}

// Attempts reads what a consumer recorded of its attempts at an event.
func (b Book) Attempts(ctx context.Context, stage, eventID string) (Attempts, error) {
	var a Attempts
	_, err := b.State.Get(ctx, AttemptsKey(stage, eventID), &a)
	return a, err
}

// Keep writes a record once (first write wins: a redelivered dead letter finds the
// first) and lists it in the index.
func (b Book) Keep(ctx context.Context, rec Record) error {
	if err := b.State.Create(ctx, Key(rec.ID), rec, 0); err != nil && !errors.Is(err, store.ErrConflict) {
		return err
	}
	return store.Update(ctx, b.State, IndexKey, func(ids *[]string, _ bool) (store.Op, error) {
		if slices.Contains(*ids, rec.ID) {
			return store.Keep, nil
		}
		*ids = append(*ids, rec.ID)
		return store.Write, nil
	})
}

// SetStatus changes a record's status and appends what was done to its audit trail;
// ErrNoRecord when there is no such record.
func (b Book) SetStatus(ctx context.Context, id, status string, a Audit, now time.Time) error {
	return store.Update(ctx, b.State, Key(id), func(rec *Record, found bool) (store.Op, error) {
		if !found {
			return store.Keep, fmt.Errorf("%w: %q", ErrNoRecord, id)
		}
		a.At = now.UTC().Format(time.RFC3339Nano)
		rec.Status, rec.Audit = status, append(rec.Audit, a)
		return store.Write, nil
	})
}
