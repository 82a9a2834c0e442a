//go:build chaos

package chaos

import (
	"fmt"
	"sync/atomic"
	"time"

	"github.com/paychoreo/choreography/internal/launch"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// soakApps are the apps of the file flow whose processes the soak kills in turn.
var soakApps = []string{"intake", "validator", "adaptor", "creator", "tracker", "reporter", "notifier"}

// soakFaults kills, in turn, each app and each sidecar of the second replica set only:
// the first set runs the whole soak without a restart, so its memory over time says
// whether anything leaks, while the second set's restarts test recovery.
func soakFaults(p *testpipe.Pipeline) []fault {
	r := p.Runs[1]
	var out []fault
	for _, app := range soakApps {
		out = append(out,
			fault{"sidecar", app, app + " sidecar (set 2)", func() (string, error) {
				waitHeld(p, app)
				return fmt.Sprintf("%s held %d", app, held(p, app)), crash(r, app, launch.Sidecar)
			}},
			fault{"app", app, app + " app (set 2)", func() (string, error) {
				if id := nextPublish(p, app, aim); id != "" {
					return "right after a publish for " + id, crash(r, app, launch.App)
				}
				return "between publishes", crash(r, app, launch.App)
			}})
	}
	return out
}

// inject strikes every gap, cycling through fs, until stopFaults; it records each fault
// for the report. A restart slower than gap delays the next one (faults never overlap).
func (r *recorder) inject(fs []fault, gap time.Duration, begin time.Time, dropped *atomic.Int32) {
	defer close(r.injDone)
	next := time.Now()
	for i := 0; ; i++ {
		select {
		case <-r.injStop:
			return
		case <-time.After(time.Until(next)):
		}
		next = time.Now().Add(gap)
		f := fs[i%len(fs)]
		in := injected{fault: f, at: time.Since(begin), dropped: int(dropped.Load()), final: finalCount(r.p)}
		in.note, in.err = f.do()
		in.took = time.Since(begin) - in.at
		r.p.T.Logf("soak: +%5.0fs kill -9 %-24s back in %4.1fs (dropped %d, final %d) %s %s",
			in.at.Seconds(), f.what, in.took.Seconds(), in.dropped, in.final, in.note, errOrEmpty(in.err))
		r.mu.Lock()
		r.inj = append(r.inj, in)
		r.mu.Unlock()
	}
}

// stopFaults ends the fault loop after the fault in progress, if it was started.
func (r *recorder) stopFaults() {
	select {
	case <-r.injStop:
	default:
		close(r.injStop)
	}
}

// faultsDone waits for the fault loop to end and returns what it did.
func (r *recorder) faultsDone() []injected {
	r.stopFaults()
	if r.started.Load() {
		<-r.injDone
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]injected(nil), r.inj...)
}
