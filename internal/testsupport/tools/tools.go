// Package tools finds the programs tests run (node, xmllint, redis-server) the way
// every test of this module must: missing, a test fails under CI and skips elsewhere,
// saying what to install (testpipe.Need).
package tools

import (
	"fmt"
	"os/exec"
	"testing"

	"github.com/paychoreo/choreography/internal/testpipe"
)

// Path is the program name on PATH; what says what it is and how to install it.
func Path(t testing.TB, name, what string) string {
	t.Helper()
	bin, err := exec.LookPath(name)
	testpipe.Need(t, what, err)
	return bin
}

// Xmllint validates the XML document at path against the XML Schema at schema: nil when
// it is valid, else xmllint's complaint.
func Xmllint(t testing.TB, schema, path string) error {
	t.Helper()
	bin := Path(t, "xmllint", "xmllint (Debian: apt-get install -y libxml2-utils), to validate against "+schema)
	if out, err := exec.Command(bin, "--noout", "--schema", schema, path).CombinedOutput(); err != nil {
		return fmt.Errorf("%w\n%s", err, out)
	}
	return nil
}
