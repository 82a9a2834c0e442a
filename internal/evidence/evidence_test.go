package evidence_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/evidence"
	"github.com/paychoreo/choreography/internal/payment"
	"github.com/paychoreo/choreography/internal/step"
)

const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

var (
	fileA   = []byte("H,ACME-CORP,REF-1,2026-11-25T08:00:00+01:00\nD,...\nT,1,10.00\n")
	fileB   = []byte("<Document>pain.001</Document>\n")
	pain002 = []byte("<Document>pain.002</Document>\n")
)

// created is a created file's record with its pieces stored where the record says.
func created(t *testing.T, m *memory) evidence.Record {
	t.Helper()
	ev := events.Created{
		FileRef:  events.FileRef{FileID: "f-1", Blob: "../odd name.csv", Size: int64(len(fileA)), SHA256: evidence.SHA256(fileA)},
		SenderID: "ACME-CORP", FileReference: "REF-1", NbOfTxs: 1, ControlSum: payment.Amount(1000),
		MsgID: "M-1", FileB: "pain001_ACME-CORP_REF-1.xml", FileBSHA256: evidence.SHA256(fileB), RefdataVersion: "v2",
	}
	rec := evidence.FromCreated(ev, evidence.Final{TraceParent: traceparent, Time: "2026-11-25T08:00:05Z",
		Pain002: evidence.Piece{Name: "f-1.pain002.xml", SHA256: evidence.SHA256(pain002)}})
	m.put(rec.FileA.Area, rec.FileA.Name, fileA)
	m.put(rec.FileB.Area, rec.FileB.Name, fileB)
	m.put(rec.Pain002.Area, rec.Pain002.Name, pain002)
	return rec
}

func TestFromEventsKeepWhereIntakeFilesFileA(t *testing.T) {
	rec := created(t, newMemory())
	if rec.FileA.Area != "archive" || rec.FileA.Name != "f-1/_odd_name.csv" || rec.FileB.Area != "outbox" ||
		rec.Pain002.Area != "reports" || rec.TraceID != "4bf92f3577b34da6a3ce929d0e0e4736" || rec.RefdataVersion != "v2" {
		t.Errorf("created record: %+v", rec)
	}
	rej := evidence.FromRejected(events.Rejected{FileRef: events.FileRef{FileID: "f-2", Blob: "b.csv", SHA256: "aa"}, ViolationCount: 3},
		evidence.Final{Time: "t", Pain002: evidence.Piece{Name: "f-2.pain002.xml", SHA256: "bb"}})
	if rej.FileA.Area != "rejected" || rej.FileA.Name != "f-2/b.csv" || rej.FileB != nil || rej.ViolationCount != 3 || rej.Validate() != nil {
		t.Errorf("rejected record: %+v (%v)", rej, rej.Validate())
	}
	comp := evidence.FromFailed(events.Failed{FileRef: events.FileRef{FileID: "f-3", Blob: "c.csv", SHA256: "aa"}},
		evidence.Final{Time: "t", Pain002: evidence.Piece{Name: "f-3.pain002.xml", SHA256: "bb"}})
	if comp.FileA.Area != "quarantine" || comp.Outcome != "compensated" || comp.Validate() != nil {
		t.Errorf("compensated record: %+v (%v)", comp, comp.Validate())
	}
	// The areas are the sidecars' binding names.
	for got, want := range map[string]string{evidence.Archive: step.Archive, evidence.Rejected: step.Rejected,
		evidence.Quarantine: step.Quarantine, evidence.Outbox: step.Outbox} {
		if got != want {
			t.Errorf("area %q, binding %q", got, want)
		}
	}
}

func TestWrittenOnce(t *testing.T) {
	ctx, m := context.Background(), newMemory()
	rec := created(t, m)
	rec.WrittenAt = "2026-11-25T08:00:06Z"
	if err := evidence.Write(ctx, m.areas()(evidence.Area), rec); err != nil {
		t.Fatal(err)
	}
	kept := m.get(evidence.Area, "f-1.json")
	var back evidence.Record
	if err := json.Unmarshal(kept, &back); err != nil || back.FileB.SHA256 != rec.FileB.SHA256 || back.ControlSum != 1000 {
		t.Fatalf("stored record %s: %v", kept, err)
	}

	// A redelivered final event writes the same record again, later: nothing changes.
	again := rec
	again.WrittenAt = "2026-11-25T09:00:00Z"
	if err := evidence.Write(ctx, m.areas()(evidence.Area), again); err != nil {
		t.Errorf("identical second write: %v", err)
	}
	if m.writes != 1 || !bytes.Equal(m.get(evidence.Area, "f-1.json"), kept) {
		t.Errorf("identical second write changed the record (%d writes)", m.writes)
	}

	// A different record of the same file is refused, naming what differs.
	other := rec
	b := *rec.FileB
	b.SHA256 = evidence.SHA256([]byte("another File B"))
	other.FileB, other.NbOfTxs = &b, 2
	err := evidence.Write(ctx, m.areas()(evidence.Area), other)
	if !errors.Is(err, evidence.ErrDiffers) || !strings.Contains(err.Error(), "file_b.sha256: kept \""+rec.FileB.SHA256) ||
		!strings.Contains(err.Error(), "nb_of_txs: kept 1, new 2") || strings.Contains(err.Error(), "written_at") {
		t.Errorf("different second write: %v", err)
	}
	if m.writes != 1 || !bytes.Equal(m.get(evidence.Area, "f-1.json"), kept) {
		t.Errorf("refused write changed the record")
	}
}

func TestWriteRefusesWhatIsNotARecord(t *testing.T) {
	ctx, m := context.Background(), newMemory()
	m.put(evidence.Area, "f-1.json", []byte("not json"))
	if err := evidence.Write(ctx, m.areas()(evidence.Area), created(t, m)); !errors.Is(err, evidence.ErrDiffers) {
		t.Errorf("write over a non-record: %v", err)
	}
	if string(m.get(evidence.Area, "f-1.json")) != "not json" || m.writes != 0 {
		t.Error("a non-record was overwritten")
	}
	err := evidence.Write(ctx, m.areas()(evidence.Area), evidence.Record{Version: 1, FileID: "f-9", Outcome: "created"})
	for _, want := range []string{"file_a area, name and sha256", "pain002", "file_b exactly when created", "event_time"} {
		if !errors.Is(err, evidence.ErrInvalid) || !strings.Contains(err.Error(), want) {
			t.Errorf("incomplete record: %v, want %q", err, want)
		}
	}
	m.fail = errors.New("storage down")
	if err := evidence.Write(ctx, m.areas()(evidence.Area), created(t, m)); err == nil || errors.Is(err, evidence.ErrDiffers) {
		t.Errorf("unreadable store: %v", err)
	}
}

// A created file whose creation is then undone keeps both records: the first is
// immutable, the compensation's is kept beside it, and Verify checks the latter.
func TestKeepCompensationAfterCreation(t *testing.T) {
	ctx, m := context.Background(), newMemory()
	rec := created(t, m)
	store := m.areas()(evidence.Area)
	if err := evidence.Keep(ctx, store, rec); err != nil {
		t.Fatal(err)
	}
	comp := evidence.FromFailed(events.Failed{FileRef: events.FileRef{FileID: "f-1", Blob: rec.FileA.Blob, SHA256: rec.FileA.SHA256}},
		evidence.Final{Time: "2026-11-25T08:01:00Z", Pain002: evidence.Piece{Name: "f-1.pain002.xml", SHA256: evidence.SHA256([]byte("RJCT"))}})
	// The keeper moved File A to quarantine, deleted File B, the reporter rewrote the report.
	m.remove(rec.FileA.Area, rec.FileA.Name)
	m.remove(rec.FileB.Area, rec.FileB.Name)
	m.put(comp.FileA.Area, comp.FileA.Name, fileA)
	m.put("reports", "f-1.pain002.xml", []byte("RJCT"))
	for range 2 { // the second is a redelivery: a no-op
		if err := evidence.Keep(ctx, store, comp); err != nil {
			t.Fatal(err)
		}
	}
	if m.get(evidence.Area, evidence.Name("f-1")) == nil || m.get(evidence.Area, evidence.SupersedingName("f-1")) == nil {
		t.Fatal("both records must be kept")
	}
	rep, err := evidence.Verify(ctx, m.areas(), "f-1")
	if err != nil || !rep.OK || rep.Record.Outcome != "compensated" || rep.Superseded != "f-1.json" {
		t.Fatalf("verify: %+v, %v", rep, err)
	}
	// Only a compensation supersedes: a rejection after a creation is a fault.
	rej := evidence.FromRejected(events.Rejected{FileRef: events.FileRef{FileID: "f-1", Blob: "x", SHA256: "aa"}},
		evidence.Final{Time: "t", Pain002: evidence.Piece{Name: "f-1.pain002.xml", SHA256: "bb"}})
	if err := evidence.Keep(ctx, store, rej); !errors.Is(err, evidence.ErrDiffers) {
		t.Fatalf("rejection after creation: %v, want ErrDiffers", err)
	}
}
