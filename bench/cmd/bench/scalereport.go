package main

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/paychoreo/choreography/bench/chart"
)

// scaleRow is one replica count of the scale-out workload.
type scaleRow struct {
	Sets         int
	Capacity     float64 // files/s the simulated downstream allows
	Chor, Flow   Run
	HaveC, HaveW bool
}

func scaleRows(res Result) []scaleRow {
	s := res.Settings
	if s.Downstream == "" {
		return nil
	}
	var rows []scaleRow
	for _, n := range s.ScaleReplicas {
		r := scaleRow{Sets: n, Capacity: float64(n) * capacityPerSet(s)}
		r.Chor, r.HaveC = find(res, "choreography", n, "scale")
		r.Flow, r.HaveW = find(res, "workflow", n, "scale")
		if r.HaveC || r.HaveW {
			rows = append(rows, r)
		}
	}
	return rows
}

func capacityPerSet(s Settings) float64 {
	d, err := time.ParseDuration(s.Downstream)
	if err != nil || d <= 0 {
		return math.NaN()
	}
	return float64(max(1, s.DownstreamSlots)) / d.Seconds()
}

// ratio is a/b, or NaN when either is missing.
func ratio(a, b float64, ok bool) float64 {
	if !ok || b <= 0 {
		return math.NaN()
	}
	return a / b
}

// scaleCells are the table's cells of a row, formatted.
func scaleCells(rows []scaleRow, r scaleRow) []string {
	one := rows[0]
	f := func(v float64, format string) string {
		if math.IsNaN(v) {
			return "-"
		}
		return fmt.Sprintf(format, v)
	}
	c, w := math.NaN(), math.NaN()
	if r.HaveC {
		c = r.Chor.FilesPerS
	}
	if r.HaveW {
		w = r.Flow.FilesPerS
	}
	return []string{
		fmt.Sprint(r.Sets), fmt.Sprint(max(r.Chor.Files, r.Flow.Files)), f(r.Capacity, "%.1f"),
		f(c, "%.1f"), f(ratio(c, one.Chor.FilesPerS, r.HaveC && one.HaveC), "%.2fx"),
		f(w, "%.1f"), f(ratio(w, one.Flow.FilesPerS, r.HaveW && one.HaveW), "%.2fx"),
		f(ratio(c, w, r.HaveC && r.HaveW), "%.2fx"),
		f(cpuPct(r.Chor, r.HaveC), "%.0f%%") + " / " + f(cpuPct(r.Flow, r.HaveW), "%.0f%%"),
		f(busiest(r.Chor, r.HaveC, "received"), "%.2f") + " / " + f(busiest(r.Flow, r.HaveW, "received"), "%.2f"),
		f(busiest(r.Chor, r.HaveC, "validated"), "%.2f") + " / " + f(busiest(r.Flow, r.HaveW, "validated"), "%.2f"),
	}
}

// busiest is the largest share of an outcome one replica set had, against an even share
// (1.00: perfectly even).
func busiest(r Run, ok bool, outcome string) float64 {
	ns := r.PerReplicaSet[outcome]
	if outcome == "validated" && len(ns) == 0 {
		ns = r.Validated // saved before arrival was counted too
	}
	if !ok || len(ns) == 0 {
		return math.NaN()
	}
	top, sum := 0.0, 0.0
	for _, v := range ns {
		top, sum = max(top, v), sum+v
	}
	if sum == 0 {
		return math.NaN()
	}
	return top / (sum / float64(len(ns)))
}

func cpuPct(r Run, ok bool) float64 {
	if !ok {
		return math.NaN()
	}
	return r.MachineCPUPct
}

var scaleHeader = []string{"replica sets", "files", "downstream allows files/s", "choreography files/s", "to 1 set",
	"workflow files/s", "to 1 set", "choreography / workflow", "CPU of the machine (chor. / wf.)",
	"busiest set / even share, arrival (chor. / wf.)", "the same, validation"}

func scaleSetting(s Settings) string {
	pool := "per step, as each app of the choreography has its own"
	if s.DownstreamPool == "process" {
		pool = "per process: the orchestrator's four steps share them"
	}
	text := fmt.Sprintf("each step waits a simulated downstream call of %s holding one of %d slot(s) per process "+
		"(orchestrator: %s); %d files of 10 payments per replica set, dropped at once", s.Downstream,
		s.DownstreamSlots, pool, s.ScaleFilesPerSet)
	for _, n := range s.Notes {
		text += "; " + n
	}
	return text
}

func printScaling(w io.Writer, res Result) {
	rows := scaleRows(res)
	if len(rows) == 0 {
		return
	}
	fmt.Fprintf(w, "\nScale-out: %s:\n", scaleSetting(res.Settings))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, strings.Join(scaleHeader, "\t")+"\t")
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(scaleCells(rows, r), "\t")+"\t")
	}
	tw.Flush()
}

func markdownScaling(w io.Writer, res Result) {
	rows := scaleRows(res)
	if len(rows) == 0 {
		return
	}
	fmt.Fprintf(w, "\nScale-out (%s):\n\n", scaleSetting(res.Settings))
	fmt.Fprintln(w, "| "+strings.Join(scaleHeader, " | ")+" |")
	fmt.Fprintln(w, "|"+strings.Repeat("--:|", len(scaleHeader)))
	for _, r := range rows {
		fmt.Fprintln(w, "| "+strings.Join(scaleCells(rows, r), " | ")+" |")
	}
}

// scaleTargets are the two scale-out targets, at 8 replica sets against 1.
func scaleTargets(res Result) []Target {
	rows := scaleRows(res)
	var one, eight *scaleRow
	for i := range rows {
		switch rows[i].Sets {
		case 1:
			one = &rows[i]
		case 8:
			eight = &rows[i]
		}
	}
	if one == nil || eight == nil {
		return nil
	}
	var out []Target
	if one.HaveC && eight.HaveC {
		v := eight.Chor.FilesPerS / one.Chor.FilesPerS
		out = append(out, Target{Name: "scale-out: choreography files/s at 8 replica sets / at 1 (simulated downstream " + res.Settings.Downstream + ")",
			Want: ">= 6", Measured: v, Unit: "x", Met: v >= 6,
			Detail: fmt.Sprintf("%.1f vs %.1f files/s", eight.Chor.FilesPerS, one.Chor.FilesPerS)})
	}
	if eight.HaveC && eight.HaveW {
		v := eight.Chor.FilesPerS / eight.Flow.FilesPerS
		out = append(out, Target{Name: "scale-out: choreography x8 files/s / workflow x8 (simulated downstream " + res.Settings.Downstream + ")",
			Want: ">= 3", Measured: v, Unit: "x", Met: v >= 3,
			Detail: fmt.Sprintf("%.1f vs %.1f files/s", eight.Chor.FilesPerS, eight.Flow.FilesPerS)})
	}
	return out
}

// scaleFigure is the scaling curve: files/s against replica sets, both variants, and
// what the simulated downstream allows.
func scaleFigure(res Result) (chart.Lines, bool) {
	rows := scaleRows(res)
	if len(rows) == 0 {
		return chart.Lines{}, false
	}
	l := chart.Lines{Title: "Scale-out: files/s against replica sets", XLabel: "replica sets", YLabel: "files/s",
		Series: []chart.Series{{Name: "choreography"}, {Name: "workflow"}, {Name: "downstream allows", Dashed: true}}}
	for _, r := range rows {
		l.X = append(l.X, float64(r.Sets))
		c, w := math.NaN(), math.NaN()
		if r.HaveC {
			c = r.Chor.FilesPerS
		}
		if r.HaveW {
			w = r.Flow.FilesPerS
		}
		l.Series[0].Values = append(l.Series[0].Values, c)
		l.Series[1].Values = append(l.Series[1].Values, w)
		l.Series[2].Values = append(l.Series[2].Values, r.Capacity)
	}
	return l, true
}

func scaleTitle(res Result) []string {
	m := res.Machine
	return []string{
		fmt.Sprintf("Scale-out with a simulated downstream of %s, %d slot(s) per process (%s, %s)", res.Settings.Downstream,
			res.Settings.DownstreamSlots, res.Command, res.Started.Format("2006-01-02 15:04 UTC")),
		fmt.Sprintf("%d CPUs %s, %d MiB, daprd %s", m.CPUs, m.CPUModel, m.MemoryMiB, m.Daprd),
	}
}
