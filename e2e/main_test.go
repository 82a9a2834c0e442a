// Package e2e runs the choreography for real: Redis, a daprd sidecar per app started from
// the project's dapr.yaml, and the four apps built from this tree. Under CI=true missing
// infrastructure fails the run; elsewhere it skips with the reason.
package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
)

// TestMain builds the apps and tools into bin/, where dapr.yaml expects them, so the
// suite never runs stale binaries.
func TestMain(m *testing.M) {
	for _, pkg := range []string{"apps/intake", "apps/validator", "apps/adaptor", "apps/creator", "cmd/choreo"} {
		cmd := exec.Command("go", "build", "-o", "bin/", "./"+pkg)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "build %s: %v\n%s", pkg, err, out)
			os.Exit(1)
		}
	}
	os.Exit(m.Run())
}
