package main

import (
	"io"

	"github.com/paychoreo/choreography/internal/payment"
)

// sizeHint is about the size of File B for b (a CdtTrfTxInf is 550 to 650 bytes), so
// that the buffer it is written into is sized once.
func sizeHint(b *payment.Batches) int { return 4096 + 1024*len(b.Batches) + 640*b.NbOfTxs }

// countingWriter counts what passes through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
