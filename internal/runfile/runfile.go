// Package runfile reads a Dapr Multi-App Run file (the dapr.yaml that `dapr run -f .` reads)
// the way the Dapr CLI does: the same field names, common merged into each app (the app's
// own value wins, env maps merged), relative paths resolved against the same folders. It
// reports every problem of a file at once.
package runfile

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"go.yaml.in/yaml/v3"
)

// DefaultName is the file the CLI looks for when `-f` names a folder.
const DefaultName = "dapr.yaml"

// File is a parsed, resolved and validated run file.
type File struct {
	Version int    `yaml:"version"`
	Name    string `yaml:"name"`
	Common  Shared `yaml:"common"`
	Apps    []App  `yaml:"apps"`
	// Path is the absolute path of the file; Dir its folder, the base of common's paths.
	Path string `yaml:"-"`
	Dir  string `yaml:"-"`
}

// Shared holds the fields allowed both in common and in an app (the CLI's SharedRunConfig).
type Shared struct {
	ResourcesPaths []string `yaml:"resourcesPaths"`
	// ResourcesPath is the deprecated single form; the CLI appends it to ResourcesPaths.
	ResourcesPath          string `yaml:"resourcesPath"`
	ConfigFilePath         string `yaml:"configFilePath"`
	AppProtocol            string `yaml:"appProtocol"`
	AppHealthCheckPath     string `yaml:"appHealthCheckPath"`
	EnableAppHealthCheck   bool   `yaml:"enableAppHealthCheck"`
	AppHealthProbeInterval int    `yaml:"appHealthProbeInterval"`
	AppHealthProbeTimeout  int    `yaml:"appHealthProbeTimeout"`
	AppHealthThreshold     int    `yaml:"appHealthThreshold"`
	// MaxBodySize is a resource quantity ("64Mi"), today's CLI field for --max-body-size.
	MaxBodySize string `yaml:"maxBodySize"`
	// DaprHTTPMaxRequestSize (MB) is the older CLI's field; it becomes MaxBodySize "<n>Mi".
	DaprHTTPMaxRequestSize int    `yaml:"daprHTTPMaxRequestSize"`
	ReadBufferSize         string `yaml:"readBufferSize"`
	DaprHTTPReadBufferSize int    `yaml:"daprHTTPReadBufferSize"` // KB, older form of ReadBufferSize
	LogLevel               string `yaml:"logLevel"`
	EnableAPILogging       bool   `yaml:"enableApiLogging"`
	AppMaxConcurrency      int    `yaml:"appMaxConcurrency"`
	APIListenAddresses     string `yaml:"apiListenAddresses"`
	EnableProfiling        bool   `yaml:"enableProfiling"`
	// Pointers, as in the CLI: nil (absent) differs from "" (explicitly disabled).
	PlacementHostAddress *string           `yaml:"placementHostAddress"`
	SchedulerHostAddress *string           `yaml:"schedulerHostAddress"`
	Env                  map[string]string `yaml:"env"`
	// Accepted so that files written for the CLI load; the launcher ignores them (it
	// writes every log line to one console and finds daprd itself).
	AppLogDestination   string `yaml:"appLogDestination"`
	DaprdLogDestination string `yaml:"daprdLogDestination"`
	RuntimePath         string `yaml:"runtimePath"`
}

// App is one app and its sidecar (the CLI's RunConfig plus appDirPath).
type App struct {
	Shared               `yaml:",inline"`
	AppID                string   `yaml:"appID"`
	AppDirPath           string   `yaml:"appDirPath"`
	AppChannelAddress    string   `yaml:"appChannelAddress"`
	AppPort              int      `yaml:"appPort"`
	DaprHTTPPort         int      `yaml:"daprHTTPPort"`
	DaprGRPCPort         int      `yaml:"daprGRPCPort"`
	DaprInternalGRPCPort int      `yaml:"daprInternalGRPCPort"`
	MetricsPort          int      `yaml:"metricsPort"`
	ProfilePort          int      `yaml:"profilePort"`
	Command              []string `yaml:"command"`
	// UnixDomainSocket is read only to be refused: the launcher speaks TCP.
	UnixDomainSocket string `yaml:"unixDomainSocket"`
}

// Load reads path (a file, or a folder holding dapr.yaml, as `dapr run -f` accepts),
// then resolves, merges and validates it.
func Load(path string) (*File, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, DefaultName)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("runfile: %w", err)
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		return nil, fmt.Errorf("runfile: %w", err)
	}
	f, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("runfile %s: %w", abs, err)
	}
	f.Path, f.Dir = abs, filepath.Dir(abs)
	if err := f.resolve(); err != nil {
		return nil, fmt.Errorf("runfile %s:\n%w", abs, err)
	}
	return f, nil
}

// Parse decodes the YAML only. Unknown fields are errors (the CLI ignores them silently,
// which hides typos such as a field name of another CLI version).
func Parse(data []byte) (*File, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var f File
	if err := dec.Decode(&f); err != nil {
		return nil, err
	}
	return &f, nil
}
