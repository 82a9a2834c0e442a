// Package e2e runs the choreography for real: Redis, a daprd sidecar per app started from
// the project's dapr.yaml, and the apps built from this tree. Under CI=true missing
// infrastructure fails the run; elsewhere it skips with the reason.
package e2e

import (
	"fmt"
	"os"
	"testing"

	"github.com/paychoreo/choreography/internal/testpipe"
	"github.com/paychoreo/choreography/internal/userauth"
)

// TestMain builds the apps and tools into bin/, where dapr.yaml expects them, so the
// suite never runs stale binaries. It exports the tracker's login as make run does, so
// every tracker the suite starts wants it and every choreo it runs sends it.
func TestMain(m *testing.M) {
	os.Setenv(userauth.TokenEnv, testpipe.TrackerToken)
	if err := testpipe.BuildBinaries(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}
