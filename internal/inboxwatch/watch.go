// Package inboxwatch plays Event Grid for a File A Storage that is a local folder: it
// announces every file that appears in the folder as a blob.created event
// (blobevent.CloudEvent), the way Event Grid announces a blob written to an Azure
// container, so that intake has one arrival path everywhere. apps/inbox-watch wires it to
// Dapr pub/sub.
//
// A file counts as arrived when it is complete: renamed into the folder (IN_MOVED_TO,
// the way uploads should write: a hidden name first, then a rename) or closed after
// writing (IN_CLOSE_WRITE, for a file copied in place). Created-but-open files are not
// announced. inotify can lose events (a full queue) and nothing watches while the
// process is down, so a reconciliation lists the folder at start, after an overflow and
// every ReconcileEvery, and announces what was never announced.
package inboxwatch

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/paychoreo/choreography/internal/blobevent"
)

// Publisher sends one event to the broker.
type Publisher func(ctx context.Context, ev blobevent.CloudEvent) error

// Watcher announces the files of one folder.
type Watcher struct {
	Dir     string
	Publish Publisher
	Log     *slog.Logger
	// Container and Account name the folder in the events, as Event Grid names a
	// container of a storage account (default "inbox", "local").
	Container, Account string
	// ReconcileEvery is the period of the listing that catches lost events (default 30 s).
	ReconcileEvery time.Duration
	// RepublishAfter announces again a file still in the folder that long after its
	// announcement, in case the event was lost after the broker took it (default 5 min).
	// Each further announcement of the same file waits twice as long as the one before,
	// up to RepublishMax (default 60 min): a backlog that drains slowly is not announced
	// over and over, and a lost announcement is still repeated.
	RepublishAfter, RepublishMax time.Duration
	// Workers publish in parallel, so that a burst of files is announced at the broker's
	// pace, not one round trip after another (default 8).
	Workers int
	// Now is the clock of announcements and listings (time.Now when nil).
	Now func() time.Time

	mu   sync.Mutex
	sent map[string]announced // file name -> what was announced
}

// announced is what an announcement was about: a file changed since is announced again.
type announced struct {
	size    int64
	modTime time.Time
	at      time.Time
	times   int // announcements of this content so far
}

func (w *Watcher) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

// due says whether a file of info, announced as a (ok false: never), is to be announced
// now: never announced, changed since, or its wait is over. The wait doubles with each
// announcement of the same content: RepublishAfter, twice that, ... up to RepublishMax.
func (w *Watcher) due(a announced, ok bool, info fs.FileInfo, now time.Time) bool {
	if !ok || a.size != info.Size() || !a.modTime.Equal(info.ModTime()) {
		return true
	}
	wait := w.RepublishMax
	if n := a.times - 1; n < 30 {
		wait = min(w.RepublishAfter<<n, w.RepublishMax)
	}
	return now.Sub(a.at) >= wait
}

func (w *Watcher) defaults() {
	if w.Container == "" {
		w.Container = "inbox"
	}
	if w.Account == "" {
		w.Account = "local"
	}
	if w.ReconcileEvery <= 0 {
		w.ReconcileEvery = 30 * time.Second
	}
	if w.RepublishAfter <= 0 {
		w.RepublishAfter = 5 * time.Minute
	}
	if w.RepublishMax < w.RepublishAfter {
		w.RepublishMax = max(60*time.Minute, w.RepublishAfter)
	}
	if w.Workers <= 0 {
		w.Workers = 8
	}
	if w.Log == nil {
		w.Log = slog.Default()
	}
	w.sent = map[string]announced{}
}

// Run watches until ctx ends. It fails only if the folder cannot be watched.
func (w *Watcher) Run(ctx context.Context) error {
	w.defaults()
	dir, err := filepath.Abs(w.Dir)
	if err != nil {
		return err
	}
	w.Dir = dir
	in, err := watchFolder(dir)
	if err != nil {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	defer in.Close()
	arrived := make(chan string, 1024)
	go in.read(ctx, arrived)
	work := make(chan string)
	var wg sync.WaitGroup
	for range w.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for name := range work {
				w.announce(ctx, name)
			}
		}()
	}
	defer wg.Wait()
	defer close(work)
	w.Log.Info("watching the inbox", "dir", dir, "reconcile_every", w.ReconcileEvery.String())
	tick := time.NewTicker(w.ReconcileEvery)
	defer tick.Stop()
	w.reconcile(ctx, work)
	// Files that landed just before the start were too fresh for the first listing
	// (settle): a second one soon after takes them, instead of the next tick.
	again := time.After(2 * settle)
	for {
		select {
		case <-again:
			w.reconcile(ctx, work)
		case <-ctx.Done():
			return nil
		case name, ok := <-arrived:
			switch {
			case !ok:
				return fmt.Errorf("watch %s: the folder is gone or the watch failed", dir)
			case name == overflow:
				w.Log.Warn("inotify queue overflowed: listing the inbox", "outcome", "overflow")
				w.reconcile(ctx, work)
			case !hidden(name):
				work <- name
			}
		case <-tick.C:
			w.reconcile(ctx, work)
		}
	}
}

// hidden names are uploads in progress and the storage helper's marker.
func hidden(name string) bool {
	for _, seg := range strings.Split(name, "/") {
		if strings.HasPrefix(seg, ".") {
			return true
		}
	}
	return path.Base(name) == ""
}
