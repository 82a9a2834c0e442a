package notifier

import (
	"strings"
	"testing"

	"github.com/paychoreo/choreography/internal/pain002"
)

// TestPain002NameMatches holds the notifier's name of a status report to the reporter's
// (internal/pain002.Name): the notifier names the report without asking anyone.
func TestPain002NameMatches(t *testing.T) {
	const id = "f-0123456789abcdef01234567"
	out := runNode(t, "-e", `process.stdout.write(require("./lib/notices").pain002Name(process.argv[1]))`, id)
	if got := strings.TrimSpace(string(out)); got != pain002.Name(id) {
		t.Errorf("the notifier names the report %q, the reporter %q", got, pain002.Name(id))
	}
}
