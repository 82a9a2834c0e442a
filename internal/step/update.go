package step

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
)

// Op is what an Update's change decided.
type Op int

const (
	Keep   Op = iota // nothing to write
	Write            // write the changed value
	Remove           // delete the key (through its ETag)
)

// maxTries bounds every read-modify-write. With the back-off below, 30 losses in a row
// wait at most about 5 s in all (5+10+...+160 ms, then 200 ms a try), a third of the
// handler's 15 s timeout: losing that often means heavy contention on one key, and the
// delivery's retry policy, which waits longer, takes over.
const maxTries = 30

const (
	firstWait = 5 * time.Millisecond
	maxWait   = 200 * time.Millisecond
)

// waitCeiling is the longest wait after the try-th lost race (from 0): 5 ms doubling,
// capped at 200 ms.
func waitCeiling(try int) time.Duration {
	return min(firstWait<<min(try, 6), maxWait)
}

// conflictWait waits a random moment up to waitCeiling (full jitter), so that the losers
// of one race do not meet again; tests replace it.
var conflictWait = func(ctx context.Context, try int) error {
	t := time.NewTimer(rand.N(waitCeiling(try)) + 1)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// retryConflicts is the one retry loop over conditional writes: it runs attempt again,
// after a jittered back-off, for as long as it returns ErrConflict, at most maxTries times.
func retryConflicts(ctx context.Context, what string, attempt func() error) error {
	for try := 0; try < maxTries; try++ {
		err := attempt()
		if !errors.Is(err, ErrConflict) {
			return err
		}
		if try == maxTries-1 {
			break
		}
		if err := conflictWait(ctx, try); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	return fmt.Errorf("%s: %w after %d tries", what, ErrConflict, maxTries)
}

// UpdateOption adjusts an Update.
type UpdateOption func(*updateConfig)

type updateConfig struct{ ttl time.Duration }

// WithTTL makes every write of an Update set how long the store keeps the key (Forever:
// for ever, whatever expiry it had).
func WithTTL(ttl time.Duration) UpdateOption { return func(c *updateConfig) { c.ttl = ttl } }

// Update is the read-modify-write of one state key: it reads the key with its ETag,
// calls change with the decoded value (its zero value when found is false), and applies
// change's decision only if nobody wrote the key in between: Write updates through the
// ETag, or creates the key first-write-wins when it was absent; Remove deletes through
// the ETag. A lost race (counted in choreo_state_conflicts_total) reads and calls change
// again, so change may run several times. Update returns the value as change left it.
func Update[T any](ctx context.Context, sc *Sidecar, store, key string, change func(v *T, found bool) (Op, error), opts ...UpdateOption) (T, error) {
	var cfg updateConfig
	for _, o := range opts {
		o(&cfg)
	}
	var v T
	err := retryConflicts(ctx, "update state "+store+"/"+key, func() error {
		v = *new(T)
		etag, found, err := sc.GetState(ctx, store, key, &v)
		if err != nil {
			return err
		}
		op, err := change(&v, found)
		if err != nil {
			return err
		}
		return sc.apply(ctx, store, key, etag, found, v, op, cfg.ttl)
	})
	return v, err
}

func (s *Sidecar) apply(ctx context.Context, store, key, etag string, found bool, v any, op Op, ttl time.Duration) error {
	switch {
	case op == Write && found && ttl != 0:
		return s.UpdateStateTTL(ctx, store, key, etag, v, ttl)
	case op == Write && found:
		return s.UpdateState(ctx, store, key, etag, v)
	case op == Write && ttl != 0:
		return s.CreateStateTTL(ctx, store, key, v, ttl)
	case op == Write:
		return s.CreateState(ctx, store, key, v)
	case op == Remove && found:
		return s.DeleteStateIf(ctx, store, key, etag)
	}
	return nil
}
