package pain001

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/payment"
)

var fixedTime = time.Date(2026, 11, 25, 8, 0, 5, 0, time.FixedZone("CET", 3600))

// expect is what a test states outright, beside the field-by-field comparison with
// the input that every case gets.
type expect struct {
	nbOfTxs, ctrlSum string
	pmtInfIDs        []string
	sums             []string
	e2e              [][]string
}

func TestRender(t *testing.T) {
	tests := []struct {
		name string
		file *payment.File
		want expect
	}{
		{"spec example", exampleFile(), expect{"2", "1349.95",
			[]string{"ACME-CORP/PAY-2026-11-25-001-1"}, []string{"1349.95"},
			[][]string{{"E2E-0001", "E2E-0002"}}}},
		{"several accounts and dates", multiFile(t), expect{"6", "1000001350.75",
			[]string{"ACME-CORP/PAY-2026-11-25-002-1", "ACME-CORP/PAY-2026-11-25-002-2",
				"ACME-CORP/PAY-2026-11-25-002-3", "ACME-CORP/PAY-2026-11-25-002-4"},
			[]string{"0.21", "1000000000.49", "0.10", "1349.95"},
			[][]string{{"E2E/0001", "E2E-0004"}, {"E2E-0002", "e2e-0006-" + pad("9", 26)}, {"E2E-0003"}, {"E2E-0005"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := group(tt.file)
			path, doc := renderFile(t, b)
			assertExpect(t, doc, tt.want)
			assertMatches(t, doc, b)
			t.Run("xsd", func(t *testing.T) { xmllint(t, path) })
		})
	}
}

// The longest identifiers and names, and more batches than fit a one-digit index.
func TestRenderLongest(t *testing.T) {
	f := exampleFile()
	f.Sender = payment.Sender{ID: pad("ACME-CORP-", 35), Name: pad("Very Long Legal Name & Co ", 100)}
	f.FileReference = pad("Pay-2026-11-25-", 35)
	for d := 1; d <= 12; d++ {
		p := f.Payments[1]
		p.Line, p.EndToEndID, p.ExecutionDate = 3+d, "E2E-1"+strconv.Itoa(d), "2026-12-"+strconv.Itoa(10+d)
		f.Payments = append(f.Payments, p)
		f.ControlSum += p.Amount
	}
	b := group(f)
	path, doc := renderFile(t, b)
	assertMatches(t, doc, b)
	if got := doc.PmtInf[0].DbtrNm; got != Prefix(converted(t, f.Sender.Name), 70) {
		t.Errorf("Dbtr/Nm %q, want the sender name cut to 70 characters", got)
	}
	t.Run("xsd", func(t *testing.T) { xmllint(t, path) })
}

func TestRenderSenderWithoutName(t *testing.T) {
	f := exampleFile()
	f.Sender.Name = ""
	_, doc := renderFile(t, group(f))
	if doc.GrpHdr.InitgNm != "ACME-CORP" || doc.PmtInf[0].DbtrNm != "ACME-CORP" {
		t.Errorf("names %q, %q: want the sender id", doc.GrpHdr.InitgNm, doc.PmtInf[0].DbtrNm)
	}
}

// renderFile renders b into a temporary file and reads it back.
func renderFile(t *testing.T, b *payment.Batches) (string, document) {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, b, fixedTime); err != nil {
		t.Fatalf("Render: %v", err)
	}
	path := filepath.Join(t.TempDir(), FileName(b.Sender.ID, b.FileReference))
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := CheckCharset(buf.Bytes()); err != nil {
		t.Fatalf("File B fails the EPC character check: %v", err)
	}
	var doc document
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("rendered XML does not parse: %v", err)
	}
	return path, doc
}

func assertExpect(t *testing.T, doc document, want expect) {
	t.Helper()
	got := expect{nbOfTxs: doc.GrpHdr.NbOfTxs, ctrlSum: doc.GrpHdr.CtrlSum}
	for _, p := range doc.PmtInf {
		got.pmtInfIDs = append(got.pmtInfIDs, p.PmtInfID)
		got.sums = append(got.sums, p.CtrlSum)
		var ids []string
		for _, x := range p.Tx {
			ids = append(ids, x.EndToEndID)
		}
		got.e2e = append(got.e2e, ids)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("document:\n got %+v\nwant %+v", got, want)
	}
}
