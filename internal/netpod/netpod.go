// Package netpod gives tests pods as a platform runs them: each pod a network namespace
// of its own (iproute2's `ip netns`) with its own address, joined by a veth pair to one
// bridge on the host. Processes started in a pod reach the host and the other pods of its
// net through the bridge only, so a pod is cut off the network, and healed, by its link.
// The end-to-end suite's pod tests and the chaos run's partitions share it.
package netpod

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/paychoreo/choreography/internal/testpipe"
)

// Net is a bridge on the host with a /24 of its own: the host is .1 on it, pods from .2.
type Net struct {
	t        testing.TB
	id       int
	bridge   string
	prefix   string // the /24's first three octets
	HostAddr string // the host's address on the bridge: where a pod reaches the host
	pods     int
}

// Pod is a network namespace on a Net.
type Pod struct {
	Name string // the namespace, for `ip netns exec`
	Addr string // the pod's address on its net
	link string // the host end of its veth pair, a port of the bridge
}

var nets atomic.Int32

// New makes a bridge with its own /24; it and its pods are deleted when the test ends.
// It needs iproute2 and root: under CI=true their absence fails the test, else skips it.
func New(t testing.TB) *Net {
	t.Helper()
	_, err := exec.LookPath("ip")
	testpipe.Need(t, "iproute2's ip (Debian iproute2)", err)
	if os.Geteuid() != 0 {
		testpipe.Need(t, "root, for network namespaces", fmt.Errorf("running as uid %d", os.Geteuid()))
	}
	// Unique on the machine: the process id, and a count for the nets of one process.
	id := os.Getpid()%10000*10 + int(nets.Add(1)%10)
	prefix := fmt.Sprintf("10.%d.%d", 200+id/250%50, id%250)
	n := &Net{t: t, id: id, bridge: fmt.Sprintf("chb%d", id), prefix: prefix, HostAddr: prefix + ".1"}
	// No iptables on bridged frames: a host's firewall rules are not this net's business.
	run(t, "link", "add", n.bridge, "type", "bridge", "nf_call_iptables", "0")
	t.Cleanup(func() { exec.Command("ip", "link", "del", n.bridge).Run() })
	run(t, "addr", "add", n.HostAddr+"/24", "dev", n.bridge)
	// Dapr's name resolution is mDNS: multicast off on the host's side of the net, so that
	// no sidecar of another run on this machine asks or answers across it.
	run(t, "link", "set", n.bridge, "multicast", "off")
	run(t, "link", "set", n.bridge, "up")
	return n
}

// Pod adds a pod to the net: a namespace whose one link leads to the bridge.
func (n *Net) Pod() *Pod {
	t := n.t
	t.Helper()
	n.pods++
	k := n.pods
	p := &Pod{Name: fmt.Sprintf("choreo-%d-%d", n.id, k), Addr: fmt.Sprintf("%s.%d", n.prefix, k+1),
		link: fmt.Sprintf("chv%d-%d", n.id, k)}
	inPod := fmt.Sprintf("chp%d-%d", n.id, k)
	run(t, "netns", "add", p.Name)
	t.Cleanup(func() { exec.Command("ip", "netns", "del", p.Name).Run() })
	run(t, "link", "add", p.link, "type", "veth", "peer", "name", inPod)
	t.Cleanup(func() { exec.Command("ip", "link", "del", p.link).Run() })
	run(t, "link", "set", inPod, "netns", p.Name)
	run(t, "link", "set", p.link, "master", n.bridge)
	run(t, "link", "set", p.link, "multicast", "off")
	run(t, "link", "set", p.link, "up")
	run(t, "-n", p.Name, "addr", "add", p.Addr+"/24", "dev", inPod)
	run(t, "-n", p.Name, "link", "set", inPod, "multicast", "off")
	run(t, "-n", p.Name, "link", "set", inPod, "up")
	// mDNS stays inside the pod, on its loopback: an app id resolves to the pod's own
	// sidecar, never to one of another pod or another run.
	run(t, "-n", p.Name, "link", "set", "lo", "up")
	run(t, "-n", p.Name, "link", "set", "lo", "multicast", "on")
	return p
}

// Exec is the command prefix that runs a program inside the pod. `ip netns exec` execs
// the program, so the process is the program's own: signals and kill -9 reach it.
func (p *Pod) Exec() []string { return []string{"ip", "netns", "exec", p.Name} }

// IP is the pod's address, where the host reaches what listens in it.
func (p *Pod) IP() string { return p.Addr }

// Command makes cmd start inside the pod.
func (p *Pod) Command(cmd *exec.Cmd) error {
	ip, err := exec.LookPath("ip")
	if err != nil {
		return err
	}
	cmd.Args = append(append(p.Exec(), cmd.Path), cmd.Args[1:]...)
	cmd.Path = ip
	return nil
}

// Cut takes the pod off its net: its bridge port goes down, so nothing it sends arrives
// and nothing reaches it. Connections are not reset; they stall, as in a partition.
func (p *Pod) Cut() error { return ip("link", "set", p.link, "down") }

// Heal puts the pod back on its net.
func (p *Pod) Heal() error { return ip("link", "set", p.link, "up") }

func run(t testing.TB, args ...string) {
	t.Helper()
	if err := ip(args...); err != nil {
		t.Fatal(err)
	}
}

func ip(args ...string) error {
	if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
		return fmt.Errorf("ip %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return nil
}
