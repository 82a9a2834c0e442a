package chart

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Lines is a line chart over a few x values (replica sets): one line per series, a
// marker and its value at every point, x positions spaced by value.
type Lines struct {
	Title  string
	XLabel string
	YLabel string
	X      []float64
	Series []Series
}

// Series is one line; a NaN value is a point not measured. Dashed lines are references
// (a capacity), not measurements.
type Series struct {
	Name   string
	Values []float64
	Dashed bool
}

const plotH vg.Length = 390

func (l Lines) height() vg.Length { return 1.5*lineH + plotH + margin }

func (l Lines) draw(c draw.Canvas) error {
	pl := newPlot()
	pl.X.Label.Text, pl.Y.Label.Text = l.XLabel, l.YLabel
	var ticks []plot.Tick
	for _, x := range l.X {
		ticks = append(ticks, plot.Tick{Value: x, Label: fmt.Sprintf("%g", x)})
	}
	pl.X.Tick.Marker = plot.ConstantTicks(ticks)
	pl.Y.Min, pl.Y.Max = 0, niceCeil(l.top())
	var yticks []plot.Tick
	for i := range 6 { // a grid line every fifth of the axis
		v := pl.Y.Max * float64(i) / 5
		yticks = append(yticks, plot.Tick{Value: v, Label: strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)})
	}
	pl.Y.Tick.Marker = plot.ConstantTicks(yticks)
	grid := plotter.NewGrid()
	grid.Vertical.Color = nil
	pl.Add(grid)
	names := make([]string, len(l.Series))
	keys := make([]plot.Thumbnailer, len(l.Series))
	for si, s := range l.Series {
		line := draw.LineStyle{Color: palette[si%len(palette)], Width: 2}
		if s.Dashed {
			line.Dashes = []vg.Length{6, 4}
		}
		if err := l.addSeries(pl, si, line); err != nil {
			return err
		}
		names[si], keys[si] = s.Name, &plotter.Line{LineStyle: line}
	}
	pl.Draw(heading(c, l.Title, names, keys))
	return nil
}

// addSeries adds series si: its line (broken where a point is missing), a marker per
// point and, unless dashed, each point's value: the highest value at an x above its
// point, the others below.
func (l Lines) addSeries(pl *plot.Plot, si int, line draw.LineStyle) error {
	s := l.Series[si]
	var seg, pts, above, below plotter.XYs
	var aboveT, belowT []string
	flush := func() error {
		if len(seg) > 1 {
			ln, err := plotter.NewLine(seg)
			if err != nil {
				return err
			}
			ln.LineStyle = line
			pl.Add(ln)
		}
		seg = nil
		return nil
	}
	for i, v := range s.Values {
		if i >= len(l.X) || math.IsNaN(v) {
			if err := flush(); err != nil {
				return err
			}
			continue
		}
		p := plotter.XY{X: l.X[i], Y: v}
		seg, pts = append(seg, p), append(pts, p)
		if s.Dashed {
			continue
		}
		if l.highest(si, i) {
			above, aboveT = append(above, p), append(aboveT, fmt.Sprintf("%.1f", v))
		} else {
			below, belowT = append(below, p), append(belowT, fmt.Sprintf("%.1f", v))
		}
	}
	if err := flush(); err != nil || len(pts) == 0 {
		return err
	}
	marks, err := plotter.NewScatter(pts)
	if err != nil {
		return err
	}
	marks.GlyphStyle = draw.GlyphStyle{Color: line.Color, Radius: 3.5, Shape: draw.BoxGlyph{}}
	pl.Add(marks)
	if err := addValues(pl, above, aboveT, line.Color, draw.YBottom, 6); err != nil {
		return err
	}
	return addValues(pl, below, belowT, line.Color, draw.YTop, -6)
}

// addValues writes texts at points, right of them and above (dy > 0) or below.
func addValues(pl *plot.Plot, at plotter.XYs, texts []string, c color.Color, y draw.YAlignment, dy vg.Length) error {
	if len(at) == 0 {
		return nil
	}
	labels, err := plotter.NewLabels(plotter.XYLabels{XYs: at, Labels: texts})
	if err != nil {
		return err
	}
	labels.Offset = vg.Point{X: 6, Y: dy}
	for k := range labels.TextStyle {
		labels.TextStyle[k].Font = font.From(sans, textSize)
		labels.TextStyle[k].Color, labels.TextStyle[k].YAlign = c, y
	}
	pl.Add(labels)
	return nil
}

// top is the largest measured value.
func (l Lines) top() float64 {
	top := 0.0
	for _, s := range l.Series {
		for _, v := range s.Values {
			if !math.IsNaN(v) {
				top = max(top, v)
			}
		}
	}
	return top
}

// highest says series si has the largest measured value at x index i (ties: the first).
func (l Lines) highest(si, i int) bool {
	v := l.Series[si].Values[i]
	for sj, o := range l.Series {
		if sj == si || o.Dashed || i >= len(o.Values) || math.IsNaN(o.Values[i]) {
			continue
		}
		if o.Values[i] > v || (o.Values[i] == v && sj < si) {
			return false
		}
	}
	return true
}

// niceCeil rounds v up to 1, 2 or 5 times a power of ten.
func niceCeil(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}
