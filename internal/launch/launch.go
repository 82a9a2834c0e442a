// Package launch runs the apps of a Multi-App Run file the way `dapr run -f` does: per app
// a daprd sidecar and the app command, with the CLI's flags, working folder and
// environment. It waits until every sidecar and app is healthy, prefixes every output line
// with its process's name, and stops whole process groups. cmd/launch and the end-to-end
// tests use it where the Dapr CLI is not installed.
package launch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/paychoreo/choreography/internal/runfile"
)

// Run is a started set of apps and sidecars.
type Run struct {
	opts Options
	apps []*appRun
	byID map[string]*appRun

	failOnce sync.Once
	failed   chan struct{}
	failErr  error
	stopOnce sync.Once
	stopped  chan struct{}
	stopErr  error
}

type appRun struct {
	info       AppInfo
	healthPath string
	app        *proc
	sidecar    *proc
}

// Start starts every app's sidecar and then the app (the CLI's order), and returns once
// all are healthy. On any failure it stops what it started and returns an error naming the
// process, what was expected of it, and its last log lines. Cancelling ctx stops the run.
func Start(ctx context.Context, f *runfile.File, o Options) (*Run, error) {
	o, err := withDefaults(f, o)
	if err != nil {
		return nil, err
	}
	tokens, err := resolveTokens(o)
	if err != nil {
		return nil, err
	}
	r := &Run{opts: o, byID: map[string]*appRun{}, failed: make(chan struct{}), stopped: make(chan struct{})}
	con := &console{w: o.LogWriter, width: nameWidth(f)}
	for i := range f.Apps {
		if err := r.startApp(&f.Apps[i], tokens, con); err != nil {
			r.Stop()
			return nil, err
		}
	}
	if err := r.waitHealthy(ctx, r.probes()); err != nil {
		r.Stop()
		return nil, err
	}
	go func() {
		select {
		case <-ctx.Done():
			r.Stop()
		case <-r.stopped:
		}
	}()
	return r, nil
}

func (r *Run) startApp(a *runfile.App, tokens Tokens, con *console) error {
	info, err := ports(a, r.opts.PortOffset)
	if err == nil {
		err = checkFree(info)
	}
	if err != nil {
		return err
	}
	info.Tokens = tokens
	ar := &appRun{info: info, healthPath: a.AppHealthCheckPath}
	ar.sidecar = r.newProc(a.AppID+"-dapr", Sidecar, r.wrap(spec{
		path: r.opts.DaprdPath, args: daprdArgs(a, info, r.opts), dir: a.AppDirPath, env: daprdEnv(info, r.opts),
	}), newLineLog(a.AppID+"-dapr", con, 200))
	// Keep plenty of the app's lines: Run.Logs serves them to tests.
	ar.app = r.newProc(a.AppID, App, r.wrap(spec{
		path: a.Command[0], args: a.Command[1:], dir: a.AppDirPath, env: appEnv(a, info, r.opts),
	}), newLineLog(a.AppID, con, 10000))
	ar.app.job = info.AppPort == 0
	r.apps = append(r.apps, ar)
	r.byID[a.AppID] = ar
	if err := ar.sidecar.start(); err != nil {
		return err
	}
	return ar.app.start()
}

// wrap starts the process through Options.Wrap, when set.
func (r *Run) wrap(s spec) spec {
	if len(r.opts.Wrap) == 0 {
		return s
	}
	s.args = append(append(append([]string{}, r.opts.Wrap[1:]...), s.path), s.args...)
	s.path = r.opts.Wrap[0]
	return s
}

func (r *Run) newProc(name string, kind Which, s spec, l *lineLog) *proc {
	return &proc{name: name, kind: kind, spec: s, log: l, onExit: r.unexpectedExit}
}

func withDefaults(f *runfile.File, o Options) (Options, error) {
	if o.LogWriter == nil {
		o.LogWriter = os.Stdout
	}
	if o.HealthTimeout <= 0 {
		o.HealthTimeout = 60 * time.Second
	}
	if o.Host == "" {
		o.Host = "127.0.0.1"
	}
	var err error
	if o.DaprdPath == "" {
		o.DaprdPath, err = FindDaprd(f.Dir)
	} else {
		// daprd runs in the app's folder: a path relative to ours would point elsewhere.
		o.DaprdPath, err = filepath.Abs(o.DaprdPath)
	}
	return o, err
}

func nameWidth(f *runfile.File) int {
	w := 0
	for _, a := range f.Apps {
		w = max(w, len(a.AppID)+len("-dapr"))
	}
	return w
}

// unexpectedExit records the first process that ended without Stop or Kill asking.
func (r *Run) unexpectedExit(p *proc, _ error) {
	r.failOnce.Do(func() {
		r.failErr = fmt.Errorf("%s (%s) exited unexpectedly (%s); %s", p.name, p.kind, p.status(), p.lastLines(20))
		close(r.failed)
	})
}
