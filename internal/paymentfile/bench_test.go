package paymentfile

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/paychoreo/choreography/internal/payment"
)

// benchFile is a valid file of n payments, about 140 bytes each, within ACME-CORP's
// limit.
func benchFile(n int) []byte {
	var b bytes.Buffer
	b.WriteString("H,ACME-CORP,PAY-BENCH,2026-11-25T08:00:00+01:00\n")
	var sum payment.Amount
	for i := range n {
		a := payment.Amount(100 + i%900)
		sum += a
		fmt.Fprintf(&b, "D,E2E-%08d,DE89370400440532013000,2026-11-26,%s,EUR,\"Creditor %d, Ltd\",FR1420041010050500013M02606,BNPAFRPP,Invoice %d/2026\n",
			i, a, i, i)
	}
	fmt.Fprintf(&b, "T,%d,%s\n", n, sum)
	return b.Bytes()
}

func TestValidate100k(t *testing.T) {
	f, _ := validate(t, string(benchFile(100000)))
	if len(f.Payments) != 100000 {
		t.Errorf("%d payments", len(f.Payments))
	}
}

func BenchmarkValidate100k(b *testing.B) {
	data := benchFile(100000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		f, vs, err := Validate(context.Background(), bytes.NewReader(data), testLookup)
		if err != nil || f == nil {
			b.Fatalf("rejected: %v %v", vs, err)
		}
	}
}
