package netpod

import (
	"context"
	"os/exec"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/resp"
	"github.com/paychoreo/choreography/internal/testpipe"
	"github.com/paychoreo/choreography/internal/testsupport/tools"
)

// TestCutAndHeal: a server in each of two pods; each answers the host and the other pod.
// One pod cut off: it answers neither and reaches nothing; healed: all answer again.
func TestCutAndHeal(t *testing.T) {
	tools.Path(t, "redis-server", "redis-server (Debian redis-server)")
	n := New(t)
	cut, other := n.Pod(), n.Pod()
	startRedis(t, cut)
	startRedis(t, other)
	fromHost := func(p *Pod) bool {
		_, err := resp.Do(p.Addr+":6379", 0, time.Second, "PING")
		return err == nil
	}
	podToPod := func(from, to *Pod) bool {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		ping := exec.CommandContext(ctx, "redis-cli", "-h", to.Addr, "-p", "6379", "PING")
		if err := from.Command(ping); err != nil {
			t.Fatal(err)
		}
		out, err := ping.Output()
		return err == nil && string(out) == "PONG\n"
	}
	for _, p := range []*Pod{cut, other} {
		testpipe.Eventually(t, 10*time.Second, "the server in "+p.Name+" answers the host", func() bool { return fromHost(p) })
	}
	if !podToPod(other, cut) || !podToPod(cut, other) {
		t.Fatal("the pods of one net do not reach each other")
	}
	if err := cut.Cut(); err != nil {
		t.Fatal(err)
	}
	if fromHost(cut) || podToPod(other, cut) {
		t.Error("the cut pod still answers")
	}
	if podToPod(cut, other) {
		t.Error("the cut pod still reaches the net")
	}
	if !fromHost(other) {
		t.Error("cutting one pod cut another")
	}
	if err := cut.Heal(); err != nil {
		t.Fatal(err)
	}
	testpipe.Eventually(t, 10*time.Second, "the healed pod answers the host", func() bool { return fromHost(cut) })
	if !podToPod(other, cut) || !podToPod(cut, other) {
		t.Error("the healed pod and the other do not reach each other")
	}
}

// startRedis runs redis-server in the pod on its every address, port 6379.
func startRedis(t *testing.T, p *Pod) {
	t.Helper()
	tools.Path(t, "redis-cli", "redis-cli (Debian redis-tools)")
	cmd := exec.Command("redis-server", "--bind", "0.0.0.0", "--port", "6379", "--protected-mode", "no",
		"--save", "", "--appendonly", "no", "--dir", t.TempDir())
	if err := p.Command(cmd); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
}
