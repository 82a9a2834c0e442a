package paymentfile

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/paychoreo/choreography/internal/epc"
	"github.com/paychoreo/choreography/internal/payment"
)

// FuzzValidate: Validate never panics, never fails technically on a reader that cannot
// fail, and returns either an accepted file whose control sum is its payments' sum or
// a bounded list of violations on lines that exist.
func FuzzValidate(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*/*.csv")
	for _, path := range seeds {
		if b, err := os.ReadFile(path); err == nil && len(b) < 16<<10 {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, vs, err := Validate(context.Background(), bytes.NewReader(data), testLookup)
		if err != nil {
			t.Fatalf("technical error: %v", err)
		}
		if (file == nil) == (len(vs) == 0) {
			t.Fatalf("file %v and %d violations", file != nil, len(vs))
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		if file != nil {
			checkAccepted(t, file, lines)
		}
		if len(vs) > maxViolations+1 {
			t.Fatalf("%d violations", len(vs))
		}
		for _, v := range vs {
			if v.Line < 0 || v.Line > lines || v.Field == "" || v.Code == "" || v.Message == "" {
				t.Fatalf("violation %+v in a file of %d lines", v, lines)
			}
		}
	})
}

func checkAccepted(t *testing.T, file *payment.File, lines int) {
	t.Helper()
	if len(file.Payments) == 0 || file.ControlSum != sumOf(file.Payments) || file.Sender.Name == "" {
		t.Fatalf("accepted file %+v", file)
	}
	for _, p := range file.Payments {
		if p.Line < 2 || p.Line >= lines || p.Amount < minAmount || p.Amount > maxAmount {
			t.Fatalf("payment %+v", p)
		}
		// What File B carries converts into the EPC basic set and fits once converted.
		name, okName := epc.Len(p.CreditorName)
		rem, okRem := epc.Len(p.RemittanceInfo)
		if !okName || !okRem || name < 1 || name > maxCreditorName || rem > maxRemittanceInfo || !epc.Basic(p.EndToEndID) {
			t.Fatalf("payment %+v does not fit File B's character set", p)
		}
	}
}
