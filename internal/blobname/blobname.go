// Package blobname checks the names of blobs that arrive from outside before they are
// used anywhere else: a bank customer chooses File A's name, not the pipeline.
package blobname

import (
	"fmt"
	"strings"
)

// MaxLen bounds an accepted name; Azure allows 1024, people and file systems want less.
const MaxLen = 128

// Check says why a File A name is not acceptable, or nil. Accepted: 1 to MaxLen
// characters of [A-Za-z0-9._-], not starting with a dot, no path separators.
func Check(name string) error {
	if name == "" || len(name) > MaxLen {
		return fmt.Errorf("name must be 1 to %d characters, got %d", MaxLen, len(name))
	}
	if strings.HasPrefix(name, ".") {
		return fmt.Errorf("name %q starts with a dot", Safe(name))
	}
	for _, r := range name {
		if !allowed(r) {
			if r == '/' || r == '\\' {
				return fmt.Errorf("name %q contains a path separator", Safe(name))
			}
			return fmt.Errorf("name %q contains %q, outside [A-Za-z0-9._-]", Safe(name), r)
		}
	}
	return nil
}

// Safe turns any name into a plain file name: path separators and characters outside
// the allowed set become '_', leading dots go, so a hostile name cannot place a file
// elsewhere or hide it.
func Safe(name string) string {
	var b strings.Builder
	for _, r := range name {
		if allowed(r) {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	s := strings.TrimLeft(b.String(), ".")
	if len(s) > MaxLen {
		s = s[:MaxLen]
	}
	if s == "" {
		s = "unnamed"
	}
	return s
}

func allowed(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_'
}
