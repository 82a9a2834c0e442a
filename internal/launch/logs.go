package launch

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
)

// console serialises whole lines from every process onto one writer, so lines of two
// processes never interleave mid-line.
type console struct {
	mu    sync.Mutex
	w     io.Writer
	width int // of the widest process name, so the "|" columns line up
}

func (c *console) line(name, text string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fmt.Fprintf(c.w, "%-*s | %s\n", c.width, name, text)
}

// LineWriter writes each line written to it to w as "<name> | line", the way the
// launcher shows its processes' output, for a process started outside a Run (the
// benchmark's placement and scheduler). Give it as both stdout and stderr.
func LineWriter(w io.Writer, name string) io.Writer {
	return newLineLog(name, &console{w: w}, 0)
}

// lineLog is a process's stdout and stderr (one writer for both, so exec gives them one
// pipe and their order is kept). It splits the stream into lines, prefixes each onto the
// console, and keeps the last max lines for error reports and Run.Logs.
type lineLog struct {
	name    string
	console *console
	max     int

	mu      sync.Mutex
	partial []byte
	lines   []string
}

func newLineLog(name string, c *console, max int) *lineLog {
	return &lineLog{name: name, console: c, max: max}
}

func (l *lineLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.partial = append(l.partial, p...)
	for {
		i := bytes.IndexByte(l.partial, '\n')
		if i < 0 {
			break
		}
		l.emit(strings.TrimSuffix(string(l.partial[:i]), "\r"))
		l.partial = l.partial[i+1:]
	}
	return len(p), nil
}

// flush emits a last line that had no newline; called when the process has exited.
func (l *lineLog) flush() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.partial) > 0 {
		l.emit(string(l.partial))
		l.partial = nil
	}
}

func (l *lineLog) emit(s string) {
	l.console.line(l.name, s)
	l.lines = append(l.lines, s)
	if len(l.lines) > l.max {
		// Copy down rather than reslice, so the dropped lines can be collected.
		l.lines = append(l.lines[:0], l.lines[len(l.lines)-l.max:]...)
	}
}

// tail returns up to n of the last lines.
func (l *lineLog) tail(n int) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	start := max(0, len(l.lines)-n)
	return append([]string(nil), l.lines[start:]...)
}

func (l *lineLog) text() string {
	lines := l.tail(l.max)
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}
