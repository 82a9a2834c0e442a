package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/paychoreo/choreography/bench/chart"
)

func label(r Run) string {
	if r.Variant == "floor" {
		return "floor"
	}
	return fmt.Sprintf("%s x%d", r.Variant, r.Replicas)
}

func find(res Result, variant string, replicas int, workload string) (Run, bool) {
	for _, r := range res.Runs {
		if r.Variant == variant && r.Workload == workload && (variant == "floor" || r.Replicas == replicas) {
			return r, true
		}
	}
	return Run{}, false
}

// maxOf is the largest peak RSS among processes of a kind (apps or sidecars).
func maxOf(r Run, sidecar bool) (string, float64) {
	name, top := "", 0.0
	for n, v := range r.PeakRSSMB {
		isSidecar := strings.Contains(n, "-dapr")
		if n == "redis" || n == "placement" || n == "scheduler" || isSidecar != sidecar {
			continue
		}
		if v > top {
			name, top = n, v
		}
	}
	return name, top
}

// arrivalOf says how files arrived: events, or the inbox scan of earlier runs.
func arrivalOf(s Settings, quote string) string {
	if s.Arrival != "" {
		return "Arrival: " + s.Arrival
	}
	return "Intake scan: " + quote + s.ScanSchedule + quote
}

func printTable(w io.Writer, res Result) {
	m := res.Machine
	fmt.Fprintf(w, "\nMachine: %d CPUs, %s, %d MiB, Linux %s, %s, daprd %s\n", m.CPUs, m.CPUModel, m.MemoryMiB, m.Kernel, m.Go, m.Daprd)
	fmt.Fprintf(w, "Load average before %s, after %s; %s. %s.\n\n", m.LoadBefore, m.LoadAfter, m.OtherCPUPct, arrivalOf(res.Settings, ""))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "variant\tworkload\tfiles\tpayments/s\tfiles/s\tp50 ms\tp99 ms\tafter pickup p50\tp99\tCPU ms/file\tRedis ms/file\tmax app MiB\tmax sidecar MiB\trestarts\t")
	for _, r := range res.Runs {
		_, app := maxOf(r, false)
		_, sc := maxOf(r, true)
		side := fmt.Sprintf("%.0f", sc)
		if r.Variant == "floor" {
			side = "-"
		}
		proc := Latency{P50: r.Stages["validated"].P50 + r.Stages["adapted"].P50 + r.Stages["created"].P50}
		if r.Variant != "floor" {
			proc = r.Processing
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.0f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.2f\t%.2f\t%.0f\t%s\t%d\t\n", label(r), r.Workload, r.Files,
			r.PaymentsPerS, r.FilesPerS, r.Latency.P50, r.Latency.P99, proc.P50, proc.P99, 1000*r.CPUPerFileS, 1000*r.BrokerCPUPerFileS, app, side, len(r.Restarts))
	}
	tw.Flush()
	fmt.Fprintln(w, "\nStages, one 10-payment file at a time (p50 ms; pipelines: from the previous step's outcome to this one's; floor: the step's own time):")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "variant\tpickup\tvalidated\tadapted\tcreated\t")
	for _, r := range res.Runs {
		if r.Workload != "latency" {
			continue
		}
		fmt.Fprintf(tw, "%s\t%.2f\t%.2f\t%.2f\t%.2f\t\n", label(r), r.Stages["pickup"].P50, r.Stages["validated"].P50,
			r.Stages["adapted"].P50, r.Stages["created"].P50)
	}
	tw.Flush()
	fmt.Fprintln(w, "\nCPU ms per file by process, files at once:")
	for _, r := range res.Runs {
		if r.Workload != "small" || r.Variant == "floor" {
			continue
		}
		fmt.Fprintf(w, "  %s:%s\n", label(r), byProcess(r.CPUMsPerFile, "%.2f"))
	}
	fmt.Fprintln(w, "\nPeak RSS MiB by process, big file:")
	for _, r := range res.Runs {
		if r.Workload != "big" {
			continue
		}
		fmt.Fprintf(w, "  %s:%s\n", label(r), byProcess(r.PeakRSSMB, "%.0f"))
	}
	printScaling(w, res)
	fmt.Fprintln(w, "\nTargets:")
	for _, t := range res.Targets {
		verdict := "MET"
		if !t.Met {
			verdict = "NOT MET"
		}
		fmt.Fprintf(w, "  %-7s %s: %.3g %s (want %s)%s\n", verdict, t.Name, t.Measured, t.Unit, t.Want, detail(t.Detail))
	}
}

// byProcess prints a per-process map, largest first.
func byProcess(m map[string]float64, format string) string {
	type kv struct {
		k string
		v float64
	}
	var l []kv
	for k, v := range m {
		l = append(l, kv{k, v})
	}
	sort.Slice(l, func(i, j int) bool { return l[i].v > l[j].v })
	var b strings.Builder
	for _, x := range l {
		fmt.Fprintf(&b, " %s "+format, x.k, x.v)
	}
	return b.String()
}

func detail(s string) string {
	if s == "" {
		return ""
	}
	return "; " + s
}

func targets(res Result) []Target {
	out := scaleTargets(res)
	floorBig, okFloor := find(res, "floor", 1, "big")
	floorLat, _ := find(res, "floor", 1, "latency")
	for _, n := range res.Settings.Replicas {
		c, ok := find(res, "choreography", n, "big")
		if ok && okFloor && n == 1 {
			v := c.PaymentsPerS / floorBig.PaymentsPerS
			out = append(out, Target{Name: fmt.Sprintf("big file: choreography x%d throughput / floor", n), Want: ">= 0.5",
				Measured: v, Unit: "x", Met: v >= 0.5,
				Detail: fmt.Sprintf("%.0f vs %.0f payments/s", c.PaymentsPerS, floorBig.PaymentsPerS)})
		}
		cs, ok1 := find(res, "choreography", n, "small")
		ws, ok2 := find(res, "workflow", n, "small")
		if ok1 && ok2 {
			v := cs.FilesPerS / ws.FilesPerS
			out = append(out, Target{Name: fmt.Sprintf("small files: choreography x%d files/s / workflow x%d", n, n), Want: ">= 2",
				Measured: v, Unit: "x", Met: v >= 2, Detail: fmt.Sprintf("%.1f vs %.1f files/s", cs.FilesPerS, ws.FilesPerS)})
		}
		cl, ok1 := find(res, "choreography", n, "latency")
		wlat, ok2 := find(res, "workflow", n, "latency")
		if ok1 && ok2 {
			v := cl.Latency.P50 / wlat.Latency.P50
			out = append(out, Target{Name: fmt.Sprintf("small files: choreography x%d p50 latency / workflow x%d", n, n), Want: "<= 0.5",
				Measured: v, Unit: "x", Met: v <= 0.5, Detail: fmt.Sprintf("%.1f vs %.1f ms", cl.Latency.P50, wlat.Latency.P50)})
		}
		if ok1 && n == 1 && floorLat.Files > 0 {
			for _, s := range []string{"validated", "adapted", "created"} {
				v := cl.Stages[s].P50 - floorLat.Stages[s].P50
				out = append(out, Target{Name: fmt.Sprintf("per hop: %s, choreography x1 added over the floor (p50)", s), Want: "<= 3 ms",
					Measured: v, Unit: "ms", Met: v <= 3,
					Detail: fmt.Sprintf("%.2f ms hop vs %.2f ms in process", cl.Stages[s].P50, floorLat.Stages[s].P50)})
			}
		}
		if c, ok := find(res, "choreography", n, "big"); ok {
			limit := 3*mib(c.FileBytes) + 50
			name, top := maxOf(c, false)
			out = append(out, Target{Name: fmt.Sprintf("memory: largest app peak RSS, big file, choreography x%d", n),
				Want: fmt.Sprintf("<= %.0f MiB (3 x %.1f MiB + 50)", limit, mib(c.FileBytes)), Measured: top, Unit: "MiB",
				Met: top <= limit, Detail: name + "; " + overLimit(c, limit, false)})
			sname, stop := maxOf(c, true)
			out = append(out, Target{Name: fmt.Sprintf("memory: largest sidecar peak RSS, big file, choreography x%d", n),
				Want: "< 100 MiB", Measured: stop, Unit: "MiB", Met: stop < 100, Detail: sname + "; " + overLimit(c, 100, true)})
		}
	}
	return out
}

// overLimit lists the processes of a kind over a limit.
func overLimit(r Run, limit float64, sidecar bool) string {
	var over []string
	for n, v := range r.PeakRSSMB {
		if n == "redis" || n == "placement" || n == "scheduler" || strings.Contains(n, "-dapr") != sidecar {
			continue
		}
		if v > limit {
			over = append(over, fmt.Sprintf("%s %.0f", n, v))
		}
	}
	sort.Strings(over)
	if len(over) == 0 {
		return "all within"
	}
	return "over: " + strings.Join(over, ", ")
}

func save(w io.Writer, dir, stamp string, res Result) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	js, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return err
	}
	jsonPath := filepath.Join(dir, stamp+".json")
	if err := os.WriteFile(jsonPath, append(js, '\n'), 0o644); err != nil {
		return err
	}
	pngPath := filepath.Join(dir, stamp+".png")
	var figures []chart.Figure
	if l, ok := scaleFigure(res); ok {
		figures = append(figures, l)
		if err := renderFile(filepath.Join(dir, stamp+"-scaling.png"), scaleTitle(res), []chart.Figure{l}); err != nil {
			return err
		}
	}
	for _, p := range panels(res) {
		if len(p.Rows) > 0 {
			figures = append(figures, p)
		}
	}
	if err := renderFile(pngPath, chartTitle(res), figures); err != nil {
		return err
	}
	var md strings.Builder
	writeMarkdown(&md, res)
	mdPath := filepath.Join(dir, stamp+".md")
	if err := os.WriteFile(mdPath, []byte(md.String()), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nSaved %s, %s and %s\n", jsonPath, pngPath, mdPath)
	return nil
}

func renderFile(path string, title []string, figures []chart.Figure) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := chart.Render(f, title, figures); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func chartTitle(res Result) []string {
	m := res.Machine
	return []string{
		"Choreography vs in-process floor vs Dapr Workflow (" + res.Command + ", " + res.Started.Format("2006-01-02 15:04 UTC") + ")",
		fmt.Sprintf("%d CPUs %s, %d MiB, daprd %s, load before %s", m.CPUs, m.CPUModel, m.MemoryMiB, m.Daprd, m.LoadBefore),
	}
}

func panels(res Result) []chart.Panel {
	var big, small, lat, proc, load, cpu, mem chart.Panel
	floorBig, _ := find(res, "floor", 1, "big")
	floorSmall, _ := find(res, "floor", 1, "small")
	ratio := func(v, of float64) string {
		if of <= 0 || v == of {
			return ""
		}
		return fmt.Sprintf(" (%.2fx floor)", v/of)
	}
	big.Title = fmt.Sprintf("One file of %d payments: payments/s", res.Settings.BigPayments)
	small.Title = fmt.Sprintf("%d files of 10 payments at once: files/s", res.Settings.SmallFiles)
	lat.Title, lat.Series = "One 10-payment file at a time: latency ms", []string{"p50", "p99"}
	proc.Title, proc.Series = "The same after pickup (announced to File B): ms", []string{"p50", "p99"}
	load.Title, load.Series = fmt.Sprintf("%d files at once: latency ms", res.Settings.SmallFiles), []string{"p50", "p99"}
	cpu.Title, cpu.Series = "CPU ms per 10-payment file (at once)", []string{"apps+sidecars+control plane", "redis"}
	mem.Title, mem.Series = "Peak RSS MiB on the big file", []string{"largest app", "largest sidecar"}
	for _, r := range res.Runs {
		l := label(r)
		switch r.Workload {
		case "big":
			big.Rows = append(big.Rows, chart.Row{Label: l, Values: []float64{r.PaymentsPerS},
				Texts: []string{fmt.Sprintf("%.0f", r.PaymentsPerS) + ratio(r.PaymentsPerS, floorBig.PaymentsPerS)}})
			_, a := maxOf(r, false)
			_, s := maxOf(r, true)
			mem.Rows = append(mem.Rows, chart.Row{Label: l, Values: []float64{a, s}, Texts: []string{fmt.Sprintf("%.0f", a), fmt.Sprintf("%.0f", s)}})
		case "small":
			small.Rows = append(small.Rows, chart.Row{Label: l, Values: []float64{r.FilesPerS},
				Texts: []string{fmt.Sprintf("%.1f", r.FilesPerS) + ratio(r.FilesPerS, floorSmall.FilesPerS)}})
			load.Rows = append(load.Rows, chart.Row{Label: l, Values: []float64{r.Latency.P50, r.Latency.P99},
				Texts: []string{fmt.Sprintf("%.1f", r.Latency.P50), fmt.Sprintf("%.1f", r.Latency.P99)}})
			cpu.Rows = append(cpu.Rows, chart.Row{Label: l, Values: []float64{1000 * r.CPUPerFileS, 1000 * r.BrokerCPUPerFileS},
				Texts: []string{fmt.Sprintf("%.2f", 1000*r.CPUPerFileS), fmt.Sprintf("%.2f", 1000*r.BrokerCPUPerFileS)}})
		case "latency":
			lat.Rows = append(lat.Rows, chart.Row{Label: l, Values: []float64{r.Latency.P50, r.Latency.P99},
				Texts: []string{fmt.Sprintf("%.2f", r.Latency.P50), fmt.Sprintf("%.2f", r.Latency.P99)}})
			p := r.Processing
			if r.Variant == "floor" {
				p = r.Latency
			}
			proc.Rows = append(proc.Rows, chart.Row{Label: l, Values: []float64{p.P50, p.P99},
				Texts: []string{fmt.Sprintf("%.2f", p.P50), fmt.Sprintf("%.2f", p.P99)}})
		}
	}
	return []chart.Panel{big, small, lat, proc, load, cpu, mem}
}

// render writes the table, chart and Markdown of a saved run again, next to its JSON:
// bench render bench/results/<timestamp>.json.
func render(path string, w io.Writer) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var res Result
	if err := json.Unmarshal(raw, &res); err != nil {
		return err
	}
	printTable(w, res)
	return save(w, filepath.Dir(path), strings.TrimSuffix(filepath.Base(path), ".json"), res)
}
