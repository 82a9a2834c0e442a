package pain001

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// RenderSummed writes what Render writes and reports its true size and hash.
func TestRenderSummed(t *testing.T) {
	b := group(exampleFile())
	var plain, summed bytes.Buffer
	if err := Render(&plain, b, fixedTime); err != nil {
		t.Fatal(err)
	}
	w, err := RenderSummed(&summed, b, fixedTime)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(plain.Bytes())
	if !bytes.Equal(plain.Bytes(), summed.Bytes()) || w.Size != int64(plain.Len()) || w.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("RenderSummed = %+v for %d bytes (sha256 %x), or another document", w, plain.Len(), sum)
	}
}
