//go:build chaos

package chaos

import (
	"fmt"
	"os"
	"testing"

	"github.com/paychoreo/choreography/internal/testpipe"
)

// TestMain builds the apps into bin/ so the run never exercises stale binaries.
func TestMain(m *testing.M) {
	if err := testpipe.BuildBinaries(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}
