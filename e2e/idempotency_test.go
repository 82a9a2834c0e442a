package e2e

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// TestDuplicateDeliveryHasNoSecondEffect takes a created, a rejected and a compensated
// file through the pipeline, then delivers every event of every topic again (the same
// CloudEvents, as a broker redelivers them) to every app that consumes it. Each app must
// acknowledge each one as a duplicate, and nothing may change: no file written, moved or
// removed, no event published, no limit reserved twice, no dead letter.
// On the local profile only: it redelivers by re-adding messages to Redis streams, and it
// tests the apps' idempotency, which no broker or storage changes.
func TestDuplicateDeliveryHasNoSecondEffect(t *testing.T) {
	p := testpipe.Start(t, testpipe.Options{Offset: 200})
	dropFile(p, "created.csv", "DUP-OK", "10.00")
	p.Drop("rejected.csv", []byte(header+detail+"T,1,99.00\n"))
	dropBlocked(p, "failing.csv", "DUP-FAIL", "20.00")
	for name, want := range map[string]string{"created.csv": "created", "rejected.csv": "rejected", "failing.csv": "compensated"} {
		if o := p.Await(name, 2*time.Minute); o.Kind != want {
			t.Fatalf("%s: %s, want %s", name, o.Kind, want)
		}
	}
	p.Eventually(time.Minute, "compensation finished", func() bool {
		return strings.Count(p.Logs("creator")+p.Logs("validator")+p.Logs("adaptor"), `"msg":"file compensated"`) == 3
	})
	before, streams := snapshot(t, p), streamLengths(p)

	redelivered := map[string][]string{}
	for _, e := range events.Catalog {
		if e.Consumers[0] != events.Operator {
			redelivered[e.Topic] = p.Redeliver(e.Topic)
		}
	}
	for topic, ids := range redelivered {
		consumersAcknowledge(p, topic, ids)
	}
	if after := snapshot(t, p); after != before {
		t.Errorf("a duplicate delivery changed something:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	for topic, n := range streamLengths(p) {
		if n != streams[topic]*2 {
			t.Errorf("%s holds %d messages after redelivering %d: something published again", topic, n, streams[topic])
		}
	}
}

// snapshot describes everything a duplicate could change: every file outside the inbox
// (name, size, modification time), the sender's limit usage, the dead-letter index.
func snapshot(t *testing.T, p *testpipe.Pipeline) string {
	var b strings.Builder
	filepath.WalkDir(p.Data, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			info, _ := d.Info()
			rel, _ := filepath.Rel(p.Data, path)
			fmt.Fprintf(&b, "%s %d %s\n", rel, info.Size(), info.ModTime().Format(time.RFC3339Nano))
		}
		return nil
	})
	idx, _ := p.Do("HGET", "deadletters||dl-index", "data")
	fmt.Fprintf(&b, "usage %s\ndead letters %v\n", usage(t, p), idx)
	return b.String()
}

func streamLengths(p *testpipe.Pipeline) map[string]int64 {
	out := map[string]int64{}
	for _, e := range events.Catalog {
		if e.Consumers[0] == events.Operator {
			continue
		}
		n, _ := p.Do("XLEN", e.Topic)
		out[e.Topic], _ = n.(int64)
	}
	return out
}

// consumersAcknowledge waits until every consumer of topic has acknowledged each of the
// redelivered events ids as a duplicate.
func consumersAcknowledge(p *testpipe.Pipeline, topic string, ids []string) {
	entry, _ := events.Lookup(topic)
	for _, app := range entry.Consumers {
		for _, id := range ids {
			acknowledged(p, app, topic, id)
		}
	}
}

// acknowledged waits until app has logged the event id of topic as a duplicate delivery
// it acknowledged.
func acknowledged(p *testpipe.Pipeline, app, topic, id string) {
	want := fmt.Sprintf(`"msg":"duplicate delivery acknowledged","app":"%s","event_id":"%s","topic":"%s"`, app, id, topic)
	p.Eventually(time.Minute, app+" acknowledges the duplicate "+id, func() bool {
		return strings.Contains(p.Logs(app), want)
	})
}
