package pain001

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"time"

	"github.com/paychoreo/choreography/internal/payment"
)

// Written is what RenderSummed wrote: File B's size and SHA-256, for its trigger.
type Written struct {
	Size   int64
	SHA256 string
}

// RenderSummed is Render, measuring and hashing the document on its way to w.
func RenderSummed(w io.Writer, b *payment.Batches, created time.Time) (Written, error) {
	h := sha256.New()
	cw := &counter{w: io.MultiWriter(h, w)}
	if err := Render(cw, b, created); err != nil {
		return Written{}, err
	}
	return Written{Size: cw.n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

type counter struct {
	w io.Writer
	n int64
}

func (c *counter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
