package launch

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// FindDaprd returns the daprd to run: $DAPRD if set; else ~/.dapr/bin/daprd, where
// `dapr init` puts it (so a user with the CLI runs the same binary both ways); else
// <projectRoot>/bin/daprd, which `make daprd` builds.
func FindDaprd(projectRoot string) (string, error) {
	if p := os.Getenv("DAPRD"); p != "" {
		if !executable(p) {
			return "", fmt.Errorf("launch: DAPRD=%s is not an executable file", p)
		}
		return p, nil
	}
	var tried []string
	if home, err := os.UserHomeDir(); err == nil {
		p := filepath.Join(home, ".dapr", "bin", "daprd")
		if executable(p) {
			return p, nil
		}
		tried = append(tried, p)
	}
	p, err := filepath.Abs(filepath.Join(projectRoot, "bin", "daprd"))
	if err == nil && executable(p) {
		return p, nil
	}
	tried = append(tried, p)
	return "", errors.New("launch: no daprd found (looked at $DAPRD, " + fmt.Sprint(tried) +
		"); run `make daprd` to build bin/daprd, or set DAPRD")
}

func executable(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0
}
