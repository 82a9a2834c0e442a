package paymentfile

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/paychoreo/choreography/internal/refdata"
)

var errStoreDown = errors.New("state store down")

type failingReader struct{ after io.Reader }

func (r failingReader) Read(p []byte) (int, error) {
	n, err := r.after.Read(p)
	if err == io.EOF {
		return n, errStoreDown
	}
	return n, err
}

// Technical failures come back as errors, never as violations.
func TestValidateTechnicalErrors(t *testing.T) {
	down := func(context.Context, string) (*refdata.Sender, error) { return nil, errStoreDown }
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name   string
		ctx    context.Context
		r      io.Reader
		lookup SenderLookup
		want   error
	}{
		{"lookup fails", context.Background(), strings.NewReader(specExample), down, errStoreDown},
		{"reader fails", context.Background(), failingReader{strings.NewReader(specExample)}, testLookup, errStoreDown},
		{"context cancelled", cancelled, strings.NewReader(specExample), testLookup, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, vs, err := Validate(tt.ctx, tt.r, tt.lookup)
			if !errors.Is(err, tt.want) || f != nil || vs != nil {
				t.Errorf("got %v, %v, %v; want only error %v", f, vs, err, tt.want)
			}
		})
	}
}

// The lookup is not called for a malformed sender_id, nor for a header off line 1.
func TestValidateLookupOnlyForWellFormedHeader(t *testing.T) {
	for _, in := range []string{spec("ACME-CORP", "acme"), spec("H,", "X,"), "D\n" + specExample} {
		calls := 0
		count := func(ctx context.Context, id string) (*refdata.Sender, error) { calls++; return testLookup(ctx, id) }
		if _, _, err := Validate(context.Background(), strings.NewReader(in), count); err != nil || calls != 0 {
			t.Errorf("%d lookups, error %v for %q", calls, err, in[:20])
		}
	}
}

func TestValidateCapsViolations(t *testing.T) {
	var b strings.Builder
	b.WriteString("H,ACME-CORP,PAY-1,2026-11-25T08:00:00+01:00\n")
	for range maxViolations + 5 {
		b.WriteString("D,,DE89370400440532013000,2026-11-26,1.00,EUR,X,NL91ABNA0417164300,,\n")
	}
	b.WriteString("T,1005,1005.00\n")
	_, vs := validate(t, b.String())
	if len(vs) != maxViolations+1 {
		t.Fatalf("%d violations, want %d", len(vs), maxViolations+1)
	}
	last := vs[len(vs)-1]
	if last.Code != CodeTooManyViolations || !strings.HasPrefix(last.Message, "5 more") {
		t.Errorf("last violation = %+v", last)
	}
}
