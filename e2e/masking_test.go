package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/events"
)

// maskedFile breaks rules on purpose so that its violations quote payment data: a debtor
// IBAN with wrong check digits, an inactive debtor account, a creditor name without an
// EPC conversion, and a wrong control sum.
const maskedFile = "H,ACME-CORP,MASK-1,2026-11-25T08:00:00+01:00\n" +
	"D,E2E-0001,DE89370400440532013001,2026-11-26,1250.00,EUR,Widget Supplies GmbH,FR1420041010050500013M02606,BNPAFRPP,Invoice 4711\n" +
	"D,E2E-0002,DE75512108001245126199,2026-11-26,10.00,EUR,Widgets ☃ Ltd,NL91ABNA0417164300,,Order 12\n" +
	"D,E2E-0003,DE89370400440532013000,2026-11-26,5.00,EUR,Smith Jones and Co,BE68539007547034,,Order 13\n" +
	"T,3,9999.99\n"

// maskedSecrets is every account number and creditor name of maskedFile.
var maskedSecrets = []string{"DE89370400440532013001", "DE75512108001245126199", "DE89370400440532013000",
	"FR1420041010050500013M02606", "NL91ABNA0417164300", "BE68539007547034",
	"Widget Supplies GmbH", "Widgets ☃ Ltd", "Smith Jones and Co"}

// TestPaymentDataMasked runs a file whose violations quote IBANs and names through the
// real pipeline, dead-letters its rejection to the keeper as a sidecar would, and then
// reads everything a person or a tool sees besides the sender's own files: every app's and
// sidecar's log, the spans sent to Zipkin, every /metrics, the tracker's API and
// `choreo status`, the dead-letter record, the notification. None may hold a full IBAN or
// a creditor name of the file; the masked form (DE89…3001) must be there instead. The
// rejection report and the pain.002 keep them whole: they answer the sender.
//
// Local profile only: the dead letter is made by copying the event on Redis Streams.
func TestPaymentDataMasked(t *testing.T) {
	p, spans := startTraced(t, 1450)
	p.Drop("masked.csv", []byte(maskedFile))
	o := p.Await("masked.csv", time.Minute)
	if o.Kind != "rejected" {
		t.Fatalf("masked.csv: %s, want rejected", o.Kind)
	}
	tracker := appURL(p, "tracker")
	var one struct {
		File struct{ Violations []events.Violation }
	}
	p.Eventually(time.Minute, "the tracker has the rejection's reasons", func() bool {
		return getJSON(tracker+"/api/files/"+o.FileID, &one) == nil && len(one.File.Violations) >= 4
	})
	// Kept whole where the sender reads them.
	pain002 := o.FileID + ".pain002.xml"
	p.Eventually(time.Minute, "the pain.002 is written", func() bool { return p.Exists("reports", pain002) })
	for _, f := range []struct{ area, name string }{{"rejected", o.FileID + "/report.csv"}, {"reports", pain002}} {
		raw, err := p.Read(f.area, f.name)
		if err != nil || !strings.Contains(string(raw), "DE89370400440532013001") {
			t.Errorf("%s/%s does not name the wrong IBAN whole (%v)", f.area, f.name, err)
		}
	}

	// The keeper gets the rejection as a dead letter of intake's, the way a sidecar sends it.
	if ids := p.RedeliverTo(events.FileRejected, "deadletter.intake", o.FileID); len(ids) != 1 {
		t.Fatalf("dead-lettered %v, want the one file.rejected of %s", ids, o.FileID)
	}
	letter := p.AwaitDeadLetter("deadletter.intake", "masked.csv", time.Minute)
	notice := "files/" + o.FileID + ".rejected.txt"
	p.Eventually(time.Minute, "the notifier wrote its notice", func() bool { return p.Exists("notifications", notice) })

	seen := map[string]string{"dead-letter record (event)": string(letter.Data)}
	seen["tracker /api/files/"+o.FileID] = getBody(t, tracker+"/api/files/"+o.FileID)
	seen["tracker /api/files"] = getBody(t, tracker+"/api/files?status=rejected")
	seen["choreo status"] = choreoOut(t, p, "status", o.FileID, "--tracker", tracker)
	seen["choreo status --json"] = choreoOut(t, p, "status", "--json", "--tracker", tracker)
	seen["choreo deadletters list"] = choreoOut(t, p, "deadletters", "list", "--all", "--json", "--dapr-grpc", p.GRPC("intake"))
	raw, _ := p.Read("notifications", notice)
	seen["notice "+notice] = string(raw)
	for _, app := range p.Runs[0].Apps() {
		if app.AppPort > 0 {
			seen["/metrics of "+app.ID] = getText(localURL(app.AppPort) + "/metrics")
		}
		seen["sidecar /metrics of "+app.ID] = getText(localURL(app.MetricsPort) + "/metrics")
	}
	// The sidecars send spans in batches, every few seconds: wait for them to be scanned.
	p.Eventually(time.Minute, "the sidecars sent their spans", func() bool { return spans.all() != "" })
	seen["spans sent to Zipkin"] = spans.all()
	seen["logs of every app and sidecar"] = p.AllLogs()

	for where, text := range seen {
		for _, s := range maskedSecrets {
			if i := strings.Index(text, s); i >= 0 {
				t.Errorf("%s holds %q: …%s…", where, s, text[max(0, i-120):min(len(text), i+len(s)+60)])
			}
		}
	}
	// And the masked forms are there: the checks above read real content.
	for where, want := range map[string]string{"tracker /api/files/" + o.FileID: "DE89…3001",
		"choreo status": "DE75…6199", "dead-letter record (event)": "DE89…3001"} {
		if !strings.Contains(seen[where], want) {
			t.Errorf("%s lacks the masked %s:\n%s", where, want, seen[where])
		}
	}
	if !strings.Contains(seen["logs of every app and sidecar"], o.FileID) || spans.all() == "" {
		t.Error("no log line or no span about the file: the scan above read nothing")
	}
}
