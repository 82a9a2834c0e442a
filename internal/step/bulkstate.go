package step

import (
	"context"
	"fmt"
)

// bulkParallelism bounds how many of one bulk read's keys the sidecar reads from the
// store at a time.
const bulkParallelism = 32

// GetBulkState reads many keys in one call to the sidecar, which reads them from the
// store in parallel (or in one request, for stores that can). It returns the JSON value
// of each key found; a key that does not exist is not in the map.
func (s *Sidecar) GetBulkState(ctx context.Context, store string, keys []string) (map[string][]byte, error) {
	found := make(map[string][]byte, len(keys))
	if len(keys) == 0 {
		return found, nil
	}
	items, err := s.c.GetBulkState(ctx, store, keys, nil, bulkParallelism)
	if err != nil {
		return nil, fmt.Errorf("get bulk state %s (%d keys): %w", store, len(keys), err)
	}
	for _, it := range items {
		if it == nil {
			continue
		}
		if it.Error != "" {
			return nil, fmt.Errorf("get bulk state %s/%s: %s", store, it.Key, it.Error)
		}
		if len(it.Value) > 0 {
			found[it.Key] = it.Value
		}
	}
	return found, nil
}
