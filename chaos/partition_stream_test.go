//go:build chaos

package chaos

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/paychoreo/choreography/internal/testpipe"
)

// fileStream drops a file every interval until stopped: the faults, not a count, decide
// how long it runs, so that files arrive before, during and after every partition.
type fileStream struct {
	mu    sync.Mutex
	files []sent
	at    []time.Time // when each was dropped
	quit  chan struct{}
	done  chan error
}

func startStream(p *testpipe.Pipeline, interval time.Duration) *fileStream {
	s := &fileStream{quit: make(chan struct{}), done: make(chan error, 1)}
	run := strconv.FormatInt(time.Now().Unix()%1_000_000, 10)
	rnd := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 13))
	go func() {
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for i := 0; ; i++ {
			f, content := fileA(run, i, rnd)
			if err := drop(filepath.Join(p.Data, "inbox"), f.name, content); err != nil {
				s.done <- err
				return
			}
			s.mu.Lock()
			s.files, s.at = append(s.files, f), append(s.at, time.Now())
			s.mu.Unlock()
			select {
			case <-s.quit:
				s.done <- nil
				return
			case <-tick.C:
			}
		}
	}()
	return s
}

func (s *fileStream) snapshot() ([]sent, []time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.files), slices.Clone(s.at)
}

func (s *fileStream) waitDropped(n int) {
	for files, _ := s.snapshot(); len(files) < n; files, _ = s.snapshot() {
		time.Sleep(50 * time.Millisecond)
	}
}

// stop ends the stream and returns every file dropped.
func (s *fileStream) stop() ([]sent, error) {
	close(s.quit)
	err := <-s.done
	files, _ := s.snapshot()
	return files, err
}

// finals records when each dropped file was first seen in a final area (sampled every
// 250 ms from the data folder, which needs no Redis: it goes on while Redis is cut).
type finals struct {
	begin time.Time
	s     *fileStream
	p     *testpipe.Pipeline
	mu    sync.Mutex
	seen  map[string]time.Time
	quit  chan struct{}
	done  chan struct{}
}

func trackFinal(p *testpipe.Pipeline, s *fileStream) *finals {
	f := &finals{begin: time.Now(), s: s, p: p, seen: map[string]time.Time{}, quit: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(f.done)
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			f.sample()
			select {
			case <-f.quit:
				return
			case <-tick.C:
			}
		}
	}()
	return f
}

func (f *finals) sample() {
	now := time.Now()
	for _, area := range []string{"archive", "rejected", "quarantine"} {
		m, _ := filepath.Glob(filepath.Join(f.p.Data, area, "*", "chaos-*.csv"))
		f.mu.Lock()
		for _, path := range m {
			if name := filepath.Base(path); f.seen[name].IsZero() {
				f.seen[name] = now
			}
		}
		f.mu.Unlock()
	}
}

func (f *finals) stop() {
	close(f.quit)
	<-f.done
	f.sample()
}

// delays are the completion delays (dropped to final) of the files dropped in [from, to).
func (f *finals) delays(from, to time.Time) []time.Duration {
	files, at := f.s.snapshot()
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []time.Duration
	for i, s := range files {
		if seen := f.seen[s.name]; !seen.IsZero() && !at[i].Before(from) && at[i].Before(to) {
			out = append(out, seen.Sub(at[i]))
		}
	}
	return out
}

// firstAfter is how long after t the first file became final; -1 if none did.
func (f *finals) firstAfter(t time.Time) time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	first := time.Duration(-1)
	for _, seen := range f.seen {
		if d := seen.Sub(t); d >= 0 && (first < 0 || d < first) {
			first = d
		}
	}
	return first
}

// nearestRank is the nearest-rank percentile q (0-100) of ds; -1 when ds is empty.
func nearestRank(ds []time.Duration, q int) time.Duration {
	var ok []time.Duration
	for _, d := range ds {
		if d >= 0 {
			ok = append(ok, d)
		}
	}
	if len(ok) == 0 {
		return -1
	}
	slices.Sort(ok)
	i := (q*len(ok)+99)/100 - 1
	return ok[max(i, 0)]
}

func orNA(d time.Duration) string {
	if d < 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.1fs", d.Seconds())
}
