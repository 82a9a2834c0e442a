package step

import (
	"context"
	"errors"
)

// SetState writes a JSON value whatever is there (last write wins), like PutState, in
// one call to the store when it can: it tries a plain write first, which the store takes
// unless the key was ever written with first-write concurrency; then it falls back to
// PutState's read-then-write under the ETag. Use it for keys that are usually new (the
// pointers written once per file); for keys created by CreateState, PutState is the
// cheaper call.
func (s *Sidecar) SetState(ctx context.Context, store, key string, v any) error {
	err := s.save(ctx, store, key, "", v)
	if !errors.Is(err, ErrConflict) {
		return err
	}
	return s.PutState(ctx, store, key, v)
}
