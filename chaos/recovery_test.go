//go:build chaos

package chaos

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// Time to recover, as the report means it: from the kill -9 (or the start of another
// fault) until every message that the struck role's consumer groups held unacknowledged
// at that moment has been acknowledged, by whichever replica; when they held none, until
// the struck process answers its health check again. An app's role is its consumer group
// (both replica sets share it, so the live replica's messages count too; they are done in
// milliseconds); Redis's role is every group. Takeover is the part of it until a held
// message was delivered again (its delivery count rose: a sidecar's reclaim loop claimed
// it), which only a message whose holder died needs.

// struck is when the last fault struck (unix ns). crash stamps it right before the kill,
// so that recovery counts from the kill and not from the start of the fault's aim.
// Another fault mode (a partition) calls strike at the moment it cuts.
var struck atomic.Int64

// beforeStrike, while a run watches the pending lists, reads the struck role's pending
// lists at once: a step holds a message for milliseconds, far less than pelSample, and
// recovery must know what the role held at the very moment of the kill.
var beforeStrike func(group string)

// strike records that a fault strikes the role of group ("" for every group) now.
func strike(group string) {
	if beforeStrike != nil {
		beforeStrike(group)
	}
	struck.Store(time.Now().UnixNano())
}

// pelSample is how often pelWatch reads every pending list: the resolution of the figures.
const pelSample = 250 * time.Millisecond

type pelKey struct{ topic, group, id string }

// pelEntry is one message's life in a pending list, as the samples saw it.
type pelEntry struct {
	first, gone time.Time // first sample that saw it pending; first that no longer did
	deliveries  int64
	redelivered time.Time // first sample that saw its delivery count rise
}

// pelWatch samples the pending list (XPENDING) of every consumer group of the file flow.
type pelWatch struct {
	p    *testpipe.Pipeline
	mu   sync.Mutex
	seen map[pelKey]*pelEntry
	stop chan struct{}
	done chan struct{}
}

// watchPending starts the sampling; while it runs, every strike reads the struck role's
// pending lists first (beforeStrike). Stop ends both.
func watchPending(p *testpipe.Pipeline) *pelWatch {
	w := &pelWatch{p: p, seen: map[pelKey]*pelEntry{}, stop: make(chan struct{}), done: make(chan struct{})}
	beforeStrike = w.once
	go w.loop()
	return w
}

// Stop ends the sampling after one last round (what was acknowledged since the previous
// one counts as done); the figures stay readable.
func (w *pelWatch) Stop() {
	select {
	case <-w.stop:
	default:
		beforeStrike = nil
		close(w.stop)
		<-w.done
		w.once("")
	}
}

func (w *pelWatch) loop() {
	defer close(w.done)
	tick := time.NewTicker(pelSample)
	defer tick.Stop()
	for {
		select {
		case <-w.stop:
			return
		case <-tick.C:
			w.once("")
		}
	}
}

// once reads the pending list of every group named only ("" for all); a group it cannot
// read (Redis down) is skipped, so its messages are neither seen nor counted gone then.
func (w *pelWatch) once(only string) {
	now := time.Now()
	for _, e := range events.Catalog {
		for _, group := range e.Consumers {
			if only != "" && group != only {
				continue
			}
			r, err := w.p.Do("XPENDING", e.Topic, group, "-", "+", "1000")
			if err != nil {
				continue
			}
			list, _ := r.([]any)
			w.record(e.Topic, group, list, now)
		}
	}
}

func (w *pelWatch) record(topic, group string, list []any, now time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	present := map[string]bool{}
	for _, row := range list {
		f, _ := row.([]any) // id, consumer, idle ms, deliveries
		if len(f) < 4 {
			continue
		}
		id, _ := f[0].(string)
		n, _ := f[3].(int64)
		present[id] = true
		k := pelKey{topic, group, id}
		e := w.seen[k]
		switch {
		case e == nil:
			w.seen[k] = &pelEntry{first: now, deliveries: n}
		case n > e.deliveries:
			if e.redelivered.IsZero() {
				e.redelivered = now
			}
			e.deliveries = n
		}
	}
	for k, e := range w.seen {
		if k.topic == topic && k.group == group && e.gone.IsZero() && !present[k.id] {
			e.gone = now
		}
	}
}

// recovery measures one fault: at is the kill, back when the struck process was healthy
// again, group the role ("" for every group). held is how many messages the role held;
// recover and takeover are zero when it held none (recover is then back - at); ok is
// false when a held message was never acknowledged while the watch ran.
func (w *pelWatch) recovery(at, back time.Time, group string) (held int, recover, takeover time.Duration, ok bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	ok = true
	for k, e := range w.seen {
		// Held at the kill: pending in a sample up to one period after it (a message
		// delivered just before the kill may not have been sampled yet), and not gone
		// before it.
		if (group != "" && k.group != group) || e.first.After(at.Add(pelSample)) || (!e.gone.IsZero() && e.gone.Before(at)) {
			continue
		}
		held++
		if e.gone.IsZero() {
			ok = false
			continue
		}
		recover = max(recover, e.gone.Sub(at))
		if !e.redelivered.IsZero() && e.redelivered.After(at) {
			takeover = max(takeover, e.redelivered.Sub(at))
		}
	}
	if held == 0 {
		recover = back.Sub(at)
	}
	return held, recover, takeover, ok
}

// redelivered counts the messages of group ("" for all) delivered more than once.
func (w *pelWatch) redelivered(group string) (n int, maxDeliveries int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for k, e := range w.seen {
		if (group == "" || k.group == group) && e.deliveries > 1 {
			n++
			maxDeliveries = max(maxDeliveries, e.deliveries)
		}
	}
	return n, maxDeliveries
}

// measure fills the recovery figures of every fault from the watch.
func (w *pelWatch) measure(inj []injected) {
	for i := range inj {
		in := &inj[i]
		if in.killedAt.IsZero() {
			continue
		}
		group := in.app
		if in.kind == "redis" {
			group = ""
		}
		in.held, in.recover, in.takeover, in.recovered = w.recovery(in.killedAt, in.backAt, group)
	}
}
