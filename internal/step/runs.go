package step

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// run is one handler run of an event, detached from the call that started it
// (lease.go says why).
type run struct {
	done  chan struct{}
	err   error
	ended time.Time
	taken bool // a call has answered with the result
}

// runs are this process's handler runs by subscription and event id. A finished run
// stays until a call takes its result (the next retry of the call that started it);
// one nobody asked for again (another replica acknowledged the message) is forgotten a
// minute after it ended, looked for only once the map has grown past sweepAt, so that a
// delivery does not walk the map.
type runs struct {
	mu sync.Mutex
	m  map[string]*run
}

func newRuns() *runs { return &runs{m: map[string]*run{}} }

// sweepAt is well above the deliveries one process runs at once (pub/sub concurrency
// times its subscriptions).
const sweepAt = 256

func runKey(m Message) string { return m.Topic + "|" + m.ID }

// get returns the run of m, if any.
func (r *runs) get(m Message) *run {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.m[runKey(m)]
}

// start registers a new run of m unless one exists (then it returns that one, false).
func (r *runs) start(m Message) (*run, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if cur, ok := r.m[runKey(m)]; ok {
		return cur, false
	}
	if len(r.m) >= sweepAt {
		for k, old := range r.m {
			if !old.ended.IsZero() && time.Since(old.ended) > time.Minute {
				delete(r.m, k)
			}
		}
	}
	nr := &run{done: make(chan struct{})}
	r.m[runKey(m)] = nr
	return nr, true
}

// finish records a run's result.
func (r *runs) finish(nr *run, err error) {
	r.mu.Lock()
	nr.err, nr.ended = err, time.Now()
	r.mu.Unlock()
	close(nr.done)
}

// result hands a finished run's result to one call: the first gets it (a failure stays
// for the next call to run the handler again), later ones find the work done.
func (r *runs) result(m Message, nr *run) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if nr.err != nil || nr.taken {
		delete(r.m, runKey(m))
		if nr.err == nil {
			return ErrDuplicate
		}
		return nr.err
	}
	nr.taken = true
	delete(r.m, runKey(m))
	return nil
}

// deliverer runs a subscription's deliveries through the ledger and the leases.
type deliverer struct {
	l    ledger
	runs *runs
	me   Holder
	// timings: the package's constants, shorter in unit tests
	after, renew, wait, poll, limit time.Duration
}

func newDeliverer(l ledger, me Holder) *deliverer {
	return &deliverer{l: l, runs: newRuns(), me: me, after: leaseAfter, renew: leaseRenew,
		wait: leaseWait, poll: leasePoll, limit: workTimeout}
}

func (d *deliverer) deliver(ctx context.Context, s Subscription, m Message) error {
	if s.Idempotent {
		err := safeHandle(ctx, s.Handler, m)
		if err != nil && !errors.Is(err, ErrDuplicate) {
			d.l.failed(ctx, m, err)
		}
		return err
	}
	if r := d.runs.get(m); r != nil {
		return d.await(ctx, m, r)
	}
	if err := d.waitForHolder(ctx, m); err != nil {
		if errors.Is(err, ErrInProgress) { // the reason, should the retries run out
			d.l.failed(ctx, m, err)
		}
		return err
	}
	r, fresh := d.runs.start(m)
	if fresh {
		go d.work(ctx, s, m, r)
	}
	return d.await(ctx, m, r)
}

// waitForHolder returns nil once nobody else works on m: no lease, or one of a crashed
// predecessor of this replica (broken here). It returns ErrDuplicate when m turns out
// handled, ErrInProgress when a live holder still works on it after d.wait.
func (d *deliverer) waitForHolder(ctx context.Context, m Message) error {
	deadline := time.Now().Add(d.wait)
	for {
		done, held, err := d.l.look(ctx, m, mayBeLeased(m, time.Now()))
		switch {
		case err != nil:
			return err
		case done:
			return ErrDuplicate
		case held == nil:
			return nil
		case held.Replica == d.me.Replica && held.Process != d.me.Process:
			return d.l.dropLease(ctx, m, *held)
		case time.Now().After(deadline):
			return fmt.Errorf("%w: held by %s since %s", ErrInProgress, held, held.Since)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(d.poll):
		}
	}
}

// await waits at most d.wait for a run and answers with its result.
func (d *deliverer) await(ctx context.Context, m Message, r *run) error {
	t := time.NewTimer(d.wait)
	defer t.Stop()
	select {
	case <-r.done:
		return d.runs.result(m, r)
	case <-t.C:
		return fmt.Errorf("%w: running here since this replica's first delivery", ErrInProgress)
	case <-ctx.Done():
		return ctx.Err()
	}
}

// work runs the handler on a context of its own (the sidecar's call may end first),
// leases it if it runs past d.after, marks the event handled or records the failure.
func (d *deliverer) work(parent context.Context, s Subscription, m Message, r *run) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(parent), d.limit)
	defer cancel()
	stop := d.leaseWhileRunning(ctx, cancel, m)
	err := safeHandle(ctx, s.Handler, m)
	// The mark and the record go out even when the run used up its time at the end.
	after, done := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer done()
	if err == nil {
		err = d.l.markHandled(after, m)
	}
	if err != nil {
		d.l.failed(after, m, err)
	}
	stop()
	d.runs.finish(r, err)
}

// leaseWhileRunning takes the lease once the run has lasted d.after and renews it until
// stop is called, which also drops it. A lease lost to another replica (this one was
// taken for dead) cancels the run: the other one works on it now.
func (d *deliverer) leaseWhileRunning(ctx context.Context, cancel context.CancelFunc, m Message) (stop func()) {
	quit, exited := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(exited)
		leased := false
		next := time.NewTimer(d.after)
		defer next.Stop()
		for {
			select {
			case <-quit:
				if leased {
					_ = d.l.dropLease(context.WithoutCancel(ctx), m, d.me)
				}
				return
			case <-next.C:
			}
			var err error
			if leased {
				err = d.l.renewLease(ctx, m, d.me)
			} else {
				err = d.l.takeLease(ctx, m, d.me)
			}
			if errors.Is(err, ErrConflict) && leased {
				cancel()
			}
			// A first take that conflicts: another replica started the same work before
			// either leased it. Both finish; every effect is idempotent on its own.
			leased = leased || err == nil
			next.Reset(d.renew)
		}
	}()
	return func() { close(quit); <-exited }
}
