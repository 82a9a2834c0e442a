package pipeline

import (
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
