package pipeline

import (
	"bytes"
	"io"
	"sync"
)

// prefixed writes each line to w as "<name> | line".
func prefixed(w io.Writer, name string) io.Writer { return &linePrefix{w: w, name: name} }

type linePrefix struct {
	mu      sync.Mutex
	w       io.Writer
	name    string
	partial []byte
}

func (l *linePrefix) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.partial = append(l.partial, p...)
	for {
		i := bytes.IndexByte(l.partial, '\n')
		if i < 0 {
			return len(p), nil
		}
		io.WriteString(l.w, l.name+" | ")
		l.w.Write(l.partial[:i+1])
		l.partial = l.partial[i+1:]
	}
}
