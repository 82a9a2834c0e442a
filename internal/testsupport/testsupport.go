// Package testsupport holds what the tests of several packages need and nothing of the
// domain: the repository's files by their path from its root, and files a test
// generates (golden outputs, generated parts of docs) kept up to date by -update. It
// imports no package of this module, so the tests of any package can use it.
package testsupport

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Root is the repository's root: the nearest folder holding go.mod, from the test's
// own folder up.
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("testsupport: no go.mod in the test's folder or above it")
		}
		dir = up
	}
}

// Path is the file at rel, a slash-separated path from the repository's root
// ("docs/events.md"; a pattern such as "config/*.yaml" is fine for filepath.Glob).
func Path(t testing.TB, rel string) string {
	t.Helper()
	return filepath.Join(Root(t), filepath.FromSlash(rel))
}

// Glob is the files matching pattern, a slash-separated pattern from the repository's
// root ("components/*/pubsub.yaml"). It fails the test when none match: a moved folder
// must not leave a test checking nothing.
func Glob(t testing.TB, pattern string) []string {
	t.Helper()
	files, err := filepath.Glob(Path(t, pattern))
	if err != nil || len(files) == 0 {
		t.Fatalf("no %s (%v)", pattern, err)
	}
	return files
}

// Golden holds the file at path to got. With update it writes got there first;
// otherwise it fails the test at their first difference and says how to rewrite the
// file after an intended change (rewrite, e.g. "go test ./internal/events -update").
func Golden(t testing.TB, path string, got []byte, update bool, rewrite string) {
	t.Helper()
	if update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is out of date (%s after an intended change): %s", path, rewrite, difference(want, got))
	}
}

// Generated is what the file at path must hold when its generated part is up to date:
// the file with what stands between the markers begin and end replaced by part. It
// fails the test when the file lacks a marker.
func Generated(t testing.TB, path, begin, end, part string) []byte {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	head, rest, ok1 := strings.Cut(string(raw), begin)
	_, tail, ok2 := strings.Cut(rest, end)
	if !ok1 || !ok2 {
		t.Fatalf("%s has no generated part (%q ... %q)", path, begin, end)
	}
	return []byte(head + begin + part + end + tail)
}

// difference names the first line where got differs from want.
func difference(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		if i >= len(w) || i >= len(g) || w[i] != g[i] {
			return fmt.Sprintf("line %d is %q, want %q", i+1, line(g, i), line(w, i))
		}
	}
	return "they differ"
}

func line(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(the end)"
}
