package deadletter

import (
	"context"
	"errors"
	"testing"

	"github.com/paychoreo/choreography/internal/events"
)

// A failed compensation is redriven by publishing its file.failed again, once: the
// record is then redriven, and a second redrive is refused.
func TestRedriveCompensationRepublishesOnce(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	failed := events.Failed{FileRef: ref, Stage: "creator", Topic: events.FileAdapted, DeadLetterID: "creator:x"}
	rec := f.keep(t, "validator", events.FileFailed, failed)
	got, err := f.k.Redrive(ctx, rec.ID, "ops", "fixed the store")
	if err != nil || got.Status != StatusRedriven {
		t.Fatalf("redrive: %+v, %v", got, err)
	}
	if a := got.Audit[len(got.Audit)-1]; a.Action != "redrive" || a.By != "ops" ||
		a.Note != "fixed the store; file.failed published again for f-1" {
		t.Errorf("audit %+v", a)
	}
	if len(f.published) != 1 || f.published[0].topic != events.FileFailed || f.published[0].traceparent != "" {
		t.Fatalf("published %+v", f.published)
	}
	if ev := f.published[0].payload.(events.Failed); ev.FileID != "f-1" || ev.Stage != "creator" || ev.DeadLetterID != "creator:x" {
		t.Errorf("republished %+v, want the record's event", ev)
	}
	if _, err := f.k.Redrive(ctx, rec.ID, "ops", ""); !errors.Is(err, ErrRefused) || err.Error() != "dead letter "+rec.ID+" is redriven, not open" {
		t.Errorf("second redrive: %v", err)
	}
	if len(f.published) != 1 {
		t.Errorf("a refused redrive published: %+v", f.published)
	}
}

// Each other kind goes to its port; an arrival that names no safe blob and an unknown
// id are refused without acting.
func TestRedriveByKind(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	step := f.keep(t, "adaptor", events.FileValidated, ref)
	custodyRec := f.keep(t, "intake", events.FileRejected, ref)
	arrival := f.keep(t, "intake", events.BlobCreated, ref)
	if r, err := f.k.Redrive(ctx, step.ID, "ops", ""); err != nil || len(f.restored) != 1 || r.Audit[len(r.Audit)-1].Note != "restored" {
		t.Errorf("step: %v, restored %v", err, f.restored)
	}
	if _, err := f.k.Redrive(ctx, custodyRec.ID, "ops", ""); err != nil || len(f.refiled) != 1 ||
		f.refiled[0].Topic != events.FileRejected || f.refiled[0].ID != custodyRec.EventID {
		t.Errorf("custody: %v, refiled %+v", err, f.refiled)
	}
	if r, err := f.k.Redrive(ctx, arrival.ID, "ops", ""); err != nil || len(f.blobs) != 1 ||
		r.Audit[len(r.Audit)-1].Note != "blob acme.csv: announced" {
		t.Errorf("arrival: %v, blobs %v", err, f.blobs)
	}
	if _, err := f.k.Redrive(ctx, "intake:nope", "ops", ""); !errors.Is(err, ErrRefused) {
		t.Errorf("unknown id: %v", err)
	}
	unsafe := arrival
	unsafe.ID, unsafe.Status, unsafe.Blob = "intake:unsafe", StatusOpen, "../etc/passwd"
	if err := f.k.Book.Keep(ctx, unsafe); err != nil {
		t.Fatal(err)
	}
	if _, err := f.k.Redrive(ctx, unsafe.ID, "ops", ""); !errors.Is(err, ErrRefused) || len(f.blobs) != 1 {
		t.Errorf("unsafe blob: %v, reconsidered %v", err, f.blobs)
	}
	if f.status(t, unsafe.ID).Status != StatusOpen {
		t.Error("a refused redrive changed the record")
	}
}

// A redrive whose action fails leaves the record open, to be redriven again.
func TestFailedRedriveStaysOpen(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	rec := f.keep(t, "intake", events.FileCreated, ref)
	f.refileErr = errors.New("inbox down")
	if _, err := f.k.Redrive(ctx, rec.ID, "ops", ""); err == nil || errors.Is(err, ErrRefused) {
		t.Errorf("err %v; want the refile's", err)
	}
	if f.status(t, rec.ID).Status != StatusOpen {
		t.Error("a failed redrive closed the record")
	}
}
