package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/paychoreo/choreography/bench/pipeline"
	"github.com/paychoreo/choreography/bench/procstat"
	"github.com/paychoreo/choreography/bench/workload"
	"github.com/paychoreo/choreography/internal/pain001"
)

// Workloads of one run.
type Workloads struct {
	Big     workload.File
	Small   []workload.File
	Latency []workload.File
}

func fileB(f workload.File) string { return pain001.FileName(workload.Sender, f.Ref) }

func payments(fs []workload.File) int {
	n := 0
	for _, f := range fs {
		n += f.Payments
	}
	return n
}

// measureFloor runs `bench floor` in its own process over the files.
func measureFloor(b *bench, name string, files []workload.File, workers int) (Run, floorResult, error) {
	var fr floorResult
	dir, err := os.MkdirTemp(b.tmp, "floor-"+name+"-")
	if err != nil {
		return Run{}, fr, err
	}
	defer os.RemoveAll(dir)
	inbox, outbox := filepath.Join(dir, "inbox"), filepath.Join(dir, "outbox")
	os.MkdirAll(inbox, 0o755)
	os.MkdirAll(outbox, 0o755)
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(inbox, f.Name), f.Content, 0o644); err != nil {
			return Run{}, fr, err
		}
	}
	self, err := os.Executable()
	if err != nil {
		return Run{}, fr, err
	}
	cmd := exec.Command(self, "floor", "-inbox", inbox, "-outbox", outbox, "-workers", fmt.Sprint(workers),
		"-refdata", filepath.Join(b.root, "refdata", "sample.json"))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return Run{}, fr, fmt.Errorf("floor %s: %v: %s", name, err, errb.String())
	}
	if err := json.Unmarshal(out.Bytes(), &fr); err != nil {
		return Run{}, fr, fmt.Errorf("floor %s: %w", name, err)
	}
	wall := time.Duration(fr.Wall).Seconds()
	r := Run{Variant: "floor", Replicas: 1, Workload: name, Files: len(files), Payments: payments(files),
		FileBytes: int64(len(files[0].Content)), WallS: wall,
		FilesPerS: float64(len(files)) / wall, PaymentsPerS: float64(payments(files)) / wall,
		CPUPerFileS: time.Duration(fr.CPU).Seconds() / float64(len(files)),
		PeakRSSMB:   map[string]float64{"floor": mib(fr.PeakRSS)}}
	var lat, in, val, adp, cre []time.Duration
	for _, f := range fr.Files {
		lat = append(lat, f.total())
		in = append(in, time.Duration(f.Intake))
		val = append(val, time.Duration(f.Validator))
		adp = append(adp, time.Duration(f.Adaptor))
		cre = append(cre, time.Duration(f.Creator))
	}
	r.Latency = summarize(lat)
	r.Stages = map[string]Latency{"pickup": summarize(in), "validated": summarize(val), "adapted": summarize(adp), "created": summarize(cre)}
	return r, fr, nil
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

// measured wraps a workload on a pipeline with CPU and peak-memory readings.
type measured struct {
	p        *pipeline.Pipeline
	restarts int
	procs    []procstat.Proc
	broker   procstat.Proc
	before   procstat.Sample
	at       time.Time
}

func begin(p *pipeline.Pipeline, redis *pipeline.Redis) *measured {
	m := &measured{p: p, procs: p.Procs(), broker: procstat.Proc{Name: "redis", Kind: "broker", Pid: redis.Pid},
		restarts: len(p.Restarts())}
	for _, pr := range append(m.procs, m.broker) {
		procstat.ResetPeak(pr.Pid)
	}
	m.before = procstat.Take(append(m.procs, m.broker))
	m.at = time.Now()
	return m
}

// end waits until every File A has left the inbox (the last step of a file, after File
// B), so that all the work of the workload is in the CPU reading.
func (m *measured) end(r *Run, files int) {
	inbox := filepath.Join(m.p.Data, "inbox")
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		es, _ := os.ReadDir(inbox)
		n := 0
		for _, e := range es {
			if !strings.HasPrefix(e.Name(), ".") {
				n++
			}
		}
		if n == 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	r.Restarts = m.p.Restarts()[m.restarts:]
	after := procstat.Take(append(m.procs, m.broker))
	var cpu time.Duration
	r.PeakRSSMB = map[string]float64{}
	r.CPUMsPerFile = map[string]float64{}
	r.FileRSSMB = map[string]float64{}
	for _, pr := range m.procs {
		d := after[pr.Pid] - m.before[pr.Pid]
		cpu += d
		r.CPUMsPerFile[pr.Name] = 1000 * d.Seconds() / float64(files)
		if mem, err := procstat.Mem(pr.Pid); err == nil {
			r.PeakRSSMB[pr.Name] = mib(mem.Peak)
			r.FileRSSMB[pr.Name] = mib(mem.File)
		}
	}
	r.CPUPerFileS = cpu.Seconds() / float64(files)
	broker := after[m.broker.Pid] - m.before[m.broker.Pid]
	r.BrokerCPUPerFileS = broker.Seconds() / float64(files)
	r.MachineCPUPct = 100 * (cpu + broker).Seconds() / time.Since(m.at).Seconds() / float64(runtime.NumCPU())
	r.CPUMsPerFile["redis"] = 1000 * r.BrokerCPUPerFileS
	if mem, err := procstat.Mem(m.broker.Pid); err == nil {
		r.PeakRSSMB["redis"] = mib(mem.Peak)
	}
}

func newRun(p *pipeline.Pipeline, name string, files []workload.File) Run {
	return Run{Variant: p.Kind, Replicas: p.Replicas, Workload: name, Files: len(files), Payments: payments(files),
		FileBytes: int64(len(files[0].Content))}
}

// measureLatency drops the files one at a time, each once the previous File B is
// written: light load.
func measureLatency(b *bench, p *pipeline.Pipeline, files []workload.File) (Run, error) {
	r := newRun(p, "latency", files)
	m := begin(p, b.redis)
	var lat []time.Duration
	dropped := map[string]time.Time{}
	written := map[string]time.Time{}
	start := time.Now()
	for _, f := range files {
		at, err := p.Drop(f.Name, f.Content)
		if err != nil {
			return r, err
		}
		dropped[f.Name] = at
		got, err := p.Outbox.Await([]string{fileB(f)}, 2*time.Minute)
		if err != nil {
			return r, err
		}
		lat = append(lat, got[fileB(f)].Sub(at))
		written[f.Name] = got[fileB(f)]
		// A pause of random length (up to 1 s, the scan interval of earlier runs, so that
		// the idle cost per file stays comparable with theirs).
		time.Sleep(10*time.Millisecond + time.Duration(b.rnd.Int64N(int64(b.pause))))
	}
	finish(&r, p, m, time.Since(start), lat, dropped, written)
	return r, nil
}

// measureBurst drops all files at once and waits for every File B: throughput.
func measureBurst(b *bench, p *pipeline.Pipeline, name string, files []workload.File, within time.Duration) (Run, error) {
	r := newRun(p, name, files)
	m := begin(p, b.redis)
	dropped := map[string]time.Time{}
	droppedBlob := map[string]time.Time{}
	names := make([]string, len(files))
	var first time.Time
	for i, f := range files {
		at, err := p.Drop(f.Name, f.Content)
		if err != nil {
			return r, err
		}
		if i == 0 {
			first = at
		}
		dropped[fileB(f)] = at
		droppedBlob[f.Name] = at
		names[i] = fileB(f)
	}
	got, err := p.Outbox.Await(names, within)
	if err != nil {
		return r, err
	}
	var last time.Time
	var lat []time.Duration
	written := map[string]time.Time{}
	for _, f := range files {
		t := got[fileB(f)]
		lat = append(lat, t.Sub(dropped[fileB(f)]))
		written[f.Name] = t
		if t.After(last) {
			last = t
		}
	}
	finish(&r, p, m, last.Sub(first), lat, droppedBlob, written)
	return r, nil
}

// finish fills in what every workload derives the same way once its files are written:
// rates over wall, the latency summary, CPU and memory, and the stages from the logs
// (dropped and written by File A's name).
func finish(r *Run, p *pipeline.Pipeline, m *measured, wall time.Duration, lat []time.Duration, dropped, written map[string]time.Time) {
	r.WallS = wall.Seconds()
	r.FilesPerS = float64(r.Files) / r.WallS
	r.PaymentsPerS = float64(r.Payments) / r.WallS
	r.Latency = summarize(lat)
	m.end(r, r.Files)
	times := outcomeTimes(stepLogs(p))
	r.Stages = stageLatencies(times, dropped, written)
	r.Processing = processing(times, written)
}

// processing is, per file, File B written minus the file announced.
func processing(times map[string]map[string]time.Time, written map[string]time.Time) Latency {
	var ds []time.Duration
	for blob, at := range written {
		if r, ok := times[blob]["received"]; ok {
			ds = append(ds, at.Sub(r))
		}
	}
	return summarize(ds)
}

// stepLogs is what the steps logged (intake, validator, adaptor, creator; or the
// orchestrator).
func stepLogs(p *pipeline.Pipeline) string {
	var logs strings.Builder
	for _, app := range []string{"intake", "validator", "adaptor", "creator", pipeline.OrchestratorID} {
		logs.WriteString(p.Logs(app))
	}
	return logs.String()
}
