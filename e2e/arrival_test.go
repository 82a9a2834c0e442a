package e2e

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/blobevent"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// TestArrivalUnderBadEvents: File A arrives as blob.created events, taken by two intake
// replicas as competing consumers. A flood of events for one blob announces it once;
// events for a blob that is gone, for a name that could leave the inbox, without a blob
// in their subject, or not blob events at all, are each handled once and counted, and
// change nothing. The counts come from both replicas' choreo_arrival_events_total.
func TestArrivalUnderBadEvents(t *testing.T) {
	p := testpipe.Start(t, testpipe.Options{Offset: 650, Replicas: 2})
	ctx := context.Background()
	announce := func(name string) error {
		return p.AnnounceBlob(ctx, blobevent.Created("local", "inbox", name, "file:///"+name, 1, time.Now()))
	}

	// The flood: inbox-watch's own event for flood.csv and 30 more, at once.
	const extra = 30
	name := dropFile(p, "flood.csv", "FLOOD-1", "10.00")
	var wg sync.WaitGroup
	errs := make(chan error, extra)
	for range extra {
		wg.Add(1)
		go func() { defer wg.Done(); errs <- announce(name) }()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if o := p.Await(name, time.Minute); o.Kind != "created" {
		t.Fatalf("flood.csv: %s, want created", o.Kind)
	}

	// Bad events.
	for _, n := range []string{"ghost-1.csv", "ghost-2.csv"} {
		if err := announce(n); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range []string{"../../etc/passwd", "/abs.csv"} {
		if err := announce(n); err != nil {
			t.Fatal(err)
		}
	}
	noBlob := blobevent.Created("local", "inbox", "x.csv", "", 1, time.Now())
	noBlob.Subject = "/not/a/blob/subject"
	other := blobevent.Created("local", "inbox", "x.csv", "", 1, time.Now())
	other.Type = "Microsoft.Storage.BlobDeleted"
	for _, ev := range []blobevent.CloudEvent{noBlob, other} {
		if err := p.AnnounceBlob(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.PublishRaw(ctx, []byte("not an event at all"), "text/plain"); err != nil {
		t.Fatal(err)
	}

	want := map[string]float64{"announced": 1, "gone": 2, "unsafe_name": 2, "malformed": 1, "ignored": 2}
	var got map[string]float64
	p.Eventually(time.Minute, "every arrival event counted", func() bool {
		got = arrivals(t, p)
		for k, v := range want {
			if got[k] != v {
				return false
			}
		}
		return got["duplicate"]+got["claim_race"] == extra
	})
	if t.Failed() {
		t.Logf("choreo_arrival_events_total: %v", got)
	}
	if n := countLines(p.Logs("intake"), `"msg":"file received"`, `"blob":"flood.csv"`); n != 1 {
		t.Errorf("flood.csv announced %d times, want once", n)
	}
	if outs := p.Outcomes("flood.csv"); len(outs) != 1 {
		t.Errorf("flood.csv ended %d times: %v", len(outs), outs)
	}
	for _, n := range []string{"ghost-1.csv", "ghost-2.csv", "passwd", "abs.csv"} {
		if outs := p.Outcomes(n); len(outs) != 0 {
			t.Errorf("%s has an outcome without a file: %v", n, outs)
		}
	}
}

// arrivals sums choreo_arrival_events_total by outcome over every intake replica.
func arrivals(t *testing.T, p *testpipe.Pipeline) map[string]float64 {
	out := map[string]float64{}
	for _, r := range p.Runs {
		a, ok := r.App("intake")
		if !ok {
			continue
		}
		resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/metrics", a.AppPort))
		if err != nil {
			t.Logf("metrics of intake: %v", err)
			continue
		}
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			line := sc.Text()
			rest, ok := strings.CutPrefix(line, `choreo_arrival_events_total{outcome="`)
			if !ok {
				continue
			}
			outcome, value, _ := strings.Cut(rest, `"} `)
			v, _ := strconv.ParseFloat(value, 64)
			out[outcome] += v
		}
		resp.Body.Close()
	}
	return out
}

// countLines counts the lines of a log that hold every part.
func countLines(log string, parts ...string) int {
	n := 0
	for _, line := range strings.Split(log, "\n") {
		all := true
		for _, s := range parts {
			all = all && strings.Contains(line, s)
		}
		if all {
			n++
		}
	}
	return n
}
