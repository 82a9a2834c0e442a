package launch

import (
	"os"
	"strconv"
	"strings"

	"github.com/paychoreo/choreography/internal/runfile"
)

// daprdArgs maps a resolved app to daprd flags, as the CLI's getArgs does from the
// `arg` tags of its RunConfig (cli pkg/standalone/run.go). Optional flags are left out when
// unset so that daprd's own defaults apply.
func daprdArgs(a *runfile.App, p AppInfo, o Options) []string {
	args := []string{
		"--app-id", a.AppID,
		"--dapr-http-port", itoa(p.HTTPPort),
		"--dapr-grpc-port", itoa(p.GRPCPort),
		"--metrics-port", itoa(p.MetricsPort),
		"--app-protocol", protocol(a),
	}
	add := func(flag, v string) {
		if v != "" && v != "0" {
			args = append(args, flag, v)
		}
	}
	add("--app-port", itoa(p.AppPort))
	add("--dapr-internal-grpc-port", itoa(p.internalGRPCPort))
	add("--profile-port", itoa(p.profilePort))
	for _, r := range pick(o.ResourcesPaths, a.ResourcesPaths) {
		args = append(args, "--resources-path", r)
	}
	add("--config", pickOne(o.ConfigPath, a.ConfigFilePath))
	add("--app-channel-address", a.AppChannelAddress)
	add("--app-health-check-path", a.AppHealthCheckPath)
	add("--app-health-probe-interval", itoa(a.AppHealthProbeInterval))
	add("--app-health-probe-timeout", itoa(a.AppHealthProbeTimeout))
	add("--app-health-threshold", itoa(a.AppHealthThreshold))
	add("--max-body-size", a.MaxBodySize)
	add("--read-buffer-size", a.ReadBufferSize)
	add("--log-level", a.LogLevel)
	add("--dapr-listen-addresses", a.APIListenAddresses)
	if a.AppMaxConcurrency > 0 {
		add("--app-max-concurrency", itoa(a.AppMaxConcurrency))
	}
	// Absent or "" leaves daprd's default, which is no placement and no scheduler: actors
	// and workflows off, with a warning. (The CLI defaults to localhost:50005/50006, the
	// containers `dapr init` starts; nothing runs there on this machine.)
	add("--placement-host-address", strings.TrimSpace(deref(a.PlacementHostAddress)))
	add("--scheduler-host-address", strings.TrimSpace(deref(a.SchedulerHostAddress)))
	for _, b := range []struct {
		flag string
		on   bool
	}{
		{"--enable-app-health-check", a.EnableAppHealthCheck},
		{"--enable-api-logging", a.EnableAPILogging},
		{"--enable-profiling", a.EnableProfiling},
	} {
		if b.on {
			args = append(args, b.flag)
		}
	}
	return args
}

// appEnv is the launcher's environment plus what the CLI's getEnv sets (APP_ID, APP_PORT,
// DAPR_HTTP_PORT, DAPR_GRPC_PORT, DAPR_METRICS_PORT, APP_PROTOCOL, the file's env), then
// the tokens and Options.ExtraEnv. Later entries win in exec.
func appEnv(a *runfile.App, p AppInfo, o Options) []string {
	env := append(os.Environ(),
		"APP_ID="+a.AppID,
		"DAPR_HTTP_PORT="+itoa(p.HTTPPort),
		"DAPR_GRPC_PORT="+itoa(p.GRPCPort),
		"DAPR_METRICS_PORT="+itoa(p.MetricsPort),
		"APP_PROTOCOL="+protocol(a),
	)
	if p.AppPort > 0 {
		env = append(env, "APP_PORT="+itoa(p.AppPort))
	}
	if a.AppChannelAddress != "" {
		env = append(env, "APP_CHANNEL_ADDRESS="+a.AppChannelAddress)
	}
	for k, v := range a.Env {
		env = append(env, k+"="+v)
	}
	return append(env, commonEnv(p, o)...)
}

// daprdEnv is the launcher's environment (daprd's env secret store reads it), with
// DAPR_HOST_IP=127.0.0.1 unless set, as the CLI does, then the tokens and ExtraEnv.
func daprdEnv(p AppInfo, o Options) []string {
	env := os.Environ()
	if _, ok := os.LookupEnv("DAPR_HOST_IP"); !ok {
		env = append(env, "DAPR_HOST_IP=127.0.0.1")
	}
	return append(env, commonEnv(p, o)...)
}

func commonEnv(p AppInfo, o Options) []string {
	env := []string{"APP_API_TOKEN=" + p.Tokens.App, "DAPR_API_TOKEN=" + p.Tokens.Dapr}
	for k, v := range o.ExtraEnv {
		env = append(env, k+"="+v)
	}
	return env
}

// protocol lower-cases as the CLI does for APP_PROTOCOL; empty means http.
func protocol(a *runfile.App) string {
	return pickOne(strings.ToLower(a.AppProtocol), "http")
}

func pick(override, v []string) []string {
	if len(override) > 0 {
		return override
	}
	return v
}

func pickOne(first, second string) string {
	if first != "" {
		return first
	}
	return second
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func itoa(n int) string { return strconv.Itoa(n) }
