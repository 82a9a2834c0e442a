//go:build chaos

package chaos

import (
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/launch"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// faultRun is what a family of faults needs to strike during the run and report.
type faultRun struct {
	p       *testpipe.Pipeline
	redis   *testpipe.RedisServer
	begin   time.Time // when the stream began
	dropped *atomic.Int32
	logf    func(string, ...any)
}

// one strikes f now (strikeOnce): the fault is logged and its moments recorded.
func (r faultRun) one(f fault) injected { return strikeOnce(r.p, f, r.begin, r.dropped, r.logf) }

// faultModes are more families of faults, run one after another after the kills and
// the crash loops, while files still flow. Another file adds its own with
// addFaultMode from an init func. A mode returns one injected per fault; kind
// "partition" is counted as a partition in the report, and a fault that calls
// strike(injected.app) at the moment it cuts and runs through faultRun.one gets its
// recovery measured like a kill (app "": every consumer group).
var faultModes []func(faultRun) []injected

func addFaultMode(m func(faultRun) []injected) { faultModes = append(faultModes, m) }

// crashLoops: until `until`, every `every` it picks a process at random (an app or a
// sidecar of either replica set, inbox-watch, or Redis) and kills it two to four times in
// a row, each kill as soon as the process is healthy again: a process in a crash loop.
func crashLoops(r faultRun, until time.Time, every time.Duration, rnd *rand.Rand) []injected {
	targets := loopTargets(r.p, r.redis)
	var out []injected
	for round := 1; time.Now().Before(until); round++ {
		next := time.Now().Add(every)
		f := targets[rnd.IntN(len(targets))]
		times := 2 + rnd.IntN(3)
		for i := 1; i <= times; i++ {
			g := f
			g.what = fmt.Sprintf("%s [loop %d, %d/%d]", f.what, round, i, times)
			out = append(out, r.one(g))
		}
		time.Sleep(time.Until(next))
	}
	return out
}

// loopTargets: every process whose crash the run survives by design.
func loopTargets(p *testpipe.Pipeline, redis *testpipe.RedisServer) []fault {
	out := []fault{redisCrash(redis), {"app", events.InboxWatch, "inbox-watch app", func() (string, error) {
		return "", crash(p.Runs[0], events.InboxWatch, launch.App)
	}}}
	for set, run := range p.Runs {
		for _, app := range []string{"intake", "validator", "adaptor", "creator"} {
			for _, which := range []launch.Which{launch.App, launch.Sidecar} {
				kind := "app"
				if which == launch.Sidecar {
					kind = "sidecar"
				}
				out = append(out, fault{kind, app, fmt.Sprintf("%s %s (set %d)", app, kind, set+1), func() (string, error) {
					return fmt.Sprintf("%s held %d", app, held(p, app)), crash(run, app, which)
				}})
			}
		}
	}
	return out
}
