package chart

import (
	"bytes"
	"image/png"
	"math"
	"testing"
)

// A chart with every kind of figure, a missing point and a single x value renders to a
// PNG 1400 pixels wide, and each figure makes it taller.
func TestRenderDrawsEveryFigure(t *testing.T) {
	bars := Panel{Title: "latency ms", Series: []string{"p50", "p99"}, Rows: []Row{
		{Label: "floor", Values: []float64{0.5, 2.6}, Texts: []string{"0.50", "2.60"}},
		{Label: "choreography x1", Values: []float64{42, 65}, Texts: []string{"42.00", "65.00"}},
	}}
	single := Panel{Title: "payments/s", Rows: []Row{{Label: "floor", Values: []float64{76835}, Texts: []string{"76835"}}}}
	curve := Lines{Title: "scale-out", XLabel: "replica sets", YLabel: "files/s", X: []float64{1, 2, 4, 8}, Series: []Series{
		{Name: "choreography", Values: []float64{0.9, 1.5, math.NaN(), 6.6}},
		{Name: "downstream allows", Values: []float64{1, 2, 4, 8}, Dashed: true},
	}}
	one := Lines{Title: "one point", X: []float64{1}, Series: []Series{{Name: "a", Values: []float64{3}}}}
	heights := map[string]int{}
	for name, figures := range map[string][]Figure{"bars": {bars}, "all": {curve, bars, single, one}} {
		var b bytes.Buffer
		if err := Render(&b, []string{"title", "machine"}, figures); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		img, err := png.Decode(&b)
		if err != nil {
			t.Fatalf("%s: not a PNG: %v", name, err)
		}
		if w := img.Bounds().Dx(); w != 1400 {
			t.Errorf("%s: %d pixels wide, want 1400", name, w)
		}
		heights[name] = img.Bounds().Dy()
	}
	if heights["all"] <= heights["bars"] {
		t.Errorf("four figures are %d pixels high, one %d", heights["all"], heights["bars"])
	}
}
