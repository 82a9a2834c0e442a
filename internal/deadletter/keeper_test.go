package deadletter

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/custody"
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/store"
)

type published struct {
	topic, fileID, traceparent string
	payload                    any
}

// fixture is a keeper on memory stores whose ports record what they are asked.
type fixture struct {
	k         *Keeper
	final     *store.Memory
	published []published
	refiled   []Event
	refileErr error
	restored  []string
	blobs     []string
}

func newFixture() *fixture {
	f := &fixture{final: &store.Memory{}}
	now := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	f.k = &Keeper{Book: Book{State: &store.Memory{}}, Final: f.final, KeepFor: time.Hour,
		Now: func() time.Time { return now },
		Publish: func(_ context.Context, topic, fileID, tp string, payload any) error {
			f.published = append(f.published, published{topic, fileID, tp, payload})
			return nil
		},
		Refile: func(_ context.Context, e Event) error {
			f.refiled = append(f.refiled, e)
			return f.refileErr
		},
		Restore: func(_ context.Context, rec Record) (string, error) {
			f.restored = append(f.restored, rec.ID)
			return "restored", nil
		},
		Reconsider: func(_ context.Context, blob string) (string, error) {
			f.blobs = append(f.blobs, blob)
			return "announced", nil
		},
	}
	return f
}

// keep records a dead letter of stage for the event first published on topic.
func (f *fixture) keep(t *testing.T, stage, topic string, event any) Record {
	t.Helper()
	raw, _ := json.Marshal(event)
	rec, err := f.k.Book.Record(context.Background(), Source{Stage: stage, Topic: topic,
		EventID: events.EventID("f-1", topic), FileID: "f-1", Blob: "acme.csv", Event: raw}, f.k.now())
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func (f *fixture) status(t *testing.T, id string) Record {
	t.Helper()
	rec, found, err := f.k.Book.Get(context.Background(), id)
	if err != nil || !found {
		t.Fatalf("record %s: found %v, %v", id, found, err)
	}
	return rec
}

var ref = events.FileRef{FileID: "f-1", Blob: "acme.csv"}

// A step's dead letter decides the file compensated and announces file.failed for it;
// a redelivery of the dead letter announces under the same file (the same event id),
// and the decision stands.
func TestStepDeadLetterStartsCompensation(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	rec := f.keep(t, "adaptor", events.FileValidated, ref)
	for i := 0; i < 2; i++ {
		d, err := f.k.Handle(ctx, rec, ref, Event{TraceParent: "tp"})
		if err != nil || d.Outcome != Compensating {
			t.Fatalf("delivery %d: %+v, %v", i+1, d, err)
		}
	}
	if len(f.published) != 2 || f.published[0].topic != events.FileFailed || f.published[1].fileID != "f-1" {
		t.Fatalf("published %+v", f.published)
	}
	ev := f.published[0].payload.(events.Failed)
	if ev.FileID != "f-1" || ev.Stage != "adaptor" || ev.Topic != events.FileValidated || ev.DeadLetterID != rec.ID ||
		ev.EventID != rec.EventID || f.published[0].traceparent != "tp" {
		t.Errorf("file.failed %+v, traceparent %q", ev, f.published[0].traceparent)
	}
	if got, _ := custody.Decide(ctx, f.final, "f-1", "created", time.Hour); got != "compensated" {
		t.Errorf("the file's outcome is %q, want compensated", got)
	}
	if f.status(t, rec.ID).Status != StatusOpen {
		t.Error("a compensated file's dead letter is no longer open")
	}
}

// A step's dead letter of a file that ended already is a late duplicate: nothing is
// undone, the record is resolved.
func TestLateDuplicateUndoesNothing(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	if _, err := custody.Decide(ctx, f.final, "f-1", "created", time.Hour); err != nil {
		t.Fatal(err)
	}
	rec := f.keep(t, "creator", events.FileAdapted, ref)
	d, err := f.k.Handle(ctx, rec, ref, Event{})
	if err != nil || d.Outcome != LateDuplicate || d.Final != "created" {
		t.Fatalf("%+v, %v", d, err)
	}
	if len(f.published) != 0 {
		t.Errorf("published %+v for a finished file", f.published)
	}
	if r := f.status(t, rec.ID); r.Status != StatusResolved || !strings.Contains(r.Audit[len(r.Audit)-1].Note, "already created") {
		t.Errorf("record %s, audit %+v", r.Status, r.Audit)
	}
}

// Intake's own dead letter is refiled once, on its first topic: resolved when that
// works, left open for a person (and said why) when it fails again.
func TestCustodyRetriedOnceThenLeftOpen(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	rec := f.keep(t, "intake", events.FileCreated, ref)
	f.refileErr = errors.New("inbox down")
	d, err := f.k.Handle(ctx, rec, ref, Event{ID: rec.EventID, Topic: "deadletter.intake", Data: []byte(`{}`)})
	if err != nil || d.Outcome != LeftOpen || d.Err == nil {
		t.Fatalf("failed retry: %+v, %v", d, err)
	}
	if len(f.refiled) != 1 || f.refiled[0].Topic != events.FileCreated || f.refiled[0].ID != rec.EventID {
		t.Fatalf("refiled %+v", f.refiled)
	}
	if f.status(t, rec.ID).Status != StatusOpen {
		t.Error("a dead letter whose retry failed is not open")
	}
	f.refileErr = nil
	if d, err := f.k.Handle(ctx, rec, ref, Event{}); err != nil || d.Outcome != Refiled {
		t.Fatalf("retry that works: %+v, %v", d, err)
	}
	if f.status(t, rec.ID).Status != StatusResolved || len(f.published) != 0 {
		t.Errorf("refiled dead letter not resolved, or something published: %+v", f.published)
	}
}

// A failed compensation and an arrival are left for a person: nothing published,
// nothing decided, the record open.
func TestCompensationFailureAndArrivalAreKept(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct{ stage, topic, want string }{
		{"validator", events.FileFailed, CompensationFailed},
		{"intake", events.BlobCreated, Kept},
	} {
		f := newFixture()
		rec := f.keep(t, tc.stage, tc.topic, ref)
		d, err := f.k.Handle(ctx, rec, ref, Event{})
		if err != nil || d.Outcome != tc.want {
			t.Errorf("%s: %+v, %v; want %s", tc.topic, d, err, tc.want)
		}
		if len(f.published)+len(f.refiled) != 0 || f.final.Keys() != 0 || f.status(t, rec.ID).Status != StatusOpen {
			t.Errorf("%s: published %v, refiled %v, %d decisions", tc.topic, f.published, f.refiled, f.final.Keys())
		}
	}
}

// A redelivered dead letter finds its first record, listed once.
func TestRecordKeptOnce(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	first := f.keep(t, "adaptor", events.FileValidated, ref)
	again, err := f.k.Book.Record(ctx, Source{Stage: "adaptor", Topic: events.FileValidated,
		EventID: first.EventID, FileID: "f-1"}, f.k.now().Add(time.Hour))
	if err != nil || again.DeadAt != first.DeadAt || again.Blob != "acme.csv" {
		t.Errorf("second record %+v, %v; want the first", again, err)
	}
	var ids []string
	if _, err := f.k.Book.State.Get(ctx, IndexKey, &ids); err != nil || len(ids) != 1 {
		t.Errorf("index %v, %v", ids, err)
	}
}
