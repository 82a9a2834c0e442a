package launch

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/runfile"
)

// fakeApp is one fake app; port 0 picks a free app port.
type fakeApp struct {
	id, mode string
	port     int // 0: a free port; job: no appPort at all
}

// job as a fakeApp's port writes no appPort: the app is a job (proc.job).
const job = -1

// syncBuffer is the LogWriter: the console writes from many goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// start writes a run file for the fake apps (app ports shifted down by offset, so that
// PortOffset brings them back to free ports; sidecar ports 0, so the launcher picks them),
// and starts it with the test binary as daprd and as every app.
func start(t *testing.T, timeout time.Duration, offset int, apps ...fakeApp) (*Run, *syncBuffer, error) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("version: 1\ncommon:\n  appHealthCheckPath: /healthz\n  daprHTTPMaxRequestSize: 16\napps:\n")
	for _, a := range apps {
		switch a.port {
		case job:
			a.port = 0
		case 0:
			a.port = freeTestPort(t) - offset
		}
		if err := os.Mkdir(filepath.Join(dir, a.id), 0o755); err != nil {
			t.Fatal(err)
		}
		// Relative to appDirPath, as in the project's dapr.yaml ("../../bin/intake").
		cmd, err := filepath.Rel(filepath.Join(dir, a.id), exe)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "  - appID: %s\n    appDirPath: ./%s\n    appPort: %d\n    command: [%q]\n    env: {FAKE_MODE: %q}\n",
			a.id, a.id, a.port, cmd, a.mode)
	}
	path := filepath.Join(dir, "dapr.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := runfile.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	out := &syncBuffer{}
	r, err := Start(context.Background(), f, Options{
		DaprdPath: exe, ExtraEnv: map[string]string{"LAUNCH_FAKE": "1"},
		PortOffset: offset, LogWriter: out, HealthTimeout: timeout,
	})
	if r != nil {
		t.Cleanup(func() { r.Stop() })
	}
	return r, out, err
}

func freeTestPort(t *testing.T) int {
	t.Helper()
	p, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// gone reports whether pid has exited (a zombie counts: nothing reaps orphans in some
// containers), polling for up to two seconds.
func gone(pid int) bool {
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if syscall.Kill(pid, 0) == syscall.ESRCH {
			return true
		}
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil || strings.Contains(string(stat), ") Z ") {
			return true
		}
	}
	return false
}

func pids(r *Run) []int {
	var out []int
	for _, p := range r.procs() {
		out = append(out, p.pid())
	}
	return out
}

func wantContains(t *testing.T, what, s string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(s, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, s)
		}
	}
}

// noChildren fails if the test process still has a live child: a failed Start must stop
// everything it started.
func noChildren(t *testing.T) {
	t.Helper()
	entries, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, e := range entries {
		stat, err := os.ReadFile(e)
		if err != nil {
			continue
		}
		// After "(comm)": state, then ppid.
		fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
		if len(fields) > 1 && fields[1] == fmt.Sprint(os.Getpid()) && fields[0] != "Z" {
			t.Errorf("child process left running: %s", stat)
		}
	}
}
