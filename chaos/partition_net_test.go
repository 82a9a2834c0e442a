//go:build chaos

package chaos

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/netpod"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// startPodRedis runs redis-server in a pod of its own, as a managed Redis is elsewhere
// on the network, and returns its address (reachable from the host and every pod).
func startPodRedis(t *testing.T, pod *netpod.Pod) string {
	t.Helper()
	_, err := exec.LookPath("redis-server")
	testpipe.Need(t, "redis-server (Debian redis-server)", err)
	dir := t.TempDir()
	cmd := exec.Command("redis-server", "--bind", "0.0.0.0", "--port", "6379", "--protected-mode", "no",
		"--save", "", "--appendonly", "no", "--dir", dir, "--logfile", filepath.Join(dir, "redis.log"))
	if err := pod.Command(cmd); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start redis-server in %s: %v", pod.Name, err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	t.Cleanup(func() { cmd.Process.Kill(); <-done })
	addr := pod.Addr + ":6379" // the pod's own address: the port is free
	testpipe.Eventually(t, 10*time.Second, "redis-server answers on "+addr, func() bool {
		_, err := testpipe.RedisDo(addr, 0, "PING")
		return err == nil
	})
	return addr
}

// partition is one pod cut off the net for a while, then healed.
type partition struct {
	what       string
	pod        *netpod.Pod
	set        int // the replica set cut off (index in Pipeline.Runs); -1: Redis, so all
	lasts      time.Duration
	at, healed time.Time
	err        error
}

// strike cuts the pod off, waits, and heals it.
func (c *partition) strike(begin time.Time, logf func(string, ...any)) {
	c.at = time.Now()
	if c.err = c.pod.Cut(); c.err != nil {
		return
	}
	logf("chaos: +%5.1fs cut   %s for %s", time.Since(begin).Seconds(), c.what, c.lasts)
	time.Sleep(c.lasts) // the fault is the wait itself: the net is down this long
	c.err = c.pod.Heal()
	c.healed = time.Now()
	logf("chaos: +%5.1fs heal  %s", time.Since(begin).Seconds(), c.what)
}

// recovered is what a partition cost.
type recovered struct {
	toFinal          time.Duration // heal to the first file final that the cut set finished; -1 if none
	anyFinal         time.Duration // heal to the first file final after it, anyone's
	dropped          int           // files dropped while cut
	p50, max         time.Duration // their completion delays
	bySetAfterHealed int           // files the cut replica set finished after the heal
}

func (r recovered) String() string {
	first := "it finished no file after the heal"
	if r.toFinal >= 0 {
		first = fmt.Sprintf("first file it finished %s after the heal (%d in all)", orNA(r.toFinal), r.bySetAfterHealed)
	}
	return fmt.Sprintf("%s; first file final (any set) %s after; %d files dropped meanwhile: completion p50 %s max %s",
		first, orNA(r.anyFinal), r.dropped, orNA(r.p50), orNA(r.max))
}

// recovery measures from the heal: the first file the cut side finished (the intake of
// the cut set, or any intake when Redis was cut) and the delays of the files dropped
// during the cut.
func (c *partition) recovery(track *finals, p *testpipe.Pipeline) recovered {
	r := recovered{toFinal: -1, anyFinal: track.firstAfter(c.healed)}
	if c.healed.IsZero() {
		return r
	}
	runs := p.Runs
	if c.set >= 0 {
		runs = runs[c.set : c.set+1]
	}
	for _, run := range runs {
		for _, at := range finalsLogged(run.Logs("intake"), c.healed) {
			r.bySetAfterHealed++
			if d := at.Sub(c.healed); r.toFinal < 0 || d < r.toFinal {
				r.toFinal = d
			}
		}
	}
	during := track.delays(c.at, c.healed)
	r.dropped, r.p50, r.max = len(during), nearestRank(during, 50), nearestRank(during, 100)
	return r
}

// finalsLogged: when intake logged a file final (created or rejected) after since.
func finalsLogged(logs string, since time.Time) []time.Time {
	var out []time.Time
	sc := bufio.NewScanner(strings.NewReader(logs))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var l struct {
			Time    time.Time `json:"time"`
			Stage   string    `json:"stage"`
			Outcome string    `json:"outcome"`
		}
		line := sc.Text()
		if i := strings.IndexByte(line, '{'); i < 0 || json.Unmarshal([]byte(line[i:]), &l) != nil {
			continue
		}
		if l.Stage == "intake" && (l.Outcome == "created" || l.Outcome == "rejected") && l.Time.After(since) {
			out = append(out, l.Time)
		}
	}
	return out
}
