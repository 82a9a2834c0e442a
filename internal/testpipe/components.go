package testpipe

import (
	"os"
	"path/filepath"
	"testing"
)

// LocalComponents writes the local profile's components for a test that starts an app
// and its sidecar by itself (not through Start): Redis at redisAddr, database db, the
// storage areas as folders under data, which it creates. It returns the folder to pass
// as daprd's --resources-path.
func LocalComponents(t *testing.T, redisAddr string, db int, data string) string {
	t.Helper()
	p := &Pipeline{T: t, Data: data, Redis: redisAddr, DB: db, Profile: "local"}
	for _, d := range []string{"inbox", "outbox", "rejected", "archive", "staging", "quarantine", "reports", "evidence", "notifications"} {
		if err := os.MkdirAll(filepath.Join(data, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return p.components(nil)
}
