package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/netpod"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// netPod is a pod (internal/netpod) on a net of its own, with the processes the test
// started in it: addr is the pod's address, hostAddr the host's on the net (where the
// pod's Redis listens, as a managed Redis is outside it).
type netPod struct {
	*procs
	*netpod.Pod
	addr, hostAddr string
}

func startPod(t *testing.T) *netPod {
	t.Helper()
	n := netpod.New(t)
	pod := n.Pod()
	return &netPod{procs: newProcs(t), Pod: pod, addr: pod.Addr, hostAddr: n.HostAddr}
}

// redis starts a private redis-server on the host side of the net and returns its address.
func (p *netPod) redis(t *testing.T) string {
	t.Helper()
	_, err := exec.LookPath("redis-server")
	testpipe.Need(t, "redis-server (Debian redis-server)", err)
	addr := p.hostAddr + ":6379" // the address is this net's alone, so is the port
	cmd := exec.Command("redis-server", "--bind", p.hostAddr, "--port", "6379", "--protected-mode", "no",
		"--save", "", "--appendonly", "no", "--dir", t.TempDir())
	p.start("redis", cmd)
	testpipe.Eventually(t, 10*time.Second, "redis-server answers on "+addr, func() bool {
		_, err := testpipe.RedisDo(addr, 0, "PING")
		return err == nil
	})
	return addr
}

// run starts cmd inside the pod; it is killed when the test ends.
func (p *netPod) run(name string, cmd *exec.Cmd) {
	p.t.Helper()
	if err := p.Command(cmd); err != nil {
		p.t.Fatal(err)
	}
	p.start(name, cmd)
}

// podApp is an app of the project with its sidecar, as bin/launch starts them, for a pod.
type podApp struct {
	id                                       string
	appPort, httpPort, grpcPort, metricsPort int
	resources, config                        string   // config "" means none
	env                                      []string // for both, besides os.Environ
	daprdFlags, appEnv                       []string // the sidecar's more flags, the app's more environment
}

// startApp starts the app's sidecar and the app (bin/<id>, in apps/<id>) in the pod.
func (p *netPod) startApp(daprd string, a podApp) {
	p.t.Helper()
	args := append(sidecarArgs(a.id, a.httpPort, a.grpcPort, a.metricsPort), "--app-port", strconv.Itoa(a.appPort),
		"--app-protocol", "http", "--resources-path", a.resources, "--enable-app-health-check", "--app-health-check-path", "/healthz")
	if a.config != "" {
		args = append(args, "--config", a.config)
	}
	sidecar := exec.Command(daprd, append(args, a.daprdFlags...)...)
	sidecar.Env = slices.Concat(os.Environ(), a.env)
	p.run(a.id+"-dapr", sidecar)
	app := exec.Command(filepath.Join(testpipe.Root, "bin", a.id))
	app.Dir = filepath.Join(testpipe.Root, "apps", a.id)
	app.Env = slices.Concat(os.Environ(), a.env, a.appEnv, []string{"APP_PORT=" + strconv.Itoa(a.appPort),
		"DAPR_HTTP_PORT=" + strconv.Itoa(a.httpPort), "DAPR_GRPC_PORT=" + strconv.Itoa(a.grpcPort)})
	p.run(a.id, app)
}

// startSidecar starts a sidecar with no app under appID in the pod, its API on every
// interface (for the test outside), the pod's loopback the address it gives mDNS.
func (p *netPod) startSidecar(daprd, appID string, httpPort, grpcPort int, env ...string) {
	p.t.Helper()
	sidecar := exec.Command(daprd, append(sidecarArgs(appID, httpPort, grpcPort, httpPort+6000),
		"--dapr-listen-addresses", "0.0.0.0", "--resources-path", p.t.TempDir())...)
	sidecar.Env = slices.Concat(os.Environ(), env, []string{"DAPR_HOST_IP=127.0.0.1"})
	p.run(appID+"-dapr", sidecar)
}

// sidecarArgs are daprd's flags for appID's ports and logs.
func sidecarArgs(appID string, httpPort, grpcPort, metricsPort int) []string {
	return []string{"--app-id", appID, "--dapr-http-port", strconv.Itoa(httpPort), "--dapr-grpc-port", strconv.Itoa(grpcPort),
		"--metrics-port", strconv.Itoa(metricsPort), "--log-level", "warn"}
}
