package runfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadReportsAllProblemsAtOnce(t *testing.T) {
	bad := `apps:
  - appID: a
    appDirPath: ./a
    appPort: 7001
    appProtocol: soap
  - appID: a
    appDirPath: ./missing
    appPort: 7001
    daprHTTPPort: 70000
    command: [x]
  - appID: c
    command: [x]
`
	dir := layout(t, map[string]string{"dapr.yaml": bad, "a/": ""})
	_, err := Load(dir)
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{
		"version is missing", "apps[0] (a): command is missing", "appProtocol \"soap\"",
		"missing does not exist", "appID \"a\" is already used", "port 7001 is also apps[0] (a) appPort",
		"daprHTTPPort 70000 is not a port number", "apps[2] (c): required field appDirPath",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

func TestParseRejectsUnknownFields(t *testing.T) {
	_, err := Parse([]byte("version: 1\napps:\n  - appID: a\n    appPrt: 1\n"))
	if err == nil || !strings.Contains(err.Error(), "appPrt") {
		t.Fatalf("want an error naming the unknown field, got %v", err)
	}
}

// The project's own dapr.yaml must load: it is what `make run` and the e2e tests start.
func TestProjectRunFileLoads(t *testing.T) {
	path := filepath.Join("..", "..", DefaultName)
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the project's %s is missing: %v", DefaultName, err)
		}
		t.Skip("no dapr.yaml at the project root")
	}
	f, err := Load(path)
	must(t, err)
	for _, a := range f.Apps {
		if len(a.ResourcesPaths) == 0 || a.ConfigFilePath == "" || a.MaxBodySize == "" {
			t.Errorf("%s: resources, config and body size should come from common: %+v", a.AppID, a.Shared)
		}
	}
}
