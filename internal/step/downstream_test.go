package step

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestParseDownstream(t *testing.T) {
	for _, v := range []string{"", "0", " "} {
		d, err := ParseDownstream(env(map[string]string{DownstreamEnv: v}))
		if d != nil || err != nil {
			t.Errorf("%s=%q: %v, %v; want off", DownstreamEnv, v, d, err)
		}
	}
	d, err := ParseDownstream(env(map[string]string{DownstreamEnv: "200ms"}))
	if err != nil || d.String() != "200ms, 1 slots" {
		t.Errorf("200ms: %v, %v", d, err)
	}
	d, err = ParseDownstream(env(map[string]string{DownstreamEnv: "50ms", DownstreamSlotsEnv: "4"}))
	if err != nil || d.String() != "50ms, 4 slots" {
		t.Errorf("50ms, 4 slots: %v, %v", d, err)
	}
	for _, bad := range []map[string]string{
		{DownstreamEnv: "fast"}, {DownstreamEnv: "-1s"}, {DownstreamEnv: "200"},
		{DownstreamEnv: "1s", DownstreamSlotsEnv: "0"}, {DownstreamEnv: "1s", DownstreamSlotsEnv: "two"},
	} {
		if d, err := ParseDownstream(env(bad)); err == nil || d != nil {
			t.Errorf("%v: %v, %v; want an error", bad, d, err)
		}
	}
}

// waits stands in for the clock: every call holding a slot registers its wait here, and
// the wait ends only when the test releases it.
type waits struct {
	mu      sync.Mutex
	pending []chan time.Time
	asked   []time.Duration
	held    int // waits registered and not yet released: calls holding a slot
	maxHeld int
	stopped int
}

func (w *waits) after(d time.Duration) (<-chan time.Time, func() bool) {
	c := make(chan time.Time, 1)
	w.mu.Lock()
	defer w.mu.Unlock()
	w.pending = append(w.pending, c)
	w.asked = append(w.asked, d)
	w.held++
	w.maxHeld = max(w.maxHeld, w.held)
	return c, func() bool { w.mu.Lock(); w.stopped++; w.held--; w.mu.Unlock(); return true }
}

// release ends the i-th wait registered.
func (w *waits) release(i int) {
	w.mu.Lock()
	c := w.pending[i]
	w.held--
	w.mu.Unlock()
	c <- time.Now()
}

func (w *waits) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.pending)
}

// await waits until n waits are registered (a deadline, not a measurement: it only
// keeps a broken implementation from hanging the test).
func (w *waits) await(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for w.count() < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d calls waiting on the downstream, want %d", w.count(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// settle gives calls that could (wrongly) start a wait the chance to do it.
func settle() { time.Sleep(20 * time.Millisecond) }

func fake(t *testing.T, latency string, slots string) (*Downstream, *waits) {
	t.Helper()
	d, err := ParseDownstream(env(map[string]string{DownstreamEnv: latency, DownstreamSlotsEnv: slots}))
	if err != nil {
		t.Fatal(err)
	}
	w := &waits{}
	d.after = w.after
	return d, w
}

func call(ctx context.Context, d *Downstream) <-chan error {
	done := make(chan error, 1)
	go func() { done <- d.Call(ctx) }()
	return done
}

// result is a call's outcome, with a deadline that only keeps a broken implementation
// from hanging the test.
func result(t *testing.T, done <-chan error) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		t.Fatal("a call did not return")
		return nil
	}
}

func TestDownstreamWaitsTheLatency(t *testing.T) {
	d, w := fake(t, "200ms", "")
	done := call(context.Background(), d)
	w.await(t, 1)
	settle()
	select {
	case err := <-done:
		t.Fatalf("the call returned (%v) before its wait ended", err)
	default:
	}
	if w.asked[0] != 200*time.Millisecond {
		t.Errorf("waited %s, want 200ms", w.asked[0])
	}
	w.release(0)
	if err := result(t, done); err != nil {
		t.Fatal(err)
	}
}

func TestDownstreamHoldsAtMostSlotsCalls(t *testing.T) {
	for _, slots := range []int{1, 3} {
		d, w := fake(t, "200ms", strconv.Itoa(slots))
		const callers = 7
		var done []<-chan error
		for range callers {
			done = append(done, call(context.Background(), d))
		}
		for next := 0; next < callers; next++ {
			w.await(t, min(callers, next+slots))
			settle()
			if n := w.count(); n > next+slots {
				t.Fatalf("%d slots: %d calls in the downstream at once after %d ended", slots, n-next, next)
			}
			w.release(next)
		}
		for _, c := range done {
			if err := result(t, c); err != nil {
				t.Fatal(err)
			}
		}
		if w.maxHeld != slots {
			t.Errorf("%d slots: at most %d calls held a slot at once, want %d", slots, w.maxHeld, slots)
		}
	}
}

func TestDownstreamRespectsCancellation(t *testing.T) {
	d, w := fake(t, "1h", "1")
	ctx, cancel := context.WithCancel(context.Background())
	holder := call(ctx, d)
	w.await(t, 1)

	queued, cancelQueued := context.WithCancel(context.Background())
	waiting := call(queued, d)
	settle()
	cancelQueued()
	if err := result(t, waiting); !errors.Is(err, context.Canceled) {
		t.Errorf("a call waiting for a slot, cancelled: %v", err)
	}
	if w.count() != 1 {
		t.Fatalf("a call waited on the downstream while another held the only slot")
	}

	cancel()
	if err := result(t, holder); !errors.Is(err, context.Canceled) {
		t.Errorf("a call in the downstream, cancelled: %v", err)
	}
	if w.stopped != 1 {
		t.Errorf("the cancelled call's wait was not stopped")
	}
	next := call(context.Background(), d) // the cancelled call gave its slot back
	w.await(t, 2)
	w.release(1)
	if err := result(t, next); err != nil {
		t.Fatal(err)
	}
}

func TestDownstreamOffAndReal(t *testing.T) {
	var off *Downstream
	if err := off.Call(context.Background()); err != nil || off.String() != "off" {
		t.Errorf("off: %v, %s", err, off)
	}
	d, err := ParseDownstream(env(map[string]string{DownstreamEnv: "1ms"}))
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Call(context.Background()); err != nil {
		t.Errorf("a real 1ms call: %v", err)
	}
}

func TestSimulatedDownstreamFailsOnABadSetting(t *testing.T) {
	t.Setenv(DownstreamEnv, "soon")
	processDownstream = sync.OnceValues(func() (*Downstream, error) { return ParseDownstream(os.Getenv) })
	t.Cleanup(func() {
		processDownstream = sync.OnceValues(func() (*Downstream, error) { return ParseDownstream(os.Getenv) })
	})
	err := SimulatedDownstream(context.Background())
	if !IsPermanent(err) || !strings.Contains(err.Error(), DownstreamEnv) {
		t.Errorf("got %v, want a permanent error naming %s", err, DownstreamEnv)
	}
}
