package e2e

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/testpipe"
)

// TestResubmissionIsRejectedAsDuplicate sends a file, then the same file again under the
// same name, under another name, and with other content but the same sender and
// file_reference. Every resubmission is rejected DUPLICATE_FILE; the first is unaffected.
// On every component profile (testpipe.Profiles).
func TestResubmissionIsRejectedAsDuplicate(t *testing.T) {
	onEveryProfile(t, testpipe.Options{Offset: 200}, resubmissionIsRejectedAsDuplicate)
}

func resubmissionIsRejectedAsDuplicate(t *testing.T, p *testpipe.Pipeline) {
	content := []byte("H,ACME-CORP,RESUB-1,2026-11-25T08:00:00+01:00\n" + detail + "T,1,10.00\n")
	p.Drop("orig.csv", content)
	first := p.Await("orig.csv", time.Minute)
	if first.Kind != "created" {
		t.Fatalf("orig.csv: %s", first.Kind)
	}
	fileB, err := p.Read("outbox", "pain001_ACME-CORP_RESUB-1.xml")
	if err != nil {
		t.Fatal(err)
	}

	// Intake copies File A to the archive, then deletes it from the inbox: a file of the
	// same name dropped in between would be the one deleted.
	p.Eventually(30*time.Second, "the first orig.csv left the inbox", func() bool { return !p.Exists("inbox", "orig.csv") })
	p.Drop("orig.csv", content)                                                          // same name, same content
	p.Drop("copy.csv", content)                                                          // another name
	p.Drop("changed.csv", []byte(strings.Replace(string(content), "10.00", "11.00", 2))) // same reference
	for _, name := range []string{"copy.csv", "changed.csv"} {
		o := p.Await(name, time.Minute)
		if codes := p.ReportCodes(o); o.Kind != "rejected" || !slices.Contains(codes, "1 file_reference DUPLICATE_FILE") {
			t.Errorf("%s: %s %v, want rejected DUPLICATE_FILE", name, o.Kind, codes)
		}
	}
	p.Eventually(time.Minute, "the second orig.csv is rejected", func() bool {
		o := p.Outcomes("orig.csv")
		return len(o) == 2 && (o[0].Kind == "rejected" || o[1].Kind == "rejected")
	})
	again, _ := p.Read("outbox", "pain001_ACME-CORP_RESUB-1.xml")
	if string(again) != string(fileB) {
		t.Error("the first file's File B changed")
	}
	if u := usage(t, p); u != "10.00" {
		t.Errorf("usage %s, want 10.00: duplicates must not reserve", u)
	}
	if kept, _ := p.File(first, "orig.csv"); string(kept) != string(content) {
		t.Error("the first file's archived File A changed")
	}
}
