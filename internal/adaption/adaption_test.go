package adaption_test

import (
	"context"
	"errors"
	"testing"

	"github.com/paychoreo/choreography/internal/adaption"
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/payment"
	"github.com/paychoreo/choreography/internal/staging"
	"github.com/paychoreo/choreography/internal/store"
)

func TestAdaptGroupsStagesAndCompensates(t *testing.T) {
	ctx := context.Background()
	staged := &store.MemoryBlobs{}
	pay := func(iban, date string, amount payment.Amount) payment.Payment {
		return payment.Payment{DebtorIBAN: iban, ExecutionDate: date, Amount: amount, Currency: "EUR"}
	}
	f := &payment.File{Sender: payment.Sender{ID: "ACME-CORP"}, FileReference: "PAY-1", ControlSum: 600,
		Payments: []payment.Payment{pay("A", "2026-11-26", 100), pay("B", "2026-11-26", 200), pay("A", "2026-11-26", 300)}}
	raw, err := staging.EncodeFile(f)
	if err != nil {
		t.Fatal(err)
	}
	staged.Put(ctx, staging.CanonicalName("f-1"), raw)
	ev := events.Validated{FileRef: events.FileRef{FileID: "f-1"}, SenderID: "ACME-CORP", FileReference: "PAY-1",
		Canonical: staging.CanonicalName("f-1"), RefdataVersion: "v2"}
	b, next, err := adaption.Adapt(ctx, staged, ev)
	if err != nil {
		t.Fatal(err)
	}
	if next.BatchCount != 2 || next.NbOfTxs != 3 || next.ControlSum != 600 || next.RefdataVersion != "v2" || len(b.Batches) != 2 {
		t.Errorf("file.adapted %+v", next)
	}
	if err := adaption.Stage(ctx, staged, next, b); err != nil {
		t.Fatal(err)
	}
	back, err := store.ReadText(ctx, staged, next.Batches)
	if got, derr := staging.DecodeBatches(back); err != nil || derr != nil || got.NbOfTxs != 3 {
		t.Errorf("staged batches: %v, %v", err, derr)
	}
	for range 2 {
		if err := adaption.Compensate(ctx, staged, "f-1"); err != nil {
			t.Errorf("compensate: %v", err)
		}
	}
	if _, err := staged.Open(ctx, next.Batches); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("batches after compensation: %v", err)
	}
}

func TestAdaptBadInput(t *testing.T) {
	ctx := context.Background()
	staged := &store.MemoryBlobs{}
	ev := events.Validated{FileRef: events.FileRef{FileID: "f-1"}, Canonical: "f-1/canonical.tsv"}
	if _, _, err := adaption.Adapt(ctx, staged, ev); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing canonical form: %v", err)
	}
	staged.Put(ctx, ev.Canonical, []byte("garbage"))
	if _, _, err := adaption.Adapt(ctx, staged, ev); !errors.Is(err, adaption.ErrBadInput) {
		t.Errorf("corrupt canonical form: %v", err)
	}
}
