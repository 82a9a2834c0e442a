package pain002

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/paychoreo/choreography/internal/testpipe"
)

// xsd is ISO's schema, shared and used in place: it is never copied into the project.
const xsd = "../../../shared/iso20022/pain.002.001.10.xsd"

// lookXmllint finds xmllint. CI must have it (a failure there); elsewhere the schema
// checks skip and say why.
func lookXmllint(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		testpipe.Need(t, "xmllint (Debian: apt-get install -y libxml2-utils), to validate reports against "+xsd, err)
	}
	return bin
}

// schemaErrors validates a document against the schema: nil when it is valid.
func schemaErrors(t *testing.T, doc []byte) error {
	t.Helper()
	path := filepath.Join(t.TempDir(), "report.xml")
	if err := os.WriteFile(path, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(lookXmllint(t), "--noout", "--schema", xsd, path).CombinedOutput()
	if err != nil {
		return &lintError{err: err, out: string(out)}
	}
	return nil
}

type lintError struct {
	err error
	out string
}

func (e *lintError) Error() string { return e.err.Error() + "\n" + e.out }

// xmllint fails the test when the document breaks the schema.
func xmllint(t *testing.T, doc []byte) {
	t.Helper()
	if err := schemaErrors(t, doc); err != nil {
		t.Fatalf("xmllint rejects the report: %v\n%s", err, doc)
	}
}
