package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/evidence"
)

// memoryBlobs stands in for the tracker's sidecar: "<binding>/<name>" -> content.
type memoryBlobs map[string][]byte

func (m memoryBlobs) GetBlob(_ context.Context, binding, name string) ([]byte, error) {
	if b, ok := m[binding+"/"+name]; ok {
		return b, nil
	}
	return nil, fmt.Errorf("get %s/%s: %w", binding, name, errBlobNotFound)
}

func (m memoryBlobs) PutBlob(_ context.Context, binding, name string, data []byte) error {
	m[binding+"/"+name] = data
	return nil
}

// memoryEvidence makes verify read a created file's pieces and record from memory.
func memoryEvidence(t *testing.T) memoryBlobs {
	m, was := memoryBlobs{}, openEvidence
	openEvidence = func(context.Context, string) (evidence.Areas, func(), error) {
		return evidence.OnSidecar(m, errBlobNotFound), func() {}, nil
	}
	t.Cleanup(func() { openEvidence = was })
	fileA, fileB, pain002 := []byte("H,ACME-CORP,R-1\n"), []byte("<pain.001/>"), []byte("<pain.002/>")
	rec := evidence.FromCreated(events.Created{FileRef: events.FileRef{FileID: "f-1", Blob: "a.csv", SHA256: evidence.SHA256(fileA)},
		FileB: "pain001_ACME-CORP_R-1.xml", FileBSHA256: evidence.SHA256(fileB)},
		evidence.Final{Time: "2026-11-25T08:00:05Z", Pain002: evidence.Piece{Name: "f-1.pain002.xml", SHA256: evidence.SHA256(pain002)}})
	m["archive/f-1/a.csv"], m["outbox/pain001_ACME-CORP_R-1.xml"], m["reports/f-1.pain002.xml"] = fileA, fileB, pain002
	areas, _, _ := openEvidence(context.Background(), "")
	if err := evidence.Write(context.Background(), areas(evidence.Area), rec); err != nil {
		t.Fatal(err)
	}
	return m
}

func verifyRun(args ...string) (string, string, int) {
	e, out, errb := testEnv()
	err := run(context.Background(), append([]string{"verify"}, args...), e)
	if err != nil {
		errb.WriteString(err.Error())
	}
	return out.String(), errb.String(), exitCode(err)
}

func TestVerifyCommand(t *testing.T) {
	m := memoryEvidence(t)
	out, _, code := verifyRun("f-1")
	if code != exitOK || !strings.Contains(out, "verified: all 4 checks ok") || !strings.Contains(out, "ok        file_b   outbox/pain001_ACME-CORP_R-1.xml\n") {
		t.Errorf("untouched: exit %d\n%s", code, out)
	}

	m["outbox/pain001_ACME-CORP_R-1.xml"] = []byte("<pain.001 changed/>")
	delete(m, "reports/f-1.pain002.xml")
	out, _, code = verifyRun("f-1")
	for _, want := range []string{"mismatch  file_b", "recorded sha256 " + evidence.SHA256([]byte("<pain.001/>")),
		"missing   pain002  reports/f-1.pain002.xml  not in reports", "NOT verified: file_b mismatch, pain002 missing"} {
		if code != exitOutcome || !strings.Contains(out, want) {
			t.Errorf("changed File B, no pain.002: exit %d, lacks %q\n%s", code, want, out)
		}
	}
	out, _, code = verifyRun("--json", "f-1")
	var rep evidence.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != exitOutcome || rep.OK || rep.Checks[2].Status != "mismatch" || rep.Record.FileID != "f-1" {
		t.Errorf("--json: exit %d, %v\n%s", code, err, out)
	}

	// No record, a name that is no file id, a missing argument: errors, exit 2.
	for _, args := range [][]string{{"f-2"}, {"../f-1"}, {}} {
		if _, errs, code := verifyRun(args...); code != exitError {
			t.Errorf("verify %v: exit %d, want 2: %s", args, code, errs)
		}
	}
	if _, errs, _ := verifyRun("f-2"); !strings.Contains(errs, "no record") {
		t.Errorf("verify of an unknown file says %q", errs)
	}
}

func TestBlobMissing(t *testing.T) {
	for msg, want := range map[string]bool{
		"error invoking output binding evidence: open /data/evidence/f-2.json: no such file or directory": true,
		"error invoking output binding outbox: blob not found":                                            true,
		"rpc error: code = Unavailable desc = connection refused":                                         false,
	} {
		if got := blobMissing(errors.New(msg)); got != want {
			t.Errorf("blobMissing(%q) = %v", msg, got)
		}
	}
}
