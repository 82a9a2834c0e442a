//go:build chaos

package chaos

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/testpipe"
)

// TestSoak: a steady stream of files at about half the capacity measured first on the
// same machine, a kill -9 of an app or sidecar every minute, for SOAK_DURATION (30 min by
// default; make soak-short runs a few minutes). Then, besides the books the fault run
// checks, every process that was never killed holds no more memory than after warm-up
// (+10%), no stream is longer than its bound and no trimmed entry was one a consumer
// group still needed, and the state keys that grow with every file all expire.
func TestSoak(t *testing.T) {
	cfg := soakConfig(t)
	t.Setenv("CHOREO_TRACKER_TOKEN", testpipe.TrackerToken)
	redis := testpipe.StartRedisServer(t, 0)
	capacity := cfg.rate
	if capacity == 0 {
		t.Run("capacity", func(t *testing.T) { capacity = measureCapacity(t, redis.Addr(), cfg.probe) / 2 })
		if t.Failed() || capacity == 0 {
			t.Fatal("no capacity measured")
		}
	}
	cfg.rate = capacity
	window := redeliveryWindow(t)
	cfg.maxLen = streamBound(cfg.rate, window)
	t.Logf("soak: %.2f files/s for %s, a fault every %s; redelivery window %s, streams trimmed at ~%d entries",
		cfg.rate, cfg.duration, cfg.faultEvery, window, cfg.maxLen)

	p := testpipe.Start(t, testpipe.Options{Offset: 700, Replicas: 2, RedisAddr: redis.Addr(),
		Edit: withMaxLen(cfg.maxLen)})
	exits := watchExits(p)
	rec := newRecorder(p, cfg.maxLen)
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	go rec.run(ctx, cfg.sample)

	begin := time.Now()
	files, err := soakStream(p, cfg, rec)
	inj := rec.faultsDone()
	if err != nil {
		t.Fatalf("dropping files: %v", err)
	}
	ok, why := waitSettledIndexed(t, p, files, settleWithin)
	stop()
	rec.sample() // the end, settled
	tl := indexedCheck(p, files, runDays(begin))
	res := rec.result(cfg, inj, time.Since(begin))
	printReport(t, tl, inj, cfg.duration, time.Since(begin))
	res.print(t)
	res.save(t, "soak")
	keepEvidence(p)
	if !ok {
		t.Errorf("not settled within %s: %s", settleWithin, why)
	}
	select {
	case err := <-exits:
		t.Errorf("a process died without being killed: %v", err)
	default:
	}
	assert(t, tl)
	res.assert(t)
}

type soak struct {
	duration, warmup, faultEvery, sample time.Duration
	rate                                 float64 // files per second; 0: measure
	probe                                int     // files of the capacity probe
	maxLen                               int
}

func soakConfig(t *testing.T) soak {
	c := soak{
		duration:   envDuration(t, "SOAK_DURATION", 30*time.Minute),
		faultEvery: envDuration(t, "SOAK_FAULT_EVERY", time.Minute),
		sample:     envDuration(t, "SOAK_SAMPLE", 10*time.Second),
		probe:      envInt(t, "SOAK_PROBE_FILES", 120),
	}
	// Warm-up: long enough for every heap, pool and cache to reach its working size,
	// short enough to leave most of the run to compare against.
	c.warmup = envDuration(t, "SOAK_WARMUP", min(5*time.Minute, c.duration/4))
	if v := envFloat(t, "SOAK_RATE"); v > 0 {
		c.rate = v
	}
	return c
}

// measureCapacity drops n files at once on a pipeline like the soak's and returns the
// files per second from the first drop to the last final outcome.
func measureCapacity(t *testing.T, redis string, n int) float64 {
	p := testpipe.Start(t, testpipe.Options{Offset: 700, Replicas: 2, RedisAddr: redis})
	files := make([]sent, n)
	run := "cap" + strconv.FormatInt(time.Now().Unix()%1_000_000, 10)
	rnd := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 11))
	begin := time.Now()
	for i := range files {
		s, content := smallFileA(run, i, rnd)
		files[i] = s
		if err := drop(filepath.Join(p.Data, "inbox"), s.name, content); err != nil {
			t.Fatal(err)
		}
	}
	p.Eventually(5*time.Minute, "every probe file final", func() bool { return finalCount(p) >= n })
	took := time.Since(begin)
	c := float64(n) / took.Seconds()
	t.Logf("soak: capacity %.2f files/s (%d files at once, final in %.1fs)", c, n, took.Seconds())
	return c
}

// soakStream drops a file every 1/rate seconds for the run's duration, starts the faults
// once the warm-up is over, and marks the warm-up end in the recorder.
func soakStream(p *testpipe.Pipeline, c soak, rec *recorder) ([]sent, error) {
	interval := time.Duration(float64(time.Second) / c.rate)
	run := "soak" + strconv.FormatInt(time.Now().Unix()%1_000_000, 10)
	rnd := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 13))
	tick := time.NewTicker(interval)
	defer tick.Stop()
	begin := time.Now()
	var files []sent
	var dropped atomic.Int32
	warm := false
	for time.Since(begin) < c.duration {
		if !warm && time.Since(begin) >= c.warmup {
			warm = true
			rec.warm()
			rec.started.Store(true)
			go rec.inject(soakFaults(p), c.faultEvery, begin, &dropped)
		}
		s, content := smallFileA(run, len(files), rnd)
		if err := drop(filepath.Join(p.Data, "inbox"), s.name, content); err != nil {
			return files, err
		}
		files = append(files, s)
		dropped.Add(1)
		<-tick.C
	}
	rec.stopFaults()
	return files, nil
}

func envFloat(t *testing.T, key string) float64 {
	v := strings.TrimSpace(os.Getenv(key))
	if v == "" {
		return 0
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f <= 0 || math.IsInf(f, 0) {
		t.Fatalf("%s=%q is not a positive number", key, v)
	}
	return f
}

func mib(b int64) string { return fmt.Sprintf("%.1f", float64(b)/(1<<20)) }
