package e2e

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"github.com/paychoreo/choreography/internal/pain001"
	"github.com/paychoreo/choreography/internal/testpipe"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var xsd = filepath.Join(testpipe.Root, "..", "shared", "iso20022", "pain.001.001.09.xsd")

// fileB is the part of pain.001 the tests compare with File A.
type fileB struct {
	MsgID   string `xml:"CstmrCdtTrfInitn>GrpHdr>MsgId"`
	NbOfTxs string `xml:"CstmrCdtTrfInitn>GrpHdr>NbOfTxs"`
	CtrlSum string `xml:"CstmrCdtTrfInitn>GrpHdr>CtrlSum"`
	PmtInf  []struct {
		NbOfTxs string `xml:"NbOfTxs"`
		CtrlSum string `xml:"CtrlSum"`
		Date    string `xml:"ReqdExctnDt>Dt"`
		IBAN    string `xml:"DbtrAcct>Id>IBAN"`
		Tx      []struct {
			E2E    string `xml:"PmtId>EndToEndId"`
			Amount string `xml:"Amt>InstdAmt"`
		} `xml:"CdtTrfTxInf"`
	} `xml:"CstmrCdtTrfInitn>PmtInf"`
}

// checkFileB reads File B from File B Storage (outbox), validates it against the XSD with
// xmllint and against the EPC basic character set (pain001.CheckCharset), and compares
// it with File A, read here with encoding/csv as an oracle independent of the product's
// parser.
func checkFileB(t *testing.T, p *testpipe.Pipeline, name string, fileA []byte) fileB {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		testpipe.Need(t, "xmllint (Debian libxml2-utils)", err)
	}
	raw, err := p.Read("outbox", name)
	if err != nil {
		t.Fatalf("File B %s: %v", name, err)
	}
	lint := exec.Command("xmllint", "--noout", "--schema", xsd, "-")
	lint.Stdin = bytes.NewReader(raw)
	if out, err := lint.CombinedOutput(); err != nil {
		t.Fatalf("File B does not validate against pain.001.001.09: %v\n%s", err, testpipe.Tail(string(out), 20))
	}
	if err := pain001.CheckCharset(raw); err != nil {
		t.Errorf("File B %s: %v", name, err)
	}
	var b fileB
	if err := xml.Unmarshal(raw, &b); err != nil {
		t.Fatal(err)
	}
	want := expectFromFileA(t, fileA)
	if b.NbOfTxs != want.count || b.CtrlSum != want.trailerSum {
		t.Errorf("GrpHdr NbOfTxs/CtrlSum = %s/%s, want %s/%s", b.NbOfTxs, b.CtrlSum, want.count, want.trailerSum)
	}
	var got []string
	for _, p := range b.PmtInf {
		for _, tx := range p.Tx {
			got = append(got, p.IBAN+" "+p.Date+" "+tx.E2E+" "+tx.Amount)
		}
	}
	if strings.Join(got, "\n") != strings.Join(want.grouped, "\n") {
		t.Errorf("File B transactions (grouped by debtor and date, in order):\n%s\nwant:\n%s",
			strings.Join(got, "\n"), strings.Join(want.grouped, "\n"))
	}
	return b
}

type expectation struct {
	count, trailerSum string
	grouped           []string
}

// expectFromFileA lists the D records grouped by (debtor IBAN, date) in order of first
// appearance: what the spec says File B holds.
func expectFromFileA(t *testing.T, fileA []byte) expectation {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(fileA, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var e expectation
	groups := map[string][]string{}
	var order []string
	for _, row := range rows {
		switch row[0] {
		case "D":
			k := row[2] + " " + row[3]
			if _, ok := groups[k]; !ok {
				order = append(order, k)
			}
			amt := row[4]
			if !strings.Contains(amt, ".") {
				amt += ".00"
			} else if len(amt)-strings.Index(amt, ".") == 2 {
				amt += "0"
			}
			groups[k] = append(groups[k], k+" "+row[1]+" "+amt)
		case "T":
			e.count, e.trailerSum = row[1], row[2]
		}
	}
	for _, k := range order {
		e.grouped = append(e.grouped, groups[k]...)
	}
	return e
}
