package pipeline

import (
	"fmt"
	"sync"
	"time"
)

// Restart is a process that exited during the run and was started again, as an
// orchestrator (Kubernetes, Container Apps) restarts a crashed container.
type Restart struct {
	At      time.Time `json:"at"`
	Process string    `json:"process"`
	Why     string    `json:"why"`
}

// watchdog restarts any app or sidecar that exits while the variant runs, and keeps
// the list: a run that needed restarts says so in its results.
type watchdog struct {
	mu       sync.Mutex
	restarts []Restart
	stop     chan struct{}
	done     chan struct{}
}

func (p *Pipeline) watch() {
	w := &watchdog{stop: make(chan struct{}), done: make(chan struct{})}
	p.dog = w
	go func() {
		defer close(w.done)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-w.stop:
				return
			case <-t.C:
			}
			for _, r := range p.runs() {
				for _, pr := range r.Processes() {
					if pr.Pid != 0 {
						continue
					}
					why := "exited"
					if err := r.Restart(pr.AppID, pr.Kind); err != nil {
						why = fmt.Sprintf("exited; restart failed: %v", err)
					}
					w.mu.Lock()
					w.restarts = append(w.restarts, Restart{At: time.Now(), Process: pr.Name, Why: why})
					w.mu.Unlock()
				}
			}
		}
	}()
}

// Restarts lists the processes restarted so far.
func (p *Pipeline) Restarts() []Restart {
	if p.dog == nil {
		return nil
	}
	p.dog.mu.Lock()
	defer p.dog.mu.Unlock()
	return append([]Restart(nil), p.dog.restarts...)
}

func (w *watchdog) close() {
	close(w.stop)
	<-w.done
}
