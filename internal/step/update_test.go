package step

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	dapr "github.com/dapr/go-sdk/client"
)

// racingClient is a sidecar over one key whose conditional writes lose the first
// losses times, as when other writers keep changing the key, and then win.
type racingClient struct {
	dapr.Client
	mu     sync.Mutex
	value  []byte
	etag   int
	losses int // writes still to refuse; negative: refuse all
	writes int // conditional writes tried
}

func (c *racingClient) GetState(context.Context, string, string, map[string]string) (*dapr.StateItem, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.value == nil {
		return &dapr.StateItem{}, nil
	}
	return &dapr.StateItem{Value: c.value, Etag: strconv.Itoa(c.etag)}, nil
}

func (c *racingClient) write(etag string, b []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writes++
	if c.losses != 0 {
		c.losses--
		return etagMismatch
	}
	if etag != "" && etag != strconv.Itoa(c.etag) || etag == "" && c.value != nil {
		return etagMismatch
	}
	c.value, c.etag = b, c.etag+1
	return nil
}

func (c *racingClient) SaveState(_ context.Context, _, _ string, b []byte, _ map[string]string, _ ...dapr.StateOption) error {
	return c.write("", b)
}

func (c *racingClient) SaveStateWithETag(_ context.Context, _, _ string, b []byte, etag string, _ map[string]string, _ ...dapr.StateOption) error {
	return c.write(etag, b)
}

// noWaits records the waits between tries instead of sleeping them.
func noWaits(t *testing.T) *[]time.Duration {
	t.Helper()
	var waits []time.Duration
	was := conflictWait
	conflictWait = func(_ context.Context, try int) error {
		waits = append(waits, waitCeiling(try))
		return nil
	}
	t.Cleanup(func() { conflictWait = was })
	return &waits
}

func increment(n *int, found bool) (Op, error) { *n++; return Write, nil }

// TestUpdateRetriesConflicts: a write that loses a few races is read, changed and
// written again, waiting between tries, and the value is changed once.
func TestUpdateRetriesConflicts(t *testing.T) {
	waits := noWaits(t)
	c := &racingClient{value: []byte("41"), etag: 7, losses: 4}
	s := &Sidecar{c: c, stage: "update-test"}
	before := conflicts(t, "update-test", "count")
	got, err := Update(context.Background(), s, AppState, "count|x", increment)
	if err != nil {
		t.Fatal(err)
	}
	if got != 42 || string(c.value) != "42" {
		t.Errorf("returned %d, stored %s, want 42 both", got, c.value)
	}
	if c.writes != 5 || len(*waits) != 4 {
		t.Errorf("%d writes and %d waits, want 5 and 4", c.writes, len(*waits))
	}
	if n := conflicts(t, "update-test", "count") - before; n != 4 {
		t.Errorf("%v conflicts counted, want 4", n)
	}
}

// TestUpdateCreatesFirst: an absent key is created first-write-wins; change sees found
// false and the zero value.
func TestUpdateCreatesFirst(t *testing.T) {
	noWaits(t)
	c := &racingClient{}
	s := &Sidecar{c: c}
	_, err := Update(context.Background(), s, AppState, "count|y", func(n *int, found bool) (Op, error) {
		if found || *n != 0 {
			t.Errorf("absent key: found %v, value %d", found, *n)
		}
		return increment(n, found)
	})
	if err != nil || string(c.value) != "1" {
		t.Fatalf("stored %q, err %v; want 1", c.value, err)
	}
}

// TestUpdateKeepWritesNothing: a change that decides nothing writes nothing, and its
// error is returned as it is, with no retry.
func TestUpdateKeepWritesNothing(t *testing.T) {
	noWaits(t)
	c := &racingClient{value: []byte("5"), etag: 1}
	s := &Sidecar{c: c}
	if _, err := Update(context.Background(), s, AppState, "k", func(*int, bool) (Op, error) { return Keep, nil }); err != nil {
		t.Fatal(err)
	}
	refused := errors.New("not allowed")
	calls := 0
	_, err := Update(context.Background(), s, AppState, "k", func(*int, bool) (Op, error) { calls++; return Write, refused })
	if !errors.Is(err, refused) || calls != 1 {
		t.Errorf("err %v after %d calls, want the change's error after 1", err, calls)
	}
	if c.writes != 0 {
		t.Errorf("%d writes, want none", c.writes)
	}
}

// TestUpdateGivesUp: a key that always loses gives up after maxTries with ErrConflict
// naming the key, having waited a bounded, growing time between tries.
func TestUpdateGivesUp(t *testing.T) {
	waits := noWaits(t)
	c := &racingClient{value: []byte("1"), etag: 1, losses: -1}
	s := &Sidecar{c: c}
	_, err := Update(context.Background(), s, AppState, "day|2026-12-05|07", increment)
	if !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), "day|2026-12-05|07") {
		t.Fatalf("err %v, want ErrConflict naming the key", err)
	}
	if c.writes != maxTries || len(*waits) != maxTries-1 {
		t.Errorf("%d writes, %d waits; want %d and %d", c.writes, len(*waits), maxTries, maxTries-1)
	}
	var total time.Duration
	for i, w := range *waits {
		if w > maxWait || i > 0 && w < (*waits)[i-1] {
			t.Errorf("wait %d is %v after %v: not growing up to %v", i, w, (*waits)[i-1], maxWait)
		}
		total += w
	}
	if (*waits)[0] != firstWait || total > 6*time.Second {
		t.Errorf("waits start at %v and add up to %v, want %v and at most 6s", (*waits)[0], total, firstWait)
	}
}

// TestConflictWaitIsJitteredAndBounded: the real wait is random up to its ceiling and
// stops when the context ends.
func TestConflictWaitIsJitteredAndBounded(t *testing.T) {
	for try := range 3 {
		start := time.Now()
		if err := conflictWait(context.Background(), try); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d > waitCeiling(try)+50*time.Millisecond {
			t.Errorf("try %d waited %v, ceiling %v", try, d, waitCeiling(try))
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := conflictWait(ctx, 20); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled wait: %v", err)
	}
}

// TestPutStateRetriesConflicts: a last-write-wins put that loses a race to another
// writer tries again and writes its value.
func TestPutStateRetriesConflicts(t *testing.T) {
	waits := noWaits(t)
	c := &racingClient{value: []byte(`"old"`), etag: 3, losses: 2}
	s := &Sidecar{c: c}
	if err := s.PutState(context.Background(), AppState, "k", "new"); err != nil {
		t.Fatal(err)
	}
	if string(c.value) != `"new"` || len(*waits) != 2 {
		t.Errorf("stored %s after %d waits, want \"new\" after 2", c.value, len(*waits))
	}
}
