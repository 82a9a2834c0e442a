//go:build chaos

package chaos

import (
	"fmt"
	"sync/atomic"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/launch"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// fault is one crash: kill -9, then a restart right away (a crash, not an outage).
type fault struct {
	kind string // app, sidecar or redis
	app  string // whose work it hits; "" for Redis
	what string
	do   func() (note string, err error)
}

// injected is what happened to one fault, for the report.
type injected struct {
	fault
	at, took       time.Duration // since the stream began; fault begun to healthy again
	dropped, final int           // files dropped and final when it struck
	note           string        // where it struck
	err            error
	// The recovery figures (recovery_test.go), zero where nobody measured them: when the
	// kill struck and the process was back, how many messages its role held then, and
	// how long until they were all done (recover) and handed over again (takeover).
	killedAt, backAt  time.Time
	held              int
	recover, takeover time.Duration
	recovered         bool
}

// faults kills every app and every sidecar once, each in one replica set (alternating),
// interleaved, with the Redis restart in the middle. A sidecar is killed once its app
// holds a message, an app the moment one of its replicas has published (nextPublish).
func faults(p *testpipe.Pipeline, redis *testpipe.RedisServer) []fault {
	sidecar := func(set int, app string) fault {
		r := p.Runs[set]
		return fault{"sidecar", app, fmt.Sprintf("%s sidecar (set %d)", app, set+1), func() (string, error) {
			waitHeld(p, app)
			return fmt.Sprintf("%s held %d", app, held(p, app)), crash(r, app, launch.Sidecar)
		}}
	}
	app := func(set int, app string) fault {
		r := p.Runs[set]
		return fault{"app", app, fmt.Sprintf("%s app (set %d)", app, set+1), func() (string, error) {
			fileID := nextPublish(p, app, aim)
			err := crash(r, app, launch.App)
			if fileID == "" {
				return "idle", err
			}
			return fmt.Sprintf("right after %s published for %s", publisher(p, app, fileID), fileID), err
		}}
	}
	// inbox-watch (Event Grid's stand-in) runs once: files renamed into the inbox while it
	// is down are announced by its listing when it is back.
	watcher := fault{"app", events.InboxWatch, "inbox-watch app", func() (string, error) {
		return "files dropped meanwhile wait for its listing at start", crash(p.Runs[0], events.InboxWatch, launch.App)
	}}
	return []fault{
		app(0, "intake"), watcher, sidecar(1, "validator"), app(0, "adaptor"), sidecar(1, "creator"),
		redisCrash(redis),
		sidecar(1, "intake"), app(1, "validator"), sidecar(0, "adaptor"), app(1, "creator"),
	}
}

// redisCrash is kill -9 of Redis and its restart on the same append-only file.
func redisCrash(redis *testpipe.RedisServer) fault {
	return fault{"redis", "", "redis", func() (string, error) {
		strike("")
		return "", redis.Restart()
	}}
}

// crash is kill -9 and an immediate restart.
func crash(r *launch.Run, app string, which launch.Which) error {
	strike(app)
	if err := r.Kill(app, which); err != nil {
		return err
	}
	return r.Restart(app, which)
}

// aim is how long a fault waits for its moment: a crash of an idle process proves
// little, one in the middle of a delivery is the test.
const aim = 2 * time.Second

// waitHeld waits (up to aim) until the app's replicas hold a message unacknowledged.
func waitHeld(p *testpipe.Pipeline, app string) {
	for until := time.Now().Add(aim); held(p, app) == 0 && time.Now().Before(until); {
		time.Sleep(5 * time.Millisecond)
	}
}

// inject strikes once `warmup` files are in, then every gap; a restart that takes longer
// than gap delays the next fault (faults never overlap, so each is its own crash).
func inject(p *testpipe.Pipeline, fs []fault, warmup int32, gap time.Duration, begin time.Time,
	dropped *atomic.Int32, logf func(string, ...any)) []injected {
	for dropped.Load() < warmup {
		time.Sleep(20 * time.Millisecond)
	}
	var out []injected
	next := time.Now()
	for _, f := range fs {
		time.Sleep(time.Until(next))
		next = time.Now().Add(gap)
		out = append(out, strikeOnce(p, f, begin, dropped, logf))
	}
	return out
}

// strikeOnce runs one fault and records when it struck and when all was healthy again.
func strikeOnce(p *testpipe.Pipeline, f fault, begin time.Time, dropped *atomic.Int32, logf func(string, ...any)) injected {
	in := injected{fault: f, at: time.Since(begin), dropped: int(dropped.Load()), final: finalCount(p)}
	struck.Store(0)
	in.note, in.err = f.do()
	in.backAt = time.Now()
	in.took = in.backAt.Sub(begin) - in.at
	if ns := struck.Load(); ns != 0 {
		in.killedAt = time.Unix(0, ns)
	}
	logf("chaos: +%5.1fs kill -9 %-22s back in %4.1fs (dropped %d, final %d) %s %s",
		in.at.Seconds(), f.what, in.took.Seconds(), in.dropped, in.final, in.note, errOrEmpty(in.err))
	return in
}

// held counts messages delivered to the app's consumer group and not yet acknowledged:
// work in the hands of one of its replicas (both share one consumer name, so which one
// is unknown).
func held(p *testpipe.Pipeline, app string) int64 {
	var n int64
	for _, topic := range events.Consumes(app) {
		r, _ := p.Do("XPENDING", topic, app)
		if l, ok := r.([]any); ok && len(l) > 0 {
			c, _ := l[0].(int64)
			n += c
		}
	}
	return n
}

func errOrEmpty(err error) string {
	if err == nil {
		return ""
	}
	return "ERROR: " + err.Error()
}
