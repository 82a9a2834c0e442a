// Package daprstore implements store's ports over a Dapr sidecar (internal/step): a
// state store component and a storage binding.
package daprstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/store"
)

// State is a store.State over one Dapr state store.
type State struct {
	sc    *step.Sidecar
	store string
}

// NewState is the state store named store (step.AppState, step.RefData) behind sc.
func NewState(sc *step.Sidecar, store string) *State { return &State{sc: sc, store: store} }

// conflict adds store.ErrConflict to the sidecar's own conflict error.
func conflict(err error) error {
	if errors.Is(err, step.ErrConflict) {
		return fmt.Errorf("%w: %w", store.ErrConflict, err)
	}
	return err
}

func (s *State) Get(ctx context.Context, key string, v any) (bool, error) {
	_, found, err := s.sc.GetState(ctx, s.store, key, v)
	return found, err
}

func (s *State) Create(ctx context.Context, key string, v any, ttl time.Duration) error {
	if ttl > 0 {
		return conflict(s.sc.CreateStateTTL(ctx, s.store, key, v, ttl))
	}
	return conflict(s.sc.CreateState(ctx, s.store, key, v))
}

func (s *State) Put(ctx context.Context, key string, v any, ttl time.Duration) error {
	if ttl > 0 {
		return s.sc.PutStateTTL(ctx, s.store, key, v, ttl)
	}
	return s.sc.PutState(ctx, s.store, key, v)
}

func (s *State) Delete(ctx context.Context, key string) error {
	return s.sc.DeleteState(ctx, s.store, key)
}

// locks keeps this process's updates of one key from racing each other (a burst of one
// sender's files); the ETag still settles races between replicas.
var locks step.KeyLocks

// Update is step.Update over raw JSON: read with the ETag, decide, write through the
// ETag, and on a lost race wait a jittered moment and start again.
func (s *State) Update(ctx context.Context, key string, change func([]byte) ([]byte, store.Op, error), opts ...store.UpdateOption) error {
	defer locks.Lock(s.store + "\x00" + key)()
	var keep []step.UpdateOption
	switch ttl := store.UpdateOptions(opts).TTL; {
	case ttl == store.Forever:
		keep = append(keep, step.WithTTL(step.Forever))
	case ttl > 0:
		keep = append(keep, step.WithTTL(ttl))
	}
	_, err := step.Update(ctx, s.sc, s.store, key, func(raw *json.RawMessage, found bool) (step.Op, error) {
		var current []byte
		if found {
			current = *raw
		}
		next, op, err := change(current)
		if err != nil {
			return step.Keep, err
		}
		*raw = next
		switch op {
		case store.Write:
			return step.Write, nil
		case store.Remove:
			return step.Remove, nil
		}
		return step.Keep, nil
	}, keep...)
	return conflict(err)
}

// Blobs is a store.Blobs over one storage binding.
type Blobs struct {
	sc      *step.Sidecar
	binding string
}

// NewBlobs is the binding named binding (step.Inbox, step.Staging, ...) behind sc.
func NewBlobs(sc *step.Sidecar, binding string) *Blobs { return &Blobs{sc: sc, binding: binding} }

func (b *Blobs) Open(ctx context.Context, name string) (io.ReadCloser, error) {
	r, _, err := b.sc.OpenBlob(ctx, b.binding, name)
	if errors.Is(err, step.ErrNotFound) {
		return nil, fmt.Errorf("%w: %w", store.ErrNotFound, err)
	}
	return r, err
}

// ReadText reads a blob into a string of its size (store.ReadText).
func (b *Blobs) ReadText(ctx context.Context, name string) (string, error) {
	s, err := b.sc.GetBlobText(ctx, b.binding, name)
	if errors.Is(err, step.ErrNotFound) {
		return "", fmt.Errorf("%w: %w", store.ErrNotFound, err)
	}
	return s, err
}

func (b *Blobs) Put(ctx context.Context, name string, data []byte) error {
	return b.sc.PutBlob(ctx, b.binding, name, data)
}

func (b *Blobs) PutFrom(ctx context.Context, name string, write func(io.Writer) error) error {
	return b.sc.PutBlobFrom(ctx, b.binding, name, write)
}

func (b *Blobs) Delete(ctx context.Context, name string) error {
	return b.sc.DeleteBlob(ctx, b.binding, name)
}
