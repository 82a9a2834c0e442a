package launch

import (
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestStartAllHealthy(t *testing.T) {
	r, out, err := start(t, 10*time.Second, 1000, fakeApp{"a", "ok", 0}, fakeApp{"bb", "ok", 0})
	if err != nil {
		t.Fatal(err)
	}
	a, ok := r.App("a")
	if !ok || a.AppPort == 0 || a.HTTPPort == 0 || a.GRPCPort == 0 || a.MetricsPort == 0 {
		t.Fatalf("App(a) = %+v, %v", a, ok)
	}
	if len(a.Tokens.App) != 32 || a.Tokens.Dapr == "" {
		t.Errorf("tokens should be generated hex: %+v", a.Tokens)
	}
	wantContains(t, "app log", r.Logs("a"),
		fmt.Sprintf("APP_PORT=%d DAPR_HTTP_PORT=%d DAPR_GRPC_PORT=%d", a.AppPort, a.HTTPPort, a.GRPCPort),
		"a to stderr", "cwd=/") // stderr captured too
	if !strings.Contains(r.Logs("a"), "/a\n") {
		t.Errorf("the app should run in its appDirPath:\n%s", r.Logs("a"))
	}
	console := out.String()
	wantContains(t, "console", console,
		"a       | fake app a", "a-dapr  | fake daprd args: --app-id a", "bb-dapr | fake daprd",
		"--max-body-size 16Mi", "--app-health-check-path /healthz", fmt.Sprintf("--app-port %d", a.AppPort))
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := r.Wait(); err != nil {
		t.Errorf("Wait after Stop = %v, want nil", err)
	}
}

func TestAppNeverHealthy(t *testing.T) {
	started := time.Now()
	_, _, err := start(t, 1500*time.Millisecond, 0, fakeApp{"good", "ok", 0}, fakeApp{"sick", "unhealthy", 0})
	if err == nil {
		t.Fatal("want an error")
	}
	wantContains(t, "error", err.Error(), "sick (app) not healthy within 1.5s", "2xx from GET http://127.0.0.1:",
		"/healthz", "last attempt: status 503", "last 3 lines of sick", "fake app sick will answer 503")
	if time.Since(started) > 5*time.Second {
		t.Errorf("took %s", time.Since(started))
	}
	noChildren(t)
	t.Log(err)
}

func TestAppExitsAtStart(t *testing.T) {
	_, _, err := start(t, 10*time.Second, 0, fakeApp{"quitter", "exit", 0})
	if err == nil {
		t.Fatal("want an error")
	}
	wantContains(t, "error", err.Error(), "quitter (app) exited before it was healthy (exit status 3)",
		"fake app quitter exiting on purpose")
	noChildren(t)
	t.Log(err)
}

var childPID = regexp.MustCompile(`child pid (\d+)`)

func TestStopLeavesNoProcess(t *testing.T) {
	r, _, err := start(t, 10*time.Second, 0, fakeApp{"parent", "child", 0}, fakeApp{"stubborn", "ignore-term", 0})
	if err != nil {
		t.Fatal(err)
	}
	all := pids(r)
	m := childPID.FindStringSubmatch(r.Logs("parent"))
	if m == nil {
		t.Fatalf("no child pid in log:\n%s", r.Logs("parent"))
	}
	child, _ := strconv.Atoi(m[1])
	all = append(all, child)
	err = r.Stop()
	if err == nil || !strings.Contains(err.Error(), "stubborn") {
		t.Errorf("Stop should name the process it had to SIGKILL, got %v", err)
	}
	for _, pid := range all {
		if !gone(pid) {
			t.Errorf("pid %d still running after Stop", pid)
		}
	}
	if r.Stop() != err {
		t.Error("a second Stop should be a no-op returning the same result")
	}
}

func TestKillRestartAndWait(t *testing.T) {
	r, _, err := start(t, 10*time.Second, 0, fakeApp{"x", "ok", 0})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Kill("x", Sidecar); err != nil {
		t.Fatal(err)
	}
	if err := r.Restart("x", Sidecar); err != nil {
		t.Fatal(err)
	}
	// An exit nobody asked for is what Wait reports.
	p, _ := r.proc("x", App)
	_ = syscall.Kill(p.pid(), syscall.SIGKILL)
	done := make(chan error, 1)
	go func() { done <- r.Wait() }()
	select {
	case err := <-done:
		wantContains(t, "Wait error", fmt.Sprint(err), "x (app) exited unexpectedly", "signal: killed")
	case <-time.After(5 * time.Second):
		t.Fatal("Wait did not return after the app died")
	}
}

func TestPortInUseIsRefused(t *testing.T) {
	// Whatever holds a port must not answer the health checks in the sidecar's place.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	taken := l.Addr().(*net.TCPAddr).Port
	_, _, err = start(t, 10*time.Second, 0, fakeApp{"p", "ok", taken})
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("app port %d is already in use", taken)) {
		t.Fatalf("want a port-in-use error, got %v", err)
	}
}
