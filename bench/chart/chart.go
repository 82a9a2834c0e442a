// Package chart draws the benchmark's charts as a PNG with the standard library only:
// figures one under the other, either horizontal bars (Panel, a value at the end of every
// bar) or lines over a few x values (Lines, the scale-out curve).
package chart

import (
	"image"
	"image/color"
	"image/png"
	"io"
	"strings"
	"unicode"
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

var (
	white   = color.RGBA{255, 255, 255, 255}
	ink     = color.RGBA{30, 30, 30, 255}
	palette = []color.RGBA{{52, 101, 164, 255}, {237, 125, 49, 255}, {112, 173, 71, 255}, {165, 42, 42, 255}}
)

const (
	scale   = 2            // text pixels per font pixel
	advance = 6 * scale    // one character
	lineH   = 9 * scale    // one text line
	barH    = 8 * scale    // one bar
	width   = 1400         // the image
	labelW  = 20 * advance // room for row labels
	margin  = 24
)

// Figure is one part of a chart: a Panel or Lines.
type Figure interface {
	height() int
	draw(img *image.RGBA, y int)
}

// Render writes the chart: title lines, then the figures one under the other.
func Render(w io.Writer, title []string, figures []Figure) error {
	height := margin + len(title)*lineH + margin/2
	for _, f := range figures {
		height += f.height()
	}
	img := image.NewRGBA(image.Rect(0, 0, width, height+margin))
	fill(img, img.Bounds(), white)
	y := margin
	for _, t := range title {
		text(img, margin, y, t, ink)
		y += lineH
	}
	y += margin / 2
	for _, f := range figures {
		f.draw(img, y)
		y += f.height()
	}
	return png.Encode(w, img)
}

func (p Panel) height() int {
	n := max(1, len(p.Series))
	return lineH*2 + len(p.Rows)*(n*(barH+2)+8) + margin
}

// legend draws a title and the series' colour keys on one line.
func legend(img *image.RGBA, y int, title string, series []string) {
	text(img, margin, y, title, ink)
	x := margin + len(title)*advance + 3*advance
	for i, s := range series {
		fill(img, image.Rect(x, y, x+barH, y+barH), palette[i%len(palette)])
		text(img, x+barH+advance/2, y, s, ink)
		x += barH + advance + len(s)*advance + 2*advance
	}
}

func (p Panel) draw(img *image.RGBA, y int) {
	legend(img, y, p.Title, p.Series)
	y += lineH * 2
	top := 0.0
	for _, r := range p.Rows {
		for _, v := range r.Values {
			top = max(top, v)
		}
	}
	x0 := margin + labelW
	room := width - x0 - margin - 24*advance // keep space for the value text
	for _, r := range p.Rows {
		text(img, margin, y+(max(1, len(r.Values))*(barH+2)-lineH)/2+2, r.Label, ink)
		for i, v := range r.Values {
			n := 0
			if top > 0 {
				n = int(v / top * float64(room))
			}
			if v > 0 && n < 2 {
				n = 2
			}
			fill(img, image.Rect(x0, y, x0+n, y+barH), palette[i%len(palette)])
			if i < len(r.Texts) {
				text(img, x0+n+advance/2, y+1, r.Texts[i], ink)
			}
			y += barH + 2
		}
		y += 8
	}
}

func fill(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			img.SetRGBA(x, y, c)
		}
	}
}

// text draws s with its top-left corner at (x, y); unknown characters are drawn as '?'.
func text(img *image.RGBA, x, y int, s string, c color.RGBA) {
	for _, ch := range strings.ToUpper(s) {
		g, ok := font[unicode.ToUpper(ch)]
		if !ok {
			g = font['?']
		}
		for row, line := range g {
			for col, px := range line {
				if px == '#' {
					fill(img, image.Rect(x+col*scale, y+row*scale, x+(col+1)*scale, y+(row+1)*scale), c)
				}
			}
		}
		x += advance
	}
}
