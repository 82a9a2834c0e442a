package launch

import (
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// spec is everything needed to start a process again, identically (Run.Restart).
type spec struct {
	path string
	args []string
	dir  string
	env  []string
}

// proc is one app or one sidecar. Each start makes a new exec.Cmd and a new done channel.
type proc struct {
	name string // "intake" or "intake-dapr": the log prefix
	kind Which
	spec spec
	log  *lineLog
	// onExit is told of exits nobody asked for (not Stop, not Kill).
	onExit func(p *proc, err error)
	// job: an app that listens on no port (no appPort in the run file) does its work and
	// exits; exit status 0 is its success, not a failure of the run. Its sidecar stays, as
	// with the Dapr CLI.
	job bool

	mu       sync.Mutex
	cmd      *exec.Cmd
	done     chan struct{}
	exitErr  error
	expected bool
}

func (p *proc) start() error {
	cmd := exec.Command(p.spec.path, p.spec.args...)
	cmd.Dir, cmd.Env = p.spec.dir, p.spec.env
	cmd.Stdout, cmd.Stderr = p.log, p.log
	// Own process group: a signal then reaches whatever the process started (go run, sh -c).
	cmd.SysProcAttr = sysProcAttr()
	// A grandchild holding the output pipe must not keep Wait from returning.
	cmd.WaitDelay = 2 * time.Second
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s (%s): %w", p.name, p.kind, err)
	}
	done := make(chan struct{})
	p.mu.Lock()
	p.cmd, p.done, p.exitErr, p.expected = cmd, done, nil, false
	p.mu.Unlock()
	go p.wait(cmd, done)
	return nil
}

func (p *proc) wait(cmd *exec.Cmd, done chan struct{}) {
	err := cmd.Wait()
	p.log.flush()
	p.mu.Lock()
	p.exitErr = err
	expected := p.expected
	p.mu.Unlock()
	close(done)
	if !expected && !(p.job && err == nil) && p.onExit != nil {
		p.onExit(p, err)
	}
}

// exited is closed when the current run of the process has ended.
func (p *proc) exited() <-chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.done
}

func (p *proc) running() bool {
	select {
	case <-p.exited():
		return false
	default:
		return true
	}
}

// signal marks the coming exit as expected and signals the whole process group.
func (p *proc) signal(sig syscall.Signal) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.expected = true
	if p.cmd != nil && p.cmd.Process != nil {
		// ESRCH (already gone) is fine: the goal is that nothing of the group is left.
		_ = syscall.Kill(-p.cmd.Process.Pid, sig)
	}
}

func (p *proc) pid() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cmd.Process.Pid
}

// status describes how the process ended, for error messages.
func (p *proc) status() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var ee *exec.ExitError
	switch {
	case p.exitErr == nil:
		return "exit status 0"
	case errors.As(p.exitErr, &ee):
		return ee.String()
	default:
		return p.exitErr.Error()
	}
}

// lastLines formats the tail of the log for an error message.
func (p *proc) lastLines(n int) string {
	lines := p.log.tail(n)
	if len(lines) == 0 {
		return fmt.Sprintf("%s wrote no output", p.name)
	}
	return fmt.Sprintf("last %d lines of %s:\n  %s", len(lines), p.name, strings.Join(lines, "\n  "))
}
