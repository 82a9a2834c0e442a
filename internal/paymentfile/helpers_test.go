package paymentfile

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/paychoreo/choreography/internal/payment"
	"github.com/paychoreo/choreography/internal/refdata"
)

// testSenders is the reference table of every test: one active sender with an active
// and an inactive account, and one inactive sender.
var testSenders = map[string]*refdata.Sender{
	"ACME-CORP": {
		ID: "ACME-CORP", Name: "ACME Corporation", Active: true, MaxFileAmount: 1000000_00,
		Accounts: []refdata.Account{
			{IBAN: "DE89370400440532013000", Active: true},
			{IBAN: "DE02120300000000202051", Active: false},
		},
	},
	"SLEEPY-LTD": {
		ID: "SLEEPY-LTD", Name: "Sleepy Ltd", Active: false,
		Accounts: []refdata.Account{{IBAN: "DE02500105170137075030", Active: true}},
	},
}

func testLookup(_ context.Context, id string) (*refdata.Sender, error) {
	return testSenders[id], nil
}

// specExample is the example file of payment-file-v1.md.
const specExample = `H,ACME-CORP,PAY-2026-11-25-001,2026-11-25T08:00:00+01:00
D,E2E-0001,DE89370400440532013000,2026-11-26,1250.00,EUR,Widget Supplies GmbH,FR1420041010050500013M02606,BNPAFRPP,Invoice 4711
D,E2E-0002,DE89370400440532013000,2026-11-26,99.95,EUR,"Smith, Jones & Co",NL91ABNA0417164300,,Order 12
T,2,1349.95
`

// spec is the spec example with the first occurrence of each old replaced by new.
func spec(oldNew ...string) string {
	s := specExample
	for i := 0; i+1 < len(oldNew); i += 2 {
		if !strings.Contains(s, oldNew[i]) {
			panic("spec: no " + oldNew[i])
		}
		s = strings.Replace(s, oldNew[i], oldNew[i+1], 1)
	}
	return s
}

func validate(t testing.TB, text string) (*payment.File, []Violation) {
	t.Helper()
	f, vs, err := Validate(context.Background(), strings.NewReader(text), testLookup)
	if err != nil {
		t.Fatalf("Validate: technical error %v", err)
	}
	if (f == nil) == (len(vs) == 0) {
		t.Fatalf("Validate returned file %v and %d violations: want exactly one of them", f != nil, len(vs))
	}
	return f, vs
}

// keys are violations as "LINE FIELD CODE", sorted: the form of the .want files.
func keys(vs []Violation) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = fmt.Sprintf("%d %s %s", v.Line, v.Field, v.Code)
	}
	slices.Sort(out)
	return out
}

func sumOf(ps []payment.Payment) payment.Amount {
	var s payment.Amount
	for _, p := range ps {
		s += p.Amount
	}
	return s
}
