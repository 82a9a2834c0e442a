package pipeline

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"
	"unsafe"
)

// Watcher records when each File B trigger ("<name>.ok") is written in the outbox, from
// inotify: no polling, so the benchmark costs the machine nothing while it waits, and
// the time is taken when the writer closes the file.
type Watcher struct {
	f    *os.File
	mu   sync.Mutex
	seen map[string]time.Time
	wake chan struct{}
}

// Watch starts watching dir.
func Watch(dir string) (*Watcher, error) {
	fd, err := syscall.InotifyInit1(syscall.IN_CLOEXEC | syscall.IN_NONBLOCK)
	if err != nil {
		return nil, fmt.Errorf("inotify: %w", err)
	}
	if _, err := syscall.InotifyAddWatch(fd, dir, syscall.IN_CLOSE_WRITE|syscall.IN_MOVED_TO); err != nil {
		syscall.Close(fd)
		return nil, fmt.Errorf("inotify watch %s: %w", dir, err)
	}
	w := &Watcher{f: os.NewFile(uintptr(fd), "inotify"), seen: map[string]time.Time{}, wake: make(chan struct{}, 1)}
	go w.loop()
	return w, nil
}

func (w *Watcher) loop() {
	buf := make([]byte, 64<<10)
	for {
		n, err := w.f.Read(buf)
		if err != nil {
			return
		}
		at := time.Now()
		w.mu.Lock()
		for off := 0; off+syscall.SizeofInotifyEvent <= n; {
			ev := (*syscall.InotifyEvent)(unsafe.Pointer(&buf[off]))
			name := buf[off+syscall.SizeofInotifyEvent : off+syscall.SizeofInotifyEvent+int(ev.Len)]
			off += syscall.SizeofInotifyEvent + int(ev.Len)
			s := string(bytes.TrimRight(name, "\x00"))
			if b, ok := strings.CutSuffix(s, ".ok"); ok {
				if _, dup := w.seen[b]; !dup {
					w.seen[b] = at
				}
			}
		}
		w.mu.Unlock()
		select {
		case w.wake <- struct{}{}:
		default:
		}
	}
}

// Await waits until every File B in names has its trigger, and returns when each came.
func (w *Watcher) Await(names []string, within time.Duration) (map[string]time.Time, error) {
	deadline := time.After(within)
	for {
		w.mu.Lock()
		got := make(map[string]time.Time, len(names))
		var missing []string
		for _, n := range names {
			if t, ok := w.seen[n]; ok {
				got[n] = t
			} else {
				missing = append(missing, n)
			}
		}
		w.mu.Unlock()
		if len(missing) == 0 {
			return got, nil
		}
		select {
		case <-w.wake:
		case <-deadline:
			return got, fmt.Errorf("%d of %d File B not written within %s (first missing: %s)", len(missing), len(names), within, missing[0])
		}
	}
}

// Close stops watching.
func (w *Watcher) Close() { w.f.Close() }
