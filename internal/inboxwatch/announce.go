package inboxwatch

import (
	"context"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/paychoreo/choreography/internal/blobevent"
)

// announce publishes the event of one file, if it is (still) a regular file. A failed
// publish is retried a few times; if it still fails, the file stays unannounced and the
// next reconciliation tries again.
func (w *Watcher) announce(ctx context.Context, name string) {
	info, err := os.Stat(filepath.Join(w.Dir, filepath.FromSlash(name)))
	if err != nil || !info.Mode().IsRegular() {
		return // gone again, or not a file: nothing arrived
	}
	u := url.URL{Scheme: "file", Path: filepath.Join(w.Dir, filepath.FromSlash(name))}
	ev := blobevent.Created(w.Account, w.Container, name, u.String(), info.Size(), w.now())
	delay := 100 * time.Millisecond
	for try := 1; ; try++ {
		err = w.Publish(ctx, ev)
		if err == nil || try == 5 || ctx.Err() != nil {
			break
		}
		time.Sleep(delay)
		delay *= 2
	}
	if err != nil {
		w.Log.Warn("blob event not published; the next reconciliation tries again", "blob", name,
			"error", err.Error(), "outcome", "retry")
		return
	}
	w.mu.Lock()
	a := announced{size: info.Size(), modTime: info.ModTime(), at: w.now(), times: 1}
	if before, ok := w.sent[name]; ok && before.size == a.size && before.modTime.Equal(a.modTime) {
		a.times = before.times + 1
	}
	w.sent[name] = a
	w.mu.Unlock()
	w.Log.Info("blob created", "blob", name, "size", info.Size(), "event_id", ev.ID, "outcome", "published")
}

// settle is how long a file found by a listing must have been left alone before it is
// announced: a file being written in place is announced by its close instead.
const settle = time.Second

// reconcile lists the folder (subfolders included) and announces every complete file
// that was never announced, changed since, or whose wait for a repeat is over (due).
// It forgets the files that are gone.
func (w *Watcher) reconcile(ctx context.Context, work chan<- string) {
	now := w.now()
	present := map[string]bool{}
	var due []string
	filepath.WalkDir(w.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !d.Type().IsRegular() {
			return nil // a file that vanished during the walk is simply not there
		}
		rel, err := filepath.Rel(w.Dir, p)
		name := filepath.ToSlash(rel)
		if err != nil || hidden(name) {
			return nil
		}
		info, err := d.Info()
		if err != nil || now.Sub(info.ModTime()) < settle {
			return nil
		}
		present[name] = true
		w.mu.Lock()
		a, ok := w.sent[name]
		w.mu.Unlock()
		if w.due(a, ok, info, now) {
			due = append(due, name)
		}
		return nil
	})
	w.mu.Lock()
	for name := range w.sent {
		if !present[name] {
			delete(w.sent, name)
		}
	}
	w.mu.Unlock()
	if len(due) > 0 {
		w.Log.Info("reconciliation: announcing files no event announced", "files", len(due), "outcome", "reconciled")
	}
	for _, name := range due {
		select {
		case work <- name:
		case <-ctx.Done():
			return
		}
	}
}
