package main

import (
	"time"

	"github.com/paychoreo/choreography/bench/pipeline"
)

// Result is one run of `make bench`, as saved in bench/results/<timestamp>.json.
type Result struct {
	Started  time.Time `json:"started"`
	Took     string    `json:"took"`
	Command  string    `json:"command"`
	Machine  Machine   `json:"machine"`
	Settings Settings  `json:"settings"`
	Runs     []Run     `json:"runs"`
	Targets  []Target  `json:"targets"`
}

// Settings are the workloads and what the pipelines ran with.
type Settings struct {
	BigPayments    int      `json:"big_payments"`
	SmallFiles     int      `json:"small_files"`
	SmallPayments  int      `json:"small_payments"`
	LatencySamples int      `json:"latency_samples"`
	Replicas       []int    `json:"replicas"`
	Variants       []string `json:"variants"`
	// ScanSchedule was intake's inbox scan (runs before files arrived as events).
	ScanSchedule string `json:"scan_schedule,omitempty"`
	// Arrival is how files reach intake or the orchestrator.
	Arrival string `json:"arrival,omitempty"`
	// The scale-out workload: each step waits a simulated downstream call (Downstream,
	// holding one of DownstreamSlots per process, pooled per DownstreamPool in the
	// orchestrator), run at ScaleReplicas with ScaleFilesPerSet files per replica set.
	Downstream       string   `json:"downstream,omitempty"`
	DownstreamSlots  int      `json:"downstream_slots,omitempty"`
	DownstreamPool   string   `json:"downstream_pool,omitempty"`
	ScaleReplicas    []int    `json:"scale_replicas,omitempty"`
	ScaleFilesPerSet int      `json:"scale_files_per_set,omitempty"`
	Notes            []string `json:"notes,omitempty"`
}

// Run is one variant on one workload.
type Run struct {
	Variant  string `json:"variant"` // floor, choreography, workflow
	Replicas int    `json:"replicas"`
	Workload string `json:"workload"` // big, small, latency, scale
	Files    int    `json:"files"`
	Payments int    `json:"payments"`
	// FileBytes is the size of one File A of the workload.
	FileBytes    int64   `json:"file_bytes"`
	WallS        float64 `json:"wall_s"`
	FilesPerS    float64 `json:"files_per_s"`
	PaymentsPerS float64 `json:"payments_per_s"`
	// Latency is File A dropped (made visible in the inbox) to File B's trigger written.
	Latency Latency `json:"latency"`
	// Processing is the same from the moment the file was announced (intake's
	// "received", the orchestrator's workflow start): Latency without the wait for
	// intake's scan.
	Processing Latency `json:"processing"`
	// CPUPerFileS is the CPU time of the apps, sidecars and control plane per file;
	// BrokerCPUPerFileS that of Redis (broker and state store).
	CPUPerFileS       float64 `json:"cpu_s_per_file"`
	BrokerCPUPerFileS float64 `json:"broker_cpu_s_per_file"`
	// CPUMsPerFile is each process's CPU time per file, in milliseconds.
	CPUMsPerFile map[string]float64 `json:"cpu_ms_per_file"`
	// PeakRSSMB is VmHWM per process during the workload, in MiB.
	PeakRSSMB map[string]float64 `json:"peak_rss_mib"`
	// FileRSSMB is the file-backed part of each process's resident set at the end of
	// the workload (its binary's pages, mostly), in MiB.
	FileRSSMB map[string]float64 `json:"file_rss_mib,omitempty"`
	// Stages is the time spent in each stage (latency workload): for the floor the step
	// itself, for the pipelines from the previous stage's outcome to this one's.
	Stages map[string]Latency `json:"stages,omitempty"`
	// PerReplicaSet is, by outcome (received, validated), how many of the workload's
	// files each replica set reached it with (the scale-out workload): how evenly the
	// sets shared the work.
	PerReplicaSet map[string][]float64 `json:"per_replica_set,omitempty"`
	// Validated is PerReplicaSet["validated"] as the first runs with it saved it.
	Validated []float64 `json:"validated_per_replica_set,omitempty"`
	// MachineCPUPct is the CPU time of every process of the pipeline (Redis included)
	// over the workload's wall time, as a share of the machine's CPUs.
	MachineCPUPct float64 `json:"machine_cpu_pct,omitempty"`
	// Restarts are processes that exited during the workload and were started again.
	Restarts []pipeline.Restart `json:"restarts,omitempty"`
}

// Target is one of the targets, with what was measured.
type Target struct {
	Name     string  `json:"name"`
	Want     string  `json:"want"`
	Measured float64 `json:"measured"`
	Unit     string  `json:"unit"`
	Met      bool    `json:"met"`
	Detail   string  `json:"detail,omitempty"`
}

// Machine is where the run happened.
type Machine struct {
	CPUs        int    `json:"cpus"`
	CPUModel    string `json:"cpu_model"`
	MemoryMiB   int64  `json:"memory_mib"`
	Kernel      string `json:"kernel"`
	Go          string `json:"go"`
	Daprd       string `json:"daprd"`
	LoadBefore  string `json:"load_before"`
	LoadAfter   string `json:"load_after"`
	OtherCPUPct string `json:"other_cpu_pct,omitempty"`
}
