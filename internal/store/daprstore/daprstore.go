// Package daprstore implements store's ports over a Dapr sidecar (internal/step): a
// state store component and a storage binding.
package daprstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
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

// maxTries bounds Update: losing that often means heavy contention, and the delivery's
// retry policy takes over.
const maxTries = 50

// locks keeps this process's updates of one key from racing each other (a burst of one
// sender's files); the ETag still settles races between replicas.
var locks step.KeyLocks

// Update is the one read-modify-write loop: read with the ETag, decide, write through
// the ETag; on a lost race wait a jittered moment and start again.
func (s *State) Update(ctx context.Context, key string, change func([]byte) ([]byte, store.Op, error)) error {
	defer locks.Lock(s.store + "\x00" + key)()
	for try := 0; try < maxTries; try++ {
		var raw json.RawMessage
		etag, found, err := s.sc.GetState(ctx, s.store, key, &raw)
		if err != nil {
			return err
		}
		var current []byte
		if found {
			current = raw
		}
		next, op, err := change(current)
		if err != nil {
			return err
		}
		err = s.apply(ctx, key, etag, found, json.RawMessage(next), op)
		if !errors.Is(err, step.ErrConflict) {
			return err
		}
		if err := backoff(ctx, try); err != nil {
			return err
		}
	}
	return fmt.Errorf("update %s/%s: %w after %d tries", s.store, key, store.ErrConflict, maxTries)
}

func (s *State) apply(ctx context.Context, key, etag string, found bool, next json.RawMessage, op store.Op) error {
	switch {
	case op == store.Write && found:
		return s.sc.UpdateState(ctx, s.store, key, etag, next)
	case op == store.Write:
		return s.sc.CreateState(ctx, s.store, key, next)
	case op == store.Remove && found:
		return s.sc.DeleteStateIf(ctx, s.store, key, etag)
	}
	return nil
}

// backoff waits up to 1 ms doubling to at most 100 ms, jittered so that the losers of
// one race do not meet again.
func backoff(ctx context.Context, try int) error {
	d := min(time.Millisecond<<min(try, 7), 100*time.Millisecond)
	t := time.NewTimer(rand.N(d) + 1)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
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
