package batch

import (
	"fmt"
	"testing"

	"github.com/paychoreo/choreography/internal/payment"
)

// BenchmarkGroup groups 100,000 payments spread over 20 accounts and 5 dates.
func BenchmarkGroup(b *testing.B) {
	f := benchFile()
	b.ReportAllocs()
	for b.Loop() {
		Group(f)
	}
}

// BenchmarkGroupInPlace is the same, reordering the file's own array; each round
// starts from file order again (the copy back is part of the measured time).
func BenchmarkGroupInPlace(b *testing.B) {
	orig := benchFile()
	f := &payment.File{Payments: make([]payment.Payment, len(orig.Payments))}
	b.ReportAllocs()
	for b.Loop() {
		copy(f.Payments, orig.Payments)
		GroupInPlace(f)
	}
}

func benchFile() *payment.File {
	f := &payment.File{Payments: make([]payment.Payment, 100_000)}
	for i := range f.Payments {
		f.Payments[i] = payment.Payment{
			Line:          i + 2,
			EndToEndID:    fmt.Sprintf("E2E-%d", i),
			DebtorIBAN:    fmt.Sprintf("DE%020d", i%20),
			ExecutionDate: fmt.Sprintf("2026-11-%02d", 20+i%5),
			Amount:        payment.Amount(i%100000 + 1),
		}
	}
	return f
}
