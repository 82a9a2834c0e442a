package step

import (
	"strings"
	"testing"
)

// TestListenAddr: the loopback unless CHOREO_LISTEN_ADDR names another IP address (all
// interfaces in a container); anything else is refused at start with the reason.
func TestListenAddr(t *testing.T) {
	for _, c := range []struct{ env, want, err string }{
		{"", "127.0.0.1", ""},
		{"0.0.0.0", "0.0.0.0", ""},
		{" :: ", "::", ""},
		{"0.0.0.0:7001", "", "CHOREO_LISTEN_ADDR"},
		{"everywhere", "", "CHOREO_LISTEN_ADDR"},
	} {
		env := map[string]string{"CHOREO_INSECURE": "true", "CHOREO_LISTEN_ADDR": c.env}
		cfg, err := LoadConfig("t", 1, func(k string) string { return env[k] })
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("CHOREO_LISTEN_ADDR=%q: error %v, want one naming %s", c.env, err, c.err)
			}
			continue
		}
		if err != nil || cfg.ListenAddr != c.want {
			t.Errorf("CHOREO_LISTEN_ADDR=%q: %q, %v; want %q", c.env, cfg.ListenAddr, err, c.want)
		}
	}
}
