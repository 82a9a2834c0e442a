package e2e

import (
	"encoding/json"
	"maps"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/evidence"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// TestEvidenceVerify: a created file's evidence record vouches for what the pipeline
// wrote, and the real bin/choreo verify proves it through the tracker's sidecar: every
// check ok (exit 0) on the untouched file; one byte of File B changed on disk is a
// File B mismatch (exit 1); File A gone from the archive is missing. file.created
// carries File B's SHA-256, equal to the File B on disk. A rejected file's record finds
// File A where intake filed it, beside its report.
func TestEvidenceVerify(t *testing.T) {
	p := testpipe.Start(t, testpipe.Options{Offset: 1350})
	fileA := []byte("H,ACME-CORP,EVIDENCE-1,2026-11-25T08:00:00+01:00\n" + detail + "T,1,10.00\n")
	p.Drop("evidence-1.csv", fileA)
	o := p.Await("evidence-1.csv", 2*time.Minute)
	if o.Kind != "created" {
		t.Fatalf("evidence-1.csv: %s, want created", o.Kind)
	}
	ev, ce := finalEvent[events.Created](t, p, events.FileCreated, o.FileID)
	fileB, err := p.Read("outbox", ev.FileB)
	if err != nil {
		t.Fatal(err)
	}
	if ev.FileBSHA256 != evidence.SHA256(fileB) || ev.SHA256 != evidence.SHA256(fileA) {
		t.Errorf("file.created: file_b_sha256 %q, sha256 %q; File B on disk %s, File A %s",
			ev.FileBSHA256, ev.SHA256, evidence.SHA256(fileB), evidence.SHA256(fileA))
	}
	rec := evidenceRecord(t, p, o.FileID, ce, func(f evidence.Final) evidence.Record { return evidence.FromCreated(ev, f) })
	if rec.FileA.Area != "archive" || rec.FileB == nil || rec.FileB.SHA256 != ev.FileBSHA256 || rec.NbOfTxs != 1 ||
		rec.ControlSum.String() != "10.00" || rec.RefdataVersion == "" || rec.TraceID == "" {
		t.Errorf("evidence record: %+v", rec)
	}

	verify := func(args ...string) (output, int) {
		return choreo(t, p, append([]string{"verify", "--dapr-grpc", p.GRPC("tracker")}, args...)...)
	}
	out, code := verify(o.FileID)
	if code != 0 || !strings.Contains(out.stdout, "verified: all 4 checks ok") {
		t.Fatalf("verify of an untouched file: exit %d, want 0\n%s%s", code, out.stdout, out.stderr)
	}

	// One byte of File B changed on disk.
	path := onDisk(p, "outbox", ev.FileB)
	changed := append([]byte(nil), fileB...)
	i := strings.Index(string(changed), "<CtrlSum>10.00<") + len("<CtrlSum>")
	changed[i] = '9'
	if err := os.WriteFile(path, changed, 0o644); err != nil {
		t.Fatal(err)
	}
	out, code = verify(o.FileID)
	for _, want := range []string{"mismatch  file_b   outbox/" + ev.FileB, "recorded sha256 " + ev.FileBSHA256,
		"found    sha256 " + evidence.SHA256(changed), "ok        file_a", "NOT verified: file_b mismatch\n"} {
		if code != 1 || !strings.Contains(out.stdout, want) {
			t.Errorf("verify after File B changed: exit %d, want 1, output lacks %q\n%s%s", code, want, out.stdout, out.stderr)
		}
	}

	// File A gone from the archive as well: --json names both.
	if err := os.Remove(onDisk(p, rec.FileA.Area, rec.FileA.Name)); err != nil {
		t.Fatal(err)
	}
	out, code = verify("--json", o.FileID)
	var rep evidence.Report
	if err := json.Unmarshal([]byte(out.stdout), &rep); err != nil || code != 1 || rep.OK {
		t.Fatalf("verify --json: exit %d, %v\n%s%s", code, err, out.stdout, out.stderr)
	}
	got := map[string]string{}
	for _, c := range rep.Checks {
		got[c.Piece] = c.Status
	}
	if !maps.Equal(got, map[string]string{"file_a": "missing", "file_b": "mismatch", "pain002": "ok", "record": "ok"}) {
		t.Errorf("verify --json checks: %v", got)
	}
	// A rejected file: File A kept in rejected/<file id>/, no File B.
	p.Drop("evidence-2.csv", []byte("H,ACME-CORP,EVIDENCE-2,2026-11-25T08:00:00+01:00\n"+detail+"T,1,43.00\n"))
	if o := p.Await("evidence-2.csv", 2*time.Minute); o.Kind != "rejected" {
		t.Errorf("evidence-2.csv: %s, want rejected", o.Kind)
	} else {
		rej, ce := finalEvent[events.Rejected](t, p, events.FileRejected, o.FileID)
		rec := evidenceRecord(t, p, o.FileID, ce, func(f evidence.Final) evidence.Record { return evidence.FromRejected(rej, f) })
		out, code := verify(o.FileID)
		if code != 0 || rec.FileA.Area != "rejected" || rec.FileB != nil || !strings.Contains(out.stdout, "ok        file_a   rejected/"+o.FileID+"/evidence-2.csv") ||
			!strings.Contains(out.stdout, "verified: all 3 checks ok") {
			t.Errorf("verify of a rejected file: exit %d, want 0\n%s%s", code, out.stdout, out.stderr)
		}
	}
	if out, code := verify("f-no-such-file"); code != 2 || !strings.Contains(out.stderr, "no record") {
		t.Errorf("verify of an unknown file: exit %d, want 2\n%s", code, out.stderr)
	}
}

// finalEvent finds the file's event on a topic's stream.
func finalEvent[E interface {
	events.Created | events.Rejected
}](t *testing.T, p *testpipe.Pipeline, topic, fileID string) (E, testpipe.CloudEvent) {
	t.Helper()
	for _, ce := range p.Stream(topic) {
		var ref events.FileRef
		var ev E
		if json.Unmarshal(ce.Data, &ref) == nil && ref.FileID == fileID && json.Unmarshal(ce.Data, &ev) == nil {
			return ev, ce
		}
	}
	t.Fatalf("no %s event of %s", topic, fileID)
	var none E
	return none, testpipe.CloudEvent{}
}

// evidenceRecord waits for the file's evidence record, written by the reporter after the
// file's pain.002, and checks it is the record internal/evidence makes of the final event
// and of the report as stored (its time aside, which the test does not see).
func evidenceRecord(t *testing.T, p *testpipe.Pipeline, fileID string, ce testpipe.CloudEvent,
	record func(evidence.Final) evidence.Record) evidence.Record {
	t.Helper()
	name, report := evidence.Name(fileID), fileID+".pain002.xml"
	p.Eventually(time.Minute, "the reporter's evidence record "+name, func() bool { return p.Exists(evidence.Area, name) })
	raw, err := p.Read(evidence.Area, name)
	if err != nil {
		t.Fatal(err)
	}
	var rec evidence.Record
	if err := json.Unmarshal(raw, &rec); err != nil {
		t.Fatalf("evidence record %s: %v\n%s", name, err, raw)
	}
	pain002, err := p.Read(evidence.Reports, report)
	if err != nil {
		t.Fatal(err)
	}
	want := record(evidence.Final{TraceParent: ce.TraceParent, Time: rec.EventTime,
		Pain002: evidence.Piece{Name: report, SHA256: evidence.SHA256(pain002)}})
	if d := evidence.Diff(rec, want); len(d) > 0 {
		t.Errorf("evidence record %s is not the one of its final event and report: %v", name, d)
	}
	return rec
}
