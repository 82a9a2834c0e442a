package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progress is a one-line progress bar on a terminal (stderr): redrawn in place, cleared
// before other output is printed, silent when off (stderr is not a terminal, or there is
// only one file).
type progress struct {
	w     io.Writer
	on    bool
	label string
	total int
	done  int
	note  string
	shown bool
	drawn time.Time
	start time.Time
}

func newProgress(w io.Writer, on bool, total int) *progress {
	return &progress{w: w, on: on, total: total, start: time.Now()}
}

// stage starts a new phase (uploading, waiting) from zero.
func (p *progress) stage(label string) {
	p.label, p.done, p.note, p.start = label, 0, "", time.Now()
	p.draw(true)
}

// set moves the bar; drawing is throttled to ten times a second.
func (p *progress) set(done int, note string) {
	p.done, p.note = done, note
	p.draw(done == p.total)
}

// println prints a line of output without tearing the bar.
func (p *progress) println(w io.Writer, line string) {
	p.clear()
	fmt.Fprintln(w, line)
	p.draw(true)
}

// clear removes the bar from the terminal.
func (p *progress) clear() {
	if p.on && p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}

// end clears the bar for good.
func (p *progress) end() {
	p.clear()
	p.on = false
}

func (p *progress) draw(force bool) {
	if !p.on || p.label == "" || (!force && time.Since(p.drawn) < 100*time.Millisecond) {
		return
	}
	fmt.Fprint(p.w, "\r\x1b[K"+bar(p.label, p.done, p.total, 24, p.note, time.Since(p.start)))
	p.shown, p.drawn = true, time.Now()
}

// bar renders "waiting   [██████░░░░░░]  3/12  1 created  4.2 s".
func bar(label string, done, total, width int, note string, took time.Duration) string {
	filled := 0
	if total > 0 {
		filled = min(width, done*width/total)
	}
	s := fmt.Sprintf("%-9s [%s%s] %d/%d", label, strings.Repeat("█", filled), strings.Repeat("░", width-filled), done, total)
	if note != "" {
		s += "  " + short(note, 40)
	}
	return s + "  " + human(took.Truncate(100*time.Millisecond))
}
