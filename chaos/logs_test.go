//go:build chaos

package chaos

import (
	"os"
	"os/exec"
	"path/filepath"

	"github.com/paychoreo/choreography/internal/testpipe"
)

// keepEvidence writes every app's log (both replica sets) and a listing of the data
// folder to $CHAOS_LOGS, when set: the temp folders are gone once the test ends, and a
// lost or doubled file is only explained by what the apps said about it.
func keepEvidence(p *testpipe.Pipeline) {
	dir := os.Getenv("CHAOS_LOGS")
	if dir == "" {
		return
	}
	os.MkdirAll(dir, 0o755)
	for _, app := range []string{"intake", "validator", "adaptor", "creator"} {
		os.WriteFile(filepath.Join(dir, app+".log"), []byte(p.Logs(app)), 0o644)
	}
	out, _ := exec.Command("find", p.Data, "-type", "f").Output()
	os.WriteFile(filepath.Join(dir, "data.txt"), out, 0o644)
	exec.Command("cp", "-r", p.Data, filepath.Join(dir, "data")).Run()
}
