package e2e

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/launch"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// TestReachableAsInAPod runs the tracker and its sidecar in a network namespace of their
// own, as a Container Apps replica is, with CHOREO_LISTEN_ADDR=0.0.0.0 as the images set
// it, and Redis outside. From the host's namespace, as the platform's probes and ingress
// come: /healthz answers, the tracker's page reads through its sidecar from Redis, and a
// route the sidecar calls still wants the sidecar's token. An app on the loopback would
// fail the first probe.
func TestReachableAsInAPod(t *testing.T) {
	pod := startPod(t)
	redis := pod.redis(t)
	daprd, err := launch.FindDaprd(testpipe.Root)
	testpipe.Need(t, "daprd (make daprd)", err)
	tokens := launch.Tokens{App: "pod-app-token-0123456789", Dapr: "pod-dapr-token-0123456789"}
	env := []string{"APP_API_TOKEN=" + tokens.App, "DAPR_API_TOKEN=" + tokens.Dapr}
	const appPort, httpPort, grpcPort = 7005, 3505, 5105 // the namespace is the pod's own: all free
	resources := testpipe.LocalComponents(t, redis, t.TempDir())
	pod.run(t, "sidecar", env, daprd, "--app-id", "tracker", "--app-port", strconv.Itoa(appPort),
		"--dapr-http-port", strconv.Itoa(httpPort), "--dapr-grpc-port", strconv.Itoa(grpcPort),
		"--metrics-port", "9095", "--app-protocol", "http", "--resources-path", resources,
		"--config", filepath.Join(testpipe.Root, "config", "local.yaml"),
		"--enable-app-health-check", "--app-health-check-path", "/healthz", "--log-level", "warn")
	pod.run(t, "tracker", append(env, "CHOREO_LISTEN_ADDR=0.0.0.0", "APP_PORT="+strconv.Itoa(appPort),
		"DAPR_HTTP_PORT="+strconv.Itoa(httpPort), "DAPR_GRPC_PORT="+strconv.Itoa(grpcPort)),
		filepath.Join(testpipe.Root, "bin", "tracker"))

	base := fmt.Sprintf("http://%s:%d", pod.addr, appPort)
	get := func(path, token string) int {
		req, _ := http.NewRequest("GET", base+path, nil)
		if token != "" {
			req.Header.Set("dapr-api-token", token)
		}
		resp, err := (&http.Client{Timeout: 2 * time.Second}).Do(req)
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	pod.eventually(t, 60*time.Second, "the readiness probe "+base+"/healthz answers 200", func() bool {
		return get("/healthz", "") == http.StatusOK
	})
	pod.eventually(t, 30*time.Second, "the tracker's page reads its store through the sidecar", func() bool {
		return get("/api/files", "") == http.StatusOK
	})
	for _, token := range []string{"", "wrong", tokens.Dapr} {
		if code := get("/dapr/subscribe", token); code != http.StatusUnauthorized {
			t.Errorf("GET /dapr/subscribe from outside the pod with token %q: %d, want 401", token, code)
		}
	}
	if code := get("/dapr/subscribe", tokens.App); code != http.StatusOK {
		t.Errorf("GET /dapr/subscribe with the sidecar's token: %d, want 200", code)
	}
}

// netPod is a network namespace joined to the host's by a veth pair: the pod has addr, the
// host side hostAddr (where the pod's Redis listens, as a managed Redis is outside it).
type netPod struct {
	name, addr, hostAddr string
	logs                 *lockedBuffer
}

func startPod(t *testing.T) *netPod {
	t.Helper()
	_, err := exec.LookPath("ip")
	testpipe.Need(t, "iproute2's ip (Debian iproute2)", err)
	if os.Geteuid() != 0 {
		testpipe.Need(t, "root, for network namespaces", fmt.Errorf("running as uid %d", os.Geteuid()))
	}
	id := os.Getpid() % 100000
	subnet := fmt.Sprintf("10.213.%d", id%250)
	p := &netPod{name: fmt.Sprintf("choreo-pod-%d", id), addr: subnet + ".2", hostAddr: subnet + ".1", logs: &lockedBuffer{}}
	host, inPod := fmt.Sprintf("chp%dh", id), fmt.Sprintf("chp%dp", id)
	ip(t, "netns", "add", p.name)
	t.Cleanup(func() { exec.Command("ip", "netns", "del", p.name).Run() })
	ip(t, "link", "add", host, "type", "veth", "peer", "name", inPod)
	t.Cleanup(func() { exec.Command("ip", "link", "del", host).Run() })
	ip(t, "link", "set", inPod, "netns", p.name)
	ip(t, "addr", "add", p.hostAddr+"/30", "dev", host)
	ip(t, "link", "set", host, "up")
	ip(t, "-n", p.name, "addr", "add", p.addr+"/30", "dev", inPod)
	ip(t, "-n", p.name, "link", "set", inPod, "up")
	ip(t, "-n", p.name, "link", "set", "lo", "up")
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("pod logs (last 100 lines):\n%s", testpipe.Tail(p.logs.String(), 100))
		}
	})
	return p
}

func ip(t *testing.T, args ...string) {
	t.Helper()
	if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
		t.Fatalf("ip %s: %v: %s", strings.Join(args, " "), err, out)
	}
}

// redis starts a private redis-server on the host side of the veth and returns its address.
func (p *netPod) redis(t *testing.T) string {
	t.Helper()
	_, err := exec.LookPath("redis-server")
	testpipe.Need(t, "redis-server (Debian redis-server)", err)
	addr := p.hostAddr + ":6379" // the address is this pod's alone, so is the port
	cmd := exec.Command("redis-server", "--bind", p.hostAddr, "--port", "6379", "--protected-mode", "no",
		"--save", "", "--appendonly", "no", "--dir", t.TempDir())
	p.start(t, "redis", cmd)
	p.eventually(t, 10*time.Second, "redis-server answers on "+addr, func() bool {
		_, err := testpipe.RedisDo(addr, 0, "PING")
		return err == nil
	})
	return addr
}

// run starts a program inside the pod's namespace; it is killed when the test ends.
func (p *netPod) run(t *testing.T, name string, env []string, path string, args ...string) {
	t.Helper()
	cmd := exec.Command("ip", append([]string{"netns", "exec", p.name, path}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Dir = filepath.Join(testpipe.Root, "apps", "tracker")
	p.start(t, name, cmd)
}

func (p *netPod) start(t *testing.T, name string, cmd *exec.Cmd) {
	t.Helper()
	w := &prefixed{name: name, out: p.logs}
	cmd.Stdout, cmd.Stderr = w, w
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	t.Cleanup(func() { cmd.Process.Kill(); <-done })
}

// eventually polls cond every 100 ms until it holds or the deadline passes.
func (p *netPod) eventually(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(within); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("not within %s: %s", within, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

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

// prefixed writes a process's output to the pod's log with its name in front of each write.
type prefixed struct {
	name string
	out  *lockedBuffer
}

func (w *prefixed) Write(b []byte) (int, error) {
	w.out.Write([]byte(w.name + ": " + string(b)))
	return len(b), nil
}
