package runfile

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// layout writes files (path -> content; a trailing "/" makes a folder) under a temp dir.
func layout(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if strings.HasSuffix(name, "/") {
			must(t, os.MkdirAll(p, 0o755))
			continue
		}
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		must(t, os.WriteFile(p, []byte(body), 0o644))
	}
	return dir
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

const twoApps = `version: 1
common:
  resourcesPaths: ["./components"]
  configFilePath: ./config.yaml
  appProtocol: http
  appHealthCheckPath: /healthz
  enableAppHealthCheck: true
  daprHTTPMaxRequestSize: 64
  logLevel: info
  env: {SHARED: common, OVERRIDE: common}
apps:
  - appID: intake
    appDirPath: ./apps/intake/
    appPort: 7001
    daprHTTPPort: 3501
    metricsPort: 9091
    logLevel: debug
    env: {OVERRIDE: app, DEBUG: true}
    command: ["../../bin/intake", "-v"]
  - appDirPath: ./apps/validator
    resourcesPaths: ["./res"]
    appPort: 7002
    command: ["../../bin/validator"]
`

func TestLoadMergesCommonLikeTheCLI(t *testing.T) {
	dir := layout(t, map[string]string{
		"dapr.yaml": twoApps, "components/": "", "config.yaml": "kind: Configuration",
		"apps/intake/": "", "apps/validator/res/": "",
	})
	f, err := Load(dir) // a folder means its dapr.yaml, as with `dapr run -f .`
	must(t, err)
	in, va := f.Apps[0], f.Apps[1]
	if va.AppID != "validator" {
		t.Errorf("appID defaults to the appDirPath's base name, got %q", va.AppID)
	}
	if in.AppDirPath != filepath.Join(dir, "apps/intake") {
		t.Errorf("appDirPath = %s, want it relative to the run file", in.AppDirPath)
	}
	want := []string{filepath.Join(dir, "components")}
	if !reflect.DeepEqual(in.ResourcesPaths, want) {
		t.Errorf("intake resources = %v, want common's %v", in.ResourcesPaths, want)
	}
	if got := va.ResourcesPaths; len(got) != 1 || got[0] != filepath.Join(dir, "apps/validator/res") {
		t.Errorf("validator resources = %v, want its own, relative to appDirPath", got)
	}
	if in.ConfigFilePath != filepath.Join(dir, "config.yaml") || !in.EnableAppHealthCheck {
		t.Errorf("common fields not merged: %+v", in.Shared)
	}
	if in.LogLevel != "debug" || va.LogLevel != "info" {
		t.Errorf("logLevel: app value must win over common's: %q %q", in.LogLevel, va.LogLevel)
	}
	wantEnv := map[string]string{"SHARED": "common", "OVERRIDE": "app", "DEBUG": "true"}
	if !reflect.DeepEqual(in.Env, wantEnv) {
		t.Errorf("env = %v, want %v", in.Env, wantEnv)
	}
	if in.MaxBodySize != "64Mi" {
		t.Errorf("daprHTTPMaxRequestSize 64 should become maxBodySize 64Mi, got %q", in.MaxBodySize)
	}
	if in.Command[0] != "../../bin/intake" {
		t.Errorf("command is kept as written (it runs in appDirPath): %v", in.Command)
	}
}

func TestLocalDotDaprFolderWinsOverCommon(t *testing.T) {
	dir := layout(t, map[string]string{
		"dapr.yaml": twoApps, "components/": "", "config.yaml": "",
		"apps/intake/.dapr/resources/": "", "apps/intake/.dapr/config.yaml": "",
		"apps/validator/res/": "",
	})
	f, err := Load(filepath.Join(dir, "dapr.yaml"))
	must(t, err)
	in := f.Apps[0]
	if in.ResourcesPaths[0] != filepath.Join(dir, "apps/intake/.dapr/resources") {
		t.Errorf("resources = %v, want the app's .dapr/resources", in.ResourcesPaths)
	}
	if in.ConfigFilePath != filepath.Join(dir, "apps/intake/.dapr/config.yaml") {
		t.Errorf("config = %v, want the app's .dapr/config.yaml", in.ConfigFilePath)
	}
}
