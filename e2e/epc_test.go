package e2e

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/pain001"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// TestEPCCharacterSet: File B carries only the EPC basic character set of SEPA. Names
// and remittance texts in German, Polish, Icelandic, Greek and Bulgarian, with & and
// quotes, come out converted (docs/epc-charset.md), and the File B passes the XSD and
// the character check; a file whose texts hold characters without a conversion (emoji,
// CJK, Russian ё) is rejected UNSUPPORTED_CHARACTER on each line and field, the report
// naming the characters and the rejection event each line's end_to_end_id.
func TestEPCCharacterSet(t *testing.T) {
	p := testpipe.Start(t, testpipe.Options{Offset: 950})
	converts, unsupported := readEPC(t, "converts.csv"), readEPC(t, "unsupported.csv")
	p.Drop("epc-converts.csv", converts)
	p.Drop("epc-unsupported.csv", unsupported)
	t.Run("texts convert in File B", func(t *testing.T) { epcConverts(t, p, converts) })
	t.Run("characters without a conversion are rejected", func(t *testing.T) { epcUnsupported(t, p) })
}

func readEPC(t *testing.T, name string) []byte {
	b, err := os.ReadFile(filepath.Join("testdata", "epc", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func epcConverts(t *testing.T, p *testpipe.Pipeline, fileA []byte) {
	o := p.Await("epc-converts.csv", time.Minute)
	if o.Kind != "created" {
		t.Fatalf("epc-converts.csv: %s, want created; report: %v", o.Kind, p.ReportCodes(o))
	}
	name := pain001.FileName("ACME-CORP", "EPC-CONVERTS-1")
	checkFileB(t, p, name, fileA) // the XSD, the character check, the transactions
	raw, err := p.Read("outbox", name)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{ // EndToEndId: Cdtr/Nm, RmtInf/Ustrd
		"EPC-1": {"Muller + Sohne", "Rechnung '4711' - Zahlung"},
		"EPC-2": {"Smith, Jones + 'Partners'", "Order 12"},
		"EPC-3": {"Lodz Zolc Sp. z o.o.", "Faktura nr 7/2026"},
		"EPC-4": {"Thor Gudmundsson ehf.", "Reikningur"},
		"EPC/5": {"Strasse Aero ApS", "Invoice .12 (50.)"},
		"EPC-6": {"Papadopoylos A.E.", "Ivan Petrov EOOD"},
	}
	got := epcTexts(t, raw)
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s: Nm, Ustrd = %q, want %q", id, got[id], w)
		}
	}
	// Written as they are, not escaped: a gateway reading the bytes sees basic text.
	for _, s := range []string{"<Nm>Muller + Sohne</Nm>", "<Nm>Smith, Jones + 'Partners'</Nm>"} {
		if !strings.Contains(string(raw), s) {
			t.Errorf("File B lacks %s", s)
		}
	}
}

// epcTexts reads each transaction's creditor name and remittance text by EndToEndId.
func epcTexts(t *testing.T, raw []byte) map[string][2]string {
	var doc struct {
		Tx []struct {
			E2E   string `xml:"PmtId>EndToEndId"`
			Nm    string `xml:"Cdtr>Nm"`
			Ustrd string `xml:"RmtInf>Ustrd"`
		} `xml:"CstmrCdtTrfInitn>PmtInf>CdtTrfTxInf"`
	}
	if err := xml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string][2]string{}
	for _, x := range doc.Tx {
		out[x.E2E] = [2]string{x.Nm, x.Ustrd}
	}
	return out
}

func epcUnsupported(t *testing.T, p *testpipe.Pipeline) {
	o := p.Await("epc-unsupported.csv", time.Minute)
	if o.Kind != "rejected" {
		t.Fatalf("epc-unsupported.csv: %s, want rejected", o.Kind)
	}
	want := []string{
		"2 creditor_name UNSUPPORTED_CHARACTER", "3 creditor_name UNSUPPORTED_CHARACTER",
		"4 remittance_info UNSUPPORTED_CHARACTER", "5 end_to_end_id INVALID_E2E_ID", "5 creditor_name UNSUPPORTED_CHARACTER",
	}
	got := p.ReportCodes(o)
	if !slices.Equal(epcSorted(got), epcSorted(want)) {
		t.Errorf("report %q, want %q", got, want)
	}
	report, err := p.File(o, "report.csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"'🍕' (U+1F355)", "'山' (U+5C71)", "'👍' (U+1F44D)", "'ё' (U+0451)", "must not start or end with /"} {
		if !strings.Contains(string(report), c) {
			t.Errorf("the report does not name %s:\n%s", c, report)
		}
	}
	if !p.BrokerKeepsStreams() {
		return
	}
	ids := rejectedE2E(t, p, o.FileID)
	for k, id := range map[string]string{"2 creditor_name": "BAD-1", "3 creditor_name": "BAD-2", "4 remittance_info": "BAD-3", "5 creditor_name": ""} {
		if got, ok := ids[k]; !ok || got != id {
			t.Errorf("file.rejected: violation %s (found %v) names end_to_end_id %q, want %q", k, ok, got, id)
		}
	}
}

// rejectedE2E reads the file.rejected event of a file: "LINE FIELD" to end_to_end_id.
func rejectedE2E(t *testing.T, p *testpipe.Pipeline, fileID string) map[string]string {
	for _, ce := range p.Stream(events.FileRejected) {
		var ev events.Rejected
		if json.Unmarshal(ce.Data, &ev) != nil || ev.FileID != fileID {
			continue
		}
		out := map[string]string{}
		for _, v := range ev.Violations {
			out[strconv.Itoa(v.Line)+" "+v.Field] = v.EndToEndID
		}
		return out
	}
	t.Fatalf("no file.rejected event for %s", fileID)
	return nil
}

func epcSorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
