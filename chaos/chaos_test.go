//go:build chaos

package chaos

import (
	"fmt"
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

// settleWithin bounds the wait for the books to balance. A message held by a killed
// sidecar is redelivered only after the pub/sub processingTimeout (120 s), and a
// redelivered step may then run its whole retry sequence.
const settleWithin = 6 * time.Minute

// TestFaultInjection: two replica sets, a steady stream of files, and meanwhile kill -9
// of every app and every sidecar (each restarted at once) and a Redis crash. In the end
// every file is final exactly once, no File B is missing or doubled, File B matches
// File A, and the daily-limit usage equals what was created.
func TestFaultInjection(t *testing.T) {
	n := envInt(t, "CHAOS_FILES", 60)
	interval := envDuration(t, "CHAOS_INTERVAL", 150*time.Millisecond)
	// Any free port, not a fixed one: the restart gives the port up for a moment, and a
	// second run starting then must not take it (its sidecars would share this Redis).
	redis := testpipe.StartRedisServer(t, 0)
	p := testpipe.Start(t, testpipe.Options{Offset: 500, Replicas: 2, RedisAddr: redis.Addr()})
	exits := watchExits(p)

	begin := time.Now()
	files := make([]sent, n)
	var dropped atomic.Int32
	streamErr := make(chan error, 1)
	go func() { streamErr <- stream(p, files, interval, &dropped) }()
	report := make(chan []injected, 1)
	go func() {
		report <- inject(p, faults(p, redis), 5, time.Second, begin, &dropped, t.Logf)
	}()
	err := <-streamErr
	streamed := time.Since(begin)
	inj := <-report // the fault goroutine logs through t: wait for it in any case
	if err != nil {
		t.Fatalf("dropping files: %v", err)
	}

	ok, why := waitSettled(t, p, files)
	tl := check(p, files, runDays(begin))
	printReport(t, tl, inj, streamed, time.Since(begin))
	keepEvidence(p)
	if !ok {
		t.Errorf("not settled within %s: %s", settleWithin, why)
	}
	for _, in := range inj {
		if in.err != nil {
			t.Errorf("fault %s: %v", in.what, in.err)
		}
	}
	select {
	case err := <-exits:
		t.Errorf("a process died without being killed: %v", err)
	default:
	}
	assert(t, tl)
}

// stream drops the files one every interval, recording what each should become.
func stream(p *testpipe.Pipeline, files []sent, interval time.Duration, dropped *atomic.Int32) error {
	run := strconv.FormatInt(time.Now().Unix()%1_000_000, 10)
	rnd := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for i := range files {
		s, content := fileA(run, i, rnd)
		files[i] = s
		if err := drop(filepath.Join(p.Data, "inbox"), s.name, content); err != nil {
			return err
		}
		dropped.Add(1)
		<-tick.C
	}
	return nil
}

// waitSettled polls until settled or settleWithin, logging progress every 15 s.
func waitSettled(t *testing.T, p *testpipe.Pipeline, files []sent) (bool, string) {
	deadline := time.Now().Add(settleWithin)
	lastLog := time.Now()
	for {
		ok, why := settled(p, files)
		if ok || time.Now().After(deadline) {
			return ok, why
		}
		if time.Since(lastLog) > 15*time.Second {
			t.Logf("chaos: waiting: %d/%d final; %s", finalCount(p), len(files), why)
			lastLog = time.Now()
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// watchExits reports the first process of any replica set that exits unasked: a crash
// the schedule did not cause would leave a replica set short without anyone noticing.
func watchExits(p *testpipe.Pipeline) <-chan error {
	out := make(chan error, len(p.Runs))
	for _, r := range p.Runs {
		go func() {
			if err := r.Wait(); err != nil {
				out <- err
			}
		}()
	}
	return out
}

func printReport(t *testing.T, tl tally, inj []injected, streamed, took time.Duration) {
	kinds := map[string]int{}
	during := 0
	for _, in := range inj {
		kinds[in.kind]++
		if in.at < streamed {
			during++
		}
	}
	sums := "control sums ok"
	if len(tl.badB) > 0 {
		sums = fmt.Sprintf("control sums WRONG in %d File B", len(tl.badB))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "chaos: files=%d created=%d rejected=%d compensated=%d lost=%d multiple=%d duplicated=%d\n",
		tl.files, tl.created, tl.rejected, tl.compensated, len(tl.lost), len(tl.multi), tl.dupB+len(tl.missingB))
	fmt.Fprintf(&b, "chaos: kills=%d (%d apps, %d sidecars, %d redis; %d while files were being dropped over %.1fs)\n",
		len(inj), kinds["app"], kinds["sidecar"], kinds["redis"], during, streamed.Seconds())
	fmt.Fprintf(&b, "chaos: %s; usage=%s, sum of created=%s; invalid created=%d, valid rejected=%d\n",
		sums, amount(tl.usageCents), amount(tl.createdCents), len(tl.invalidCreated), len(tl.validRejected))
	fmt.Fprintf(&b, "chaos: File B missing=%d, beyond one per reference=%d, without a created file=%d\n",
		len(tl.missingB), tl.dupB, len(tl.strayB))
	fmt.Fprintf(&b, "chaos: dead letters=%d, compensated after final=%d\n", tl.deadLetters, len(tl.lateUndo))
	fmt.Fprintf(&b, "chaos: took %.0fs", took.Seconds())
	t.Log("\n" + b.String())
	fmt.Println(b.String())
}

func assert(t *testing.T, tl tally) {
	for what, list := range map[string][]string{
		"lost (no final outcome)": tl.lost, "more than one final outcome": tl.multi,
		"created although invalid": tl.invalidCreated, "rejected although valid": tl.validRejected,
		"File B missing": tl.missingB, "File B without a created file": tl.strayB, "File B not matching File A": tl.badB,
		"compensated after it was final (dead letter of a finished file)": tl.lateUndo,
		"created without a limit reservation":                             tl.unreserved,
		"reserved but not created":                                        tl.strayReserved,
	} {
		if len(list) > 0 {
			t.Errorf("%s: %d\n  %s", what, len(list), strings.Join(list, "\n  "))
		}
	}
	if tl.dupB > 0 {
		t.Errorf("%d File B documents beyond one per sender and file reference", tl.dupB)
	}
	if tl.usageCents != tl.createdCents {
		t.Errorf("limit usage %s != sum of created files %s", amount(tl.usageCents), amount(tl.createdCents))
	}
}

func envInt(t *testing.T, key string, def int) int {
	v := os.Getenv(key)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		t.Fatalf("%s=%q is not a positive number", key, v)
	}
	return n
}

func envDuration(t *testing.T, key string, def time.Duration) time.Duration {
	v := os.Getenv(key)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		t.Fatalf("%s=%q is not a positive duration", key, v)
	}
	return d
}
