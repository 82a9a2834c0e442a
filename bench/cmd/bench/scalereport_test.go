package main

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"github.com/paychoreo/choreography/bench/chart"
)

func scaleResult() Result {
	res := Result{Command: "make bench", Settings: Settings{Downstream: "200ms", DownstreamSlots: 1, DownstreamPool: "step",
		ScaleReplicas: []int{1, 2, 4, 8}, ScaleFilesPerSet: 150}}
	for i, n := range []int{1, 2, 4, 8} {
		res.Runs = append(res.Runs,
			Run{Variant: "choreography", Replicas: n, Workload: "scale", Files: 150 * n, FilesPerS: []float64{4.8, 9.5, 18, 30}[i]},
			Run{Variant: "workflow", Replicas: n, Workload: "scale", Files: 150 * n, FilesPerS: []float64{4.6, 9, 12, 10}[i]})
	}
	return res
}

func TestScaleTargets(t *testing.T) {
	ts := scaleTargets(scaleResult())
	if len(ts) != 2 {
		t.Fatalf("targets: %+v", ts)
	}
	if ts[0].Measured != 30/4.8 || !ts[0].Met || ts[1].Measured != 3 || !ts[1].Met {
		t.Errorf("targets: %+v", ts)
	}
	res := scaleResult()
	res.Settings.ScaleReplicas = []int{1, 4} // -short: no target at 8
	if ts := scaleTargets(res); len(ts) != 0 {
		t.Errorf("targets without 8 replica sets: %+v", ts)
	}
}

func TestScaleTableAndChart(t *testing.T) {
	res := scaleResult()
	var md strings.Builder
	markdownScaling(&md, res)
	for _, want := range []string{"| 8 | 1200 | 40.0 | 30.0 | 6.25x | 10.0 | 2.17x | 3.00x |", "200ms"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("no %q in\n%s", want, md.String())
		}
	}
	l, ok := scaleFigure(res)
	if !ok || len(l.X) != 4 || l.Series[2].Values[3] != 40 {
		t.Fatalf("figure: %+v", l)
	}
	var buf bytes.Buffer
	if err := chart.Render(&buf, scaleTitle(res), []chart.Figure{l}); err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(&buf); err != nil {
		t.Fatal(err)
	}
}
