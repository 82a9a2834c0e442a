//go:build chaos

package chaos

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/netpod"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// TestPartitions: the two replica sets run as pods (each app with its sidecar in a
// network namespace of the set's own) and Redis in a third, all on one bridge. While
// files stream in, replica set 2 is cut off the broker and the state store for
// CHAOS_PARTITION (30 s), then healed; then Redis is cut off from everyone for
// CHAOS_REDIS_PARTITION (10 s), then healed; CHAOS_PARTITION_ROUNDS=2 does it again
// with replica set 1 (which holds inbox-watch) as the one cut. No process is killed: a
// cut leaves every connection hanging, as a network that drops packets does. In the end
// every file is final exactly once, no File B is missing or doubled, the books balance.
func TestPartitions(t *testing.T) {
	setCut := envDuration(t, "CHAOS_PARTITION", 30*time.Second)
	redisCut := envDuration(t, "CHAOS_REDIS_PARTITION", 10*time.Second)
	interval := envDuration(t, "CHAOS_PARTITION_INTERVAL", 500*time.Millisecond)
	rounds := envInt(t, "CHAOS_PARTITION_ROUNDS", 1)

	net := netpod.New(t)
	redisPod, set1, set2 := net.Pod(), net.Pod(), net.Pod()
	redis := startPodRedis(t, redisPod)
	p := testpipe.Start(t, testpipe.Options{Offset: 600, Replicas: 2, RedisAddr: redis, Pods: []testpipe.Pod{set1, set2}})
	exits := watchExits(p)

	begin := time.Now()
	s := startStream(p, interval)
	track := trackFinal(p, s)
	var cuts []*partition
	for round := 1; round <= rounds; round++ {
		// Odd rounds cut set 2; even rounds set 1, which also holds inbox-watch (Event
		// Grid's stand-in): files dropped meanwhile wait for its reconciliation.
		set, pod := 1, set2
		if round%2 == 0 {
			set, pod = 0, set1
		}
		cuts = append(cuts, &partition{what: fmt.Sprintf("replica set %d off Redis", set+1), pod: pod, set: set, lasts: setCut},
			&partition{what: "Redis off for everyone", pod: redisPod, set: -1, lasts: redisCut})
	}
	s.waitDropped(5)
	for i, c := range cuts {
		if i > 0 {
			time.Sleep(5 * time.Second) // a breath between faults: each its own recovery
		}
		c.strike(begin, t.Logf)
	}
	files, err := s.stop()
	streamed := time.Since(begin)
	if err != nil {
		t.Fatalf("dropping files: %v", err)
	}

	ok, why := waitSettled(t, p, files)
	track.stop()
	tl := check(p, files, runDays(begin))
	printPartitions(t, tl, cuts, track, p, streamed, time.Since(begin))
	keepEvidence(p)
	if !ok {
		t.Errorf("not settled within %s: %s", settleWithin, why)
	}
	for _, c := range cuts {
		if c.err != nil {
			t.Errorf("partition %s: %v", c.what, c.err)
		}
	}
	select {
	case err := <-exits:
		t.Errorf("a process died although nothing was killed: %v", err)
	default:
	}
	assert(t, tl)
}

// printPartitions is the run's summary, in the fault-injection report's words.
func printPartitions(t *testing.T, tl tally, cuts []*partition, track *finals, p *testpipe.Pipeline, streamed, took time.Duration) {
	var b strings.Builder
	fmt.Fprintf(&b, "chaos: files=%d kills=0 partitions=%d lost=%d duplicated=%d\n",
		tl.files, len(cuts), len(tl.lost), tl.dupB+len(tl.multi))
	fmt.Fprintf(&b, "chaos: created=%d rejected=%d compensated=%d; usage=%s, sum of created=%s; dead letters=%d%s\n",
		tl.created, tl.rejected, tl.compensated, amount(tl.usageCents), amount(tl.createdCents), tl.deadLetters, byTopic(tl.deadLetterTopics))
	var recover []time.Duration
	for _, c := range cuts {
		r := c.recovery(track, p)
		recover = append(recover, r.toFinal)
		fmt.Fprintf(&b, "chaos: partition %s: %.0fs from +%.1fs; %s\n", c.what, c.lasts.Seconds(), c.at.Sub(track.begin).Seconds(), r)
	}
	all := track.delays(time.Time{}, time.Now())
	fmt.Fprintf(&b, "chaos: time to recover (heal to the first file final it held up) p50 %s max %s\n",
		orNA(nearestRank(recover, 50)), orNA(nearestRank(recover, 100)))
	fmt.Fprintf(&b, "chaos: completion delay of every file (dropped to final) p50 %s max %s\n",
		orNA(nearestRank(all, 50)), orNA(nearestRank(all, 100)))
	fmt.Fprintf(&b, "chaos: files dropped over %.1fs; took %.0fs", streamed.Seconds(), took.Seconds())
	t.Log("\n" + b.String())
	fmt.Println(b.String())
}
