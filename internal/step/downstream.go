package step

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The benchmark's simulated downstream system (docs/performance.md, "Scale-out"): a
// step that also calls a core-banking system waits for it, and reaches it over a fixed
// number of connections per replica. Set only by the benchmark; never in the product.
const (
	// DownstreamEnv is the simulated call's latency, a Go duration ("200ms"). Unset, ""
	// or "0": no simulated call at all.
	DownstreamEnv = "CHOREO_BENCH_DOWNSTREAM"
	// DownstreamSlotsEnv is how many calls a process has in flight at once (default 1):
	// one replica's connections to the downstream system.
	DownstreamSlotsEnv = "CHOREO_BENCH_DOWNSTREAM_SLOTS"
)

// Downstream is one process's connections to a simulated downstream system: a call
// holds one of its slots for the latency, so a replica does at most slots/latency calls
// a second and only more replicas add capacity. A nil Downstream is off.
type Downstream struct {
	latency time.Duration
	slots   chan struct{}
	// after starts the wait; tests replace it to see who holds a slot.
	after func(time.Duration) (<-chan time.Time, func() bool)
}

// ParseDownstream reads the two settings; nil when the latency is unset. A value that
// is not a positive duration or slot count is an error, never silently ignored: a
// benchmark that thinks it waits and does not would measure the wrong thing.
func ParseDownstream(getenv func(string) string) (*Downstream, error) {
	v := strings.TrimSpace(getenv(DownstreamEnv))
	if v == "" || v == "0" {
		return nil, nil
	}
	latency, err := time.ParseDuration(v)
	if err != nil || latency <= 0 {
		return nil, fmt.Errorf("%s=%q is not a positive Go duration (e.g. 200ms)", DownstreamEnv, v)
	}
	slots := 1
	if s := strings.TrimSpace(getenv(DownstreamSlotsEnv)); s != "" {
		if slots, err = strconv.Atoi(s); err != nil || slots < 1 {
			return nil, fmt.Errorf("%s=%q is not a positive number of slots", DownstreamSlotsEnv, s)
		}
	}
	return &Downstream{latency: latency, slots: make(chan struct{}, slots), after: realAfter}, nil
}

func realAfter(d time.Duration) (<-chan time.Time, func() bool) {
	t := time.NewTimer(d)
	return t.C, t.Stop
}

// Call waits for a free slot, then the latency, holding the slot; it returns ctx's
// error if ctx ends first (a retried delivery then calls again).
func (d *Downstream) Call(ctx context.Context) error {
	if d == nil {
		return nil
	}
	select {
	case d.slots <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("simulated downstream: waiting for a slot: %w", ctx.Err())
	}
	defer func() { <-d.slots }()
	done, stop := d.after(d.latency)
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		stop()
		return fmt.Errorf("simulated downstream: in call: %w", ctx.Err())
	}
}

// String describes the setting, for logs and results.
func (d *Downstream) String() string {
	if d == nil {
		return "off"
	}
	return fmt.Sprintf("%s, %d slots", d.latency, cap(d.slots))
}

var processDownstream = sync.OnceValues(func() (*Downstream, error) { return ParseDownstream(os.Getenv) })

// SimulatedDownstream is the benchmark's downstream call of a step, made once at the
// start of each step's main handler, before any effect. With CHOREO_BENCH_DOWNSTREAM
// unset it returns at once. The settings are read once per process; an invalid one
// fails every call as permanent (dead-lettered with the setting named), so a
// misconfigured benchmark stops at its first file instead of measuring without the wait.
func SimulatedDownstream(ctx context.Context) error {
	d, err := processDownstream()
	if err != nil {
		return Permanent(err)
	}
	return d.Call(ctx)
}
