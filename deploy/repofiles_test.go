package deploy

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// Reading the repository's files from the tests: rel is relative to the repository root,
// with slashes.

func readFile(t *testing.T, rel string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// decodeFile reads rel into v: JSON when its name ends in .json, YAML otherwise.
func decodeFile(t *testing.T, rel string, v any) {
	t.Helper()
	unmarshal := yaml.Unmarshal
	if strings.HasSuffix(rel, ".json") {
		unmarshal = json.Unmarshal
	}
	if err := unmarshal([]byte(readFile(t, rel)), v); err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
}

// mustContain reads rel, reports each of wants it lacks and returns its text.
func mustContain(t *testing.T, rel string, wants ...string) string {
	t.Helper()
	text := readFile(t, rel)
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q", rel, w)
		}
	}
	return text
}

// present says whether rel exists.
func present(rel string) bool {
	_, err := os.Stat(filepath.Join(root, filepath.FromSlash(rel)))
	return err == nil
}

func exists(t *testing.T, rel string) {
	t.Helper()
	if !present(rel) {
		t.Errorf("%s does not exist", rel)
	}
}
