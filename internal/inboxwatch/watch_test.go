package inboxwatch

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/blobevent"
)

// start runs a watcher on a new folder with one worker (events in the order they came)
// and returns the folder and the events it publishes.
func start(t *testing.T, before func(dir string)) (string, <-chan blobevent.CloudEvent) {
	t.Helper()
	dir := t.TempDir()
	if before != nil {
		before(dir)
	}
	got := make(chan blobevent.CloudEvent, 100)
	w := &Watcher{Dir: dir, Workers: 1, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Publish: func(_ context.Context, ev blobevent.CloudEvent) error { got <- ev; return nil }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	// A marker tells that the watch is in place: every test starts after its event. It
	// is old, so that the listing at start announces it if the watch came too late to
	// see its rename (it may then be announced twice: next skips it).
	write(t, dir, "ready.csv", "x", time.Now().Add(-time.Minute))
	out := make(chan blobevent.CloudEvent, 100)
	for ready := false; !ready; {
		select {
		case ev := <-got:
			_, blob, _ := blobevent.Blob(ev.Subject)
			ready = blob == "ready.csv"
			if !ready {
				out <- ev
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the watcher never announced ready.csv")
		}
	}
	go func() {
		for ev := range got {
			out <- ev
		}
	}()
	return dir, out
}

// write puts a complete file into dir the way uploads should: a hidden name, then a rename.
func write(t *testing.T, dir, name, content string, modTime ...time.Time) string {
	t.Helper()
	tmp := filepath.Join(dir, ".up-"+name)
	if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, m := range modTime {
		os.Chtimes(tmp, m, m)
	}
	if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		t.Fatal(err)
	}
	return name
}

// next waits for the next event and checks it names the blob.
func next(t *testing.T, got <-chan blobevent.CloudEvent, name string) blobevent.CloudEvent {
	t.Helper()
	select {
	case ev := <-got:
		_, blob, ok := blobevent.Blob(ev.Subject)
		if blob == "ready.csv" && name != blob {
			return next(t, got, name) // the marker's second announcement
		}
		if !ok || blob != name || ev.Type != blobevent.TypeBlobCreated || ev.ID == "" {
			t.Fatalf("event %+v, want a BlobCreated event for %s", ev, name)
		}
		return ev
	case <-time.After(10 * time.Second):
		t.Fatalf("no event for %s", name)
	}
	return blobevent.CloudEvent{}
}

func TestARenamedFileIsAnnouncedOnce(t *testing.T) {
	dir, got := start(t, nil)
	ev := next(t, got, write(t, dir, "acme.csv", "12345"))
	if c, _, _ := blobevent.Blob(ev.Subject); c != "inbox" || ev.Data.ContentLength != 5 {
		t.Errorf("container %q, length %d; want inbox, 5", c, ev.Data.ContentLength)
	}
	// The hidden upload name was never announced, and nothing else came: the next event
	// is the next file's.
	next(t, got, write(t, dir, "other.csv", "1"))
}

// A file copied in place is announced when its writer closes it, never half-written.
func TestAFileWrittenInPlaceIsAnnouncedWhenClosed(t *testing.T) {
	dir, got := start(t, nil)
	f, err := os.Create(filepath.Join(dir, "slow.csv"))
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("half")
	// While slow.csv is open, another file arrives and is announced first: the open file
	// was not announced when it was created or written.
	next(t, got, write(t, dir, "quick.csv", "1"))
	f.WriteString(" and the rest")
	f.Close()
	if ev := next(t, got, "slow.csv"); ev.Data.ContentLength != int64(len("half and the rest")) {
		t.Errorf("slow.csv announced with %d bytes", ev.Data.ContentLength)
	}
}

// Files that arrived while nothing watched are announced by the listing at start.
func TestFilesAlreadyThereAreAnnouncedAtStart(t *testing.T) {
	old := time.Now().Add(-time.Minute)
	_, got := start(t, func(dir string) {
		for _, n := range []string{"a.csv", ".hidden.csv"} {
			os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o644)
			os.Chtimes(filepath.Join(dir, n), old, old)
		}
	})
	// a.csv is announced (before or after the marker), the hidden file is not.
	next(t, got, "a.csv")
}
