package e2e

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	dapr "github.com/dapr/go-sdk/client"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/refdata"
	"github.com/paychoreo/choreography/internal/refdata/daprstore"
	"github.com/paychoreo/choreography/internal/refdata/refdatatest"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// TestReferenceDataVersions changes the reference table as an operator does, with the
// real bin/choreo against the validator's sidecar, and follows files through the
// pipeline: each carries the version it was checked against in its events and its
// rejection report. The pipeline starts with refdata/sample.json loaded (v1).
func TestReferenceDataVersions(t *testing.T) {
	p := testpipe.Start(t, testpipe.Options{Offset: 1150})
	grpc := []string{"--dapr-grpc", p.GRPC("validator")}
	sample := filepath.Join(testpipe.Root, "refdata", "sample.json")
	dir := t.TempDir()

	out, code := choreo(t, p, append([]string{"refdata", "diff", sample}, grpc...)...)
	if code != 0 || !strings.Contains(out.stdout, "against v1") || !strings.Contains(out.stdout, "no change") {
		t.Fatalf("diff of the loaded table: exit %d\n%s%s", code, out.stdout, out.stderr)
	}
	if out, code := choreo(t, p, append([]string{"refdata", "apply", sample, "--by", "alice"}, grpc...)...); code != 0 || !strings.Contains(out.stdout, "no change, the table is v1 already") {
		t.Errorf("apply of the loaded table: exit %d\n%s%s", code, out.stdout, out.stderr)
	}

	// v2: ACME-CORP gets a new account and a higher file limit.
	raw, _ := os.ReadFile(sample)
	changed := strings.Replace(string(raw), `"max_file_amount": "5000000.00"`, `"max_file_amount": "6000000.00"`, 1)
	changed = strings.Replace(changed, `{"iban": "DE89370400440532013000", "active": true},`,
		`{"iban": "DE89370400440532013000", "active": true}, {"iban": "BE68539007547034", "active": true},`, 1)
	v2 := writeFile(t, dir, "v2.json", changed)
	out, code = choreo(t, p, append([]string{"refdata", "diff", v2}, grpc...)...)
	for _, want := range []string{"~ sender ACME-CORP: max_file_amount 5000000.00 -> 6000000.00",
		"+ sender ACME-CORP account BE68539007547034: added (active)"} {
		if code != 1 || !strings.Contains(out.stdout, want) {
			t.Errorf("diff of the change: exit %d, lacks %q:\n%s%s", code, want, out.stdout, out.stderr)
		}
	}
	if _, code := choreo(t, p, append([]string{"refdata", "apply", v2}, grpc...)...); code != 2 {
		t.Errorf("apply without --by: exit %d, want 2", code)
	}
	out, code = choreo(t, p, append([]string{"refdata", "apply", v2, "--by", "alice", "--note", "ACME's Belgian account"}, grpc...)...)
	if code != 0 || !strings.Contains(out.stdout, "applied v2 by alice") {
		t.Fatalf("apply of the change: exit %d\n%s%s", code, out.stdout, out.stderr)
	}
	history := refdataHistory(t, p, grpc, 2)
	if h := history[1]; h.Version != "v2" || h.By != "alice" || h.Note != "ACME's Belgian account" || h.Summary != "1 sender changed, 1 account added" {
		t.Errorf("history's v2: %+v", h)
	}
	if h := history[0]; h.Version != "v1" || h.Note != "load" || h.By == "" {
		t.Errorf("history's v1: %+v", h)
	}

	// A file from the new account passes, checked against v2; a bad one is rejected, also v2.
	p.Drop("rd-good.csv", []byte("H,ACME-CORP,RD-1,2026-11-25T08:00:00+01:00\n"+
		"D,E2E-1,BE68539007547034,2026-11-26,10.00,EUR,Widget GmbH,FR1420041010050500013M02606,,Inv 1\nT,1,10.00\n"))
	p.Drop("rd-bad.csv", []byte("H,ACME-CORP,RD-2,2026-11-25T08:00:00+01:00\n"+detail+"T,1,43.00\n"))
	if o := p.Await("rd-good.csv", time.Minute); o.Kind != "created" {
		t.Fatalf("rd-good.csv: %s %v", o.Kind, p.ReportCodes(o))
	}
	for _, topic := range []string{events.FileValidated, events.FileAdapted, events.FileCreated} {
		if v := refdataVersionOf(t, p, topic, "rd-good.csv"); v != "v2" {
			t.Errorf("rd-good.csv's %s: refdata_version %q, want v2", topic, v)
		}
	}
	bad := p.Await("rd-bad.csv", time.Minute)
	if v := refdataVersionOf(t, p, events.FileRejected, "rd-bad.csv"); bad.Kind != "rejected" || v != "v2" {
		t.Errorf("rd-bad.csv: %s, refdata_version %q; want rejected, v2", bad.Kind, v)
	}
	if rows := reportRows(t, p, bad); len(rows) < 2 || rows[0][6] != "refdata_version" || rows[1][6] != "v2" {
		t.Errorf("rd-bad.csv's report: %q, want refdata_version v2 in the last column", rows)
	}

	// v3 deactivates GLOBEX-LTD: its files are rejected, checked against v3; so is a
	// file of a sender the table does not know.
	out, code = choreo(t, p, append([]string{"refdata", "deactivate", "--sender", "GLOBEX-LTD", "--by", "bob", "--note", "offboarded"}, grpc...)...)
	if code != 0 || !strings.Contains(out.stdout, "applied v3 by bob") {
		t.Fatalf("deactivate: exit %d\n%s%s", code, out.stdout, out.stderr)
	}
	p.Drop("rd-globex.csv", []byte("H,GLOBEX-LTD,RD-3,2026-11-25T08:00:00+01:00\n"+
		"D,E2E-1,NL91ABNA0417164300,2026-11-26,10.00,EUR,Widget GmbH,FR1420041010050500013M02606,,Inv 1\nT,1,10.00\n"))
	p.Drop("rd-nobody.csv", []byte("H,NOBODY,RD-4,2026-11-25T08:00:00+01:00\n"+detail+"T,1,10.00\n"))
	for name, code := range map[string]string{"rd-globex.csv": "1 sender_id SENDER_INACTIVE", "rd-nobody.csv": "1 sender_id UNKNOWN_SENDER"} {
		o := p.Await(name, time.Minute)
		if codes := p.ReportCodes(o); o.Kind != "rejected" || !slices.Contains(codes, code) {
			t.Errorf("%s: %s %v, want rejected %s", name, o.Kind, codes, code)
		}
		if v := refdataVersionOf(t, p, events.FileRejected, name); v != "v3" {
			t.Errorf("%s's file.rejected: refdata_version %q, want v3", name, v)
		}
	}

	// A bad table is refused whole, with every reason; the head stays v3.
	badTable := writeFile(t, dir, "bad.json", `{"senders": [
	  {"id": "ACME-CORP", "name": "ACME", "active": true, "max_file_amount": "1.00", "accounts": [{"iban": "DE88370400440532013000", "active": true}]},
	  {"id": "ACME-CORP", "name": "ACME", "active": true, "max_file_amount": "1.00", "accounts": [{"iban": "DE02120300000000202051", "active": true}]},
	  {"id": "TURK", "name": "Turk", "active": true, "max_file_amount": "1.00", "accounts": [{"iban": "TR330006100519786457841326", "active": true}]}]}`)
	out, code = choreo(t, p, append([]string{"refdata", "apply", badTable, "--by", "mallory", "--json"}, grpc...)...)
	var refused struct {
		Refused bool     `json:"refused"`
		Reasons []string `json:"reasons"`
	}
	json.Unmarshal([]byte(out.stdout), &refused)
	reasons := strings.Join(refused.Reasons, "\n")
	if code != 2 || len(refused.Reasons) != 3 || !strings.Contains(reasons, "not a valid IBAN") ||
		!strings.Contains(reasons, "ACME-CORP appears twice") || !strings.Contains(reasons, "not reachable by SEPA credit transfer") {
		t.Errorf("apply of a bad table: exit %d, reasons:\n%s\n%s", code, reasons, out.stderr)
	}
	if h := refdataHistory(t, p, grpc, 3); h[2].Version != "v3" || h[2].By != "bob" {
		t.Errorf("head after a refused table: %+v", h[2])
	}
}

// TestReferenceDataStoreContract runs the store contract that versions rely on (first
// write wins, a stale ETag is refused and reported) on the refdata state store through
// the validator's real sidecar and Redis.
func TestReferenceDataStoreContract(t *testing.T) {
	p := testpipe.Start(t, testpipe.Options{Offset: 1150})
	v, _ := p.Runs[0].App("validator")
	c, err := dapr.NewClientWithAddress(p.GRPC("validator"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.WithAuthToken(v.Tokens.Dapr)
	refdatatest.StoreContract(t, daprstore.New(c))
}

// refdataHistory runs `choreo refdata history --json` and wants n versions.
func refdataHistory(t *testing.T, p *testpipe.Pipeline, grpc []string, n int) []refdata.Version {
	t.Helper()
	out, code := choreo(t, p, append([]string{"refdata", "history", "--json"}, grpc...)...)
	var vs []refdata.Version
	if err := json.Unmarshal([]byte(out.stdout), &vs); err != nil || code != 0 || len(vs) != n {
		t.Fatalf("history: exit %d, %v, want %d versions:\n%s%s", code, err, n, out.stdout, out.stderr)
	}
	return vs
}

// refdataVersionOf is the refdata_version of the topic's event about the blob, read
// from the topic's stream once the event is there.
func refdataVersionOf(t *testing.T, p *testpipe.Pipeline, topic, blob string) string {
	t.Helper()
	var version string
	p.Eventually(30*time.Second, topic+" about "+blob, func() bool {
		for _, ce := range p.Stream(topic) {
			var ev struct {
				Blob           string `json:"blob"`
				RefdataVersion string `json:"refdata_version"`
			}
			if json.Unmarshal(ce.Data, &ev) == nil && ev.Blob == blob {
				version = ev.RefdataVersion
				return true
			}
		}
		return false
	})
	return version
}

func reportRows(t *testing.T, p *testpipe.Pipeline, o testpipe.Outcome) [][]string {
	t.Helper()
	raw, err := p.File(o, "report.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
