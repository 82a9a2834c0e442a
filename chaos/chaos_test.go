//go:build chaos

package chaos

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/testpipe"
)

// settleWithin bounds the wait for the books to balance. A message held by a killed
// sidecar is redelivered once it has been idle for the pub/sub processingTimeout (20 s),
// and a redelivered step may then run its whole retry sequence.
const settleWithin = 6 * time.Minute

// TestFaultInjection: two replica sets, a steady stream of files, and meanwhile kill -9
// of every app and every sidecar (each restarted at once) and a Redis crash, then crash
// loops (a random process killed several times in a row, every few seconds, for
// CHAOS_LOOP), then any other fault mode (faultModes). In the end every file is final
// exactly once, no File B is missing or doubled, File B matches File A, and the daily-
// limit usage equals what was created. The report says how long each fault took to
// recover from (recovery_test.go).
func TestFaultInjection(t *testing.T) {
	n := envInt(t, "CHAOS_FILES", 60)
	interval := envDuration(t, "CHAOS_INTERVAL", 150*time.Millisecond)
	loop := envDuration(t, "CHAOS_LOOP", 20*time.Second)
	every := envDuration(t, "CHAOS_LOOP_EVERY", 3*time.Second)
	// Any free port, not a fixed one: the restart gives the port up for a moment, and a
	// second run starting then must not take it (its sidecars would share this Redis).
	redis := testpipe.StartRedisServer(t, 0)
	p := testpipe.Start(t, testpipe.Options{Offset: 500, Replicas: 2, RedisAddr: redis.Addr()})
	exits := watchExits(p)
	watch := watchPending(p)
	defer watch.Stop()

	begin := time.Now()
	var dropped atomic.Int32
	faultsOver := make(chan struct{})
	type streamed struct {
		files []sent
		err   error
	}
	streamDone := make(chan streamed, 1)
	go func() {
		files, err := stream(p, n, interval, &dropped, faultsOver)
		streamDone <- streamed{files, err}
	}()
	report := make(chan []injected, 1)
	go func() {
		defer close(faultsOver)
		r := faultRun{p: p, redis: redis, begin: begin, dropped: &dropped, logf: t.Logf}
		inj := inject(p, faults(p, redis), 5, time.Second, begin, &dropped, t.Logf)
		rnd := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 11))
		inj = append(inj, crashLoops(r, time.Now().Add(loop), every, rnd)...)
		for _, m := range faultModes {
			inj = append(inj, m(r)...)
		}
		report <- inj
	}()
	s := <-streamDone
	streamedFor := time.Since(begin)
	inj := <-report // the fault goroutine logs through t: wait for it in any case
	if s.err != nil {
		t.Fatalf("dropping files: %v", s.err)
	}

	ok, why := waitSettled(t, p, s.files)
	watch.Stop()
	watch.measure(inj)
	logRecovery(t, inj)
	tl := check(p, s.files, runDays(begin))
	printReport(t, tl, inj, streamedFor, time.Since(begin))
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

// stream drops n files, one every interval, recording what each should become; then,
// while the faults go on (until faultsOver), one more a second, so that every fault
// meets files in flight.
func stream(p *testpipe.Pipeline, n int, interval time.Duration, dropped *atomic.Int32, faultsOver <-chan struct{}) ([]sent, error) {
	run := strconv.FormatInt(time.Now().Unix()%1_000_000, 10)
	rnd := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	var files []sent
	for i := 0; ; i++ {
		s, content := fileA(run, i, rnd)
		if err := drop(filepath.Join(p.Data, "inbox"), s.name, content); err != nil {
			return files, err
		}
		files = append(files, s)
		dropped.Add(1)
		wait := interval
		if i+1 >= n {
			wait = time.Second
		}
		select {
		case <-faultsOver:
			if i+1 >= n {
				return files, nil
			}
			time.Sleep(wait)
		case <-time.After(wait):
		}
	}
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
	kills := len(inj) - kinds["partition"]
	var b strings.Builder
	fmt.Fprintf(&b, "chaos: files=%d kills=%d (%d apps, %d sidecars, %d redis) partitions=%d lost=%d duplicated=%d\n",
		tl.files, kills, kinds["app"], kinds["sidecar"], kinds["redis"], kinds["partition"], len(tl.lost), tl.dupB+len(tl.multi))
	fmt.Fprintf(&b, "chaos: %s\n", recoveryLine(inj))
	fmt.Fprintf(&b, "chaos: created=%d rejected=%d compensated=%d; more than one outcome=%d; %d faults while files were being dropped over %.1fs\n",
		tl.created, tl.rejected, tl.compensated, len(tl.multi), during, streamed.Seconds())
	fmt.Fprintf(&b, "chaos: %s; usage=%s, sum of created=%s; invalid created=%d, valid rejected=%d\n",
		sums, amount(tl.usageCents), amount(tl.createdCents), len(tl.invalidCreated), len(tl.validRejected))
	fmt.Fprintf(&b, "chaos: File B missing=%d, beyond one per reference=%d, without a created file=%d\n",
		len(tl.missingB), tl.dupB, len(tl.strayB))
	fmt.Fprintf(&b, "chaos: dead letters=%d%s, compensated after final=%d\n", tl.deadLetters, byTopic(tl.deadLetterTopics), len(tl.lateUndo))
	for _, why := range slices.Sorted(maps.Keys(tl.deadLetterWhy)) {
		fmt.Fprintf(&b, "chaos:   dead letter %dx %s\n", tl.deadLetterWhy[why], why)
	}
	fmt.Fprintf(&b, "chaos: took %.0fs", took.Seconds())
	t.Log("\n" + b.String())
	fmt.Println(b.String())
}

// recoveryLine summarises the recovery figures (recovery_test.go): time to recover over
// every measured fault, and takeover over the faults whose held messages had to be
// delivered again (a killed sidecar's, mostly); then takeover again over those of them
// during which Redis stayed up: a Redis crash loop at the moment a takeover is due
// delays it by its own recovery, and that is the figure the pub/sub settings decide.
func recoveryLine(inj []injected) string {
	var rec, over, redisUp []time.Duration
	var redisKills []time.Time
	for _, in := range inj {
		if in.kind == "redis" && !in.killedAt.IsZero() {
			redisKills = append(redisKills, in.killedAt)
		}
	}
	up := func(in injected) bool {
		for _, k := range redisKills {
			if !k.Before(in.killedAt) && !k.After(in.killedAt.Add(in.takeover)) {
				return false
			}
		}
		return true
	}
	unrecovered, measured := 0, 0
	for _, in := range inj {
		if in.killedAt.IsZero() {
			continue
		}
		measured++
		if !in.recovered && in.held > 0 {
			unrecovered++
			continue
		}
		rec = append(rec, in.recover)
		if in.takeover > 0 {
			over = append(over, in.takeover)
			if in.kind != "redis" && up(in) {
				redisUp = append(redisUp, in.takeover)
			}
		}
	}
	if measured == 0 {
		return "time to recover: not measured"
	}
	return fmt.Sprintf("time to recover (kill to every message its role held done) p50=%s max=%s over %d faults, %d never; "+
		"takeover of a held message p50=%s max=%s over %d faults (with Redis up throughout: p50=%s max=%s over %d)",
		p50(rec), pmax(rec), len(rec), unrecovered, p50(over), pmax(over), len(over), p50(redisUp), pmax(redisUp), len(redisUp))
}

// logRecovery lists each fault's recovery, for the figures in docs/reliability.md.
func logRecovery(t *testing.T, inj []injected) {
	for _, in := range inj {
		if in.killedAt.IsZero() {
			continue
		}
		state := "recovered"
		if !in.recovered && in.held > 0 {
			state = "NOT RECOVERED"
		}
		t.Logf("chaos: recovery %-34s held %2d, %s in %5.1fs, takeover %5.1fs", in.what, in.held, state,
			in.recover.Seconds(), in.takeover.Seconds())
	}
}

func p50(ds []time.Duration) string {
	if len(ds) == 0 {
		return "-"
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return fmt.Sprintf("%.1fs", s[len(s)/2].Seconds())
}

func pmax(ds []time.Duration) string {
	if len(ds) == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1fs", slices.Max(ds).Seconds())
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

// byTopic says where the dead letters came from: " (deadletter.intake from blob.created 40, ...)".
func byTopic(n map[string]int) string {
	if len(n) == 0 {
		return ""
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(n)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, n[k]))
	}
	return " (" + strings.Join(parts, ", ") + ")"
}
