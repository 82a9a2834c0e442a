// Package pipeline starts the two Dapr variants of the benchmark on this machine, each
// over a private data folder and Redis database, and drops files into them:
//
//   - the choreography: the project's dapr.yaml and components/local, as shipped, with
//     1 or more replica sets (every app and its sidecar once per set);
//   - the orchestrated variant: bench/orchestrator (a Dapr Workflow app) with placement
//     and the scheduler started here, the same components plus an actor state store.
package pipeline

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/paychoreo/choreography/bench/procstat"
	"github.com/paychoreo/choreography/internal/launch"
	"github.com/paychoreo/choreography/internal/runfile"
)

// Env is what every variant of a run shares.
type Env struct {
	Root   string    // project root: dapr.yaml, components/local, config/, bin/
	Daprd  string    // daprd binary
	Redis  *Redis    // the run's own Redis
	Log    io.Writer // every line of every process
	TmpDir string    // data folders, components, control-plane data
	// Env is extra environment for every app and sidecar (e.g. CHOREO_PPROF).
	Env map[string]string
	// Config, when set, replaces config/local.yaml (the Dapr configuration).
	Config string
}

// Pipeline is one started variant.
type Pipeline struct {
	Kind     string // "choreography" or "workflow"
	Replicas int
	Data     string // inbox, outbox, rejected, archive, staging, quarantine
	DB       int
	Runs     []*launch.Run
	Outbox   *Watcher
	control  []*service
	env      *Env
	dog      *watchdog
}

func newPipeline(env *Env, kind string, replicas, db int) (*Pipeline, error) {
	data, err := os.MkdirTemp(env.TmpDir, kind+"-data-")
	if err != nil {
		return nil, err
	}
	for _, d := range []string{"inbox", "outbox", "rejected", "archive", "staging", "quarantine", "uploads"} {
		if err := os.MkdirAll(filepath.Join(data, d), 0o755); err != nil {
			return nil, err
		}
	}
	if _, err := env.Redis.Do(db, "FLUSHDB"); err != nil {
		return nil, err
	}
	p := &Pipeline{Kind: kind, Replicas: replicas, Data: data, DB: db, env: env}
	p.Outbox, err = Watch(filepath.Join(data, "outbox"))
	return p, err
}

// Stop ends every process of the variant.
func (p *Pipeline) Stop() {
	if p.dog != nil {
		p.dog.close()
	}
	for _, r := range p.Runs {
		r.Stop()
	}
	for _, s := range p.control {
		s.stop()
	}
	if p.Outbox != nil {
		p.Outbox.Close()
	}
}

// Procs lists every process of the variant: apps, sidecars and control plane.
func (p *Pipeline) Procs() []procstat.Proc {
	var out []procstat.Proc
	for i, r := range p.Runs {
		for _, pr := range r.Processes() {
			name := pr.Name
			if len(p.Runs) > 1 {
				name = fmt.Sprintf("%s#%d", name, i+1)
			}
			kind := "app"
			if pr.Kind == launch.Sidecar {
				kind = "sidecar"
			}
			out = append(out, procstat.Proc{Name: name, Kind: kind, Pid: pr.Pid})
		}
	}
	for _, s := range p.control {
		out = append(out, procstat.Proc{Name: s.name, Kind: "control-plane", Pid: s.cmd.Process.Pid})
	}
	return out
}

// Logs is what an app wrote, across replica sets.
func (p *Pipeline) Logs(app string) string {
	var b strings.Builder
	for _, r := range p.Runs {
		b.WriteString(r.Logs(app))
	}
	return b.String()
}

// Drop puts File A into the inbox in one rename and returns when it became visible. It
// is written first in a folder beside the inbox, not under a hidden name in the inbox:
// daprd 1.18's localstorage "list" crashes the sidecar when a file it has just read in
// the folder is gone when it looks at it (components-contrib bindings/localstorage
// walkPath ignores the error of filepath.Walk), which a hidden upload renamed during a
// scan makes happen (docs/performance.md).
func (p *Pipeline) Drop(name string, content []byte) (time.Time, error) {
	dst := filepath.Join(p.Data, "inbox", name)
	tmp := filepath.Join(p.Data, "uploads", name)
	if err := os.WriteFile(tmp, content, 0o644); err != nil {
		return time.Time{}, err
	}
	if err := os.Rename(tmp, dst); err != nil {
		return time.Time{}, err
	}
	return time.Now(), nil
}

// components copies components/local, pointing storage at the data folder and Redis at
// the run's server and database. addScope adds an app to the scopes of the named
// components; extra files are added as they are.
func (p *Pipeline) components(addScope string, scoped []string, extra map[string]string) (string, error) {
	dir, err := os.MkdirTemp(p.env.TmpDir, p.Kind+"-components-")
	if err != nil {
		return "", err
	}
	src, _ := filepath.Glob(filepath.Join(p.env.Root, "components", "local", "*.yaml"))
	if len(src) == 0 {
		return "", fmt.Errorf("no components in %s/components/local", p.env.Root)
	}
	rootPath := regexp.MustCompile(`"\.\./\.\./data/([a-z]+)"`)
	scopes := regexp.MustCompile(`(?m)^scopes: \[(.*)\]`)
	for _, f := range src {
		b, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		s := rootPath.ReplaceAllString(string(b), `"`+p.Data+`/$1"`)
		s = p.redis(s)
		base := filepath.Base(f)
		if addScope != "" && contains(scoped, strings.TrimSuffix(base, ".yaml")) {
			s = scopes.ReplaceAllString(s, "scopes: [$1, "+addScope+"]")
		}
		if err := os.WriteFile(filepath.Join(dir, base), []byte(s), 0o644); err != nil {
			return "", err
		}
	}
	for name, s := range extra {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(p.redis(s)), 0o644); err != nil {
			return "", err
		}
	}
	return dir, nil
}

// redis points a component at the run's Redis and the variant's database.
func (p *Pipeline) redis(s string) string {
	if !strings.Contains(s, "localhost:6379") {
		return s
	}
	s = strings.ReplaceAll(s, "localhost:6379", p.env.Redis.Addr)
	return strings.Replace(s, "  metadata:\n", fmt.Sprintf("  metadata:\n    - name: redisDB\n      value: \"%d\"\n", p.DB), 1)
}

// only keeps the apps named (all when names is empty), in the file's order.
func only(all []runfile.App, names []string) ([]runfile.App, error) {
	if len(names) == 0 {
		return all, nil
	}
	var out []runfile.App
	for _, a := range all {
		if contains(names, a.AppID) {
			out = append(out, a)
		}
	}
	if len(out) != len(names) {
		return nil, fmt.Errorf("dapr.yaml has %d of the apps %v", len(out), names)
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (p *Pipeline) start(f *runfile.File, resources string, offset int) error {
	for i := 0; i < p.Replicas; i++ {
		r, err := launch.Start(context.Background(), f, launch.Options{
			DaprdPath: p.env.Daprd, ResourcesPaths: []string{resources}, ConfigPath: p.env.Config, PortOffset: offset + 100*i,
			ExtraEnv: p.env.Env, LogWriter: p.env.Log, HealthTimeout: 120 * time.Second,
		})
		if err != nil {
			return fmt.Errorf("start %s (replica set %d): %w", p.Kind, i+1, err)
		}
		p.Runs = append(p.Runs, r)
	}
	p.watch()
	return nil
}

// loadRefdata loads refdata/sample.json with the real `choreo refdata load`.
func (p *Pipeline) loadRefdata(app string) error {
	a, ok := p.Runs[0].App(app)
	if !ok {
		return fmt.Errorf("no app %s", app)
	}
	cmd := exec.Command(filepath.Join(p.env.Root, "bin", "choreo"), "refdata", "load",
		"--dapr-grpc", fmt.Sprintf("127.0.0.1:%d", a.GRPCPort), filepath.Join(p.env.Root, "refdata", "sample.json"))
	cmd.Env = append(os.Environ(), "DAPR_API_TOKEN="+a.Tokens.Dapr)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("choreo refdata load: %v\n%s", err, out)
	}
	return nil
}

// StartChoreography runs the apps of dapr.yaml named in apps (all when empty), as
// shipped, replicas times.
func StartChoreography(env *Env, apps []string, replicas, offset, db int) (*Pipeline, error) {
	p, err := newPipeline(env, "choreography", replicas, db)
	if err != nil {
		return nil, err
	}
	res, err := p.components("", nil, nil)
	if err == nil {
		var f *runfile.File
		if f, err = runfile.Load(filepath.Join(env.Root, "dapr.yaml")); err == nil {
			if f.Apps, err = only(f.Apps, apps); err == nil {
				err = p.start(f, res, offset)
			}
		}
	}
	if err == nil {
		err = p.loadRefdata("validator")
	}
	if err != nil {
		p.Stop()
		return nil, err
	}
	return p, nil
}
