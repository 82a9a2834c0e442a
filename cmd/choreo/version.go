package main

import (
	"runtime"
	"runtime/debug"
)

// version is the release this binary was built from, set by the build
// (make: -ldflags "-X main.version=$(git describe --tags --always --dirty)").
var version string

// buildVersion is version, or else what the Go toolchain recorded: the module version
// (go install ...@v1.2.3) or the commit; then the Go release.
func buildVersion() string {
	v := version
	if bi, ok := debug.ReadBuildInfo(); ok && v == "" {
		v = bi.Main.Version
		var rev, modified string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value[:min(12, len(s.Value))]
			case "vcs.modified":
				if s.Value == "true" {
					modified = "-dirty"
				}
			}
		}
		if rev != "" && (v == "" || v == "(devel)") {
			v = rev + modified
		}
	}
	if v == "" {
		v = "(devel)"
	}
	return v + " (" + runtime.Version() + ")"
}
