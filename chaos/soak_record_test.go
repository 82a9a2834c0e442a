//go:build chaos

package chaos

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paychoreo/choreography/bench/procstat"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// recorder samples, every few seconds, what a long run must keep bounded: each
// process's resident memory, Redis's memory, each stream's length (and whether trimming
// took an entry a consumer group still needed), and the number of state keys.
type recorder struct {
	p      *testpipe.Pipeline
	maxLen int
	begin  time.Time

	mu      sync.Mutex
	procs   map[string]*procSeries // by name#set
	order   []string
	redis   []point // used_memory
	streams map[string]*streamSeries
	keys    []point // state keys in the database
	warmAt  time.Duration
	atWarm  map[string]keyStat // key counts by prefix when warm
	unsafe  []string           // trimmed entries a group still needed

	inj              []injected
	injStop, injDone chan struct{}
	started          atomic.Bool
}

type point struct {
	at  time.Duration
	v   int64
	pid int
}

type procSeries struct {
	name, kind string
	set        int
	points     []point
	peak       int64 // VmHWM of the current process
	pids       map[int]bool
}

func newRecorder(p *testpipe.Pipeline, maxLen int) *recorder {
	return &recorder{p: p, maxLen: maxLen, begin: time.Now(), procs: map[string]*procSeries{},
		streams: map[string]*streamSeries{}, injStop: make(chan struct{}), injDone: make(chan struct{})}
}

// run samples every `every` until ctx ends.
func (r *recorder) run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		r.sample()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// warm marks the end of the warm-up: memory and key counts are compared with now.
func (r *recorder) warm() {
	stats := keyStats(r.p)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.warmAt = time.Since(r.begin)
	r.atWarm = stats
}

func (r *recorder) sample() {
	at := time.Since(r.begin)
	r.sampleProcs(at)
	used := redisInfo(r.p, "used_memory")
	n, _ := r.p.Do("DBSIZE")
	keys, _ := n.(int64)
	streams := streamStates(r.p)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.redis = append(r.redis, point{at: at, v: used})
	r.keys = append(r.keys, point{at: at, v: keys})
	for _, s := range streams {
		ss := r.streams[s.topic]
		if ss == nil {
			ss = &streamSeries{}
			r.streams[s.topic] = ss
		}
		ss.add(at, s)
		if why := s.unsafe(); why != "" {
			r.unsafe = append(r.unsafe, fmt.Sprintf("+%.0fs %s: %s", at.Seconds(), s.topic, why))
		}
	}
}

// sampleProcs reads VmRSS and VmHWM of every app and sidecar of every replica set.
func (r *recorder) sampleProcs(at time.Duration) {
	for set, run := range r.p.Runs {
		for _, pr := range run.Processes() {
			if pr.Pid == 0 {
				continue // being restarted
			}
			m, err := procstat.Mem(pr.Pid)
			if err != nil {
				continue
			}
			r.mu.Lock()
			key := pr.Name + "#" + strconv.Itoa(set+1)
			s := r.procs[key]
			if s == nil {
				s = &procSeries{name: pr.Name, kind: string(pr.Kind), set: set + 1, pids: map[int]bool{}}
				r.procs[key] = s
				r.order = append(r.order, key)
			}
			s.points = append(s.points, point{at: at, v: m.RSS, pid: pr.Pid})
			s.peak = max(s.peak, m.Peak)
			s.pids[pr.Pid] = true
			r.mu.Unlock()
		}
	}
}

// redisInfo reads one numeric field of INFO memory.
func redisInfo(p *testpipe.Pipeline, field string) int64 {
	v, _ := p.Do("INFO", "memory")
	s, _ := v.(string)
	for _, line := range strings.Split(s, "\n") {
		if k, val, ok := strings.Cut(strings.TrimSpace(line), ":"); ok && k == field {
			n, _ := strconv.ParseInt(val, 10, 64)
			return n
		}
	}
	return 0
}
