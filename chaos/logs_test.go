//go:build chaos

package chaos

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

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
	os.WriteFile(filepath.Join(dir, "validator-state.txt"), []byte(dumpKeys(p, "validator||*")), 0o644)
}

// dumpKeys lists keys matching pattern with their data field, one per line.
func dumpKeys(p *testpipe.Pipeline, pattern string) string {
	var b strings.Builder
	keys, _ := p.Do("KEYS", pattern)
	list, _ := keys.([]any)
	for _, k := range list {
		key, _ := k.(string)
		v, _ := p.Do("HGETALL", key)
		fmt.Fprintf(&b, "%s %v\n", key, v)
	}
	return b.String()
}
