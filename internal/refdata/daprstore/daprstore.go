// Package daprstore is refdata.Store on the refdata state store, through a Dapr sidecar
// whose app may use that store (the validator's). Every change goes through it: choreo
// refdata, and the end-to-end tests' store contract.
package daprstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	dapr "github.com/dapr/go-sdk/client"

	"github.com/paychoreo/choreography/internal/refdata"
	"github.com/paychoreo/choreography/internal/step"
)

// Store is refdata.Store on the refdata state store.
type Store struct{ c dapr.Client }

// New gives the store behind the sidecar c is connected to.
func New(c dapr.Client) *Store { return &Store{c: c} }

func (s *Store) Get(ctx context.Context, key string, v any) (string, bool, error) {
	item, err := s.c.GetState(ctx, step.RefData, key, nil)
	if err != nil {
		return "", false, fmt.Errorf("get %s: %w", key, err)
	}
	if item == nil || len(item.Value) == 0 {
		return "", false, nil
	}
	if err := json.Unmarshal(item.Value, v); err != nil {
		return "", false, fmt.Errorf("decode %s: %w", key, err)
	}
	return item.Etag, true, nil
}

func (s *Store) Create(ctx context.Context, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", key, err)
	}
	err = s.c.SaveState(ctx, step.RefData, key, b, nil, dapr.WithConcurrency(dapr.StateConcurrencyFirstWrite))
	return conflictOr(err, "create "+key)
}

func (s *Store) DeleteIf(ctx context.Context, key, etag string) error {
	err := s.c.DeleteStateWithETag(ctx, step.RefData, key, &dapr.ETag{Value: etag}, nil,
		&dapr.StateOptions{Concurrency: dapr.StateConcurrencyFirstWrite})
	return conflictOr(err, "delete "+key)
}

// Commit is one Dapr state transaction; a write with an ETag goes with first-write
// concurrency, without which the Redis store ignores the ETag.
func (s *Store) Commit(ctx context.Context, writes []refdata.Write) error {
	ops := make([]*dapr.StateOperation, 0, len(writes))
	for _, w := range writes {
		b, err := json.Marshal(w.Value)
		if err != nil {
			return fmt.Errorf("encode %s: %w", w.Key, err)
		}
		item := &dapr.SetStateItem{Key: w.Key, Value: b}
		if w.ETag != "" {
			item.Etag = &dapr.ETag{Value: w.ETag}
			item.Options = &dapr.StateOptions{Concurrency: dapr.StateConcurrencyFirstWrite}
		}
		ops = append(ops, &dapr.StateOperation{Type: dapr.StateOperationTypeUpsert, Item: item})
	}
	err := s.c.ExecuteStateTransaction(ctx, step.RefData, nil, ops)
	return conflictOr(err, fmt.Sprintf("commit %d keys", len(ops)))
}

// conflictOr maps the store's refusal of a conditional write to refdata.ErrConflict;
// Dapr words it as an ETag mismatch, the Redis store as "failed to set key".
func conflictOr(err error, what string) error {
	if err == nil {
		return nil
	}
	msg := strings.ToLower(err.Error())
	if strings.Contains(msg, "etag") || strings.Contains(msg, "failed to set key") || strings.Contains(msg, "failed to delete") {
		return fmt.Errorf("%s: %w (%v)", what, refdata.ErrConflict, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

var _ refdata.Store = (*Store)(nil)
