package pipeline

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The orchestrator may take blob.created from the shipped broker component and publish
// nothing on it.
func TestOrchestratorPubSub(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "components", "local", "pubsub.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	got := orchestratorPubSub("pubsub.yaml", string(raw))
	for _, want := range []string{`value: "orchestrator=;`, `value: "orchestrator=blob.created;`} {
		if !strings.Contains(got, want) {
			t.Errorf("no %s in\n%s", want, got)
		}
	}
	if orchestratorPubSub("inbox.yaml", "x") != "x" {
		t.Error("another component changed")
	}
}

func TestCounter(t *testing.T) {
	text := `# HELP choreo_files_total Files
# TYPE choreo_files_total counter
choreo_files_total{outcome="received",stage="validator"} 3
choreo_files_total{outcome="validated",stage="validator"} 42
`
	got, err := counter(bufio.NewScanner(strings.NewReader(text)), "choreo_files_total", map[string]string{"stage": "validator", "outcome": "validated"})
	if err != nil || got != 42 {
		t.Errorf("got %v, %v", got, err)
	}
	got, _ = counter(bufio.NewScanner(strings.NewReader(text)), "choreo_files_total", map[string]string{"stage": "adaptor", "outcome": "adapted"})
	if got != 0 {
		t.Errorf("absent: %v", got)
	}
}

func TestWithMetadata(t *testing.T) {
	got := withMetadata("spec:\n  metadata:\n    - name: a\n      value: \"1\"\n", map[string]string{"queueDepth": "10"})
	if want := "spec:\n  metadata:\n    - name: queueDepth\n      value: \"10\"\n    - name: a\n      value: \"1\"\n"; got != want {
		t.Errorf("got\n%s", got)
	}
}
