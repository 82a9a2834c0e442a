package chart

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Panel is one figure: a row per variant, a bar per series in each row.
type Panel struct {
	Title  string
	Series []string // legend, one per bar of a row; may be empty for a single series
	Rows   []Row
}

// Row is one variant's bars.
type Row struct {
	Label  string
	Values []float64 // one per series
	Texts  []string  // printed at the end of each bar
}

const (
	barH   vg.Length = 11 // one bar
	barGap vg.Length = 2  // between the bars of a row
	rowGap vg.Length = 8  // between rows
	axisH  vg.Length = 30 // the value axis under the bars
)

func (p Panel) series() int { return max(1, len(p.Series)) }

func (p Panel) rowH() vg.Length { return vg.Length(p.series())*(barH+barGap) + rowGap }

func (p Panel) height() vg.Length {
	return 1.5*lineH + vg.Length(len(p.Rows))*p.rowH() + axisH + margin
}

func (p Panel) draw(c draw.Canvas) error {
	n := p.series()
	keys := make([]plot.Thumbnailer, len(p.Series))
	pl := newPlot()
	pl.X.Min, pl.X.Max = 0, 1.15*p.top() // room for the text after the longest bar
	for j := range n {
		bars, labels, err := p.bars(j)
		if err != nil {
			return err
		}
		pl.Add(bars, labels)
		if j < len(keys) {
			keys[j] = bars
		}
	}
	labels := make([]string, len(p.Rows))
	for i, r := range p.Rows {
		labels[len(p.Rows)-1-i] = r.Label // the first row on top
	}
	pl.NominalY(labels...)
	pl.Draw(heading(c, p.Title, p.Series, keys))
	return nil
}

// top is the longest bar's value.
func (p Panel) top() float64 {
	top := 0.0
	for _, r := range p.Rows {
		for _, v := range r.Values {
			top = max(top, v)
		}
	}
	return top
}

// bars is series j: its bars, the first series on top within a row, and their texts.
func (p Panel) bars(j int) (*plotter.BarChart, *plotter.Labels, error) {
	vals := make(plotter.Values, len(p.Rows))
	var at plotter.XYs
	var texts []string
	for i, r := range p.Rows {
		y := len(p.Rows) - 1 - i
		if j < len(r.Values) {
			vals[y] = r.Values[j]
		}
		if j < len(r.Texts) {
			at, texts = append(at, plotter.XY{X: vals[y], Y: float64(y)}), append(texts, r.Texts[j])
		}
	}
	bars, err := plotter.NewBarChart(vals, barH)
	if err != nil {
		return nil, nil, err
	}
	bars.Horizontal, bars.Color, bars.LineStyle.Width = true, palette[j%len(palette)], 0
	bars.Offset = (vg.Length(p.series()-1)/2 - vg.Length(j)) * (barH + barGap)
	labels, err := plotter.NewLabels(plotter.XYLabels{XYs: at, Labels: texts})
	if err != nil {
		return nil, nil, err
	}
	labels.Offset = vg.Point{X: 4, Y: bars.Offset}
	for k := range labels.TextStyle {
		labels.TextStyle[k].Font = font.From(sans, textSize)
		labels.TextStyle[k].Color = ink
		labels.TextStyle[k].YAlign = draw.YCenter
	}
	return bars, labels, nil
}
