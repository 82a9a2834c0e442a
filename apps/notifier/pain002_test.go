package notifier

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/paychoreo/choreography/internal/pain002"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// TestPain002NameMatches holds the notifier's name of a status report to the reporter's
// (internal/pain002.Name): the notifier names the report without asking anyone.
func TestPain002NameMatches(t *testing.T) {
	node, err := exec.LookPath("node")
	testpipe.Need(t, "node (Node.js 20 or later)", err)
	const id = "f-0123456789abcdef01234567"
	out, err := exec.Command(node, "-e", `process.stdout.write(require("./lib/notices").pain002Name(process.argv[1]))`, id).Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	if got := strings.TrimSpace(string(out)); got != pain002.Name(id) {
		t.Errorf("the notifier names the report %q, the reporter %q", got, pain002.Name(id))
	}
}
