package pain001

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/payment"
)

// Batches that cannot make a valid document are refused before anything is written.
func TestRenderRefusesInvalid(t *testing.T) {
	tests := map[string]func(b *payment.Batches){
		"empty sender id":       func(b *payment.Batches) { b.Sender.ID = "" },
		"sender id of 36":       func(b *payment.Batches) { b.Sender.ID = strings.Repeat("S", 36) },
		"no batches":            func(b *payment.Batches) { b.Batches, b.NbOfTxs, b.ControlSum = nil, 0, 0 },
		"empty batch":           func(b *payment.Batches) { b.Batches[0].Payments, b.NbOfTxs = nil, 0 },
		"NbOfTxs off":           func(b *payment.Batches) { b.NbOfTxs++ },
		"CtrlSum off":           func(b *payment.Batches) { b.ControlSum++ },
		"batch CtrlSum off":     func(b *payment.Batches) { b.Batches[0].ControlSum++; b.ControlSum++ },
		"debtor IBAN lowercase": func(b *payment.Batches) { setDebtor(b, "de89370400440532013000") },
		"not a date":            func(b *payment.Batches) { setDate(b, "2026-02-30") },
		"payment of other batch": func(b *payment.Batches) {
			b.Batches[0].Payments[1].ExecutionDate = "2026-11-27"
		},
		"E2E empty":         func(b *payment.Batches) { p0(b).EndToEndID = "" },
		"E2E of 36":         func(b *payment.Batches) { p0(b).EndToEndID = strings.Repeat("e", 36) },
		"amount zero":       func(b *payment.Batches) { setAmount(b, 0) },
		"amount too big":    func(b *payment.Batches) { setAmount(b, maxCents+1) },
		"currency USD":      func(b *payment.Batches) { p0(b).Currency = "USD" },
		"name empty":        func(b *payment.Batches) { p0(b).CreditorName = "" },
		"name of 71":        func(b *payment.Batches) { p0(b).CreditorName = pad("ü&", 71) },
		"creditor IBAN":     func(b *payment.Batches) { p0(b).CreditorIBAN = "FR14 2004 1010" },
		"BIC of 9":          func(b *payment.Batches) { p0(b).CreditorBIC = "BNPAFRPPX" },
		"BIC lowercase":     func(b *payment.Batches) { p0(b).CreditorBIC = "bnpafrpp" },
		"remittance of 141": func(b *payment.Batches) { p0(b).RemittanceInfo = pad("€<", 141) },
		// Text must convert into the EPC basic set and fit once converted.
		"name emoji":                       func(b *payment.Batches) { p0(b).CreditorName = "Pizza 🍕" },
		"name CJK":                         func(b *payment.Batches) { p0(b).CreditorName = "山田" },
		"name of 72 once converted":        func(b *payment.Batches) { p0(b).CreditorName = pad("ß", 36) },
		"remittance tab":                   func(b *payment.Batches) { p0(b).RemittanceInfo = "Line\tone" },
		"remittance Russian":               func(b *payment.Batches) { p0(b).RemittanceInfo = "Фёдоров" },
		"remittance of 141 once converted": func(b *payment.Batches) { p0(b).RemittanceInfo = pad("r", 139) + "Æ" },
	}
	for name, mutate := range tests {
		t.Run(name, func(t *testing.T) {
			b := group(exampleFile())
			mutate(b)
			var out bytes.Buffer
			err := Render(&out, b, fixedTime)
			if !errors.Is(err, ErrInvalid) || out.Len() != 0 {
				t.Fatalf("Render = %v with %d bytes written, want ErrInvalid and nothing", err, out.Len())
			}
			t.Log(err)
		})
	}
}

func TestRenderRefusesYear(t *testing.T) {
	for _, y := range []int{0, 10000} {
		err := Render(&bytes.Buffer{}, group(exampleFile()), time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC))
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("year %d: Render = %v, want ErrInvalid", y, err)
		}
	}
}

func p0(b *payment.Batches) *payment.Payment { return &b.Batches[0].Payments[0] }

func setAmount(b *payment.Batches, a payment.Amount) {
	d := a - p0(b).Amount
	p0(b).Amount, b.Batches[0].ControlSum, b.ControlSum = a, b.Batches[0].ControlSum+d, b.ControlSum+d
}

func setDebtor(b *payment.Batches, iban string) {
	b.Batches[0].DebtorIBAN = iban
	for i := range b.Batches[0].Payments {
		b.Batches[0].Payments[i].DebtorIBAN = iban
	}
}

func setDate(b *payment.Batches, date string) {
	b.Batches[0].ExecutionDate = date
	for i := range b.Batches[0].Payments {
		b.Batches[0].Payments[i].ExecutionDate = date
	}
}

func TestPatterns(t *testing.T) {
	tests := []struct {
		name string
		ok   func(string) bool
		in   string
		want bool
	}{
		{"IBAN", isIBAN, "DE89370400440532013000", true},
		{"IBAN", isIBAN, "FR1420041010050500013M02606", true},
		{"IBAN", isIBAN, "XX00a", true}, // the pattern, not ISO 13616: mod 97 is the validator's
		{"IBAN", isIBAN, "XX00", false},
		{"IBAN", isIBAN, "de89370400440532013000", false},
		{"IBAN", isIBAN, "DEx9370400440532013000", false},
		{"IBAN", isIBAN, "DE89 3704 0044", false},
		{"IBAN", isIBAN, "DE00" + strings.Repeat("1", 30), true},
		{"IBAN", isIBAN, "DE00" + strings.Repeat("1", 31), false},
		{"BIC", isBIC, "BNPAFRPP", true},
		{"BIC", isBIC, "NWBKGB2LXXX", true},
		{"BIC", isBIC, "1234DE12", true},
		{"BIC", isBIC, "BNPA1RPP", false},
		{"BIC", isBIC, "BNPAFRP", false},
		{"BIC", isBIC, "BNPAFRPPXX", false},
		{"BIC", isBIC, "BNPAFRPPxxx", false},
		{"date", isDate, "2028-02-29", true},
		{"date", isDate, "2026-02-29", false},
		{"date", isDate, "2026-1-05", false},
		{"date", isDate, "0000-01-01", false},
		{"date", isDate, "2026-11-26T00:00:00", false},
	}
	for _, tt := range tests {
		if got := tt.ok(tt.in); got != tt.want {
			t.Errorf("%s %q: got %v, want %v", tt.name, tt.in, got, tt.want)
		}
	}
}
