package main

import (
	"flag"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paychoreo/choreography/bench/pipeline"
	"github.com/paychoreo/choreography/bench/workload"
	"github.com/paychoreo/choreography/internal/step"
)

// The scale-out workload (docs/performance.md, "Scale-out"): every step also waits a
// simulated downstream call (step.SimulatedDownstream) of a fixed latency, over a fixed
// number of connections per process, so that one replica set is bound by the
// downstream, not by the CPUs, and only more replica sets add capacity. Files of 10
// payments are dropped at once; files/s is measured from the first drop to the last
// File B, at each replica count, for both Dapr variants, alternately.

type scaleOptions struct {
	downstream time.Duration
	slots      int
	pool       string // the orchestrator's pooling: step or process
	replicas   []int
	perSet     int // files per replica set
	seconds    int
	queueDepth int // the broker's queueDepth in the scale-out pipelines; 0: as shipped
	rawReps    string
}

func scaleFlags(fs *flag.FlagSet, o *scaleOptions) {
	fs.DurationVar(&o.downstream, "downstream", time.Second, "scale-out workload: the simulated downstream latency of every step (CHOREO_BENCH_DOWNSTREAM); 1s keeps 8 replica sets of a 2-CPU machine under half its CPUs, 50ms is the setting for a machine with many cores (docs/performance.md)")
	fs.IntVar(&o.slots, "downstream-slots", 1, "scale-out workload: simulated downstream calls in flight per process (CHOREO_BENCH_DOWNSTREAM_SLOTS)")
	fs.StringVar(&o.pool, "downstream-pool", "step", "scale-out workload: the orchestrator's downstream slots per step (as each app of the choreography has its own), or per process (its four steps share them)")
	fs.StringVar(&o.rawReps, "scale-replicas", "", "scale-out workload: replica sets, comma-separated (default 1,2,4,8; -short 1,4)")
	fs.IntVar(&o.perSet, "scale-files", 0, "scale-out workload: files per replica set (default: enough for -scale-seconds at the downstream's capacity)")
	fs.IntVar(&o.queueDepth, "scale-queue-depth", 0, "scale-out workload, experiments: the Redis pub/sub component's queueDepth (messages a sidecar reads ahead; Dapr's default 100); 0 keeps components/local as shipped")
	fs.IntVar(&o.seconds, "scale-seconds", 0, "scale-out workload: how long each run should last at the downstream's capacity, in seconds (default 30; -short 10)")
}

func (o *scaleOptions) resolve(short bool) error {
	if o.downstream <= 0 || o.slots < 1 {
		return fmt.Errorf("-downstream %s -downstream-slots %d: want a positive latency and slot count", o.downstream, o.slots)
	}
	if o.pool != "step" && o.pool != "process" {
		return fmt.Errorf("-downstream-pool %q: want step or process", o.pool)
	}
	if o.rawReps == "" {
		o.rawReps = "1,2,4,8"
		if short {
			o.rawReps = "1,4"
		}
	}
	for _, s := range strings.Split(o.rawReps, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("-scale-replicas %q", o.rawReps)
		}
		o.replicas = append(o.replicas, n)
	}
	if o.seconds == 0 {
		o.seconds = 30
		if short {
			o.seconds = 10
		}
	}
	if o.perSet == 0 {
		o.perSet = int(math.Ceil(float64(o.seconds) * o.perSetCapacity()))
	}
	return nil
}

// perSetCapacity is the files/s one replica set can do at most: every step of a file
// holds a slot for the latency, and the steps of a set run side by side.
func (o *scaleOptions) perSetCapacity() float64 { return float64(o.slots) / o.downstream.Seconds() }

func (o *scaleOptions) settings(s *Settings) {
	s.Downstream, s.DownstreamSlots, s.DownstreamPool = o.downstream.String(), o.slots, o.pool
	s.ScaleReplicas, s.ScaleFilesPerSet = o.replicas, o.perSet
	if o.queueDepth > 0 {
		s.Notes = append(s.Notes, fmt.Sprintf("scale-out pipelines with the broker's queueDepth %d (experiment; components/local leaves Dapr's default, 100)", o.queueDepth))
	}
}

// scaleOut runs the workload at every replica count, the two variants alternately and in
// turn first, so that a slow phase of a noisy machine falls on both.
func (b *bench) scaleOut(res *Result, o options, orchestrator string, db *int) error {
	so := o.scale
	env := map[string]string{step.DownstreamEnv: so.downstream.String(), step.DownstreamSlotsEnv: strconv.Itoa(so.slots),
		"CHOREO_BENCH_DOWNSTREAM_POOL": so.pool}
	var kinds []string
	for _, k := range []string{"choreography", "workflow"} {
		if o.variants[k] {
			kinds = append(kinds, k)
		}
	}
	for i, n := range so.replicas {
		order := slices.Clone(kinds)
		if i%2 == 1 {
			slices.Reverse(order)
		}
		files := workload.Many("SCALE", n*so.perSet, 10)
		capacity := float64(n) * so.perSetCapacity()
		within := 5*time.Minute + time.Duration(4*float64(len(files))/capacity*float64(time.Second))
		for _, kind := range order {
			s := pipeline.Settings{Replicas: n, Offset: o.offset, DB: *db, Env: env}
			if so.queueDepth > 0 {
				s.PubSub = map[string]string{"queueDepth": strconv.Itoa(so.queueDepth)}
			}
			*db++
			p, err := b.start(kind, o, s, orchestrator)
			if err != nil {
				return err
			}
			fmt.Fprintf(b.out, "%s x%d: scale-out, %d files at once, downstream %s x %d slots (at most %.1f files/s)\n",
				kind, n, len(files), so.downstream, so.slots, capacity)
			r, err := b.measureScale(p, kind, files, within)
			p.Stop()
			if err != nil {
				return fmt.Errorf("%s x%d scale-out: %w", kind, n, err)
			}
			fmt.Fprintf(b.out, "%s x%d: %.1f files/s, CPU %.0f%% of the machine\n", kind, n, r.FilesPerS, r.MachineCPUPct)
			res.Runs = append(res.Runs, r)
		}
	}
	return nil
}

// measureScale is measureBurst with, per replica set, how many files it took in
// (received) and validated: how evenly the sets shared the work.
func (b *bench) measureScale(p *pipeline.Pipeline, kind string, files []workload.File, within time.Duration) (Run, error) {
	apps := map[string]string{"received": "intake", "validated": "validator"}
	if kind == "workflow" {
		apps = map[string]string{"received": pipeline.OrchestratorID, "validated": pipeline.OrchestratorID}
	}
	count := func() (map[string][]float64, error) {
		out := map[string][]float64{}
		for outcome, app := range apps {
			n, err := p.Outcomes(app, outcome)
			if err != nil {
				return nil, err
			}
			out[outcome] = n
		}
		return out, nil
	}
	before, err := count()
	if err != nil {
		return Run{}, err
	}
	r, err := measureBurst(b, p, "scale", files, within)
	if err != nil {
		return r, err
	}
	if r.PerReplicaSet, err = count(); err != nil {
		return r, err
	}
	for outcome, ns := range r.PerReplicaSet {
		for i := range ns {
			ns[i] -= before[outcome][i]
		}
	}
	return r, nil
}
