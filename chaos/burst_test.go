//go:build chaos

package chaos

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/bench/procstat"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// TestBurst: BURST_FILES files (10,000 by default) land in the inbox at once, far above
// what the pipeline handles per second. Every file must end exactly once, as in the
// fault run; the tracker must keep answering while the backlog drains (its API is
// polled throughout and the latency reported); every process's peak memory stays under
// BURST_RSS_MIB; the shipped stream bound must not trim an entry still needed. It
// reports the time to drain.
func TestBurst(t *testing.T) {
	n := envInt(t, "BURST_FILES", 10_000)
	within := envDuration(t, "BURST_WITHIN", 90*time.Minute)
	limit := int64(envInt(t, "BURST_RSS_MIB", 400)) << 20
	t.Setenv("CHOREO_TRACKER_TOKEN", testpipe.TrackerToken)
	redis := testpipe.StartRedisServer(t, 0)
	p := testpipe.Start(t, testpipe.Options{Offset: 1000, RedisAddr: redis.Addr()})
	exits := watchExits(p)
	files, staged := stageFiles(t, p, n)

	rec := newRecorder(p, shippedMaxLen(t))
	rec.sample()
	rec.warm() // the idle pipeline: memory before the burst
	resetPeaks(p)
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	go rec.run(ctx, envDuration(t, "SOAK_SAMPLE", 10*time.Second))
	polls := make(chan trackerPolls, 1)
	go func() { polls <- pollTracker(ctx, p, 500*time.Millisecond) }()

	begin := time.Now()
	if err := release(staged, filepath.Join(p.Data, "inbox")); err != nil {
		t.Fatal(err)
	}
	released := time.Since(begin)
	drained, ok := waitDrained(t, p, n, begin, within)
	stop()
	tp := <-polls
	rec.sample()
	tl := indexedCheck(p, files, runDays(begin))
	res := rec.result(soak{maxLen: rec.maxLen}, nil, time.Since(begin))
	res.Kind = "burst"
	res.Extra = map[string]any{"files": n, "released_s": released.Seconds(), "drain_s": drained.Seconds(),
		"files_per_s": float64(n) / drained.Seconds(), "tracker": tp.summary()}
	fmt.Printf("burst: %d files released in %.1fs, all final after %.0fs (%.1f files/s)\n",
		n, released.Seconds(), drained.Seconds(), float64(n)/drained.Seconds())
	t.Logf("burst: %d files released in %.1fs, all final after %.0fs", n, released.Seconds(), drained.Seconds())
	printReport(t, tl, nil, released, time.Since(begin))
	tp.print(t)
	res.print(t)
	res.save(t, "burst")
	if !ok {
		t.Errorf("not drained within %s: %d of %d final", within, finalCount(p), n)
	}
	select {
	case err := <-exits:
		t.Errorf("a process died during the burst: %v", err)
	default:
	}
	assert(t, tl)
	burstAssert(t, res, tp, limit)
	// Nothing failed: a dead letter here would be one a person is asked to look at
	// for a file that needed nothing.
	if tl.deadLetters > 0 {
		t.Errorf("%d dead letters in a burst without faults%s", tl.deadLetters, byTopic(tl.deadLetterTopics))
	}
}

// stageFiles writes the n files into a hidden folder beside the inbox, so that the
// burst itself is n renames and nothing else.
func stageFiles(t *testing.T, p *testpipe.Pipeline, n int) ([]sent, string) {
	dir := filepath.Join(p.Data, ".burst")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	run := "burst" + strconv.FormatInt(time.Now().Unix()%1_000_000, 10)
	rnd := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 17))
	files := make([]sent, n)
	for i := range files {
		s, content := smallFileA(run, i, rnd)
		files[i] = s
		if err := os.WriteFile(filepath.Join(dir, s.name), content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return files, dir
}

// release moves every staged file into the inbox, as fast as renames go.
func release(staged, inbox string) error {
	entries, err := os.ReadDir(staged)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := os.Rename(filepath.Join(staged, e.Name()), filepath.Join(inbox, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// waitDrained waits until n files are final and no consumer group holds a message,
// logging progress every 30 s; it returns the time from begin to the last final file.
func waitDrained(t *testing.T, p *testpipe.Pipeline, n int, begin time.Time, within time.Duration) (time.Duration, bool) {
	deadline := begin.Add(within)
	lastLog := time.Now()
	var allFinal time.Duration
	for time.Now().Before(deadline) {
		final := finalCount(p)
		if final >= n && allFinal == 0 {
			allFinal = time.Since(begin)
		}
		if allFinal > 0 && pending(p) == 0 {
			return allFinal, true
		}
		if time.Since(lastLog) > 30*time.Second {
			t.Logf("burst: +%.0fs %d/%d final, %d pending", time.Since(begin).Seconds(), final, n, pending(p))
			lastLog = time.Now()
		}
		time.Sleep(2 * time.Second)
	}
	return time.Since(begin), false
}

// resetPeaks starts every process's VmHWM afresh, so the peak reported is the burst's.
func resetPeaks(p *testpipe.Pipeline) {
	for _, r := range p.Runs {
		for _, pr := range r.Processes() {
			if pr.Pid > 0 {
				procstat.ResetPeak(pr.Pid)
			}
		}
	}
}

// shippedMaxLen is the maxLenApprox components/local/pubsub.yaml ships.
func shippedMaxLen(t *testing.T) int {
	b, err := os.ReadFile(filepath.Join(testpipe.Root, "components", "local", "pubsub.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	m := maxLenLine.FindString(string(b))
	if m == "" {
		t.Fatal("components/local/pubsub.yaml sets no maxLenApprox: the streams are unbounded")
	}
	v, _ := strconv.Atoi(strings.Trim(m[strings.LastIndex(m, " ")+1:], `"`))
	return v
}

// burstAssert: peak memory under the limit for every process, no stream above the
// shipped bound, no needed entry trimmed, and the tracker answered.
func burstAssert(t *testing.T, res result, tp trackerPolls, limit int64) {
	for _, p := range res.Procs {
		if p.Peak > limit {
			t.Errorf("%s: peak RSS %s MiB above %s MiB", p.Name, mib(p.Peak), mib(limit))
		}
	}
	for _, s := range res.Streams {
		if s.MaxLen > int64(res.MaxLen)+100 {
			t.Errorf("stream %s reached %d entries, bound ~%d", s.Topic, s.MaxLen, res.MaxLen)
		}
	}
	for _, u := range res.Unsafe {
		t.Errorf("trimmed while needed: %s", u)
	}
	if tp.ok == 0 || tp.failed > tp.ok/20 {
		t.Errorf("the tracker did not keep answering: %d answers, %d failures (%s)", tp.ok, tp.failed, tp.firstErr)
	}
}
