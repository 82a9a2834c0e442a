package deadletter

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/store"
)

func TestKindOf(t *testing.T) {
	for _, tc := range []struct{ stage, topic, want string }{
		{"intake", events.BlobCreated, KindArrival},
		{"validator", events.FileFailed, KindCompensation},
		{"intake", events.FileCreated, KindCustody},
		{"adaptor", events.FileValidated, KindStep},
	} {
		if got := KindOf(tc.stage, tc.topic); got != tc.want {
			t.Errorf("KindOf(%s, %s) = %s, want %s", tc.stage, tc.topic, got, tc.want)
		}
	}
}

// A person reads the record: what failed and why, with no IBAN or name in clear, and the
// blob name exact for a redrive.
func TestNewRecordMasksPaymentData(t *testing.T) {
	const iban = "DE89370400440532013000"
	ev := []byte(`{"file_id":"f-1","blob":"acme DE89370400440532013000.csv","violations":[{"message":"bad account ` + iban + `"}]}`)
	a := Attempts{Count: 6, FirstError: "debtor " + iban + " unknown", LastError: "debtor " + iban + " unknown", TraceID: "0af7651916cd43dd8448eb211c80319c"}
	rec := New(Source{Stage: "validator", Topic: events.FileReceived, EventID: "f-1/file.received", FileID: "f-1",
		Blob: "acme DE89370400440532013000.csv", Event: ev}, a, time.Now())
	if rec.ID != "validator:f-1/file.received" || rec.Kind != KindStep || rec.Status != StatusOpen || rec.Attempts != 6 {
		t.Errorf("record %+v", rec)
	}
	for name, s := range map[string]string{"reason": rec.Reason, "first error": rec.FirstError, "last error": rec.LastError} {
		if strings.Contains(s, iban) {
			t.Errorf("%s holds the IBAN in clear: %s", name, s)
		}
	}
	if strings.Contains(string(rec.Event), "bad account "+iban) {
		t.Errorf("the kept event holds the IBAN in clear: %s", rec.Event)
	}
	if !strings.Contains(string(rec.Event), `"blob":"acme DE89370400440532013000.csv"`) {
		t.Errorf("the blob name was changed, a redrive could not find File A: %s", rec.Event)
	}
	if rec.TraceID != a.TraceID {
		t.Errorf("trace id %q, want the failed attempt's", rec.TraceID)
	}
}

// Without a recorded attempt the record still says why, and takes the event's trace.
func TestNewRecordWithoutAttempts(t *testing.T) {
	rec := New(Source{Stage: "creator", Topic: events.FileAdapted, EventID: "f-2/file.adapted",
		TraceParent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}, Attempts{}, time.Now())
	if rec.Reason == "" || rec.TraceID != "4bf92f3577b34da6a3ce929d0e0e4736" {
		t.Errorf("reason %q, trace %q", rec.Reason, rec.TraceID)
	}
}

// A redelivered dead letter keeps the first record and is listed once.
func TestKeepOnceAndSetStatus(t *testing.T) {
	ctx := context.Background()
	b := Book{State: &store.Memory{}}
	first := New(Source{Stage: "adaptor", Topic: events.FileValidated, EventID: "f-3/file.validated"}, Attempts{Count: 1, LastError: "first"}, time.Now())
	again := first
	again.Reason = "second"
	for _, r := range []Record{first, again} {
		if err := b.Keep(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	var ids []string
	if _, err := b.State.Get(ctx, IndexKey, &ids); err != nil || len(ids) != 1 {
		t.Fatalf("index %v, %v", ids, err)
	}
	got, found, err := b.Get(ctx, first.ID)
	if err != nil || !found || got.Reason != "first" {
		t.Fatalf("kept %+v (found %v, %v); want the first record", got, found, err)
	}
	if err := b.SetStatus(ctx, first.ID, StatusRedriven, Audit{Action: "redrive", By: "ops"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	got, _, _ = b.Get(ctx, first.ID)
	if got.Status != StatusRedriven || len(got.Audit) != 2 || got.Audit[1].By != "ops" || got.Audit[1].At == "" {
		t.Errorf("after redrive: %+v", got)
	}
	if err := b.SetStatus(ctx, "nobody:x", StatusResolved, Audit{}, time.Now()); !errors.Is(err, ErrNoRecord) {
		t.Errorf("status of a missing record: %v, want ErrNoRecord", err)
	}
}
