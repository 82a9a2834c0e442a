package notifier

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestNodeFloor: package.json's engines.node is the one Node.js floor. It must cover the
// highest minimum any locked package declares (a dependency that needs a newer Node.js
// fails at run time, not at npm ci), and the README must state that same floor;
// scripts/lib.sh reads it from package.json.
func TestNodeFloor(t *testing.T) {
	var pkg struct{ Engines struct{ Node string } }
	readJSON(t, "package.json", &pkg)
	floor, ok := minimum(pkg.Engines.Node)
	if !ok {
		t.Fatalf("package.json: engines.node %q is not of the form >=N or >=N.M", pkg.Engines.Node)
	}
	var lock struct {
		Packages map[string]struct {
			Dev     bool
			Engines json.RawMessage
		}
	}
	readJSON(t, "package-lock.json", &lock)
	for name, p := range lock.Packages {
		var e struct{ Node string }
		if p.Dev || json.Unmarshal(p.Engines, &e) != nil { // some old packages list engines as an array
			continue
		}
		if m, ok := minimum(e.Node); ok && floor.below(m) {
			t.Errorf("%s needs Node.js %s, above the floor %s of package.json", name, e.Node, floor)
		}
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("Node.js %s or later", floor); !strings.Contains(string(readme), want) {
		t.Errorf("README.md does not say %q", want)
	}
	lib, err := os.ReadFile("../../scripts/lib.sh")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(lib), "package.json').engines.node") {
		t.Error("scripts/lib.sh does not take the Node.js floor from apps/notifier/package.json")
	}
}

var lowerBound = regexp.MustCompile(`^>=\s*(\d+)(?:\.(\d+))?`)

// version is a Node.js major.minor; the patch never decides a floor here.
type version struct{ major, minor int }

func (v version) below(w version) bool {
	return v.major < w.major || v.major == w.major && v.minor < w.minor
}

// String is how the README writes it: "20" for 20.0, "20.6" otherwise.
func (v version) String() string {
	if v.minor == 0 {
		return strconv.Itoa(v.major)
	}
	return fmt.Sprintf("%d.%d", v.major, v.minor)
}

// minimum is N.M of a range ">=N.M..." (false for any other form: those in the lock are
// all lower).
func minimum(rng string) (version, bool) {
	m := lowerBound.FindStringSubmatch(strings.TrimSpace(rng))
	if m == nil {
		return version{}, false
	}
	major, _ := strconv.Atoi(m[1])
	minor, _ := strconv.Atoi(m[2]) // "" when absent: 0
	return version{major, minor}, true
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
