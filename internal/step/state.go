package step

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	dapr "github.com/dapr/go-sdk/client"
)

// ErrConflict is returned when a conditional state write lost: the key already exists
// (first write wins) or its ETag changed since it was read.
var ErrConflict = errors.New("step: state write conflict")

// GetState reads a JSON value; found is false when the key does not exist.
func (s *Sidecar) GetState(ctx context.Context, store, key string, v any) (etag string, found bool, err error) {
	item, err := s.c.GetState(ctx, store, key, nil)
	if err != nil {
		return "", false, fmt.Errorf("get state %s/%s: %w", store, key, err)
	}
	if item == nil || len(item.Value) == 0 {
		return "", false, nil
	}
	if err := json.Unmarshal(item.Value, v); err != nil {
		return "", false, fmt.Errorf("decode state %s/%s: %w", store, key, err)
	}
	return item.Etag, true, nil
}

// CreateState writes a JSON value only if the key does not exist yet (first write wins).
func (s *Sidecar) CreateState(ctx context.Context, store, key string, v any) error {
	return s.save(ctx, store, key, "", nil, v, dapr.WithConcurrency(dapr.StateConcurrencyFirstWrite))
}

// UpdateState writes a JSON value if the key still has etag (optimistic concurrency).
func (s *Sidecar) UpdateState(ctx context.Context, store, key, etag string, v any) error {
	return s.save(ctx, store, key, etag, nil, v, dapr.WithConcurrency(dapr.StateConcurrencyFirstWrite))
}

// PutState writes a JSON value whatever is there (last write wins). It goes through the
// current ETag because some stores (Redis) refuse a plain overwrite of a key that was
// created with first-write concurrency.
func (s *Sidecar) PutState(ctx context.Context, store, key string, v any) error {
	return s.put(ctx, store, key, nil, v)
}

// put is PutState and PutStateTTL: read the ETag, write through it (or plainly when the
// key is absent), again when someone wrote in between.
func (s *Sidecar) put(ctx context.Context, store, key string, meta map[string]string, v any) error {
	return retryConflicts(ctx, "save state "+store+"/"+key, func() error {
		item, err := s.c.GetState(ctx, store, key, nil)
		if err != nil {
			return fmt.Errorf("get state %s/%s: %w", store, key, err)
		}
		if item == nil || item.Etag == "" {
			return s.save(ctx, store, key, "", meta, v)
		}
		return s.save(ctx, store, key, item.Etag, meta, v, dapr.WithConcurrency(dapr.StateConcurrencyFirstWrite))
	})
}

// save writes v as JSON, through etag when set, with meta (a TTL) when set; a refused
// conditional write is ErrConflict, counted in choreo_state_conflicts_total.
func (s *Sidecar) save(ctx context.Context, store, key, etag string, meta map[string]string, v any, opts ...dapr.StateOption) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode state %s/%s: %w", store, key, err)
	}
	if etag != "" {
		err = s.c.SaveStateWithETag(ctx, store, key, b, etag, meta, opts...)
	} else {
		err = s.c.SaveState(ctx, store, key, b, meta, opts...)
	}
	return s.stateErr("save", store, key, err)
}

// stateErr is the store's answer to op on store/key, with context; a refused
// conditional write is ErrConflict, counted in choreo_state_conflicts_total.
func (s *Sidecar) stateErr(op, store, key string, err error) error {
	if err == nil {
		return nil
	}
	if isConflict(err) {
		countConflict(s.stage, key)
		err = ErrConflict
	}
	return fmt.Errorf("%s state %s/%s: %w", op, store, key, err)
}

// isConflict recognises the store's refusal of a conditional write; Dapr reports it as
// an ETag mismatch whatever the store.
func isConflict(err error) bool {
	msg := strings.ToLower(err.Error())
	return strings.Contains(msg, "etag") || strings.Contains(msg, "failed to set key") || strings.Contains(msg, "failed to delete")
}

// DeleteState removes a key; a missing key counts as deleted.
func (s *Sidecar) DeleteState(ctx context.Context, store, key string) error {
	if err := s.c.DeleteState(ctx, store, key, nil); err != nil {
		return fmt.Errorf("delete state %s/%s: %w", store, key, err)
	}
	return nil
}

// Forever, as a TTL, removes a key's expiry. Dapr's Redis store keeps a key's expiry
// across later writes that carry no TTL, so a write that gives an expiring key a new
// life must say so.
const Forever time.Duration = -1

func ttlMeta(ttl time.Duration) map[string]string {
	if ttl < 0 {
		return map[string]string{"ttlInSeconds": "-1"}
	}
	return map[string]string{"ttlInSeconds": strconv.Itoa(int(ttl.Seconds()))}
}

// UpdateStateTTL is UpdateState that also sets how long the store keeps the key after
// this write (Forever: for ever, whatever expiry it had).
func (s *Sidecar) UpdateStateTTL(ctx context.Context, store, key, etag string, v any, ttl time.Duration) error {
	return s.save(ctx, store, key, etag, ttlMeta(ttl), v, dapr.WithConcurrency(dapr.StateConcurrencyFirstWrite))
}

// PutStateTTL is PutState with how long the store keeps the key after this write. Like
// PutState it goes through the ETag: a key created first-write (a claim) is refused a
// plain overwrite by Redis.
func (s *Sidecar) PutStateTTL(ctx context.Context, store, key string, v any, ttl time.Duration) error {
	return s.put(ctx, store, key, ttlMeta(ttl), v)
}

// markTTL writes a marker key this package alone writes, never first-write, so a plain
// overwrite is safe and saves PutStateTTL's read on every delivery.
func (s *Sidecar) markTTL(ctx context.Context, key string, v any, ttl time.Duration) error {
	return s.save(ctx, AppState, key, "", ttlMeta(ttl), v)
}

// DeleteStateIf removes a key only if it still has etag (ErrConflict otherwise).
func (s *Sidecar) DeleteStateIf(ctx context.Context, store, key, etag string) error {
	err := s.c.DeleteStateWithETag(ctx, store, key, &dapr.ETag{Value: etag}, nil,
		&dapr.StateOptions{Concurrency: dapr.StateConcurrencyFirstWrite})
	return s.stateErr("delete", store, key, err)
}

// CreateStateTTL writes a JSON value only if the key does not exist, to be forgotten
// after ttl: a lease.
func (s *Sidecar) CreateStateTTL(ctx context.Context, store, key string, v any, ttl time.Duration) error {
	return s.save(ctx, store, key, "", ttlMeta(ttl), v, dapr.WithConcurrency(dapr.StateConcurrencyFirstWrite))
}
