package pain001

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paychoreo/choreography/internal/testsupport/tools"
)

// xsd is the shared schema, used in place: it is never copied into the project.
const xsd = "../../../shared/iso20022/pain.001.001.09.xsd"

// xmllint validates the document at path against the schema. Without xmllint the check
// cannot run: CI must have it, so there the test fails; elsewhere it skips and says why.
func xmllint(t *testing.T, path string) {
	t.Helper()
	if err := tools.Xmllint(t, xsd, path); err != nil {
		t.Fatalf("xmllint rejects %s: %v", path, err)
	}
}

// The schema check must be able to fail, and the limits Render checks must be the
// schema's: each fixture value at its limit is valid (TestRender), and one character
// or cent past it is rejected. This also shows xmllint counts characters as the checks
// do, on text converted into the EPC basic set.
func TestXmllintRejectsPastTheLimits(t *testing.T) {
	f := multiFile(t)
	var sb strings.Builder
	if err := Render(&sb, group(f), fixedTime); err != nil {
		t.Fatal(err)
	}
	doc := sb.String()
	name, rem, e2e := converted(t, f.Payments[0].CreditorName), converted(t, f.Payments[0].RemittanceInfo), f.Payments[5].EndToEndID
	tests := map[string][2]string{
		"Nm of 71":         {">" + name + "<", ">" + name + "x<"},
		"Ustrd of 141":     {">" + rem + "<", ">" + rem + "x<"},
		"EndToEndId of 36": {">" + e2e + "<", ">" + e2e + "x<"},
		"InstdAmt too big": {">999999999.99<", ">1000000000.00<"},
		"BICFI lowercase":  {">GEBABEBB<", ">gebabebb<"},
		"not SEPA":         {"<Cd>SEPA</Cd>", "<Cd>URGP</Cd>"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if !strings.Contains(doc, tt[0]) {
				t.Fatalf("fixture has no %q", tt[0])
			}
			path := filepath.Join(t.TempDir(), "bad.xml")
			if err := os.WriteFile(path, []byte(strings.Replace(doc, tt[0], tt[1], 1)), 0o600); err != nil {
				t.Fatal(err)
			}
			if tools.Xmllint(t, xsd, path) == nil {
				t.Fatal("xmllint accepted it")
			}
		})
	}
}
