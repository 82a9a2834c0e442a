package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/testpipe"
)

// What the project ships that the tests use (samples, configuration, resiliency
// policies), and where a pipeline on local folders keeps an area's files.

// localConfig is the Dapr Configuration of the local run (config/local.yaml).
var localConfig = filepath.Join(testpipe.Root, "config", "local.yaml")

// sampleFile is a file of samples/.
type sampleFile struct {
	name    string // base name
	content []byte
}

// readSample reads samples/<name>.
func readSample(t *testing.T, name string) []byte {
	t.Helper()
	content, err := os.ReadFile(filepath.Join(testpipe.Root, "samples", name))
	if err != nil {
		t.Fatal(err)
	}
	return content
}

// readSamples reads the files of samples/ that match pattern (as filepath.Glob, below samples/).
func readSamples(t *testing.T, pattern string) []sampleFile {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(testpipe.Root, "samples", pattern))
	var out []sampleFile
	for _, path := range paths {
		rel, _ := filepath.Rel(filepath.Join(testpipe.Root, "samples"), path)
		out = append(out, sampleFile{filepath.Base(path), readSample(t, rel)})
	}
	return out
}

// dropSamples drops every sample File A (samples/*.csv) into the inbox and returns their
// names.
func dropSamples(t *testing.T, p *testpipe.Pipeline) []string {
	t.Helper()
	var names []string
	for _, s := range readSamples(t, "*.csv") {
		p.Drop(s.name, s.content)
		names = append(names, s.name)
	}
	return names
}

// maxRetries reads the inbound retry count from a profile's shipped resiliency policy.
func maxRetries(t *testing.T, profile string) int {
	raw, err := os.ReadFile(filepath.Join(testpipe.Root, "components", profile, "resiliency.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)\n      delivery:\n.*?maxRetries: (\d+)`).FindSubmatch(raw)
	if m == nil {
		t.Fatal("no delivery retry policy in resiliency.yaml")
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// onDisk is where a pipeline on local folders keeps an area's file.
func onDisk(p *testpipe.Pipeline, area, name string) string {
	return filepath.Join(p.Data, area, filepath.FromSlash(name))
}

// modTime is the modification time of an area's file where the profile keeps the area
// in a folder, "" where it does not.
func modTime(p *testpipe.Pipeline, area, name string) string {
	info, err := os.Stat(onDisk(p, area, name))
	if err != nil {
		return ""
	}
	return info.ModTime().Format(time.RFC3339Nano)
}
