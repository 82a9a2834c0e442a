package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/testpipe"
)

// netPod is a network namespace joined to the host's by a veth pair: the pod has addr, the
// host side hostAddr (where the pod's Redis listens, as a managed Redis is outside it).
type netPod struct {
	*procs
	name, addr, hostAddr string
}

var pods atomic.Int32

func startPod(t *testing.T) *netPod {
	t.Helper()
	_, err := exec.LookPath("ip")
	testpipe.Need(t, "iproute2's ip (Debian iproute2)", err)
	if os.Geteuid() != 0 {
		testpipe.Need(t, "root, for network namespaces", fmt.Errorf("running as uid %d", os.Geteuid()))
	}
	// Unique on the machine: the process id, and a count for the pods of one process.
	id := os.Getpid()%10000*10 + int(pods.Add(1)%10)
	subnet := fmt.Sprintf("10.%d.%d", 200+id/250%50, id%250)
	p := &netPod{procs: newProcs(t), name: fmt.Sprintf("choreo-pod-%d", id), addr: subnet + ".2", hostAddr: subnet + ".1"}
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
	// Dapr's name resolution here is mDNS: keep it inside the pod, on its loopback, so that
	// no sidecar of another run on this machine answers for an app id, nor asks ours.
	ip(t, "link", "set", host, "multicast", "off")
	ip(t, "-n", p.name, "link", "set", inPod, "multicast", "off")
	ip(t, "-n", p.name, "link", "set", "lo", "multicast", "on")
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
	p.start("redis", cmd)
	testpipe.Eventually(t, 10*time.Second, "redis-server answers on "+addr, func() bool {
		_, err := testpipe.RedisDo(addr, 0, "PING")
		return err == nil
	})
	return addr
}

// run starts cmd inside the pod's namespace (through `ip netns exec`, which execs it, so
// the process is cmd's own); it is killed when the test ends.
func (p *netPod) run(name string, cmd *exec.Cmd) {
	p.t.Helper()
	ip, err := exec.LookPath("ip")
	if err != nil {
		p.t.Fatal(err)
	}
	cmd.Args = append([]string{"ip", "netns", "exec", p.name, cmd.Path}, cmd.Args[1:]...)
	cmd.Path = ip
	p.start(name, cmd)
}
