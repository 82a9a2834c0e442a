package pain002

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/payment"
	"github.com/paychoreo/choreography/internal/paymentfile"
	"github.com/paychoreo/choreography/internal/testsupport"
)

var at = time.Date(2026, 11, 25, 7, 0, 3, 123456789, time.UTC)

var ref = events.FileRef{FileID: "f-0123456789abcdef01234567", Blob: "acme.csv", Size: 321, SHA256: strings.Repeat("ab", 32)}

func render(t *testing.T, r Report) []byte {
	t.Helper()
	b, err := r.Render()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// parsed is the part of a report the tests look at, read back from the XML.
type parsed struct {
	MsgID   string `xml:"CstmrPmtStsRpt>GrpHdr>MsgId"`
	CreDtTm string `xml:"CstmrPmtStsRpt>GrpHdr>CreDtTm"`
	Group   struct {
		OrgnlMsgID   string `xml:"OrgnlMsgId"`
		OrgnlNbOfTxs string `xml:"OrgnlNbOfTxs"`
		OrgnlCtrlSum string `xml:"OrgnlCtrlSum"`
		GrpSts       string `xml:"GrpSts"`
		Reasons      []struct {
			Cd   string   `xml:"Rsn>Cd"`
			Info []string `xml:"AddtlInf"`
		} `xml:"StsRsnInf"`
	} `xml:"CstmrPmtStsRpt>OrgnlGrpInfAndSts"`
	Txs []struct {
		E2E     string   `xml:"OrgnlEndToEndId"`
		Sts     string   `xml:"TxSts"`
		Cds     []string `xml:"StsRsnInf>Rsn>Cd"`
		Details []string `xml:"StsRsnInf>AddtlInf"`
	} `xml:"CstmrPmtStsRpt>OrgnlPmtInfAndSts>TxInfAndSts"`
}

func parse(t *testing.T, doc []byte) parsed {
	t.Helper()
	var p parsed
	if err := xml.Unmarshal(doc, &p); err != nil {
		t.Fatalf("read back: %v\n%s", err, doc)
	}
	return p
}

func (p parsed) groupCodes() []string {
	var out []string
	for _, r := range p.Group.Reasons {
		out = append(out, r.Cd)
	}
	return out
}

func (p parsed) groupInfo() string {
	var out []string
	for _, r := range p.Group.Reasons {
		out = append(out, r.Info...)
	}
	return strings.Join(out, "\n")
}

// TestEveryReasonCode renders one rejection per reason code of paymentfile.Codes, with a
// violation of the file and one of a detail line, and validates each against ISO's schema.
func TestEveryReasonCode(t *testing.T) {
	for _, code := range paymentfile.Codes {
		t.Run(code, func(t *testing.T) {
			ev := events.Rejected{FileRef: ref, SenderID: "ACME-CORP", FileReference: "PAY-1", ViolationCount: 2,
				Report: ref.FileID + "/report.csv", RefdataVersion: "v3", Violations: []events.Violation{
					{Line: 0, Field: "file", Code: code, Message: "the whole file"},
					{Line: 2, Field: "creditor_name", Code: code, Message: "line two", EndToEndID: "E2E-0001"},
				}}
			doc := render(t, ForRejected(ev, at))
			xmllint(t, doc)
			p := parse(t, doc)
			iso := ISOReason(code, "file")
			if p.Group.GrpSts != Rejected || p.groupCodes()[0] != iso || !strings.HasPrefix(p.Group.Reasons[0].Info[0], code+" file file: ") {
				t.Errorf("group: %+v", p.Group)
			}
			if len(p.Txs) != 1 || p.Txs[0].E2E != "E2E-0001" || p.Txs[0].Sts != Rejected ||
				p.Txs[0].Cds[0] != ISOReason(code, "creditor_name") || !strings.HasPrefix(p.Txs[0].Details[0], code+" line 2 creditor_name: line two") {
				t.Errorf("transactions: %+v", p.Txs)
			}
		})
	}
}

// The rejected sample (samples/rejected-bad-iban-and-total.csv) as the validator
// announces it, and its report byte for byte (testdata/rejected.golden.xml).
func sampleRejection() events.Rejected {
	return events.Rejected{FileRef: ref, SenderID: "ACME-CORP", FileReference: "PAY-2026-11-25-002", ViolationCount: 2,
		Report: ref.FileID + "/report.csv", RefdataVersion: "v1", Violations: []events.Violation{
			{Line: 2, Field: "debtor_iban", Code: "INVALID_IBAN", Message: "DE89370400440532013001 fails the IBAN check digits", EndToEndID: "E2E-0001"},
			{Line: 3, Field: "amount", Code: "INVALID_AMOUNT", Message: "99.955 has more than 2 fraction digits", EndToEndID: "E2E-0002"},
		}}
}

func TestGoldenRejection(t *testing.T) {
	got := render(t, ForRejected(sampleRejection(), at))
	golden(t, "testdata/rejected.golden.xml", got)
	xmllint(t, got)
	p := parse(t, got)
	if p.MsgID != "STS-"+ref.FileID || p.CreDtTm != "2026-11-25T07:00:03Z" || p.Group.OrgnlMsgID != "ACME-CORP/PAY-2026-11-25-002" {
		t.Errorf("header: %+v", p)
	}
	if len(p.Txs) != 2 || p.Txs[0].Cds[0] != "AC02" || p.Txs[1].Cds[0] != "AM12" {
		t.Errorf("transactions: %+v", p.Txs)
	}
	info := p.groupInfo()
	for _, want := range []string{"file_id " + ref.FileID, "blob acme.csv", "refdata_version v1", "rejection report " + ref.FileID + "/report.csv"} {
		if !strings.Contains(info, want) {
			t.Errorf("facts lack %q: %s", want, info)
		}
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	testsupport.Golden(t, path, got, *update, "go test ./internal/pain002 -update")
}

func TestCreated(t *testing.T) {
	ev := events.Created{FileRef: ref, SenderID: "ACME-CORP", FileReference: "PAY-2026-11-25-001", NbOfTxs: 2,
		ControlSum: payment.Amount(134995), MsgID: "ACME-CORP/PAY-2026-11-25-001", FileB: "pain001_ACME-CORP_PAY-2026-11-25-001.xml",
		RefdataVersion: "v2"}
	doc := render(t, ForCreated(ev, at))
	xmllint(t, doc)
	p := parse(t, doc)
	if p.Group.GrpSts != "ACCP" || p.Group.OrgnlMsgID != ev.MsgID || p.Group.OrgnlNbOfTxs != "2" || p.Group.OrgnlCtrlSum != "1349.95" || len(p.Txs) != 0 {
		t.Errorf("group: %+v", p.Group)
	}
	if !strings.Contains(string(doc), "<DtldNbOfTxs>2</DtldNbOfTxs>\n        <DtldSts>ACCP</DtldSts>\n        <DtldCtrlSum>1349.95</DtldCtrlSum>") {
		t.Errorf("no NbOfTxsPerSts for the accepted transactions:\n%s", doc)
	}
	if info := p.groupInfo(); !strings.Contains(info, "refdata_version v2") || !strings.Contains(info, "file_b "+ev.FileB) || p.groupCodes()[0] != "" {
		t.Errorf("facts: %s %v", info, p.groupCodes())
	}
}

func TestCompensated(t *testing.T) {
	ev := events.Failed{FileRef: ref, Stage: "creator", Topic: "file.adapted", EventID: ref.FileID + "/file.adapted",
		Reason: strings.Repeat("storage refused the write; ", 40), DeadLetterID: "creator:" + ref.FileID + "/file.adapted"}
	doc := render(t, ForCompensated(ev, at))
	xmllint(t, doc)
	p := parse(t, doc)
	if p.Group.GrpSts != "RJCT" || p.groupCodes()[0] != "FF10" || p.Group.OrgnlMsgID != ref.FileID {
		t.Errorf("group: %+v", p.Group)
	}
	info := strings.Join(p.Group.Reasons[0].Info, "\n")
	if !strings.Contains(info, "stage creator failed for good on file.adapted") || !strings.Contains(info, "dead letter creator:") ||
		len(p.Group.Reasons[0].Info) != 2+maxReasonChunks+1 {
		t.Errorf("compensation texts: %q", p.Group.Reasons[0].Info)
	}
}

// A file whose header could not be read still gets a file-level RJCT naming its blob.
func TestWithoutHeader(t *testing.T) {
	ev := events.Rejected{FileRef: events.FileRef{FileID: ref.FileID, Blob: "nested/dir <&> \"x\".csv"}, ViolationCount: 1,
		Violations: []events.Violation{{Line: 0, Field: "blob_name", Code: "INVALID_BLOB_NAME", Message: "not a file name"}}}
	doc := render(t, ForRejected(ev, at))
	xmllint(t, doc)
	p := parse(t, doc)
	if p.Group.OrgnlMsgID != ref.FileID || p.groupCodes()[0] != "FF01" || len(p.Txs) != 0 {
		t.Errorf("group: %+v", p.Group)
	}
	if !strings.Contains(p.groupInfo(), `blob nested/dir <&> "x".csv`) || strings.Contains(p.groupInfo(), "refdata_version") {
		t.Errorf("facts: %s", p.groupInfo())
	}
	if !strings.Contains(string(doc), `blob nested/dir &lt;&amp;&gt; "x".csv`) {
		t.Errorf("texts are not written plainly:\n%s", doc)
	}
}

// Texts of any length and character stay schema-valid; an end-to-end id that is no
// Max35Text makes its violation the group's.
func TestLongAndOddTexts(t *testing.T) {
	long := strings.Repeat("é<&>'\"", 60) + "\x01\ufffe"
	ev := events.Rejected{FileRef: events.FileRef{FileID: strings.Repeat("f", 50), Blob: strings.Repeat("b", 400)},
		SenderID: "ACME-CORP", FileReference: "R", ViolationCount: 3, RefdataVersion: "v1", Violations: []events.Violation{
			{Line: 4, Field: "remittance_info", Code: "UNSUPPORTED_CHARACTER", Message: long, EndToEndID: "E2E/1"},
			{Line: 5, Field: "end_to_end_id", Code: "INVALID_E2E_ID", Message: long, EndToEndID: strings.Repeat("x", 36)},
			{Line: 6, Field: "amount", Code: "INVALID_AMOUNT", Message: "", EndToEndID: "E2E/1"},
		}}
	r := ForRejected(ev, at)
	doc := render(t, r)
	xmllint(t, doc)
	p := parse(t, doc)
	if len(p.MsgID) != 35 || len(p.Txs) != 1 || len(p.Txs[0].Cds) != 2 || p.groupCodes()[0] != "FF08" {
		t.Errorf("MsgId %q, transactions %+v, group %v", p.MsgID, p.Txs, p.groupCodes())
	}
}

// The schema check can fail: a status longer than the code list allows is refused.
func TestSchemaCheckCanFail(t *testing.T) {
	doc := render(t, ForRejected(sampleRejection(), at))
	bad := bytes.Replace(doc, []byte("<GrpSts>RJCT</GrpSts>"), []byte("<GrpSts>REJECTED</GrpSts>"), 1)
	if bytes.Equal(bad, doc) {
		t.Fatal("no GrpSts in the report")
	}
	if schemaErrors(t, bad) == nil {
		t.Fatal("xmllint accepted a GrpSts of 8 characters")
	}
}

// Events carry at most 100 violations; a report of a cut list says how many it lists.
func TestCutViolations(t *testing.T) {
	ev := sampleRejection()
	ev.Violations = nil
	for i := range events.MaxViolationsInEvent {
		ev.Violations = append(ev.Violations, events.Violation{Line: i + 2, Field: "amount", Code: "INVALID_AMOUNT",
			Message: "bad", EndToEndID: fmt.Sprintf("E2E-%d", i)})
	}
	ev.ViolationCount = 250
	doc := render(t, ForRejected(ev, at))
	xmllint(t, doc)
	p := parse(t, doc)
	if len(p.Txs) != 100 || !strings.Contains(p.groupInfo(), "100 of 250 violations listed here; the rejection report has them all") {
		t.Errorf("%d transactions; facts %s", len(p.Txs), p.groupInfo())
	}
}

func TestNameAndMsgID(t *testing.T) {
	if Name("f-1") != "f-1.pain002.xml" || MsgID("f-1") != "STS-f-1" {
		t.Errorf("Name %q, MsgID %q", Name("f-1"), MsgID("f-1"))
	}
	long := MsgID(strings.Repeat("f", 40))
	if len(long) != 35 || long == MsgID(strings.Repeat("f", 41)) {
		t.Errorf("shortened MsgIds %q", long)
	}
}

func TestChunks(t *testing.T) {
	text := strings.TrimSpace(strings.Repeat("word ", 60))
	words := chunks(text, 10)
	if len(words) != 3 || strings.Join(words, " ") != text {
		t.Errorf("chunks at spaces: %q", words)
	}
	for _, w := range words {
		if len(w) > maxText || strings.HasPrefix(w, " ") || strings.HasSuffix(w, " ") {
			t.Errorf("chunk %q", w)
		}
	}
	if got := chunks("", 3); got != nil {
		t.Errorf("chunks of nothing: %q", got)
	}
	got := chunks(strings.Repeat("ä", 400), 3)
	if len(got) != 3 || len([]rune(got[0])) != 105 || !strings.HasSuffix(got[2], "...") || len([]rune(got[2])) != 105 {
		t.Errorf("chunks: %d, %q", len(got), got[2])
	}
}
