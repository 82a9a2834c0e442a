package testsupport

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRootHoldsGoMod(t *testing.T) {
	if _, err := os.Stat(filepath.Join(Root(t), "go.mod")); err != nil {
		t.Fatal(err)
	}
	if got, want := Path(t, "internal/testsupport"), filepath.Join(Root(t), "internal", "testsupport"); got != want {
		t.Errorf("Path = %s, want %s", got, want)
	}
}

func TestDifferenceNamesTheFirstLine(t *testing.T) {
	for _, tt := range []struct{ want, got, says string }{
		{"a\nb\n", "a\nc\n", `line 2 is "c", want "b"`},
		{"a\n", "a\nb\n", `line 2 is "b", want ""`},
		{"a\nb", "a", `line 2 is "(the end)", want "b"`},
	} {
		if says := difference([]byte(tt.want), []byte(tt.got)); says != tt.says {
			t.Errorf("difference(%q, %q) = %s, want %s", tt.want, tt.got, says, tt.says)
		}
	}
}
