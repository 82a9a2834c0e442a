package e2e

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/evidence"
	"github.com/paychoreo/choreography/internal/pain001"
	"github.com/paychoreo/choreography/internal/pain002"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// TestStatusReports sends the bundled samples, bad files and a file that fails for good
// through the pipeline (on every profile of testpipe.Profiles) and checks that every
// file that ended got exactly one pain.002 in the reports area, valid against ISO's
// schema, with the right statuses and reason codes, and that the tracker serves it. On
// Redis, the final events are delivered again: the reporter acknowledges each as a
// duplicate and the reports stay as they were.
func TestStatusReports(t *testing.T) {
	onEveryProfile(t, testpipe.Options{Offset: 1050}, statusReports)
}

// wantReport is what a file's report must say.
type wantReport struct {
	status  string            // GrpSts
	orgnl   string            // OrgnlMsgId; "" for the file id
	group   []string          // ISO codes among the group's reasons
	txs     map[string]string // end-to-end id: its first ISO code
	nbOfTxs string
	info    []string // texts among the group's AddtlInf
}

func statusReports(t *testing.T, p *testpipe.Pipeline) {
	want := map[string]wantReport{
		"acme-example.csv": {status: "ACCP", orgnl: "ACME-CORP/PAY-2026-11-25-001", nbOfTxs: "2",
			info: []string{"file_b " + pain001.FileName("ACME-CORP", "PAY-2026-11-25-001"), "refdata_version v"}},
		"acme-payroll.csv": {status: "ACCP", orgnl: "ACME-CORP/PAYROLL-2026-11", nbOfTxs: "4"},
		"globex-crlf.csv":  {status: "ACCP", orgnl: "GLOBEX-LTD/GX-0001", nbOfTxs: "1"},
		"rejected-bad-iban-and-total.csv": {status: "RJCT", orgnl: "ACME-CORP/PAY-2026-11-25-002",
			txs: map[string]string{"E2E-0001": "AC02", "E2E-0002": "AM12"}, info: []string{"refdata_version v", "rejection report "}},
		"rejected-binary.csv":         {status: "RJCT", group: []string{"FF01"}, info: []string{"blob rejected-binary.csv"}},
		"rejected-unknown-sender.csv": {status: "RJCT", orgnl: "NOBODY-INC/N-1", group: []string{"BE05"}},
		"empty.csv":                   {status: "RJCT", group: []string{"FF01"}, info: []string{"blob empty.csv"}},
		"nested_dir.csv":              {status: "RJCT", group: []string{"FF01"}, info: []string{"blob nested/dir.csv"}},
		"bom-bad-total.csv":           {status: "RJCT", orgnl: "ACME-CORP/BAD-1", group: []string{"AM10"}},
		"fail.csv":                    {status: "RJCT", group: []string{"FF10"}, info: []string{"blob fail.csv"}},
	}
	dropSamples(t, p)
	for _, c := range badInputs() {
		if _, ok := want[c.stored]; ok {
			p.Drop(c.name, c.content)
		}
	}
	unblock := dropBlocked(p, "fail.csv", "REPORT-FAIL", "30.00")
	p.AwaitDeadLetter("deadletter.creator", "fail.csv", 2*time.Minute)
	unblock()

	ids := map[string]string{} // file id: name
	for name, w := range want {
		o := p.Await(name, 2*time.Minute)
		kind := map[string]string{"ACCP": "created", "RJCT": "rejected"}[w.status]
		if name == "fail.csv" {
			kind = "compensated"
		}
		if o.Kind != kind {
			t.Fatalf("%s: %s, want %s", name, o.Kind, kind)
		}
		ids[o.FileID] = name
		doc := awaitReport(t, p, o.FileID)
		checkReport(t, name, o.FileID, doc, w)
	}
	t.Run("exactly one report per file", func(t *testing.T) {
		var names []string
		for id := range ids {
			names = append(names, pain002.Name(id))
		}
		slices.Sort(names)
		if got := p.List(pain002.Area, ""); !slices.Equal(got, names) {
			t.Errorf("reports area holds %v, want %v", got, names)
		}
	})
	t.Run("the tracker serves them", func(t *testing.T) { trackerServes(t, p, ids) })
	t.Run("each has its evidence record, and choreo verify passes", func(t *testing.T) { evidenceVerifies(t, p, ids) })
	if p.BrokerKeepsStreams() {
		t.Run("a redelivery changes no report", func(t *testing.T) { redeliveredFinals(t, p, ids) })
	}
}

// awaitReport waits for a file's report: the reporter writes it soon after the final
// event, independently of intake filing File A away.
func awaitReport(t *testing.T, p *testpipe.Pipeline, fileID string) []byte {
	t.Helper()
	var doc []byte
	p.Eventually(time.Minute, "the pain.002 of "+fileID, func() bool {
		var err error
		doc, err = p.Read(pain002.Area, pain002.Name(fileID))
		return err == nil && len(doc) > 0
	})
	return doc
}

// report is the part of a pain.002 the test reads back.
type report struct {
	MsgID string `xml:"CstmrPmtStsRpt>GrpHdr>MsgId"`
	Group struct {
		OrgnlMsgID   string   `xml:"OrgnlMsgId"`
		OrgnlNbOfTxs string   `xml:"OrgnlNbOfTxs"`
		GrpSts       string   `xml:"GrpSts"`
		Codes        []string `xml:"StsRsnInf>Rsn>Cd"`
		Info         []string `xml:"StsRsnInf>AddtlInf"`
	} `xml:"CstmrPmtStsRpt>OrgnlGrpInfAndSts"`
	Txs []struct {
		E2E   string   `xml:"OrgnlEndToEndId"`
		Sts   string   `xml:"TxSts"`
		Codes []string `xml:"StsRsnInf>Rsn>Cd"`
	} `xml:"CstmrPmtStsRpt>OrgnlPmtInfAndSts>TxInfAndSts"`
}

func checkReport(t *testing.T, name, fileID string, doc []byte, w wantReport) {
	t.Helper()
	validPain002(t, name, doc)
	var r report
	if err := xml.Unmarshal(doc, &r); err != nil {
		t.Fatalf("%s: %v\n%s", name, err, doc)
	}
	orgnl := w.orgnl
	if orgnl == "" {
		orgnl = fileID
	}
	if r.MsgID != pain002.MsgID(fileID) || r.Group.GrpSts != w.status || r.Group.OrgnlMsgID != orgnl || r.Group.OrgnlNbOfTxs != w.nbOfTxs {
		t.Errorf("%s: MsgId %s, GrpSts %s, OrgnlMsgId %s, OrgnlNbOfTxs %q; want %s %s %s %q\n%s", name, r.MsgID,
			r.Group.GrpSts, r.Group.OrgnlMsgID, r.Group.OrgnlNbOfTxs, pain002.MsgID(fileID), w.status, orgnl, w.nbOfTxs, doc)
	}
	for _, code := range w.group {
		if !slices.Contains(r.Group.Codes, code) {
			t.Errorf("%s: group reasons %v lack %s", name, r.Group.Codes, code)
		}
	}
	got := map[string]string{}
	for _, tx := range r.Txs {
		if tx.Sts != "RJCT" || len(tx.Codes) == 0 {
			t.Errorf("%s: transaction %+v", name, tx)
			continue
		}
		got[tx.E2E] = tx.Codes[0]
	}
	if len(got) != len(w.txs) || (len(w.txs) > 0 && fmt.Sprint(got) != fmt.Sprint(w.txs)) {
		t.Errorf("%s: transaction statuses %v, want %v", name, got, w.txs)
	}
	info := strings.Join(r.Group.Info, "\n")
	for _, s := range append([]string{"file_id " + fileID}, w.info...) {
		if !strings.Contains(info, s) {
			t.Errorf("%s: group texts lack %q:\n%s", name, s, info)
		}
	}
}

// validPain002 checks a report against ISO's schema, used in place (never copied).
func validPain002(t *testing.T, name string, doc []byte) {
	t.Helper()
	bin, err := exec.LookPath("xmllint")
	testpipe.Need(t, "xmllint (Debian: libxml2-utils)", err)
	path := filepath.Join(t.TempDir(), "report.xml")
	if err := os.WriteFile(path, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	xsd := filepath.Join(testpipe.Root, "..", "shared", "iso20022", "pain.002.001.10.xsd")
	if out, err := exec.Command(bin, "--noout", "--schema", xsd, path).CombinedOutput(); err != nil {
		t.Errorf("%s: the pain.002 breaks the schema: %v\n%s", name, err, out)
	}
}

// trackerServes reads each report through the tracker, which reads it through its
// sidecar, and finds the link in the file's API answer.
func trackerServes(t *testing.T, p *testpipe.Pipeline, ids map[string]string) {
	base := appURL(p, "tracker")
	for id, name := range ids {
		var one struct {
			StatusReport string `json:"status_report"`
		}
		p.Eventually(time.Minute, "the tracker knows "+name+" is final", func() bool {
			return getJSON(base+"/api/files/"+id, &one) == nil && one.StatusReport != ""
		})
		if one.StatusReport != "/outputs/"+id+"/pain002" {
			t.Errorf("%s: status_report %q", name, one.StatusReport)
		}
		r := trackerGet(t, base+one.StatusReport)
		stored, _ := p.Read(pain002.Area, pain002.Name(id))
		if r.Code != http.StatusOK || string(r.Body) != string(stored) || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/xml") {
			t.Errorf("%s: the tracker answers %d %s with %d bytes, %d stored", name, r.Code, r.Header.Get("Content-Type"), len(r.Body), len(stored))
		}
	}
	resp, err := testpipe.TrackerGet(base + "/outputs/f-none/pain002")
	if err == nil {
		resp.Body.Close()
	}
	if err != nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("a report of an unknown file: %v %v", resp, err)
	}
}

// redeliveredFinals delivers every final event again; the reporter acknowledges each as
// a duplicate and every report keeps its bytes.
func redeliveredFinals(t *testing.T, p *testpipe.Pipeline, ids map[string]string) {
	before := map[string]string{} // bytes and, in a folder, modification time: a redelivery must not even write the same bytes again
	for id := range ids {
		b, _ := p.Read(pain002.Area, pain002.Name(id))
		before[id] = string(b) + modTime(p, pain002.Area, pain002.Name(id))
	}
	for _, topic := range []string{events.FileRejected, events.FileCreated, events.FileFailed} {
		for _, id := range p.Redeliver(topic) {
			if _, ours := ids[strings.TrimSuffix(id, "/"+topic)]; !ours {
				continue
			}
			acknowledged(p, "reporter", topic, id)
		}
	}
	for id, name := range ids {
		if b, _ := p.Read(pain002.Area, pain002.Name(id)); string(b)+modTime(p, pain002.Area, pain002.Name(id)) != before[id] {
			t.Errorf("%s: the report was written again or changed on a redelivery", name)
		}
	}
	raw, _ := json.Marshal(p.List(pain002.Area, ""))
	if strings.Count(string(raw), ".pain002.xml") != len(ids) {
		t.Errorf("reports after the redelivery: %s", raw)
	}
}

// evidenceVerifies: the reporter wrote each file's evidence record after its report,
// for the file's outcome, and the real choreo verify passes on it through the tracker's
// sidecar (on every profile: a folder, or Azurite's evidence container).
func evidenceVerifies(t *testing.T, p *testpipe.Pipeline, ids map[string]string) {
	for id, name := range ids {
		p.Eventually(time.Minute, "the evidence record of "+name, func() bool { return p.Exists(evidence.Area, evidence.Name(id)) })
		raw, err := p.Read(evidence.Area, evidence.Name(id))
		var rec evidence.Record
		if err != nil || json.Unmarshal(raw, &rec) != nil {
			t.Fatalf("%s: evidence record %s: %v\n%s", name, evidence.Name(id), err, raw)
		}
		report, err := p.Read(pain002.Area, pain002.Name(id))
		if err != nil || rec.Pain002.SHA256 != evidence.SHA256(report) || rec.FileID != id {
			t.Errorf("%s: the record's pain.002 %s is not the report stored (%v)", name, rec.Pain002.SHA256, err)
		}
		out, code := choreo(t, p, "verify", "--dapr-grpc", p.GRPC("tracker"), id)
		if code != 0 {
			t.Errorf("%s: choreo verify %s: exit %d, want 0\n%s%s", name, id, code, out.stdout, out.stderr)
		}
	}
}
