package validation

import (
	"fmt"
	"strconv"
)

// DefaultMaxFileBytes rejects larger files unread. A 100,000-payment file is about 15 MB.
const DefaultMaxFileBytes = 64 << 20

// MaxBytesFrom is CHOREO_MAX_FILE_BYTES, or the default when it is not set.
func MaxBytesFrom(getenv func(string) string) (int64, error) {
	s := getenv("CHOREO_MAX_FILE_BYTES")
	if s == "" {
		return DefaultMaxFileBytes, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("CHOREO_MAX_FILE_BYTES=%q is not a positive number of bytes", s)
	}
	return n, nil
}
