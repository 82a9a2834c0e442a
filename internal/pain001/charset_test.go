package pain001

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paychoreo/choreography/internal/epc/epctest"
	"github.com/paychoreo/choreography/internal/payment"
)

// CheckCharset passes what Render writes and fails, naming the place, on any text a
// gateway holding to the EPC basic set would refuse.
func TestCheckCharset(t *testing.T) {
	var good bytes.Buffer
	if err := Render(&good, group(exampleFile()), fixedTime); err != nil {
		t.Fatal(err)
	}
	doc := good.String()
	if err := CheckCharset(good.Bytes()); err != nil {
		t.Fatalf("rendered File B: %v", err)
	}
	tests := map[string][3]string{ // old, new, what the error must say
		"umlaut in a name":      {"<Nm>Smith, Jones + Co</Nm>", "<Nm>Smith, Jönes</Nm>", "Cdtr/Nm: 'ö' (U+00F6)"},
		"escaped ampersand":     {"<Nm>Smith, Jones + Co</Nm>", "<Nm>Smith &amp; Jones</Nm>", "Cdtr/Nm: '&' (U+0026)"},
		"character reference":   {"<Ustrd>Order 12</Ustrd>", "<Ustrd>&#39;x&#39;</Ustrd>", "byte 0x26"},
		"tab in a remittance":   {"<Ustrd>Order 12</Ustrd>", "<Ustrd>a\tb</Ustrd>", "RmtInf/Ustrd: '\\t' (U+0009)"},
		"attribute":             {`Ccy="EUR"`, `Ccy="€"`, "InstdAmt@Ccy: '€' (U+20AC)"},
		"text beside elements":  {"<Cdtr>\n", "<Cdtr>Ü\n", "text beside elements"},
		"comment":               {"<Cdtr>\n", "<Cdtr><!-- Müller -->\n", "comment"},
		"not XML":               {"</Document>", "</Documen>", "not well-formed"},
		"a non-ASCII tag name":  {"<Cdtr>\n", "<Cdtr><Ü/>\n", "byte 0xc3"},
		"carriage return lines": {"<Cdtr>\n", "<Cdtr>\r\n", "byte 0x0d"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if !strings.Contains(doc, tt[0]) {
				t.Fatalf("File B has no %q", tt[0])
			}
			err := CheckCharset([]byte(strings.Replace(doc, tt[0], tt[1], 1)))
			if !errors.Is(err, ErrCharset) || !strings.Contains(err.Error(), tt[2]) {
				t.Fatalf("CheckCharset = %v, want ErrCharset saying %q", err, tt[2])
			}
			t.Log(err)
		})
	}
}

// TestRenderCorpus: one File B holds every name of the corpus that converts, as the
// creditor's name and the remittance information, and the sender's name: it passes the
// XSD and the EPC check and carries the converted text. A name that does not convert
// makes Render refuse, writing nothing.
func TestRenderCorpus(t *testing.T) {
	f := exampleFile()
	f.Payments, f.ControlSum = nil, 0
	var want []string
	for _, c := range epctest.Corpus(t) {
		p := exampleFile().Payments[0]
		p.CreditorName, p.RemittanceInfo = c.Input, c.Input
		if !c.Convertible() {
			t.Run(fmt.Sprintf("refused %s", c.Language), func(t *testing.T) { assertRefused(t, p) })
			continue
		}
		p.Line, p.EndToEndID = len(f.Payments)+2, fmt.Sprintf("E2E-%d", c.Line)
		f.Payments, f.ControlSum = append(f.Payments, p), f.ControlSum+p.Amount
		want = append(want, c.Want)
	}
	f.Sender.Name = "Bäckerei Müller & Söhne “Þór”"
	b := group(f)
	path, doc := renderFile(t, b) // checks the character set
	assertMatches(t, doc, b)
	for i, x := range doc.PmtInf[0].Tx {
		if x.CdtrNm != want[i] || *x.Ustrd != want[i] {
			t.Errorf("%s: Nm %q, Ustrd %q, want %q", x.EndToEndID, x.CdtrNm, *x.Ustrd, want[i])
		}
	}
	if got := doc.GrpHdr.InitgNm; got != "Backerei Muller + Sohne 'Thor'" {
		t.Errorf("InitgPty/Nm %q", got)
	}
	t.Run("xsd", func(t *testing.T) { xmllint(t, path) })
}

func assertRefused(t *testing.T, p payment.Payment) {
	f := exampleFile()
	f.Payments = []payment.Payment{p}
	f.ControlSum = p.Amount
	var out bytes.Buffer
	err := Render(&out, group(f), fixedTime)
	if !errors.Is(err, ErrInvalid) || out.Len() != 0 {
		t.Errorf("Render = %v with %d bytes, want ErrInvalid and nothing", err, out.Len())
	}
}

// A sender's registered name that has no conversion is replaced by its id, as an empty
// one is: the reference table must not block every file of its sender.
func TestRenderSenderNameWithoutConversion(t *testing.T) {
	f := exampleFile()
	f.Sender.Name = "株式会社 ACME"
	_, doc := renderFile(t, group(f))
	if doc.GrpHdr.InitgNm != "ACME-CORP" || doc.PmtInf[0].DbtrNm != "ACME-CORP" {
		t.Errorf("names %q, %q: want the sender id", doc.GrpHdr.InitgNm, doc.PmtInf[0].DbtrNm)
	}
}

// The corpus file itself is where the tests say: a moved file would silently test
// nothing.
func TestCorpusIsRead(t *testing.T) {
	if n := len(epctest.Corpus(t)); n < 50 {
		t.Errorf("%d corpus names", n)
	}
	if _, err := os.Stat(filepath.Join("..", "epc", "testdata", "names.txt")); err != nil {
		t.Error(err)
	}
}
