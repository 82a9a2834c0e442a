// Command bench measures the choreography against the in-process floor and against an
// orchestrated variant (a Dapr Workflow), on this machine, in one go, and prints a table.
// Results are saved as bench/results/<timestamp>.json and .png. See docs/performance.md.
//
//	go run ./bench/cmd/bench            # make bench: the full run
//	go run ./bench/cmd/bench -short     # make bench-short: small counts, for CI
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/paychoreo/choreography/bench/pipeline"
	"github.com/paychoreo/choreography/bench/workload"
	"github.com/paychoreo/choreography/internal/launch"
)

func main() {
	if len(os.Args) > 2 && os.Args[1] == "render" {
		if err := render(os.Args[2], os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "bench render:", err)
			os.Exit(1)
		}
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "floor" {
		if err := floorMain(os.Args[2:], os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "bench floor:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type bench struct {
	rnd   *rand.Rand
	pause time.Duration // the latency workload's longest pause between files
	root  string
	tmp   string
	redis *pipeline.Redis
	env   *pipeline.Env
	out   io.Writer
}

type options struct {
	short               bool
	big, small, latency int
	replicas            []int
	variants            map[string]bool
	workloads           map[string]bool
	offset              int
	results             string
	pprof               bool
	apps                []string
	daprConfig          string
	scale               scaleOptions
}

func parse(args []string) (options, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	o := options{}
	fs.BoolVar(&o.short, "short", false, "small sample counts (CI): 10,000-payment big file, 100 small files, 30 latency samples, 1 replica; the scale-out workload at 1 and 4 replica sets, 10 s each")
	fs.IntVar(&o.big, "big", 0, "payments in the big file (default 100000; -short 10000)")
	fs.IntVar(&o.small, "small", 0, "10-payment files in the throughput workload (default 1000; -short 100)")
	fs.IntVar(&o.latency, "latency", 0, "latency samples (default 200; -short 30)")
	reps := fs.String("replicas", "", "replica counts of the pipelines, comma-separated (default 1,2; -short 1)")
	vars := fs.String("variants", "floor,choreography,workflow", "variants to run")
	works := fs.String("workloads", "latency,small,big,scale", "workloads to run: latency, small, big (at -replicas) and scale (the scale-out workload, at -scale-replicas; pipelines only)")
	scaleFlags(fs, &o.scale)
	fs.IntVar(&o.offset, "port-offset", 11000, "port offset of the pipelines, each replica set 100 more (11000 puts every port outside Linux's ephemeral range, 32768-60999)")
	fs.StringVar(&o.results, "results", "bench/results", "folder for <timestamp>.json and .png")
	apps := fs.String("apps", "inbox-watch,intake,validator,adaptor,creator,tracker", "the apps of dapr.yaml that run in the choreography: the local stand-in for Event Grid (once per pipeline), the four steps and their observer")
	fs.StringVar(&o.daprConfig, "dapr-config", "", "a Dapr configuration to use instead of config/local.yaml (experiments)")
	fs.BoolVar(&o.pprof, "pprof", false, "set CHOREO_PPROF=1 in the apps: Go's profiler at /debug/pprof/ on their ports (the floor: go test -bench . -cpuprofile ./bench/floor)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	def := func(v *int, full, short int) {
		if *v == 0 {
			*v = full
			if o.short {
				*v = short
			}
		}
	}
	def(&o.big, 100_000, 10_000)
	def(&o.small, 1000, 100)
	def(&o.latency, 200, 30)
	if *reps == "" {
		*reps = "1,2"
		if o.short {
			*reps = "1"
		}
	}
	for _, s := range strings.Split(*reps, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return o, fmt.Errorf("-replicas %q", *reps)
		}
		o.replicas = append(o.replicas, n)
	}
	o.apps = strings.Split(*apps, ",")
	o.variants, o.workloads = map[string]bool{}, map[string]bool{}
	for _, v := range strings.Split(*vars, ",") {
		o.variants[strings.TrimSpace(v)] = true
	}
	for _, v := range strings.Split(*works, ",") {
		o.workloads[strings.TrimSpace(v)] = true
	}
	return o, o.scale.resolve(o.short)
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	o, err := parse(args)
	if err != nil {
		return err
	}
	root, err := findRoot()
	if err != nil {
		return err
	}
	daprd, err := launch.FindDaprd(root)
	if err != nil {
		return err
	}
	stamp := time.Now().UTC().Format("20060102T150405Z")
	logDir := filepath.Join(root, ".tmp", "bench")
	os.MkdirAll(logDir, 0o755)
	logPath := filepath.Join(logDir, stamp+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer logFile.Close()
	tmp, err := os.MkdirTemp("", "choreo-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	b := &bench{root: root, tmp: tmp, out: stdout, rnd: rand.New(rand.NewPCG(1, 2)), pause: time.Second}
	res := Result{Started: time.Now().UTC(), Command: "make bench", Machine: machine(daprd),
		Settings: Settings{BigPayments: o.big, SmallFiles: o.small, SmallPayments: 10, LatencySamples: o.latency,
			Replicas: o.replicas, Arrival: arrival}}
	if o.workloads["scale"] {
		o.scale.settings(&res.Settings)
	}
	if o.short {
		res.Command = "make bench-short"
	}
	for _, v := range []string{"floor", "choreography", "workflow"} {
		if o.variants[v] {
			res.Settings.Variants = append(res.Settings.Variants, v)
		}
	}
	fmt.Fprintf(stdout, "bench: %d CPUs (%s), %d MiB, load %s; logs in %s\n", res.Machine.CPUs, res.Machine.CPUModel,
		res.Machine.MemoryMiB, res.Machine.LoadBefore, logPath)
	totalBefore, idleBefore := busyTicks()
	wl := Workloads{Big: workload.Make("BIG-"+strconv.Itoa(o.big), o.big),
		Small: workload.Many("SMALL", o.small, 10), Latency: workload.Many("LAT", o.latency, 10)}

	if o.variants["floor"] {
		if err := b.floor(&res, wl, o); err != nil {
			return err
		}
	}
	if o.variants["choreography"] || o.variants["workflow"] {
		b.redis, err = pipeline.StartRedis(tmp)
		if err != nil {
			return err
		}
		defer func() {
			if b.redis != nil {
				b.redis.Stop()
			}
		}()
		b.env = &pipeline.Env{Root: root, Daprd: daprd, Redis: b.redis, Log: &syncWriter{w: logFile}, TmpDir: tmp,
			Env: map[string]string{}, Config: o.daprConfig}
		if o.pprof {
			b.env.Env["CHOREO_PPROF"] = "1"
		}
	}
	orchestrator := ""
	if o.variants["workflow"] {
		orchestrator = filepath.Join(tmp, "orchestrator")
		cmd := exec.Command("go", "build", "-o", orchestrator, "./bench/orchestrator")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("build bench/orchestrator: %v\n%s", err, out)
		}
	}
	db := 1
	if o.workloads["latency"] || o.workloads["small"] || o.workloads["big"] {
		for _, n := range o.replicas {
			for _, kind := range []string{"choreography", "workflow"} {
				if !o.variants[kind] {
					continue
				}
				s := pipeline.Settings{Replicas: n, Offset: o.offset, DB: db}
				if err := b.pipeline(&res, wl, kind, o, s, orchestrator); err != nil {
					return err
				}
				db++
			}
		}
	}
	if o.workloads["scale"] && (o.variants["choreography"] || o.variants["workflow"]) {
		if err := b.scaleOut(&res, o, orchestrator, &db); err != nil {
			return err
		}
	}
	if b.redis != nil {
		b.redis.Stop() // reaped, so that its CPU time counts as the run's own
		b.redis = nil
	}
	totalAfter, idleAfter := busyTicks()
	res.Machine.LoadAfter = loadavg()
	if d := totalAfter - totalBefore; d > 0 {
		busy := float64(d-(idleAfter-idleBefore)) / float64(d)
		own := ownCPU().Seconds() * 100 / float64(d) // ticks are 1/100 s, summed over CPUs
		res.Machine.OtherCPUPct = fmt.Sprintf("the machine was %.0f%% busy during the run: %.0f%% of its capacity used by processes other than the run's own",
			100*busy, 100*max(0, busy-own))
	}
	res.Took = time.Since(res.Started).Round(time.Second).String()
	res.Targets = targets(res)
	printTable(stdout, res)
	dir := o.results
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(root, dir)
	}
	return save(stdout, dir, stamp, res)
}

func (b *bench) floor(res *Result, wl Workloads, o options) error {
	fmt.Fprintf(b.out, "floor: in-process, %d-payment file, %d files, %d latency samples\n", o.big, o.small, o.latency)
	for _, w := range []struct {
		name    string
		files   []workload.File
		workers int
	}{
		{"latency", wl.Latency, 1},
		{"small", wl.Small, res.Machine.CPUs},
		{"big", []workload.File{wl.Big}, 1},
	} {
		r, _, err := measureFloor(b, w.name, w.files, w.workers)
		if err != nil {
			return err
		}
		res.Runs = append(res.Runs, r)
	}
	return nil
}

// start starts a variant and warms it up (connections, the lister's root marker, the
// first workflow).
func (b *bench) start(kind string, o options, s pipeline.Settings, orchestrator string) (*pipeline.Pipeline, error) {
	fmt.Fprintf(b.out, "%s x%d: starting\n", kind, s.Replicas)
	var p *pipeline.Pipeline
	var err error
	if kind == "choreography" {
		p, err = pipeline.StartChoreography(b.env, o.apps, s)
	} else {
		p, err = pipeline.StartWorkflow(b.env, orchestrator, s)
	}
	if err != nil {
		return nil, err
	}
	warm := workload.Many("WARM", 3, 10)
	if _, err := measureBurst(b, p, "warmup", warm, 3*time.Minute); err != nil {
		p.Stop()
		return nil, fmt.Errorf("%s x%d warm-up: %w", kind, s.Replicas, err)
	}
	return p, nil
}

func (b *bench) pipeline(res *Result, wl Workloads, kind string, o options, s pipeline.Settings, orchestrator string) error {
	replicas := s.Replicas
	p, err := b.start(kind, o, s, orchestrator)
	if err != nil {
		return err
	}
	defer p.Stop()
	if o.workloads["latency"] {
		fmt.Fprintf(b.out, "%s x%d: latency, %d files one at a time\n", kind, replicas, len(wl.Latency))
		r, err := measureLatency(b, p, wl.Latency)
		if err != nil {
			return fmt.Errorf("%s x%d latency: %w", kind, replicas, err)
		}
		res.Runs = append(res.Runs, r)
	}
	if o.workloads["small"] {
		fmt.Fprintf(b.out, "%s x%d: %d files at once\n", kind, replicas, len(wl.Small))
		r, err := measureBurst(b, p, "small", wl.Small, 20*time.Minute)
		if err != nil {
			return fmt.Errorf("%s x%d small files: %w", kind, replicas, err)
		}
		res.Runs = append(res.Runs, r)
	}
	if o.workloads["big"] {
		fmt.Fprintf(b.out, "%s x%d: one %d-payment file\n", kind, replicas, wl.Big.Payments)
		r, err := measureBurst(b, p, "big", []workload.File{wl.Big}, 10*time.Minute)
		if err != nil {
			return fmt.Errorf("%s x%d big file: %w", kind, replicas, err)
		}
		res.Runs = append(res.Runs, r)
	}
	return nil
}

func findRoot() (string, error) {
	dir, _ := os.Getwd()
	for d := dir; d != "/"; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "dapr.yaml")); err == nil {
			return d, nil
		}
	}
	return "", fmt.Errorf("no dapr.yaml above %s: run from the project", dir)
}

// arrival is how files reach intake (and the orchestrator) in every pipeline of the run.
const arrival = "blob.created events from inbox-watch (inotify on the inbox folder), intake replicas as competing consumers"

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
