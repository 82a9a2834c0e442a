package step

import (
	"context"
	"encoding/json"
	"fmt"

	dapr "github.com/dapr/go-sdk/client"
)

// Op is one write of a state transaction. ETag "" with Create set means "only if absent";
// ETag "" without Create means "whatever is there"; Delete removes the key.
type Op struct {
	Key    string
	Value  any
	ETag   string
	Create bool
	Delete bool
}

// Transact applies ops atomically, or none of them: ErrConflict when an ETag or a
// first-write condition failed.
func (s *Sidecar) Transact(ctx context.Context, store string, ops ...Op) error {
	pb := make([]*dapr.StateOperation, 0, len(ops))
	for _, op := range ops {
		item := &dapr.SetStateItem{Key: op.Key}
		if op.ETag != "" {
			item.Etag = &dapr.ETag{Value: op.ETag}
		}
		if op.ETag != "" || op.Create {
			item.Options = &dapr.StateOptions{Concurrency: dapr.StateConcurrencyFirstWrite}
		}
		t := dapr.StateOperationTypeUpsert
		if op.Delete {
			t = dapr.StateOperationTypeDelete
		} else {
			b, err := json.Marshal(op.Value)
			if err != nil {
				return fmt.Errorf("encode state %s/%s: %w", store, op.Key, err)
			}
			item.Value = b
		}
		pb = append(pb, &dapr.StateOperation{Type: t, Item: item})
	}
	if err := s.c.ExecuteStateTransaction(ctx, store, nil, pb); err != nil {
		if isConflict(err) {
			return fmt.Errorf("state transaction on %s: %w", store, ErrConflict)
		}
		return fmt.Errorf("state transaction on %s: %w", store, err)
	}
	return nil
}
