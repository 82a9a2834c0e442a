// Package pipeline starts the two Dapr variants of the benchmark on this machine, each
// over a private data folder and Redis database, and drops files into them:
//
//   - the choreography: the project's dapr.yaml and components/local, as shipped, with
//     1 or more replica sets (every app and its sidecar once per set);
//   - the orchestrated variant: bench/orchestrator (a Dapr Workflow app) with placement
//     and the scheduler started here, the same components plus an actor state store.
//
// Both are fed by the same arrival events: dapr.yaml's inbox-watch (the local stand-in
// for Event Grid) runs once per pipeline, whatever the number of replica sets, and
// publishes a blob.created event per file dropped; intake's replicas, or the
// orchestrator's, take them as competing consumers.
package pipeline

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/paychoreo/choreography/bench/procstat"
	"github.com/paychoreo/choreography/internal/events"
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

// Settings are what one variant is started with.
type Settings struct {
	Replicas int // replica sets
	Offset   int // port offset of the first replica set; each further set 100 more
	DB       int // the Redis database of the variant's state, broker and actors
	// Env is extra environment for this variant's apps and sidecars, after Env.Env (the
	// scale-out workload's simulated downstream).
	Env map[string]string
	// PubSub is metadata added to the broker component's copy (experiments; empty: as
	// shipped).
	PubSub map[string]string
}

// OncePerPipeline are the apps of dapr.yaml that play an external service and run once
// per pipeline, not once per replica set: inbox-watch plays Event Grid.
var OncePerPipeline = []string{events.InboxWatch}

// Pipeline is one started variant.
type Pipeline struct {
	Kind     string // "choreography" or "workflow"
	Replicas int
	Data     string // inbox, outbox, rejected, archive, staging, quarantine
	DB       int
	// Runs are the replica sets, in order.
	Runs []*launch.Run
	// External runs the OncePerPipeline apps, when dapr.yaml has them.
	External *launch.Run
	Outbox   *Watcher
	control  []*service
	env      *Env
	settings Settings
	dog      *watchdog
}

// runs is every launch.Run of the variant: the external apps' and the replica sets'.
func (p *Pipeline) runs() []*launch.Run {
	if p.External == nil {
		return p.Runs
	}
	return append([]*launch.Run{p.External}, p.Runs...)
}

func newPipeline(env *Env, kind string, s Settings) (*Pipeline, error) {
	data, err := os.MkdirTemp(env.TmpDir, kind+"-data-")
	if err != nil {
		return nil, err
	}
	for _, d := range []string{"inbox", "outbox", "rejected", "archive", "staging", "quarantine", "uploads"} {
		if err := os.MkdirAll(filepath.Join(data, d), 0o755); err != nil {
			return nil, err
		}
	}
	if _, err := env.Redis.Do(s.DB, "FLUSHDB"); err != nil {
		return nil, err
	}
	p := &Pipeline{Kind: kind, Replicas: s.Replicas, Data: data, DB: s.DB, env: env, settings: s}
	p.Outbox, err = Watch(filepath.Join(data, "outbox"))
	return p, err
}

// Stop ends every process of the variant.
func (p *Pipeline) Stop() {
	if p.dog != nil {
		p.dog.close()
	}
	for _, r := range p.runs() {
		r.Stop()
	}
	for _, s := range p.control {
		s.stop()
	}
	if p.Outbox != nil {
		p.Outbox.Close()
	}
}

// Procs lists every process of the variant: apps, sidecars and control plane. With
// more than one replica set, a set's processes are named <name>#<set>.
func (p *Pipeline) Procs() []procstat.Proc {
	var out []procstat.Proc
	for i, r := range p.runs() {
		set := i
		if p.External == nil {
			set++
		}
		for _, pr := range r.Processes() {
			name := pr.Name
			if len(p.Runs) > 1 && set > 0 {
				name = fmt.Sprintf("%s#%d", name, set)
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
	for _, r := range p.runs() {
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
// components; edit, when set, changes a file's text (by file name); extra files are
// added as they are.
func (p *Pipeline) components(addScope string, scoped []string, edit func(name, yaml string) string, extra map[string]string) (string, error) {
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
		if edit != nil {
			s = edit(base, s)
		}
		if base == "pubsub.yaml" {
			s = withMetadata(s, p.settings.PubSub)
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

// withMetadata adds metadata items to a component, first in its list.
func withMetadata(yaml string, items map[string]string) string {
	var add strings.Builder
	for _, k := range slices.Sorted(maps.Keys(items)) {
		fmt.Fprintf(&add, "    - name: %s\n      value: %q\n", k, items[k])
	}
	return strings.Replace(yaml, "  metadata:\n", "  metadata:\n"+add.String(), 1)
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

// split is f's OncePerPipeline apps and the others, as two run files.
func split(f *runfile.File) (once, sets *runfile.File) {
	a, b := *f, *f
	a.Apps, b.Apps = nil, nil
	for _, app := range f.Apps {
		if contains(OncePerPipeline, app.AppID) {
			a.Apps = append(a.Apps, app)
		} else {
			b.Apps = append(b.Apps, app)
		}
	}
	return &a, &b
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// start runs once, when it has apps (the external services, first, so that every file
// dropped is announced), then sets once per replica set.
func (p *Pipeline) start(once, sets *runfile.File, resources string) error {
	env := map[string]string{"CHOREO_INBOX_DIR": filepath.Join(p.Data, "inbox")} // inbox-watch's folder
	for _, m := range []map[string]string{p.env.Env, p.settings.Env} {
		for k, v := range m {
			env[k] = v
		}
	}
	opts := func(set int) launch.Options {
		return launch.Options{DaprdPath: p.env.Daprd, ResourcesPaths: []string{resources}, ConfigPath: p.env.Config,
			PortOffset: p.settings.Offset + 100*set, ExtraEnv: env, LogWriter: p.env.Log, HealthTimeout: 120 * time.Second}
	}
	if len(once.Apps) > 0 {
		r, err := launch.Start(context.Background(), once, opts(0))
		if err != nil {
			return fmt.Errorf("start %s (%s): %w", p.Kind, strings.Join(OncePerPipeline, ", "), err)
		}
		p.External = r
	}
	for i := 0; i < p.Replicas; i++ {
		r, err := launch.Start(context.Background(), sets, opts(i))
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
// shipped: the OncePerPipeline ones once, the others once per replica set.
func StartChoreography(env *Env, apps []string, s Settings) (*Pipeline, error) {
	p, err := newPipeline(env, "choreography", s)
	if err != nil {
		return nil, err
	}
	res, err := p.components("", nil, nil, nil)
	if err == nil {
		var f *runfile.File
		if f, err = runfile.Load(filepath.Join(env.Root, "dapr.yaml")); err == nil {
			if f.Apps, err = only(f.Apps, apps); err == nil {
				once, sets := split(f)
				err = p.start(once, sets, res)
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
