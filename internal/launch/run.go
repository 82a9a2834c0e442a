package launch

import (
	"context"
	"fmt"
	"strings"
	"syscall"
	"time"
)

// stopGrace is how long Stop waits after SIGTERM before SIGKILL; tests shorten it.
var stopGrace = 10 * time.Second

// Stop sends SIGTERM to every process group, waits up to 10 s for all to exit, then
// SIGKILLs the groups. It is safe to call more than once and from several goroutines;
// the error names the processes that had to be killed.
func (r *Run) Stop() error {
	r.stopOnce.Do(func() {
		procs := r.procs()
		for _, p := range procs {
			p.signal(syscall.SIGTERM)
		}
		deadline := time.NewTimer(stopGrace)
		defer deadline.Stop()
		var killed []string
		for _, p := range procs {
			select {
			case <-p.exited():
			case <-deadline.C:
				deadline.Reset(0) // the grace is spent: do not wait for the others either
			}
			if p.running() {
				killed = append(killed, p.name)
			}
			// Also when the leader is gone: what it started may still be in its group.
			p.signal(syscall.SIGKILL)
			<-p.exited()
		}
		if len(killed) > 0 {
			r.stopErr = fmt.Errorf("launch: killed after %s without exiting: %s", stopGrace, strings.Join(killed, ", "))
		}
		close(r.stopped)
	})
	return r.stopErr
}

// Wait returns nil once Stop has run, or an error naming the first process that exited
// without Stop or Kill asking. It does not stop the others: call Stop.
func (r *Run) Wait() error {
	select {
	case <-r.failed:
		return r.failErr
	case <-r.stopped:
		return nil
	}
}

// Kill sends SIGKILL to one process group (fault injection) and returns once it is gone.
// Wait does not report this exit.
func (r *Run) Kill(appID string, which Which) error {
	p, err := r.proc(appID, which)
	if err != nil {
		return err
	}
	p.signal(syscall.SIGKILL)
	<-p.exited()
	return nil
}

// Restart starts a killed or exited process again with the same command, folder and
// environment, and waits (up to HealthTimeout) until it is healthy as Start does.
func (r *Run) Restart(appID string, which Which) error {
	p, err := r.proc(appID, which)
	if err != nil {
		return err
	}
	if p.running() {
		return fmt.Errorf("launch: restart %s: it is still running; Kill it first", p.name)
	}
	if err := p.start(); err != nil {
		return err
	}
	return r.waitHealthy(context.Background(), []probe{r.byID[appID].probeFor(p, r.opts.Host)})
}

// App returns the ports and tokens of an app; false if the run has no such app.
func (r *Run) App(appID string) (AppInfo, bool) {
	ar, ok := r.byID[appID]
	if !ok {
		return AppInfo{}, false
	}
	return ar.info, true
}

// Apps returns every app's ports and tokens, in the run file's order.
func (r *Run) Apps() []AppInfo {
	out := make([]AppInfo, 0, len(r.apps))
	for _, ar := range r.apps {
		out = append(out, ar.info)
	}
	return out
}

// Logs returns the app's stdout and stderr so far (its last 10,000 lines), one line each.
func (r *Run) Logs(appID string) string {
	ar, ok := r.byID[appID]
	if !ok {
		return ""
	}
	return ar.app.log.text()
}

func (r *Run) proc(appID string, which Which) (*proc, error) {
	ar, ok := r.byID[appID]
	if !ok {
		return nil, fmt.Errorf("launch: no app %q in this run", appID)
	}
	switch which {
	case App:
		return ar.app, nil
	case Sidecar:
		return ar.sidecar, nil
	}
	return nil, fmt.Errorf("launch: %q is neither %q nor %q", which, App, Sidecar)
}

// procs lists the processes that were started at least once.
func (r *Run) procs() []*proc {
	var out []*proc
	for _, ar := range r.apps {
		for _, p := range []*proc{ar.app, ar.sidecar} {
			if p.exited() != nil {
				out = append(out, p)
			}
		}
	}
	return out
}

func (r *Run) probes() []probe {
	var out []probe
	for _, ar := range r.apps {
		out = append(out, ar.probeFor(ar.sidecar, r.opts.Host), ar.probeFor(ar.app, r.opts.Host))
	}
	return out
}
