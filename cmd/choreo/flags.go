package main

import (
	"os"
	"strings"

	"github.com/spf13/pflag"
)

// Flags that several commands share, and the environment variables that set their
// defaults: a flag on the command line wins, then the variable, then the built-in value.

// trackerURLEnv sets the default of --tracker.
const trackerURLEnv = "CHOREO_TRACKER_URL"

// envAnnotation names, on a flag, the environment variable that sets its default.
const envAnnotation = "env"

// sidecar is an app whose Dapr sidecar choreo talks to: its gRPC address on this machine
// (dapr.yaml) and how help names it.
type sidecar struct{ addr, whose string }

var sidecars = map[string]sidecar{
	"intake":      {"127.0.0.1:5101", "intake's"},
	"validator":   {"127.0.0.1:5102", "the validator's"},
	"tracker":     {"127.0.0.1:5105", "the tracker's"},
	"inbox-watch": {"127.0.0.1:5111", "inbox-watch's"},
}

// sidecarEnv is the variable that sets the default address of app's sidecar:
// CHOREO_INTAKE_GRPC, CHOREO_VALIDATOR_GRPC, CHOREO_TRACKER_GRPC, CHOREO_INBOX_WATCH_GRPC.
func sidecarEnv(app string) string {
	return "CHOREO_" + strings.ToUpper(strings.ReplaceAll(app, "-", "_")) + "_GRPC"
}

// grpcFlag defines --dapr-grpc, the address of app's sidecar.
func grpcFlag(fs *pflag.FlagSet, app string) *string {
	addr := fs.String("dapr-grpc", sidecars[app].addr, "gRPC address (`host:port`) of "+sidecars[app].whose+" Dapr sidecar")
	envDefault(fs, "dapr-grpc", sidecarEnv(app))
	return addr
}

// trackerFlag defines --tracker, the tracker's API.
func trackerFlag(fs *pflag.FlagSet) *string {
	u := fs.String("tracker", defaultTracker, "`URL` of the tracker's API (its app port)")
	envDefault(fs, "tracker", trackerURLEnv)
	return u
}

// envDefault makes the environment variable key, when set, the default of the string
// flag name; help names the variable.
func envDefault(fs *pflag.FlagSet, name, key string) {
	fs.SetAnnotation(name, envAnnotation, []string{key})
	if v := os.Getenv(key); v != "" {
		fs.Lookup(name).Value.Set(v) // a string flag takes any value; not marked as given
	}
}
