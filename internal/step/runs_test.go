package step

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// fastDeliverer is a deliverer of replica r with timings a unit test can wait for.
func fastDeliverer(l ledger, replica, process string) *deliverer {
	d := newDeliverer(l, Holder{Replica: replica, Process: process})
	d.after, d.renew, d.wait, d.poll, d.limit = 20*time.Millisecond, 20*time.Millisecond, 150*time.Millisecond,
		5*time.Millisecond, 5*time.Second
	return d
}

// slowSub is a subscription whose handler counts its runs and ends when release closes.
func slowSub(runs *atomic.Int32, release <-chan struct{}) Subscription {
	return Subscription{Topic: "x", Handler: func(ctx context.Context, _ Message) error {
		runs.Add(1)
		select {
		case <-release:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}}
}

// longEvent has no time: it may be leased (a message handed over is always older than
// leaseFresh).
var longEvent = Message{ID: "f-9/x", Topic: "x"}

func TestOnlyAnEventOldEnoughMayBeLeased(t *testing.T) {
	now := time.Now()
	for _, c := range []struct {
		time string
		want bool
	}{
		{now.Add(-10 * time.Millisecond).Format(time.RFC3339Nano), false},
		{now.Add(-30 * time.Second).Format(time.RFC3339Nano), true},
		{"", true},
		{"yesterday", true},
	} {
		if got := mayBeLeased(Message{Time: c.time}, now); got != c.want {
			t.Errorf("published %q: may be leased %v, want %v", c.time, got, c.want)
		}
	}
}

// The sidecar's call ends before a long run does (Dapr's delivery timeout): the run goes
// on, the call answers in progress, and the retried call gets the run's result.
func TestALongRunOutlivesItsCallAndAnswersTheRetry(t *testing.T) {
	l := newMemLedger()
	d := fastDeliverer(l, "r1", "p1")
	var n atomic.Int32
	release := make(chan struct{})
	s := slowSub(&n, release)
	call, cut := context.WithCancel(context.Background())
	if err := d.deliver(call, s, longEvent); !errors.Is(err, ErrInProgress) {
		t.Fatalf("first call: %v, want in progress", err)
	}
	cut() // the sidecar gave up on the call
	if err := d.deliver(context.Background(), s, longEvent); !errors.Is(err, ErrInProgress) {
		t.Fatalf("retry during the run: %v, want in progress", err)
	}
	close(release)
	if err := d.deliver(context.Background(), s, longEvent); err != nil {
		t.Fatalf("retry after the run: %v, want its success", err)
	}
	if err := d.deliver(context.Background(), s, longEvent); !errors.Is(err, ErrDuplicate) {
		t.Fatalf("late redelivery: %v, want a duplicate", err)
	}
	if n.Load() != 1 || !l.done[longEvent.ID] {
		t.Errorf("handler ran %d times, marked %v; want once and marked", n.Load(), l.done[longEvent.ID])
	}
	if l.taken != 1 || len(l.leases) != 0 {
		t.Errorf("leases taken %d, left %d; want one taken for the long run and dropped at its end", l.taken, len(l.leases))
	}
}

// Another replica handed the same message (Redis Streams' reclaim) waits on the lease
// instead of working, and finds the event done when the holder finishes.
func TestAnotherReplicaWaitsOnTheLease(t *testing.T) {
	l := newMemLedger()
	holder, other := fastDeliverer(l, "r1", "p1"), fastDeliverer(l, "r2", "p2")
	var n atomic.Int32
	release := make(chan struct{})
	s := slowSub(&n, release)
	_ = holder.deliver(context.Background(), s, longEvent)
	if err := other.deliver(context.Background(), s, longEvent); !errors.Is(err, ErrInProgress) {
		t.Fatalf("other replica during the run: %v, want in progress", err)
	}
	go func() { time.Sleep(50 * time.Millisecond); close(release) }()
	if err := other.deliver(context.Background(), s, longEvent); !errors.Is(err, ErrDuplicate) {
		t.Fatalf("other replica while the run ends: %v, want the event found done", err)
	}
	if n.Load() != 1 {
		t.Errorf("handler ran %d times over two replicas, want 1", n.Load())
	}
	if l.failures[longEvent.ID] != 1 {
		t.Errorf("%d attempts recorded, want the one wait that ran out (its reason, for a dead letter)", l.failures[longEvent.ID])
	}
}

// A holder that died leaves a lease nobody renews: once it expires, the next delivery
// works itself. A lease left by this replica's own crashed process is broken at once.
func TestADeadHoldersLeaseIsTakenOver(t *testing.T) {
	l := newMemLedger()
	var n atomic.Int32
	done := make(chan struct{})
	close(done)
	s := slowSub(&n, done)
	l.leases[longEvent.ID] = Holder{Replica: "r2", Process: "dead"}
	d := fastDeliverer(l, "r1", "p1")
	if err := d.deliver(context.Background(), s, longEvent); !errors.Is(err, ErrInProgress) {
		t.Fatalf("while the dead holder's lease lasts: %v, want in progress", err)
	}
	delete(l.leases, longEvent.ID) // its TTL ran out
	if err := d.deliver(context.Background(), s, longEvent); err != nil || n.Load() != 1 {
		t.Fatalf("after the lease expired: %v, %d runs; want the work done here", err, n.Load())
	}

	l.leases["f-10/x"] = Holder{Replica: "r1", Process: "before-restart"}
	if err := d.deliver(context.Background(), s, Message{ID: "f-10/x", Topic: "x"}); err != nil || n.Load() != 2 {
		t.Errorf("lease of this replica's crashed process: %v, %d runs; want it broken and the work done", err, n.Load())
	}
}

// A run whose lease was taken by another replica (this one was taken for dead: its
// sidecar was away longer than the TTL) stops: the other works on it now.
func TestARunThatLostItsLeaseStops(t *testing.T) {
	l := newMemLedger()
	d := fastDeliverer(l, "r1", "p1")
	var n atomic.Int32
	s := slowSub(&n, make(chan struct{}))
	_ = d.deliver(context.Background(), s, longEvent)
	deadline := time.Now().Add(2 * time.Second)
	for l.leasesTaken() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	l.mu.Lock()
	l.leases[longEvent.ID] = Holder{Replica: "r2", Process: "p2"}
	l.mu.Unlock()
	err := d.deliver(context.Background(), s, longEvent)
	for errors.Is(err, ErrInProgress) && time.Now().Before(deadline) {
		err = d.deliver(context.Background(), s, longEvent)
	}
	if !errors.Is(err, context.Canceled) || l.done[longEvent.ID] {
		t.Errorf("run after losing its lease: %v, marked %v; want it cancelled and not marked", err, l.done[longEvent.ID])
	}
}
