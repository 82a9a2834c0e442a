package custody

import "strings"

// Unsafe says a blob name could address something outside the inbox in a folder-backed
// store: intake acts on no such name. A name that only fails the blob-name rules is not
// unsafe: the validator rejects it (INVALID_BLOB_NAME) and File A is kept with its report.
func Unsafe(name string) bool {
	if strings.HasPrefix(name, "/") || strings.ContainsAny(name, "\\\x00") || len(name) > 1024 {
		return true
	}
	for _, seg := range strings.Split(name, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return true
		}
	}
	return false
}
