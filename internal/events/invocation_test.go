package events

import (
	"os"
	"slices"
	"testing"

	"github.com/paychoreo/choreography/internal/testsupport"
	"go.yaml.in/yaml/v3"
)

// TestAccessControlMatchesInvocations: every Dapr Configuration in config/ denies service
// invocation by default and allows exactly the apps internal/events.Invocations names as
// callers, so the sidecars refuse what the apps would refuse.
func TestAccessControlMatchesInvocations(t *testing.T) {
	files := testsupport.Glob(t, "config/*.yaml")
	var want []string
	for _, in := range Invocations {
		for _, c := range in.Callers {
			if !slices.Contains(want, c) {
				want = append(want, c)
			}
		}
	}
	slices.Sort(want)
	for _, f := range files {
		var cfg struct {
			Kind string `yaml:"kind"`
			Spec struct {
				AccessControl *struct {
					DefaultAction string `yaml:"defaultAction"`
					Policies      []struct {
						AppID         string `yaml:"appId"`
						DefaultAction string `yaml:"defaultAction"`
					} `yaml:"policies"`
				} `yaml:"accessControl"`
			} `yaml:"spec"`
		}
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := yaml.Unmarshal(raw, &cfg); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if cfg.Kind != "Configuration" {
			continue // config/ also holds other programs' settings (jaeger.yaml)
		}
		acl := cfg.Spec.AccessControl
		if acl == nil || acl.DefaultAction != "deny" {
			t.Errorf("%s: spec.accessControl.defaultAction must be deny", f)
			continue
		}
		var allowed []string
		for _, p := range acl.Policies {
			if p.DefaultAction == "allow" {
				allowed = append(allowed, p.AppID)
			}
		}
		slices.Sort(allowed)
		if !slices.Equal(allowed, want) {
			t.Errorf("%s: access control allows %v, internal/events.Invocations names callers %v", f, allowed, want)
		}
	}
}

func TestMayInvoke(t *testing.T) {
	for _, c := range []struct {
		caller, app string
		want        bool
	}{
		{"intake", "intake", true}, {"validator", "intake", false}, {"", "intake", false},
		{"order-api", "order-api", true}, {"intake", "notifier", false},
	} {
		if got := MayInvoke(c.caller, c.app); got != c.want {
			t.Errorf("MayInvoke(%q, %q) = %v", c.caller, c.app, got)
		}
	}
}
