package creation_test

import (
	"context"
	"errors"
	"io"
	"slices"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/creation"
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/payment"
	"github.com/paychoreo/choreography/internal/staging"
	"github.com/paychoreo/choreography/internal/store"
)

type rig struct {
	c              *creation.Creator
	state          *store.Memory
	staged, outbox *store.MemoryBlobs
}

func newRig() *rig {
	r := &rig{state: &store.Memory{}, staged: &store.MemoryBlobs{}, outbox: &store.MemoryBlobs{}}
	now := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	r.c = &creation.Creator{State: r.state, Staging: r.staged, Outbox: r.outbox, KeepFor: time.Hour,
		Now: func() time.Time { return now }}
	return r
}

// adapted stages the batches of a one-payment file of ACME-CORP under ref.
func (r *rig) adapted(t *testing.T, fileID, ref string) events.Adapted {
	t.Helper()
	b := payment.Batches{Sender: payment.Sender{ID: "ACME-CORP", Name: "ACME"}, FileReference: ref,
		CreatedAt: "2026-11-25T08:00:00+01:00", NbOfTxs: 1, ControlSum: 1000,
		Batches: []payment.Batch{{DebtorIBAN: "DE89370400440532013000", ExecutionDate: "2026-11-26", ControlSum: 1000,
			Payments: []payment.Payment{{EndToEndID: "E2E-1", DebtorIBAN: "DE89370400440532013000", ExecutionDate: "2026-11-26",
				Amount: 1000, Currency: "EUR", CreditorName: "Widget GmbH", CreditorIBAN: "FR1420041010050500013M02606", RemittanceInfo: "Inv 1"}}}}}
	raw, err := staging.EncodeBatches(&b)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	r.staged.Put(ctx, staging.BatchesName(fileID), raw)
	r.staged.Put(ctx, staging.CanonicalName(fileID), []byte("canonical"))
	return events.Adapted{FileRef: events.FileRef{FileID: fileID}, SenderID: "ACME-CORP", FileReference: ref,
		NbOfTxs: 1, ControlSum: 1000, Batches: staging.BatchesName(fileID)}
}

func TestExactlyOneFileB(t *testing.T) {
	r := newRig()
	ctx := context.Background()
	ev := r.adapted(t, "f-1", "PAY-1")
	created, err := r.c.Create(ctx, ev)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"pain001_ACME-CORP_PAY-1.xml", "pain001_ACME-CORP_PAY-1.xml.ok"}
	if names := outboxNames(r); !slices.Equal(names, want) || created.FileB != want[0] || len(created.FileBSHA256) != 64 {
		t.Fatalf("outbox %v, file.created %+v", names, created)
	}
	// A redelivery before the staged data was removed writes nothing and announces the same.
	r.outbox.Delete(ctx, want[0])
	again, err := r.c.Create(ctx, ev)
	if err != nil || again != created {
		t.Errorf("redelivery: %+v, %v; want %+v", again, err, created)
	}
	if names := outboxNames(r); slices.Contains(names, want[0]) {
		t.Error("a redelivery wrote File B again")
	}
	// Another file with the same sender and reference may not write it.
	if _, err := r.c.Create(ctx, r.adapted(t, "f-2", "PAY-1")); !errors.Is(err, creation.ErrNotOwner) {
		t.Errorf("a second file under the same name: %v, want ErrNotOwner", err)
	}
	if err := r.c.Cleanup(ctx, ev); err != nil {
		t.Fatal(err)
	}
	if names := r.staged.Names(); len(names) != 2 { // f-2's batches and canonical form remain
		t.Errorf("staged after cleanup: %v", names)
	}
}

func TestCompensationRemovesOnlyItsOwnFileB(t *testing.T) {
	r := newRig()
	ctx := context.Background()
	r.c.Create(ctx, r.adapted(t, "f-1", "PAY-1"))
	name, err := r.c.Compensate(ctx, "f-1")
	if err != nil || name != "pain001_ACME-CORP_PAY-1.xml" {
		t.Fatalf("compensate: %q, %v", name, err)
	}
	if names := outboxNames(r); len(names) != 0 {
		t.Errorf("outbox after compensation: %v", names)
	}
	// The name is free again: a resubmission writes it, and a late compensation of the
	// first file leaves the resubmission's File B and claim alone.
	if _, err := r.c.Create(ctx, r.adapted(t, "f-2", "PAY-1")); err != nil {
		t.Fatalf("resubmission: %v", err)
	}
	if name, err := r.c.Compensate(ctx, "f-1"); err != nil || name != "" {
		t.Errorf("second compensation of f-1: %q, %v", name, err)
	}
	if names := outboxNames(r); len(names) != 2 {
		t.Errorf("outbox after a late compensation: %v", names)
	}
	if _, err := r.c.Create(ctx, r.adapted(t, "f-3", "PAY-1")); !errors.Is(err, creation.ErrNotOwner) {
		t.Errorf("f-2's claim was lost: %v", err)
	}
}

func TestBadInputIsPermanentAndWritesNothing(t *testing.T) {
	r := newRig()
	ctx := context.Background()
	missing := events.Adapted{FileRef: events.FileRef{FileID: "f-1"}, SenderID: "ACME-CORP", FileReference: "PAY-1", Batches: "f-1/batches.tsv"}
	if _, err := r.c.Create(ctx, missing); !errors.Is(err, creation.ErrMissingBatches) {
		t.Errorf("missing batches: %v", err)
	}
	r.staged.Put(ctx, "f-2/batches.tsv", []byte("not batches"))
	corrupt := events.Adapted{FileRef: events.FileRef{FileID: "f-2"}, SenderID: "ACME-CORP", FileReference: "PAY-2", Batches: "f-2/batches.tsv"}
	if _, err := r.c.Create(ctx, corrupt); !errors.Is(err, creation.ErrBadInput) {
		t.Errorf("corrupt batches: %v", err)
	}
	if names := outboxNames(r); len(names) != 0 {
		t.Errorf("outbox: %v", names)
	}
}

func outboxNames(r *rig) []string {
	names := r.outbox.Names()
	slices.Sort(names)
	return names
}

// What the creator records about a file (the pointer to its File B and the claim on the
// name) expires after KeepFor, like every step's per-file state.
func TestPerFileStateExpires(t *testing.T) {
	r := newRig()
	now := time.Now()
	r.state.Now = func() time.Time { return now }
	if _, err := r.c.Create(context.Background(), r.adapted(t, "f-1", "PAY-1")); err != nil {
		t.Fatal(err)
	}
	if n := r.state.Keys(); n != 2 {
		t.Fatalf("%d keys after File B was written, want the pointer and the claim", n)
	}
	now = now.Add(r.c.KeepFor + time.Second)
	if n := r.state.Keys(); n != 0 {
		t.Errorf("%d keys left past KeepFor, want none", n)
	}
}

// brokenUpload is an outbox whose upload fails part way: the sidecar's answer cut the
// request short, and the writer sees a closed pipe.
type brokenUpload struct{ *store.MemoryBlobs }

var errUpload = errors.New("create outbox/x: sidecar answered 500: storage unavailable")

func (b brokenUpload) PutFrom(_ context.Context, _ string, write func(io.Writer) error) error {
	if err := write(failingWriter{}); err != nil && !errors.Is(err, io.ErrClosedPipe) {
		return err
	}
	return errUpload
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }

// A failed upload of File B is a technical failure a retry may pass, not bad input:
// it must not be dead-lettered at once and the file compensated.
func TestAFailedUploadIsNotBadInput(t *testing.T) {
	r := newRig()
	r.c.Outbox = brokenUpload{r.outbox}
	_, err := r.c.Create(context.Background(), r.adapted(t, "f-1", "PAY-1"))
	if err == nil || creation.IsPermanent(err) {
		t.Errorf("upload failure: %v (permanent %v), want a retryable error", err, creation.IsPermanent(err))
	}
}
