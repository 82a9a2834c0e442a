package e2e

import (
	"os/exec"
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
