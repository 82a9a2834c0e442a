// Package e2e runs the choreography for real: Redis, a daprd sidecar per app started from
// the project's dapr.yaml, and the four apps built from this tree. Under CI=true missing
// infrastructure fails the run; elsewhere it skips with the reason.
package e2e

import (
	"fmt"
	"github.com/paychoreo/choreography/internal/testpipe"
	"os"
	"testing"
)

// TestMain builds the apps and tools into bin/, where dapr.yaml expects them, so the
// suite never runs stale binaries.
func TestMain(m *testing.M) {
	if err := testpipe.BuildBinaries(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}
