package pain001

import (
	"fmt"
	"io"
	"testing"

	"github.com/paychoreo/choreography/internal/payment"
)

// bigBatches is n payments over 10 debtor accounts and 2 dates, with realistic fields.
func bigBatches(n int) *payment.Batches {
	f := exampleFile()
	f.Payments, f.ControlSum = make([]payment.Payment, n), 0
	for i := range f.Payments {
		p := payment.Payment{Line: i + 2, EndToEndID: fmt.Sprintf("E2E-%08d", i),
			DebtorIBAN: fmt.Sprintf("DE%020d", i%10), ExecutionDate: fmt.Sprintf("2026-11-2%d", 6+i%2),
			Amount: payment.Amount(i%1_000_000 + 1), Currency: "EUR", CreditorName: "Smith, Jones & Co",
			CreditorIBAN: "FR1420041010050500013M02606", RemittanceInfo: fmt.Sprintf("Invoice %d <Q4>", i)}
		if i%2 == 0 {
			p.CreditorBIC = "BNPAFRPP"
		}
		f.Payments[i], f.ControlSum = p, f.ControlSum+p.Amount
	}
	return group(f)
}

// BenchmarkRender100k renders 100,000 payments into io.Discard.
func BenchmarkRender100k(b *testing.B) {
	in := bigBatches(100_000)
	var size countingWriter
	if err := Render(&size, in, fixedTime); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		if err := Render(io.Discard, in, fixedTime); err != nil {
			b.Fatal(err)
		}
	}
}

// Render streams: it allocates the same for 100 payments as for 10,000, so its memory
// does not grow with the document.
func TestRenderMemoryIndependentOfSize(t *testing.T) {
	small, large := bigBatches(100), bigBatches(10_000)
	allocs := func(b *payment.Batches) float64 {
		return testing.AllocsPerRun(5, func() { _ = Render(io.Discard, b, fixedTime) })
	}
	if s, l := allocs(small), allocs(large); s != l {
		t.Errorf("allocations: %v for 100 payments, %v for 10,000", s, l)
	}
}

type countingWriter int

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}
