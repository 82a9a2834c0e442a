package pain001

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/paychoreo/choreography/internal/batch"
	"github.com/paychoreo/choreography/internal/payment"
)

// exampleFile is the example of the spec (payment-file-v1.md) as the validator stages it.
func exampleFile() *payment.File {
	return &payment.File{
		Sender:        payment.Sender{ID: "ACME-CORP", Name: "ACME Corporation"},
		FileReference: "PAY-2026-11-25-001",
		CreatedAt:     "2026-11-25T08:00:00+01:00",
		Payments: []payment.Payment{
			{Line: 2, EndToEndID: "E2E-0001", DebtorIBAN: "DE89370400440532013000", ExecutionDate: "2026-11-26",
				Amount: 125000, Currency: "EUR", CreditorName: "Widget Supplies GmbH",
				CreditorIBAN: "FR1420041010050500013M02606", CreditorBIC: "BNPAFRPP", RemittanceInfo: "Invoice 4711"},
			{Line: 3, EndToEndID: "E2E-0002", DebtorIBAN: "DE89370400440532013000", ExecutionDate: "2026-11-26",
				Amount: 9995, Currency: "EUR", CreditorName: "Smith, Jones & Co",
				CreditorIBAN: "NL91ABNA0417164300", RemittanceInfo: "Order 12"},
		},
		ControlSum: 134995,
	}
}

// pad repeats unit and cuts the result to exactly n characters.
func pad(unit string, n int) string {
	return Prefix(strings.Repeat(unit, n), n)
}

// multiFile has three accounts, two dates, the longest texts File A accepts, markup
// characters and characters outside ASCII that convert one for one into the EPC basic
// set, BICs of 8 and 11 characters and none, remittance empty and at its maximum.
func multiFile(t testing.TB) *payment.File {
	name70 := pad(`Smith & "Jones" <Ltd> O'Brien Ørsted Ñandú `, 70)
	rem140 := pad("Invoice 4711 & 4712 <due> \"now\" 'ok' ü€ ", 140)
	if utf8.RuneCountInString(name70) != 70 || utf8.RuneCountInString(rem140) != 140 {
		t.Fatal("fixture lengths are off")
	}
	const deA, frB, nlC = "DE89370400440532013000", "FR1420041010050500013M02606", "NL91ABNA0417164300"
	p := func(line int, e2e, debtor, date string, cents payment.Amount, name, iban, bic, rem string) payment.Payment {
		return payment.Payment{Line: line, EndToEndID: e2e, DebtorIBAN: debtor, ExecutionDate: date, Amount: cents,
			Currency: "EUR", CreditorName: name, CreditorIBAN: iban, CreditorBIC: bic, RemittanceInfo: rem}
	}
	f := &payment.File{
		Sender:        payment.Sender{ID: "ACME-CORP", Name: `ACME & Sons "International" <EU>`},
		FileReference: "PAY-2026-11-25-002",
		CreatedAt:     "2026-11-25T08:00:00+01:00",
		Payments: []payment.Payment{
			p(2, "E2E/0001", deA, "2026-11-26", 1, name70, "GB29NWBK60161331926819", "NWBKGB2LXXX", rem140),
			p(3, "E2E-0002", frB, "2026-11-26", 99_999_999_999, "Widget Supplies GmbH", "BE68539007547034", "GEBABEBB", ""),
			p(4, "E2E-0003", deA, "2026-11-27", 10, `Q "quoted" & 'single'`, "AT611904300234573201", "", "Zoë’s “quoted” – Œuvre…"),
			p(5, "E2E-0004", deA, "2026-11-26", 20, "Ñandú S.A.", "ES9121000418450200051332", "", ""),
			p(6, "E2E-0005", nlC, "2026-12-31", 134995, "a", "IT60X0542811101000000123456", "BNPAFRPP123", "x"),
			p(7, "e2e-0006-"+pad("9", 26), frB, "2026-11-26", 50, name70, "NL91ABNA0417164300", "", rem140),
		},
	}
	for _, q := range f.Payments {
		f.ControlSum += q.Amount
	}
	return f
}

func group(f *payment.File) *payment.Batches {
	b := batch.Group(f)
	return &b
}
