package inboxwatch

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/blobevent"
)

// reconcileAt runs one listing at the fake clock's time and announces what it found due.
func reconcileAt(w *Watcher) {
	work := make(chan string, 100)
	w.reconcile(context.Background(), work)
	close(work)
	for name := range work {
		w.announce(context.Background(), name)
	}
}

// A file left in the inbox is announced at once, then again after 5, 10, 20, 40 and
// from then on every 60 minutes: repeated for ever in case an announcement was lost,
// but not every 5 minutes. A changed file is announced at once and starts over.
func TestReannouncementsBackOff(t *testing.T) {
	dir := t.TempDir()
	clock := time.Now()
	var at []time.Duration
	start := clock
	w := &Watcher{Dir: dir, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return clock },
		Publish: func(_ context.Context, ev blobevent.CloudEvent) error {
			if _, blob, _ := blobevent.Blob(ev.Subject); blob == "waiting.csv" {
				at = append(at, clock.Sub(start))
			}
			return nil
		}}
	w.defaults()
	write(t, dir, "waiting.csv", "x", clock.Add(-time.Minute))
	for clock.Sub(start) <= 200*time.Minute {
		reconcileAt(w)
		clock = clock.Add(w.ReconcileEvery)
	}
	want := []time.Duration{0, 5, 15, 35, 75, 135, 195}
	if len(at) != len(want) {
		t.Fatalf("announced at %v, want at %v minutes", at, want)
	}
	for i, m := range want {
		if at[i] != m*time.Minute {
			t.Errorf("announcement %d at %v, want %v", i+1, at[i], m*time.Minute)
		}
	}
	// Changed in place: announced at the next listing, and the repeats start over.
	write(t, dir, "waiting.csv", "xy", clock.Add(-time.Minute))
	at, start = nil, clock
	for clock.Sub(start) <= 15*time.Minute {
		reconcileAt(w)
		clock = clock.Add(w.ReconcileEvery)
	}
	if len(at) != 3 || at[0] != 0 || at[1] != 5*time.Minute || at[2] != 15*time.Minute {
		t.Errorf("changed file announced at %v, want at 0, 5 and 15 minutes", at)
	}
}
