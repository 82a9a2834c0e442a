package paymentfile

import (
	"context"
	"io"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
)

// junkReader yields n pseudo-random bytes without holding them.
type junkReader struct {
	rng *rand.ChaCha8
	n   int64
}

func (r *junkReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), r.n)]
	_, _ = r.rng.Read(p)
	r.n -= int64(len(p))
	return len(p), nil
}

// A 100 MB file of junk is rejected with a bounded report and bounded memory.
func TestValidateJunk(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 200 MB")
	}
	tests := []struct {
		name string
		r    io.Reader
	}{
		{"random bytes", &junkReader{rng: rand.NewChaCha8([32]byte{1}), n: 100 << 20}},
		{"no newline", io.LimitReader(repeatReader('D'), 100<<20)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			f, vs, err := Validate(context.Background(), tt.r, testLookup)
			runtime.ReadMemStats(&after)
			if err != nil || f != nil || len(vs) == 0 || len(vs) > maxViolations+1 {
				t.Fatalf("file %v, %d violations, error %v", f != nil, len(vs), err)
			}
			if grew := int64(after.HeapInuse) - int64(before.HeapInuse); grew > 32<<20 {
				t.Errorf("heap grew by %d MB", grew>>20)
			}
		})
	}
}

type repeatReader byte

func (r repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

// Binary data that is also a CSV of sorts: a PNG signature.
func TestValidatePNG(t *testing.T) {
	png := "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"
	_, vs := validate(t, png)
	want := []string{"0 record FORMAT", "0 record FORMAT", "0 record FORMAT",
		"1 record ENCODING", "1 record FORMAT", "2 record FORMAT", "3 record FORMAT"}
	if got := keys(vs); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", got, want)
	}
}
