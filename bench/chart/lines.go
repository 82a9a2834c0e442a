package chart

import (
	"fmt"
	"image"
	"image/color"
	"math"
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

const plotH = 520

func (l Lines) height() int { return lineH*3 + plotH + 3*lineH + margin }

func (l Lines) draw(img *image.RGBA, y int) {
	names := make([]string, len(l.Series))
	for i, s := range l.Series {
		names[i] = s.Name
	}
	legend(img, y, l.Title, names)
	y += lineH * 3
	top := 0.0
	for _, s := range l.Series {
		for _, v := range s.Values {
			if !math.IsNaN(v) {
				top = max(top, v)
			}
		}
	}
	top = niceCeil(top)
	xmin, xmax := l.X[0], l.X[len(l.X)-1]
	x0, x1 := margin+10*advance, width-margin-8*advance
	y0, y1 := y+plotH, y // y0 the axis, y1 the top
	px := func(x float64) int {
		if xmax == xmin {
			return (x0 + x1) / 2
		}
		return x0 + int((x-xmin)/(xmax-xmin)*float64(x1-x0))
	}
	py := func(v float64) int { return y0 - int(v/top*float64(y0-y1)) }
	grid := color.RGBA{225, 225, 225, 255}
	for i := 0; i <= 5; i++ {
		v := top * float64(i) / 5
		gy := py(v)
		fill(img, image.Rect(x0, gy, x1, gy+1), grid)
		label := fmt.Sprintf("%g", math.Round(v*10)/10)
		text(img, x0-len(label)*advance-advance, gy-lineH/3, label, ink)
	}
	fill(img, image.Rect(x0, y0, x1, y0+2), ink)
	fill(img, image.Rect(x0, y1, x0+2, y0), ink)
	for _, x := range l.X {
		label := fmt.Sprintf("%g", x)
		text(img, px(x)-len(label)*advance/2, y0+lineH/2, label, ink)
		fill(img, image.Rect(px(x), y0, px(x)+2, y0+8), ink)
	}
	text(img, (x0+x1)/2-len(l.XLabel)*advance/2, y0+lineH*2, l.XLabel, ink)
	text(img, margin, y1-lineH*2, l.YLabel, ink)
	for si, s := range l.Series {
		c := palette[si%len(palette)]
		px0, py0, have := 0, 0, false
		for i, v := range s.Values {
			if i >= len(l.X) || math.IsNaN(v) {
				have = false
				continue
			}
			cx, cy := px(l.X[i]), py(v)
			if have {
				segment(img, px0, py0, cx, cy, c, s.Dashed)
			}
			fill(img, image.Rect(cx-5, cy-5, cx+6, cy+6), c)
			if !s.Dashed { // the highest value at this x above its point, the others below
				ty := cy - lineH - 4
				if !l.highest(si, i) {
					ty = cy + 10
				}
				text(img, cx+8, ty, fmt.Sprintf("%.1f", v), c)
			}
			px0, py0, have = cx, cy, true
		}
	}
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

// segment draws a 3-pixel line from (xa, ya) to (xb, yb), dashed or not.
func segment(img *image.RGBA, xa, ya, xb, yb int, c color.RGBA, dashed bool) {
	steps := max(abs(xb-xa), abs(yb-ya), 1)
	for i := 0; i <= steps; i++ {
		if dashed && (i/12)%2 == 1 {
			continue
		}
		x := xa + (xb-xa)*i/steps
		y := ya + (yb-ya)*i/steps
		fill(img, image.Rect(x-1, y-1, x+2, y+2), c)
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
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
