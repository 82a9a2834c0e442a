// Package testpipe runs the choreography for tests: Redis, a daprd sidecar per app started
// from the project's dapr.yaml (through internal/launch), and the real apps, over a
// private data folder and Redis database. The end-to-end suite and the fault-injection
// run use it.
package testpipe

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/launch"
	"github.com/paychoreo/choreography/internal/refdata"
	"github.com/paychoreo/choreography/internal/runfile"
)

// Root is the project root: the tests run the real dapr.yaml and components from there.
var Root = findRoot()

func findRoot() string {
	dir, _ := os.Getwd()
	for d := dir; d != "/"; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "dapr.yaml")); err == nil {
			return d
		}
	}
	return dir
}

// nextDB gives each pipeline its own Redis database, so runs never see each other's
// streams, claims or reference data (and never the data of a running `make run`).
var nextDB atomic.Int32

func init() { nextDB.Store(7) }

// Pipeline is the four apps with their sidecars (Replicas sets of them).
type Pipeline struct {
	T     *testing.T
	Runs  []*launch.Run // one per replica set; Runs[0] is the first
	Data  string        // data folder: inbox, outbox, rejected, archive, staging, quarantine, reports
	DB    int           // Redis database
	Redis string        // Redis address
	// Profile is the component profile (components/<Profile>): local, azurite, rabbitmq.
	Profile string
	// Resources is the folder of the pipeline's components (the profile's, rewritten for
	// this pipeline), for a test that starts more apps beside it.
	Resources string
	prof      profileState
	logs      *syncBuffer
	hosts     []string // where each replica set listens: 127.0.0.1, or its pod's address
}

// Options adjust a pipeline; the zero value is one replica set on port offset 200.
type Options struct {
	Offset    int               // port offset of the first replica set (default 200)
	Replicas  int               // replica sets, each 100 ports above the previous (default 1)
	Env       map[string]string // extra environment for apps and sidecars
	RedisAddr string            // default $TESTPIPE_REDIS, then 127.0.0.1:6379
	Profile   string            // component profile, components/<Profile> (default local)
	// Edit, when set, may change each component file's text after the test rewrite.
	Edit func(name, yaml string) string
	// Config, when set, changes the text of config/local.yaml for this pipeline, to which
	// the Zipkin exporter at ZipkinEndpoint is added first (config).
	Config func(yaml string) string
	// RefdataLoader keeps dapr.yaml's refdata-loader job, which then loads the reference
	// table as under `dapr run -f .`. Without it the job is left out and the pipeline loads
	// the table with `choreo refdata load` (so v1 is that command's).
	RefdataLoader bool
	// Pods, when set, runs replica set i in Pods[i], a network namespace of its own
	// (internal/netpod), its apps and sidecars listening on the pod's address; RedisAddr
	// must then be reachable from the pods.
	Pods []Pod
}

// Pod is a network namespace a replica set can run in.
type Pod interface {
	Exec() []string // the command prefix that starts a process inside it
	IP() string     // its address, where the test reaches its apps and sidecars
}

// Start starts a pipeline with the sample reference table loaded; everything stops when
// the test ends, and its logs are printed if the test failed.
func Start(t *testing.T, o Options) *Pipeline {
	t.Helper()
	o = withDefaults(o)
	// Databases 8 to 15, in turn: pipelines of one test binary run one after another.
	db := 8 + (int(nextDB.Add(1))-8)%8
	p := &Pipeline{T: t, Data: t.TempDir(), DB: db, Redis: o.RedisAddr, Profile: o.Profile, logs: &syncBuffer{}}
	_, err := p.Do("PING")
	Need(t, "Redis on "+p.Redis, err)
	p.prepare()
	daprd, err := launch.FindDaprd(Root)
	Need(t, "daprd (make daprd)", err)
	if _, err := p.Do("FLUSHDB"); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"inbox", "outbox", "rejected", "archive", "staging", "quarantine", "reports"} {
		os.MkdirAll(filepath.Join(p.Data, d), 0o755)
	}
	f, err := runfile.Load(filepath.Join(Root, "dapr.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !o.RefdataLoader {
		f = WithoutApps(f, refdata.LoaderApp)
	}
	resources := p.components(o.Edit)
	p.Resources = resources
	config := ""
	if o.Config != nil {
		config = p.config(o.Config)
	}
	t.Cleanup(func() {
		for _, r := range p.Runs {
			r.Stop()
		}
		if t.Failed() {
			t.Logf("pipeline logs (last 300 lines):\n%s", Tail(p.logs.String(), 300))
		}
	})
	// inbox-watch plays Event Grid for the pipeline's inbox folder: it runs in the first
	// replica set only, as Event Grid is one service however many intake replicas there are.
	o.Env["CHOREO_INBOX_DIR"] = filepath.Join(p.Data, "inbox")
	for i := 0; i < o.Replicas; i++ {
		opts := launch.Options{DaprdPath: daprd, ResourcesPaths: []string{resources}, ConfigPath: config,
			PortOffset: o.Offset + 100*i, ExtraEnv: o.Env, LogWriter: p.logs, HealthTimeout: 90 * time.Second}
		set := f
		if i > 0 {
			set = WithoutApps(f, events.InboxWatch, refdata.LoaderApp)
		}
		if i < len(o.Pods) {
			set, opts = inPod(set, opts, o.Pods[i])
		}
		p.hosts = append(p.hosts, cmp.Or(opts.Host, "127.0.0.1"))
		r, err := startFree(set, opts)
		if err != nil {
			t.Fatalf("start pipeline (replica set %d): %v", i+1, err)
		}
		p.Runs = append(p.Runs, r)
	}
	if !o.RefdataLoader {
		p.LoadRefdata(filepath.Join(Root, "refdata", "sample.json"))
	}
	return p
}

func withDefaults(o Options) Options {
	if o.Offset == 0 {
		o.Offset = 200
	}
	// testPorts moves every port of a test pipeline away from those of `make run` (dapr.yaml's
	// own), and keeps it below the range Linux hands out to outgoing connections.
	o.Offset += testPorts
	// TESTPIPE_PORT_SHIFT moves every pipeline's ports, so that two test runs on one
	// machine (two checkouts, two people) do not meet.
	if shift, err := strconv.Atoi(os.Getenv("TESTPIPE_PORT_SHIFT")); err == nil {
		o.Offset += shift
	}
	if o.Replicas == 0 {
		o.Replicas = 1
	}
	if o.RedisAddr == "" {
		o.RedisAddr = cmp.Or(os.Getenv("TESTPIPE_REDIS"), "127.0.0.1:6379")
	}
	if o.Profile == "" {
		o.Profile = "local"
	}
	if o.Env == nil {
		o.Env = map[string]string{}
	}
	return o
}

// components copies components/<profile> into a temp folder, pointing storage at this
// pipeline's data folder (or its own containers and queue) and Redis at its address and
// database (RabbitMQ at its own virtual host); the rest is as shipped.
func (p *Pipeline) components(edit func(name, yaml string) string) string {
	dir := p.T.TempDir()
	src, _ := filepath.Glob(filepath.Join(Root, "components", p.Profile, "*.yaml"))
	if len(src) == 0 {
		p.T.Fatalf("no component profile %q (components/%s/*.yaml)", p.Profile, p.Profile)
	}
	rootPath := regexp.MustCompile(`"\.\./\.\./data/([a-z]+)"`)
	for _, f := range src {
		b, err := os.ReadFile(f)
		if err != nil {
			p.T.Fatal(err)
		}
		s := rootPath.ReplaceAllString(string(b), `"`+p.Data+`/$1"`)
		if strings.Contains(s, "localhost:6379") {
			s = strings.ReplaceAll(s, "localhost:6379", p.Redis)
			s = strings.Replace(s, "  metadata:\n", fmt.Sprintf("  metadata:\n    - name: redisDB\n      value: \"%d\"\n", p.DB), 1)
		}
		s = p.rewrite(s)
		if edit != nil {
			s = edit(filepath.Base(f), s)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), []byte(s), 0o644); err != nil {
			p.T.Fatal(err)
		}
	}
	p.loaded(dir)
	return dir
}

// inPod runs a replica set inside pod: every process started through its prefix, every
// app and sidecar listening on all of the pod's addresses, so that the test reaches them.
func inPod(f *runfile.File, opts launch.Options, pod Pod) (*runfile.File, launch.Options) {
	out := *f
	out.Apps = slices.Clone(f.Apps)
	for i := range out.Apps {
		out.Apps[i].APIListenAddresses = "0.0.0.0"
	}
	opts.Wrap, opts.Host = pod.Exec(), pod.IP()
	opts.ExtraEnv = maps.Clone(opts.ExtraEnv)
	opts.ExtraEnv["CHOREO_LISTEN_ADDR"] = "0.0.0.0"
	return &out, opts
}

// WithoutApps is a copy of a run file without the named apps.
func WithoutApps(f *runfile.File, ids ...string) *runfile.File {
	out := *f
	out.Apps = nil
	for _, a := range f.Apps {
		if !slices.Contains(ids, a.AppID) {
			out.Apps = append(out.Apps, a)
		}
	}
	return &out
}

// testPorts is added to every test pipeline's port offset. dapr.yaml's ports (3501-9199)
// + 11000 + the test's offset (200-1350) + TESTPIPE_PORT_SHIFT stay below 32768, where
// Linux's ephemeral range (32768-60999) begins: there any of the hundreds of Redis and gRPC
// client sockets of a running suite may hold a port for a moment.
const testPorts = 11000

// startFree starts a replica set, moving its ports along when one is taken: the fixed
// ports of dapr.yaml plus an offset can land in the range the kernel hands out to
// outgoing connections, where any client may hold one for a moment.
func startFree(f *runfile.File, opts launch.Options) (*launch.Run, error) {
	for try := 0; ; try++ {
		r, err := launch.Start(context.Background(), f, opts)
		if err == nil || try == 5 || !strings.Contains(err.Error(), "already in use") {
			return r, err
		}
		opts.PortOffset += 7
	}
}

// ZipkinEndpoint is where an edited configuration exports spans until the test's edit
// points it elsewhere: config/local.yaml sets no exporter (nothing runs at this address,
// and daprd logs every failed export), so the edit starts from it plus this exporter.
const ZipkinEndpoint = "http://127.0.0.1:9411/api/v2/spans"

// config writes an edited copy of the Dapr configuration.
func (p *Pipeline) config(edit func(string) string) string {
	raw, err := os.ReadFile(filepath.Join(Root, "config", "local.yaml"))
	if err != nil {
		p.T.Fatal(err)
	}
	withZipkin, ok := withZipkinExporter(string(raw))
	if !ok {
		p.T.Fatal("config/local.yaml has no tracing samplingRate \"1\" to add the Zipkin exporter after")
	}
	path := filepath.Join(p.T.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(edit(withZipkin)), 0o644); err != nil {
		p.T.Fatal(err)
	}
	return path
}

// withZipkinExporter adds the Zipkin exporter at ZipkinEndpoint to a Dapr configuration
// that names none; false when it finds no place for it.
func withZipkinExporter(yaml string) (string, bool) {
	const sampling = "    samplingRate: \"1\"\n"
	switch {
	case strings.Contains(yaml, "\n    zipkin:\n"): // it names an exporter itself
		return yaml, true
	case !strings.Contains(yaml, sampling):
		return yaml, false
	}
	return strings.Replace(yaml, sampling, sampling+"    zipkin:\n      endpointAddress: \""+ZipkinEndpoint+"\"\n", 1), true
}

// LoadRefdata runs the real `choreo refdata load` against the validator's sidecar.
func (p *Pipeline) LoadRefdata(file string) {
	p.T.Helper()
	out, err := p.Choreo("refdata", "load", "--dapr-grpc", p.GRPC("validator"), file)
	if err != nil {
		p.T.Fatalf("choreo refdata load: %v\n%s", err, out)
	}
}

// Choreo runs bin/choreo with the first replica set's API token.
func (p *Pipeline) Choreo(args ...string) ([]byte, error) {
	v, _ := p.Runs[0].App("intake")
	cmd := exec.Command(filepath.Join(Root, "bin", "choreo"), args...)
	cmd.Env = append(os.Environ(), "DAPR_API_TOKEN="+v.Tokens.Dapr)
	return cmd.CombinedOutput()
}

// GRPC is the gRPC address of an app's sidecar in the first replica set.
func (p *Pipeline) GRPC(app string) string {
	a, _ := p.Runs[0].App(app)
	return fmt.Sprintf("%s:%d", p.hosts[0], a.GRPCPort)
}

// Logs returns the app's output across replica sets.
func (p *Pipeline) Logs(app string) string {
	var b strings.Builder
	for _, r := range p.Runs {
		b.WriteString(r.Logs(app))
	}
	return b.String()
}

// BuildBinaries builds the apps and tools into bin/, where dapr.yaml expects them, so
// that tests never run stale binaries. For TestMain.
func BuildBinaries() error {
	for _, pkg := range []string{"apps/refdata-loader", "apps/inbox-watch", "apps/intake", "apps/validator", "apps/adaptor", "apps/creator", "apps/tracker",
		"apps/order-api", "apps/stock", "apps/payment", "apps/shipping", "apps/reporter", "cmd/choreo"} {
		cmd := exec.Command("go", "build", "-o", "bin/", "./"+pkg)
		cmd.Dir = Root
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("build %s: %v\n%s", pkg, err, out)
		}
	}
	return NodeDeps()
}

// NodeDeps installs the notifier's npm packages (scripts/lib.sh ensure_node_deps: npm ci
// when node_modules is missing or older than package-lock.json), as make build does.
func NodeDeps() error {
	cmd := exec.Command("bash", "-c", "source scripts/lib.sh && ensure_node_deps")
	cmd.Dir = Root
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("npm packages of apps/notifier: %v\n%s", err, out)
	}
	return nil
}

// syncBuffer lets every process of a run log into one buffer.
type syncBuffer struct {
	mu  syncMutex
	buf bytes.Buffer
}

func (s *syncBuffer) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(b)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}
