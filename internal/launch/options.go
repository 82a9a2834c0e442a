package launch

import (
	"io"
	"time"
)

// Which names one of the two processes of an app.
type Which string

const (
	App     Which = "app"
	Sidecar Which = "sidecar"
)

// Options adjust a run; the zero value runs the file as written.
type Options struct {
	// DaprdPath is the daprd binary; empty means FindDaprd(the run file's folder).
	DaprdPath string
	// ResourcesPaths, when set, replaces every app's resourcesPaths (e.g. test components).
	ResourcesPaths []string
	// ConfigPath, when set, replaces every app's configFilePath.
	ConfigPath string
	// ExtraEnv is added to the environment of every app and sidecar, after all else.
	ExtraEnv map[string]string
	// PortOffset is added to every fixed port (app, HTTP, gRPC, metrics, ...), so that a
	// test run does not clash with a running `make run`.
	PortOffset int
	// LogWriter receives every line of every process, prefixed; default os.Stdout.
	LogWriter io.Writer
	// HealthTimeout bounds the wait for health at Start and Restart; default 60s.
	HealthTimeout time.Duration
	// Wrap, when set, is a command every app and sidecar is started through, e.g.
	// `ip netns exec POD` for a replica set in a network namespace of its own; it must
	// exec the process (so that signals reach it), as `ip netns exec` does.
	Wrap []string
	// Host is where the health probes reach the apps and sidecars; default 127.0.0.1.
	// A wrapped run in another network namespace listens on its address there.
	Host string
}

// Tokens are the API tokens shared by every app and sidecar of a run.
type Tokens struct {
	App  string // APP_API_TOKEN: what the sidecar presents to the app
	Dapr string // DAPR_API_TOKEN: what the app presents to the sidecar
}

// AppInfo is where an app and its sidecar listen, offset applied and free ports picked.
type AppInfo struct {
	ID          string
	AppPort     int // 0: the app listens on no port
	HTTPPort    int
	GRPCPort    int
	MetricsPort int
	Tokens      Tokens

	internalGRPCPort, profilePort int
}
