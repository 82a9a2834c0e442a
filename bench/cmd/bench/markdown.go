package main

import (
	"fmt"
	"io"
	"strings"
)

// writeMarkdown writes the run's tables as Markdown, for docs/performance.md.
func writeMarkdown(w io.Writer, res Result) {
	m := res.Machine
	fmt.Fprintf(w, "Run: `%s`, %s, took %s. Machine: %d CPUs (%s), %d MiB, Linux %s, %s, daprd %s. "+
		"Load average before %s, after %s; %s. %s.\n\n",
		res.Command, res.Started.Format("2006-01-02 15:04 UTC"), res.Took, m.CPUs, m.CPUModel, m.MemoryMiB, m.Kernel, m.Go,
		m.Daprd, m.LoadBefore, m.LoadAfter, m.OtherCPUPct, arrivalOf(res.Settings, "`"))
	fmt.Fprintln(w, "| variant | workload | files | payments/s | files/s | p50 ms | p99 ms | after pickup p50 / p99 ms | CPU ms/file (Redis) | max app MiB | max sidecar MiB | restarts |")
	fmt.Fprintln(w, "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
	for _, r := range res.Runs {
		_, app := maxOf(r, false)
		_, sc := maxOf(r, true)
		side := fmt.Sprintf("%.0f", sc)
		proc := fmt.Sprintf("%.1f / %.1f", r.Processing.P50, r.Processing.P99)
		if r.Variant == "floor" {
			side, proc = "-", "-"
		}
		fmt.Fprintf(w, "| %s | %s | %d | %.0f | %.1f | %.1f | %.1f | %s | %.2f (%.2f) | %.0f | %s | %d |\n", label(r), r.Workload,
			r.Files, r.PaymentsPerS, r.FilesPerS, r.Latency.P50, r.Latency.P99, proc, 1000*r.CPUPerFileS,
			1000*r.BrokerCPUPerFileS, app, side, len(r.Restarts))
	}
	fmt.Fprintln(w, "\nStages of one 10-payment file at a time, p50 ms (pipelines: from the previous step's outcome to this one's, the last to File B's trigger; floor: the step's own time):")
	fmt.Fprintln(w, "\n| variant | pickup | validated | adapted | created |\n|---|--:|--:|--:|--:|")
	for _, r := range res.Runs {
		if r.Workload == "latency" {
			fmt.Fprintf(w, "| %s | %.2f | %.2f | %.2f | %.2f |\n", label(r), r.Stages["pickup"].P50, r.Stages["validated"].P50,
				r.Stages["adapted"].P50, r.Stages["created"].P50)
		}
	}
	fmt.Fprintln(w, "\nCPU ms per file by process, files at once:")
	fmt.Fprintln(w)
	for _, r := range res.Runs {
		if r.Workload == "small" && r.Variant != "floor" {
			fmt.Fprintf(w, "- %s:%s\n", label(r), byProcess(r.CPUMsPerFile, "%.2f"))
		}
	}
	fmt.Fprintln(w, "\nPeak RSS MiB by process, big file (file-backed part at the end, mostly the binary, in the JSON):")
	fmt.Fprintln(w)
	for _, r := range res.Runs {
		if r.Workload == "big" {
			fmt.Fprintf(w, "- %s:%s\n", label(r), byProcess(r.PeakRSSMB, "%.0f"))
		}
	}
	markdownScaling(w, res)
	fmt.Fprintln(w, "\n| target | want | measured | |\n|---|---|--:|---|")
	for _, t := range res.Targets {
		verdict := "met"
		if !t.Met {
			verdict = "**not met**"
		}
		fmt.Fprintf(w, "| %s | %s | %.3g %s | %s; %s |\n", t.Name, t.Want, t.Measured, t.Unit, verdict, strings.ReplaceAll(t.Detail, "|", "/"))
	}
}
