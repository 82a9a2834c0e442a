package launch

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paychoreo/choreography/internal/runfile"
)

func TestDaprdArgsMapTheRunFile(t *testing.T) {
	empty := ""
	a := &runfile.App{AppID: "intake", AppDirPath: "/x", Command: []string{"app"}}
	a.ResourcesPaths = []string{"/r1", "/r2"}
	a.ConfigFilePath, a.AppProtocol, a.LogLevel = "/c.yaml", "HTTP", "debug"
	a.AppHealthCheckPath, a.EnableAppHealthCheck, a.MaxBodySize = "/healthz", true, "64Mi"
	a.PlacementHostAddress = &empty
	info := AppInfo{AppPort: 7001, HTTPPort: 3501, GRPCPort: 5101, MetricsPort: 9091}
	got := strings.Join(daprdArgs(a, info, Options{}), " ")
	want := "--app-id intake --dapr-http-port 3501 --dapr-grpc-port 5101 --metrics-port 9091 " +
		"--app-protocol http --app-port 7001 --resources-path /r1 --resources-path /r2 --config /c.yaml " +
		"--app-health-check-path /healthz --max-body-size 64Mi --log-level debug --enable-app-health-check"
	if got != want {
		t.Errorf("args:\n got %s\nwant %s", got, want)
	}
	over := daprdArgs(a, info, Options{ResourcesPaths: []string{"/test"}, ConfigPath: "/t.yaml"})
	joined := strings.Join(over, " ")
	if !strings.Contains(joined, "--resources-path /test --config /t.yaml") || strings.Contains(joined, "/r1") {
		t.Errorf("overrides not applied: %s", joined)
	}
}

func TestAppEnvLikeTheCLI(t *testing.T) {
	a := &runfile.App{AppID: "intake"}
	a.Env = map[string]string{"FROM_FILE": "1"}
	info := AppInfo{AppPort: 7001, HTTPPort: 3501, GRPCPort: 5101, MetricsPort: 9091, Tokens: Tokens{"at", "dt"}}
	env := appEnv(a, info, Options{ExtraEnv: map[string]string{"EXTRA": "2"}})
	for _, want := range []string{"APP_ID=intake", "APP_PORT=7001", "DAPR_HTTP_PORT=3501", "DAPR_GRPC_PORT=5101",
		"DAPR_METRICS_PORT=9091", "APP_PROTOCOL=http", "FROM_FILE=1", "APP_API_TOKEN=at", "DAPR_API_TOKEN=dt", "EXTRA=2"} {
		if !slices.Contains(env, want) {
			t.Errorf("app env lacks %s", want)
		}
	}
}

func TestFindDaprd(t *testing.T) {
	root := t.TempDir()
	t.Setenv("HOME", t.TempDir()) // no ~/.dapr/bin/daprd
	t.Setenv("DAPRD", "")
	if _, err := FindDaprd(root); err == nil || !strings.Contains(err.Error(), "make daprd") {
		t.Fatalf("want an error telling to run make daprd, got %v", err)
	}
	bin := filepath.Join(root, "bin", "daprd")
	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got, err := FindDaprd(root); err != nil || got != bin {
		t.Errorf("FindDaprd = %q, %v; want %s", got, err, bin)
	}
	t.Setenv("DAPRD", bin)
	if got, _ := FindDaprd("/nowhere"); got != bin {
		t.Errorf("$DAPRD should win, got %q", got)
	}
}
