package pain002

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/paychoreo/choreography/internal/testsupport/tools"
)

// xsd is ISO's schema, shared and used in place: it is never copied into the project.
const xsd = "../../../shared/iso20022/pain.002.001.10.xsd"

// schemaErrors validates a document against the schema: nil when it is valid. CI must
// have xmllint (a failure there); elsewhere the schema checks skip and say why.
func schemaErrors(t *testing.T, doc []byte) error {
	t.Helper()
	path := filepath.Join(t.TempDir(), "report.xml")
	if err := os.WriteFile(path, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	return tools.Xmllint(t, xsd, path)
}

// xmllint fails the test when the document breaks the schema.
func xmllint(t *testing.T, doc []byte) {
	t.Helper()
	if err := schemaErrors(t, doc); err != nil {
		t.Fatalf("xmllint rejects the report: %v\n%s", err, doc)
	}
}
