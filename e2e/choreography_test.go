package e2e

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/pain001"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// TestPipeline drives the shipped samples and the bad inputs of the spec through one
// pipeline per component profile (testpipe.Profiles: CHOREO_PROFILES, by default local,
// azurite and rabbitmq): every valid file ends with a schema-valid File B matching File A,
// every invalid one with File A in the rejected area beside a report with the right
// codes. The apps are the same binaries on every profile; only the component YAML
// differs.
func TestPipeline(t *testing.T) {
	onEveryProfile(t, testpipe.Options{}, pipeline)
}

func pipeline(t *testing.T, p *testpipe.Pipeline) {
	t.Run("valid samples produce File B", func(t *testing.T) {
		sizes := map[string]int{}
		for _, name := range []string{"acme-example.csv", "acme-payroll.csv", "globex-crlf.csv"} {
			content := readSample(t, name)
			p.Drop(name, content)
			sizes[name] = len(content)
		}
		for _, c := range []struct{ name, sender, ref string }{
			{"acme-example.csv", "ACME-CORP", "PAY-2026-11-25-001"},
			{"acme-payroll.csv", "ACME-CORP", "PAYROLL-2026-11"},
			{"globex-crlf.csv", "GLOBEX-LTD", "GX-0001"},
		} {
			o := p.Await(c.name, time.Minute)
			if o.Kind != "created" {
				t.Fatalf("%s: %s, want created; report: %v", c.name, o.Kind, p.ReportCodes(o))
			}
			fileA, _ := whole(p, o, c.name, sizes[c.name])
			b := checkFileB(t, p, pain001.FileName(c.sender, c.ref), fileA)
			if b.MsgID != pain001.MsgID(c.sender, c.ref) {
				t.Errorf("%s: MsgId %q", c.name, b.MsgID)
			}
			// The creator empties staging once file.created is out, while intake files
			// File A away: soon after the outcome, not before it.
			p.Eventually(30*time.Second, c.name+": staged data removed", func() bool {
				return len(p.List("staging", o.FileID+"/")) == 0
			})
		}
		p.Eventually(30*time.Second, "no File A left in the inbox", func() bool {
			return !slices.ContainsFunc(p.List("inbox", ""), func(n string) bool { return strings.HasSuffix(n, ".csv") })
		})
		// blob.created events announced the files (from inbox-watch on folders, from the
		// uploader on Azurite), not a reconciliation.
		for _, name := range []string{"acme-example.csv", "acme-payroll.csv", "globex-crlf.csv"} {
			if logged(p.Logs("intake"), `"outcome":"reconciled"`, `"blob":"`+name+`"`) {
				t.Errorf("%s was found by the reconciliation, not by its blob.created event", name)
			}
			if p.Profile != "azurite" && !logged(p.Logs("inbox-watch"), `"msg":"blob created"`, `"blob":"`+name+`"`) {
				t.Errorf("inbox-watch published no blob.created event for %s", name)
			}
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
			codes := p.ReportCodes(o)
			for _, w := range c.want {
				if !slices.ContainsFunc(codes, func(s string) bool { return strings.HasSuffix(s, " "+w) }) {
					t.Errorf("%s: report %v lacks %q", c.name, codes, w)
				}
			}
			if kept, err := whole(p, o, c.stored, len(c.content)); err != nil || len(kept) != len(c.content) {
				t.Errorf("%s: File A not kept whole in the rejected area (%d bytes, %v)", c.name, len(kept), err)
			}
		}
	})
}

// whole reads a file kept with an outcome once it has its full size, waiting up to 30 s:
// local folders show a file while it is being written (moving 100 MB takes a moment).
func whole(p *testpipe.Pipeline, o testpipe.Outcome, name string, size int) ([]byte, error) {
	deadline := time.Now().Add(30 * time.Second)
	for {
		b, err := p.File(o, name)
		if (err == nil && len(b) == size) || time.Now().After(deadline) {
			return b, err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// logged says whether one line of a log holds every part.
func logged(log string, parts ...string) bool {
	for _, line := range strings.Split(log, "\n") {
		if !slices.ContainsFunc(parts, func(s string) bool { return !strings.Contains(line, s) }) {
			return true
		}
	}
	return false
}

// onEveryProfile runs test once per component profile (testpipe.Profiles), each a
// subtest named after its profile, on a pipeline of that profile started with o.
func onEveryProfile(t *testing.T, o testpipe.Options, test func(t *testing.T, p *testpipe.Pipeline)) {
	for _, profile := range testpipe.Profiles() {
		t.Run(profile, func(t *testing.T) {
			o.Profile = profile
			test(t, testpipe.Start(t, o))
		})
	}
}
