// Package chart draws the benchmark's charts as a PNG with gonum/plot: figures one under
// the other, either horizontal bars (Panel, a value at the end of every bar) or lines over
// a few x values (Lines, the scale-out curve).
package chart

import (
	"image/color"
	"io"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

var (
	ink     = color.RGBA{30, 30, 30, 255}
	palette = []color.RGBA{{52, 101, 164, 255}, {237, 125, 49, 255}, {112, 173, 71, 255}, {165, 42, 42, 255}}
	sans    = font.Font{Typeface: "Liberation", Variant: "Sans"}
)

// Sizes in points; the canvas is drawn at 96 dpi, so the image is 1400 pixels wide.
const (
	width    vg.Length = 1050
	margin   vg.Length = 18
	lineH    vg.Length = 16 // one line of text
	textSize vg.Length = 10
	headSize vg.Length = 11
)

// Figure is one part of a chart: a Panel or Lines.
type Figure interface {
	height() vg.Length
	draw(c draw.Canvas) error
}

// Render writes the chart: title lines, then the figures one under the other.
func Render(w io.Writer, title []string, figures []Figure) error {
	h := 2*margin + vg.Length(len(title))*lineH + margin/2
	for _, f := range figures {
		h += f.height()
	}
	img := vgimg.New(width, h)
	c := draw.New(img)
	top := h - margin
	for _, t := range title {
		c.FillText(style(headSize, draw.XLeft), vg.Point{X: margin, Y: top}, t)
		top -= lineH
	}
	top -= margin / 2
	for _, f := range figures {
		fc := c
		fc.Rectangle = vg.Rectangle{Min: vg.Point{X: margin, Y: top - f.height()}, Max: vg.Point{X: width - margin, Y: top}}
		if err := f.draw(fc); err != nil {
			return err
		}
		top -= f.height()
	}
	_, err := vgimg.PngCanvas{Canvas: img}.WriteTo(w)
	return err
}

// style is text of the given size in ink, its top at the point it is drawn at.
func style(size vg.Length, x draw.XAlignment) draw.TextStyle {
	return draw.TextStyle{Color: ink, Font: font.From(sans, size), XAlign: x, YAlign: draw.YTop, Handler: plot.DefaultTextHandler}
}

// newPlot is a plot with the chart's font on its axes.
func newPlot() *plot.Plot {
	p := plot.New()
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sans, textSize)
		a.Tick.Label.Font = font.From(sans, textSize)
		a.Tick.Marker = plainTicks{}
	}
	return p
}

// plainTicks are gonum's default ticks labelled as numbers are written: 25000, not
// 25000.00.
type plainTicks struct{}

func (plainTicks) Ticks(lo, hi float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(lo, hi)
	for i, t := range ticks {
		if t.Label != "" {
			ticks[i].Label = strconv.FormatFloat(t.Value, 'f', -1, 64)
		}
	}
	return ticks
}

// heading draws a figure's title and, on the same line, a key per series; it returns
// the canvas below it.
func heading(c draw.Canvas, title string, names []string, keys []plot.Thumbnailer) draw.Canvas {
	st := style(headSize, draw.XLeft)
	top := c.Max.Y
	c.FillText(st, vg.Point{X: c.Min.X, Y: top}, title)
	x := c.Min.X + st.Width(title) + 3*lineH
	box := lineH * 0.7
	for i, name := range names {
		kc := c
		kc.Rectangle = vg.Rectangle{Min: vg.Point{X: x, Y: top - box}, Max: vg.Point{X: x + box, Y: top}}
		keys[i].Thumbnail(&kc)
		c.FillText(st, vg.Point{X: x + box + 4, Y: top}, name)
		x += box + 4 + st.Width(name) + 2*lineH
	}
	c.Max.Y -= 1.5 * lineH
	return c
}
