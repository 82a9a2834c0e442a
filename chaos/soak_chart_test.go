//go:build chaos

package chaos

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/bench/chart"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// save writes the result as JSON and a chart (PNG) to $SOAK_OUT, by default
// .tmp/<kind>-<time> under the project root, and says where.
func (res result) save(t *testing.T, title string) {
	dir := os.Getenv("SOAK_OUT")
	if dir == "" {
		dir = filepath.Join(testpipe.Root, ".tmp", res.Kind+"-"+time.Now().UTC().Format("20060102T150405Z"))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Errorf("results: %v", err)
		return
	}
	b, _ := json.MarshalIndent(res, "", " ")
	os.WriteFile(filepath.Join(dir, res.Kind+".json"), b, 0o644)
	f, err := os.Create(filepath.Join(dir, res.Kind+".png"))
	if err != nil {
		t.Errorf("chart: %v", err)
		return
	}
	defer f.Close()
	host, _ := os.Hostname()
	head := []string{fmt.Sprintf("%s: %s, %s UTC, %.0f s, on %s", title, res.Kind, time.Now().UTC().Format(time.DateTime), res.Took, host)}
	if err := chart.Render(f, head, res.figures()); err != nil {
		t.Errorf("chart: %v", err)
	}
	t.Logf("%s: figures in %s", res.Kind, dir)
	fmt.Printf("%s: figures in %s\n", res.Kind, dir)
}

func (res result) figures() []chart.Figure {
	mem := chart.Panel{Title: "RSS MiB per process", Series: []string{"after warm-up", "end", "peak"}}
	for _, p := range res.Procs {
		mem.Rows = append(mem.Rows, chart.Row{Label: p.Name,
			Values: []float64{mibF(p.Warm), mibF(p.End), mibF(p.Peak)},
			Texts:  []string{"", fmt.Sprintf("%.0f", mibF(p.End)), fmt.Sprintf("%.0f", mibF(p.Peak))}})
	}
	idx := res.Series.pick(10)
	x := make([]float64, len(idx))
	for i, j := range idx {
		x[i] = math.Round(res.Series.At[j]/6) / 10 // minutes, one decimal
	}
	return []chart.Figure{
		chart.Lines{Title: "memory over time (MiB)", XLabel: "minutes", YLabel: "MiB", X: x, Series: res.memSeries(idx)},
		chart.Lines{Title: "streams and state keys over time", XLabel: "minutes", YLabel: "entries / keys", X: x,
			Series: res.countSeries(idx)},
		mem,
	}
}

// pick chooses up to n evenly spread sample indexes, the first and last included.
func (ts timeSeries) pick(n int) []int {
	if len(ts.At) <= n {
		out := make([]int, len(ts.At))
		for i := range out {
			out[i] = i
		}
		return out
	}
	out := make([]int, n)
	for i := range out {
		out[i] = i * (len(ts.At) - 1) / (n - 1)
	}
	return out
}

// memSeries: the largest app and the largest sidecar, each process kind summed, Redis.
func (res result) memSeries(idx []int) []chart.Series {
	sum := func(kind string) []float64 {
		out := make([]float64, len(idx))
		for name, vs := range res.Series.RSS {
			if strings.Contains(name, "-dapr#") == (kind == "sidecar") {
				for i, j := range idx {
					out[i] += mibF(vs[j])
				}
			}
		}
		return out
	}
	redis := make([]float64, len(idx))
	for i, j := range idx {
		redis[i] = mibF(res.Series.Redis[j])
	}
	return []chart.Series{{Name: "all apps", Values: sum("app")}, {Name: "all sidecars", Values: sum("sidecar")},
		{Name: "redis used_memory", Values: redis}}
}

func (res result) countSeries(idx []int) []chart.Series {
	longest, keys := make([]float64, len(idx)), make([]float64, len(idx))
	for i, j := range idx {
		for _, vs := range res.Series.Streams {
			longest[i] = max(longest[i], float64(vs[j]))
		}
		keys[i] = float64(res.Series.Keys[j])
	}
	bound := make([]float64, len(idx))
	for i := range bound {
		bound[i] = float64(res.MaxLen)
	}
	return []chart.Series{{Name: "longest stream", Values: longest}, {Name: "state keys", Values: keys},
		{Name: "maxLenApprox", Values: bound, Dashed: true}}
}

func mibF(b int64) float64 { return float64(b) / (1 << 20) }
