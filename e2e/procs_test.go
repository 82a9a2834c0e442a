package e2e

import (
	"bytes"
	"fmt"
	"os/exec"
	"sync"
	"testing"

	"github.com/paychoreo/choreography/internal/testpipe"
)

// procs are the processes a test starts by hand (an app, sidecars, a Redis) rather than
// through testpipe.Start: each is killed when the test ends, and their output, kept in one
// log, is printed if it failed.
type procs struct {
	t    *testing.T
	logs *lockedBuffer
}

func newProcs(t *testing.T) *procs {
	p := &procs{t: t, logs: &lockedBuffer{}}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("process logs (last 150 lines):\n%s", testpipe.Tail(p.logs.String(), 150))
		}
	})
	return p
}

// start starts cmd, its output going to the log with name in front.
func (p *procs) start(name string, cmd *exec.Cmd) {
	p.t.Helper()
	w := &prefixed{name: name, out: p.logs}
	cmd.Stdout, cmd.Stderr = w, w
	if err := cmd.Start(); err != nil {
		p.t.Fatalf("start %s: %v", name, err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	p.t.Cleanup(func() { cmd.Process.Kill(); <-done })
}

// lockedBuffer collects the output of several processes, written concurrently.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// prefixed writes a process's output to the log with its name in front of each write.
type prefixed struct {
	name string
	out  *lockedBuffer
}

func (w *prefixed) Write(b []byte) (int, error) {
	fmt.Fprintf(w.out, "%s: %s", w.name, b)
	return len(b), nil
}
