//go:build chaos

package chaos

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/testpipe"
)

// TestBigFileInFlight is the trap of a short processingTimeout: idle time in a pending
// list counts from the delivery and nothing refreshes it while a handler works, so a
// message a live replica is still working on past processingTimeout is handed to another
// replica as well. One big File A (CHAOS_BIG_PAYMENTS payments, default 500,000: about
// 60 MB, just under the validator's 64 MiB limit) goes through two replica sets twice:
// with the shipped timeouts, and with processingTimeout cut to 2 s (checked every 1 s),
// far below what a step takes on it. Both times there must be one outcome, and no File B
// beyond one, equal to File A, and no step may do an event's work twice. The log says
// how many messages were delivered more than once and how the extra deliveries ended
// (found done, or found in progress and waited).
func TestBigFileInFlight(t *testing.T) {
	n := envInt(t, "CHAOS_BIG_PAYMENTS", 500_000)
	for _, c := range []struct{ name, timeout, interval string }{
		{"shipped", "", ""}, {"processingTimeout 2s", "2s", "1s"},
	} {
		t.Run(c.name, func(t *testing.T) { bigFileRun(t, n, c.timeout, c.interval) })
	}
}

func bigFileRun(t *testing.T, n int, timeout, interval string) {
	redis := testpipe.StartRedisServer(t, 0)
	o := testpipe.Options{Offset: 500, Replicas: 2, RedisAddr: redis.Addr()}
	if timeout != "" {
		o.Edit = func(name, yaml string) string { return withRedelivery(name, yaml, timeout, interval) }
	}
	p := testpipe.Start(t, o)
	watch := watchPending(p)
	defer watch.Stop()
	run := fmt.Sprint(time.Now().Unix() % 1_000_000)
	s, content := bigFileA(run, n)
	t.Logf("File A: %d payments, %.1f MB", s.count, float64(len(content))/1e6)
	begin := time.Now()
	p.Drop(s.name, content)
	o1 := p.Await(s.name, 10*time.Minute)
	took := time.Since(begin)
	testpipe.Eventually(t, 5*time.Minute, "nothing pending in any consumer group", func() bool { return pending(p) == 0 })
	watch.Stop()

	tl := check(p, []sent{s}, runDays(begin))
	again, most := watch.redelivered("")
	work, twice := workPerStep(p, o1.FileID)
	t.Logf("bigfile: %s in %.1fs; messages delivered more than once: %d (at most %d times); per step: %s",
		o1.Kind, took.Seconds(), again, most, work)
	fmt.Printf("bigfile (processingTimeout %s): %s in %.1fs; redelivered messages %d (max deliveries %d); %s\n",
		orShipped(timeout), o1.Kind, took.Seconds(), again, most, work)
	// Compensated is a right end too: on a machine far beyond its capacity one call on a
	// file this size can run into its 15 s timeout until the step gives up. Rejected
	// would be wrong (the file is valid), and check/assert say so.
	if o1.Kind != "created" {
		t.Logf("%s: %s, not created: a step gave up on it; its warnings:\n%s", s.name, o1.Kind, warnings(p, o1.FileID))
	}
	assert(t, tl)
	// A delivery handed to another replica while one works on it waits for that one
	// (internal/step/lease.go): each event's work is done once, however often it is
	// delivered. (A run cut by a crash would be done again; nothing crashes here.)
	if len(twice) > 0 {
		t.Errorf("work done twice while a live replica had it: %s", strings.Join(twice, "; "))
	}
}

func orShipped(timeout string) string {
	if timeout == "" {
		return "as shipped"
	}
	return timeout
}

// withRedelivery sets processingTimeout and redeliverInterval of the Redis pub/sub
// components to the given values.
func withRedelivery(name, yaml, timeout, interval string) string {
	if !strings.Contains(yaml, "type: pubsub.redis") {
		return yaml
	}
	set := func(y, key, v string) string {
		re := regexp.MustCompile(`(- name: ` + key + `\n\s+value: )"[^"]*"`)
		return re.ReplaceAllString(y, `${1}"`+v+`"`)
	}
	return set(set(yaml, "processingTimeout", timeout), "redeliverInterval", interval)
}

// stepWork is what the logs of both replica sets say about one app's deliveries of a file.
type stepWork struct {
	handled    int   // deliveries that did the work ("delivery handled")
	duplicates int   // deliveries that found it done (the ledger)
	waited     int   // deliveries that found it in progress (a lease or this process's run)
	events     int   // distinct event ids among them
	longestMs  int64 // the longest handler call
}

// workPerStep reads, per app, how often the file's events were worked on: handled beyond
// one per event id is work done twice.
func workPerStep(p *testpipe.Pipeline, fileID string) (report string, twice []string) {
	var b strings.Builder
	for _, app := range []string{"intake", "validator", "adaptor", "creator"} {
		w := stepWork{}
		ids := map[string]bool{}
		sc := bufio.NewScanner(strings.NewReader(p.Logs(app)))
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			line := sc.Bytes()
			if !bytes.Contains(line, []byte(fileID)) {
				continue
			}
			var l struct {
				Msg        string `json:"msg"`
				EventID    string `json:"event_id"`
				DurationMs int64  `json:"duration_ms"`
			}
			at := bytes.IndexByte(line, '{')
			if at < 0 || json.Unmarshal(line[at:], &l) != nil {
				continue
			}
			switch l.Msg {
			case "delivery handled":
				w.handled++
				ids[l.EventID] = true
				w.longestMs = max(w.longestMs, l.DurationMs)
			case "duplicate delivery acknowledged":
				w.duplicates++
				ids[l.EventID] = true
			case "delivery in progress":
				w.waited++
			}
		}
		w.events = len(ids)
		if w.handled > w.events {
			twice = append(twice, fmt.Sprintf("%s handled %d deliveries of %d events", app, w.handled, w.events))
		}
		fmt.Fprintf(&b, "%s %d events, handled %d, found done %d, found in progress %d, longest call %.1fs; ", app, w.events,
			w.handled, w.duplicates, w.waited, float64(w.longestMs)/1000)
	}
	return strings.TrimSuffix(b.String(), "; "), twice
}

// warnings are the log lines of warnings and errors about a file, of every app.
func warnings(p *testpipe.Pipeline, fileID string) string {
	var b strings.Builder
	for _, app := range []string{"intake", "validator", "adaptor", "creator", "tracker"} {
		for _, line := range strings.Split(p.Logs(app), "\n") {
			if strings.Contains(line, fileID) && (strings.Contains(line, `"WARN"`) || strings.Contains(line, `"ERROR"`)) {
				fmt.Fprintf(&b, "%s: %s\n", app, line)
			}
		}
	}
	return b.String()
}

// bigFileA builds a valid File A of n payments (0.01 to 15.00 each) over ACME-CORP's two
// accounts.
func bigFileA(run string, n int) (sent, []byte) {
	s := sent{name: "chaos-big-" + run + ".csv", ref: "CHAOS-BIG-" + run, valid: true, count: n}
	var b bytes.Buffer
	fmt.Fprintf(&b, "H,ACME-CORP,%s,%s\n", s.ref, time.Now().Format(time.RFC3339))
	for i := 0; i < n; i++ {
		c := int64(1 + i%1500) // 500,000 payments stay under ACME-CORP's 5,000,000.00 a file
		s.cents += c
		fmt.Fprintf(&b, "D,E2E-%07d,%s,2026-11-26,%s,EUR,Creditor %d,FR1420041010050500013M02606,BNPAFRPP,Invoice %d\n",
			i, debtors[i%2], amount(c), i, i)
	}
	fmt.Fprintf(&b, "T,%d,%s\n", n, amount(s.cents))
	return s, b.Bytes()
}
