package e2e

import (
	"github.com/paychoreo/choreography/internal/testpipe"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/pain001"
)

// TestPipeline drives the shipped samples and the bad inputs of the spec through one
// pipeline: every valid file ends with a schema-valid File B matching File A, every
// invalid one with File A in the rejected area beside a report with the right codes.
func TestPipeline(t *testing.T) {
	p := testpipe.Start(t, testpipe.Options{})
	t.Run("valid samples produce File B", func(t *testing.T) {
		for _, name := range []string{"acme-example.csv", "acme-payroll.csv", "globex-crlf.csv"} {
			content, err := os.ReadFile(filepath.Join(testpipe.Root, "samples", name))
			if err != nil {
				t.Fatal(err)
			}
			p.Drop(name, content)
		}
		for _, c := range []struct{ name, sender, ref string }{
			{"acme-example.csv", "ACME-CORP", "PAY-2026-11-25-001"},
			{"acme-payroll.csv", "ACME-CORP", "PAYROLL-2026-11"},
			{"globex-crlf.csv", "GLOBEX-LTD", "GX-0001"},
		} {
			o := p.Await(c.name, time.Minute)
			if o.Kind != "created" {
				t.Fatalf("%s: %s, want created; report: %v", c.name, o.Kind, testpipe.ReportCodes(t, o.Dir))
			}
			fileA, _ := os.ReadFile(filepath.Join(o.Dir, c.name))
			b := checkFileB(t, filepath.Join(p.Data, "outbox", pain001.FileName(c.sender, c.ref)), fileA)
			if b.MsgID != pain001.MsgID(c.sender, c.ref) {
				t.Errorf("%s: MsgId %q", c.name, b.MsgID)
			}
			if left, _ := filepath.Glob(filepath.Join(p.Data, "staging", o.FileID, "*")); len(left) > 0 {
				t.Errorf("%s: staged data left behind: %v", c.name, left)
			}
		}
		if left, _ := filepath.Glob(filepath.Join(p.Data, "inbox", "*.csv")); len(left) > 0 {
			t.Errorf("File A left in the inbox: %v", left)
		}
	})
	t.Run("bad input is rejected with reasons", func(t *testing.T) {
		for _, c := range badInputs() {
			p.Drop(c.name, c.content)
		}
		for _, c := range badInputs() {
			o := p.Await(c.stored, 2*time.Minute)
			if o.Kind != "rejected" {
				t.Errorf("%s: %s, want rejected", c.name, o.Kind)
				continue
			}
			codes := testpipe.ReportCodes(t, o.Dir)
			for _, w := range c.want {
				if !slices.ContainsFunc(codes, func(s string) bool { return strings.HasSuffix(s, " "+w) }) {
					t.Errorf("%s: report %v lacks %q", c.name, codes, w)
				}
			}
			if kept, err := os.ReadFile(filepath.Join(o.Dir, c.stored)); err != nil || len(kept) != len(c.content) {
				t.Errorf("%s: File A not kept whole in the rejected area (%d bytes, %v)", c.name, len(kept), err)
			}
		}
	})
}
