package runfile

import (
	"path/filepath"
	"testing"
)

// Linux hands ports 32768-60999 to outgoing connections (net.ipv4.ip_local_port_range):
// any client socket may hold one for a moment, and a sidecar that wants it then fails to
// start ("creator: dapr gRPC port 50004 is already in use"). The project's run files keep
// every fixed port out of that range.
func TestDaprYAMLPortsOutsideEphemeralRange(t *testing.T) {
	for _, path := range []string{"../../dapr.yaml", "../../e2e/testdata/loyalty/dapr.yaml"} {
		f, err := Load(filepath.FromSlash(path))
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range f.Apps {
			for _, p := range a.namedPorts() {
				if p.port >= 32768 && p.port <= 60999 {
					t.Errorf("%s: %s %s %d lies in the ephemeral range 32768-60999", path, a.AppID, p.name, p.port)
				}
			}
		}
	}
}
