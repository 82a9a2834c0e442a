// Package store holds the small ports the steps' business rules are written against: a
// state store with conditional writes and one read-modify-write (State.Update), and a
// blob container (Blobs). Memory implements both for unit tests and the in-process
// benchmark; daprstore implements them over a Dapr sidecar. Both pass storetest's
// contract, so a rule tested on Memory behaves the same through Dapr.
package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

var (
	// ErrConflict: a conditional write lost (the key exists already, or changed since it
	// was read), or Update kept losing until it gave up.
	ErrConflict = errors.New("store: state write conflict")
	// ErrNotFound: the blob does not exist.
	ErrNotFound = errors.New("store: not found")
)

// Op is what an Update's change decided.
type Op int

const (
	Keep   Op = iota // nothing to write
	Write            // write the new value
	Remove           // delete the key
)

// State is one state store. Values are JSON. A ttl of 0 keeps a key for ever.
type State interface {
	// Get reads key's value into v; found is false when the key does not exist.
	Get(ctx context.Context, key string, v any) (found bool, err error)
	// Create writes v only if key does not exist yet: first write wins (ErrConflict).
	Create(ctx context.Context, key string, v any, ttl time.Duration) error
	// Put writes v whatever is there: last write wins.
	Put(ctx context.Context, key string, v any, ttl time.Duration) error
	// Delete removes key; a missing key counts as deleted.
	Delete(ctx context.Context, key string) error
	// Update reads key (current is nil when it does not exist), calls change and applies
	// its decision only if nobody wrote key in between; else it reads and calls change
	// again. The retry lives here once, not in the rules: change may run several times
	// and must not call the store. A write keeps the key's expiry unless KeepFor says
	// otherwise.
	Update(ctx context.Context, key string, change func(current []byte) (next []byte, op Op, err error), opts ...UpdateOption) error
}

// Forever, as KeepFor's ttl, removes a key's expiry.
const Forever time.Duration = -1

// UpdateOption adjusts an Update's write.
type UpdateOption func(*UpdateConfig)

// UpdateConfig is what an Update's options ask for; implementations read it with
// UpdateOptions. TTL 0 keeps the key's expiry.
type UpdateConfig struct{ TTL time.Duration }

// KeepFor makes an Update's write set how long the key is kept: ttl, or Forever.
func KeepFor(ttl time.Duration) UpdateOption { return func(c *UpdateConfig) { c.TTL = ttl } }

// UpdateOptions applies opts.
func UpdateOptions(opts []UpdateOption) UpdateConfig {
	var c UpdateConfig
	for _, o := range opts {
		o(&c)
	}
	return c
}

// Update is State.Update over a typed value: change sees the decoded value (its zero
// value when found is false) and changes it in place when it returns Write.
func Update[T any](ctx context.Context, s State, key string, change func(v *T, found bool) (Op, error), opts ...UpdateOption) error {
	return s.Update(ctx, key, func(current []byte) ([]byte, Op, error) {
		var v T
		if current != nil {
			if err := json.Unmarshal(current, &v); err != nil {
				return nil, Keep, fmt.Errorf("decode %s: %w", key, err)
			}
		}
		op, err := change(&v, current != nil)
		if err != nil || op != Write {
			return nil, op, err
		}
		next, err := json.Marshal(v)
		return next, op, err
	}, opts...)
}

// Blobs is one blob container.
type Blobs interface {
	// Open streams a blob (ErrNotFound when it does not exist).
	Open(ctx context.Context, name string) (io.ReadCloser, error)
	// Put writes a blob whole.
	Put(ctx context.Context, name string, data []byte) error
	// PutFrom writes what write writes; when write fails, nothing is left behind.
	PutFrom(ctx context.Context, name string, write func(w io.Writer) error) error
	// Delete removes a blob; a missing blob counts as deleted.
	Delete(ctx context.Context, name string) error
}

// ReadText reads a blob whole as a string, for decoders that keep slices of it
// (staging): read straight into the string, it is held once.
// A Blobs that knows a blob's size before reading it (daprstore) reads it itself.
func ReadText(ctx context.Context, b Blobs, name string) (string, error) {
	if t, ok := b.(interface {
		ReadText(ctx context.Context, name string) (string, error)
	}); ok {
		return t.ReadText(ctx, name)
	}
	r, err := b.Open(ctx, name)
	if err != nil {
		return "", err
	}
	defer r.Close()
	var s strings.Builder
	if _, err := io.Copy(&s, r); err != nil {
		return "", fmt.Errorf("read %s: %w", name, err)
	}
	return s.String(), nil
}
