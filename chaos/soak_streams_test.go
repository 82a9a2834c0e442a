//go:build chaos

package chaos

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// streamState is one Redis stream (a topic) and its consumer groups at one moment.
type streamState struct {
	topic         string
	length, added int64 // entries now; entries ever added (Redis 7)
	firstID       string
	groups        []groupState
}

type groupState struct {
	name       string
	pending    int64
	lag        int64 // entries not yet delivered to the group; -1 when Redis cannot tell
	minPending string
}

// unsafe says why trimming took an entry a group still needed: one it had not read
// yet (its lag is longer than the stream), or one delivered and not acknowledged (its
// oldest pending entry is older than the stream's first). Dapr's pubsub.redis
// acknowledges a pending entry it finds trimmed, silently: the message is lost.
func (s streamState) unsafe() string {
	var why []string
	for _, g := range s.groups {
		if g.lag > s.length {
			why = append(why, fmt.Sprintf("group %s: %d entries unread, the stream holds %d", g.name, g.lag, s.length))
		}
		// minPending is empty when the entries were acknowledged between the two reads.
		if g.minPending != "" && s.firstID != "" && idLess(g.minPending, s.firstID) {
			why = append(why, fmt.Sprintf("group %s: pending %s older than the first entry %s", g.name, g.minPending, s.firstID))
		}
	}
	return strings.Join(why, "; ")
}

// streamStates reads every topic of the catalog that exists as a stream.
func streamStates(p *testpipe.Pipeline) []streamState {
	var out []streamState
	for _, e := range events.Catalog {
		info, err := p.Do("XINFO", "STREAM", e.Topic)
		if err != nil {
			continue // not created yet
		}
		m := pairs(info)
		s := streamState{topic: e.Topic, length: num(m["length"]), added: num(m["entries-added"])}
		if first, ok := m["first-entry"].([]any); ok && len(first) > 0 {
			s.firstID, _ = first[0].(string)
		}
		groups, _ := p.Do("XINFO", "GROUPS", e.Topic)
		list, _ := groups.([]any)
		for _, g := range list {
			gm := pairs(g)
			gs := groupState{lag: -1, pending: num(gm["pending"])}
			gs.name, _ = gm["name"].(string)
			if l, ok := gm["lag"].(int64); ok {
				gs.lag = l
			} else if r, ok := gm["entries-read"].(int64); ok && s.added > 0 {
				gs.lag = s.added - r
			}
			if gs.pending > 0 {
				x, _ := p.Do("XPENDING", e.Topic, gs.name)
				if l, ok := x.([]any); ok && len(l) > 1 {
					gs.minPending, _ = l[1].(string)
				}
			}
			s.groups = append(s.groups, gs)
		}
		out = append(out, s)
	}
	return out
}

// streamSeries is one topic over the run: its length at every sample, and the most
// any group had waiting (unread + pending), the margin trimming must leave.
type streamSeries struct {
	lengths      []point
	maxLen       int64
	added        int64
	maxNeeded    int64 // most entries one group still needed at once
	maxNeededFor string
}

func (ss *streamSeries) add(at time.Duration, s streamState) {
	ss.lengths = append(ss.lengths, point{at: at, v: s.length})
	ss.maxLen = max(ss.maxLen, s.length)
	ss.added = s.added
	for _, g := range s.groups {
		if need := max(g.lag, 0) + g.pending; need > ss.maxNeeded {
			ss.maxNeeded, ss.maxNeededFor = need, g.name
		}
	}
}

// streamBound sizes maxLenApprox for a stream fed at rate entries per second: every
// entry published while the oldest unacknowledged one waits must still be there when it
// is handed to another consumer, with half as much again for unevenness.
func streamBound(rate float64, window time.Duration) int {
	n := int(math.Ceil(rate*window.Seconds()*1.5/100)) * 100
	return max(n, 500)
}

// redeliveryWindow is the longest an entry stays unacknowledged while its consumer
// group still needs it, read from the shipped components: a holder that dies leaves it
// pending for processingTimeout, the next reclaim comes within redeliverInterval, and
// the new holder may then run the whole inbound retry sequence (resiliency.yaml: every
// call up to its delivery timeout, maxRetries back-offs of at most maxInterval).
func redeliveryWindow(t *testing.T) time.Duration {
	pubsub, res := readComponent(t, "pubsub.yaml"), readComponent(t, "resiliency.yaml")
	pt, ri := yamlDuration(t, pubsub, `name: processingTimeout\s+value: "?([0-9a-z]+)"?`), yamlDuration(t, pubsub, `name: redeliverInterval\s+value: "?([0-9a-z]+)"?`)
	call := yamlDuration(t, res, `timeouts:\s+delivery: ([0-9a-z]+)`)
	m := regexp.MustCompile(`retries:(?:\s+#.*)*\s+delivery:\s+policy: \w+\s+initialInterval: \S+\s+maxInterval: ([0-9a-z]+)\s+maxRetries: ([0-9]+)`).FindStringSubmatch(res)
	if m == nil {
		t.Fatal("components/local/resiliency.yaml: no retries.delivery with maxInterval and maxRetries")
	}
	back, _ := time.ParseDuration(m[1])
	n, _ := strconv.Atoi(m[2])
	return pt + ri + time.Duration(n+1)*call + time.Duration(n)*back
}

func readComponent(t *testing.T, name string) string {
	b, err := os.ReadFile(filepath.Join(testpipe.Root, "components", "local", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// yamlDuration reads the duration the pattern's group captures (plain milliseconds
// or a Go duration).
func yamlDuration(t *testing.T, yaml, pattern string) time.Duration {
	m := regexp.MustCompile(pattern).FindStringSubmatch(yaml)
	if m == nil {
		t.Fatalf("components/local: nothing matches %s", pattern)
	}
	if ms, err := strconv.Atoi(m[1]); err == nil {
		return time.Duration(ms) * time.Millisecond
	}
	d, err := time.ParseDuration(m[1])
	if err != nil {
		t.Fatalf("components/local: %q: %v", m[1], err)
	}
	return d
}

var maxLenLine = regexp.MustCompile(`(- name: maxLenApprox\s+value: )"[0-9]+"`)

// withMaxLen sets the Redis pub/sub's maxLenApprox to n in the pipeline's copy.
func withMaxLen(n int) func(name, yaml string) string {
	return func(name, yaml string) string {
		if name != "pubsub.yaml" || !strings.Contains(yaml, "pubsub.redis") {
			return yaml
		}
		v := strconv.Quote(strconv.Itoa(n))
		if maxLenLine.MatchString(yaml) {
			return maxLenLine.ReplaceAllString(yaml, "${1}"+v)
		}
		return strings.Replace(yaml, "    - name: concurrency\n",
			"    - name: maxLenApprox\n      value: "+v+"\n    - name: concurrency\n", 1)
	}
}

// pairs reads a flat RESP array of field, value, field, value.
func pairs(v any) map[string]any {
	l, _ := v.([]any)
	m := map[string]any{}
	for i := 0; i+1 < len(l); i += 2 {
		if k, ok := l[i].(string); ok {
			m[k] = l[i+1]
		}
	}
	return m
}

func num(v any) int64 {
	n, _ := v.(int64)
	return n
}

// idLess compares stream ids (ms-seq) numerically.
func idLess(a, b string) bool {
	am, as := splitID(a)
	bm, bs := splitID(b)
	return am < bm || (am == bm && as < bs)
}

func splitID(id string) (uint64, uint64) {
	ms, seq, _ := strings.Cut(id, "-")
	m, _ := strconv.ParseUint(ms, 10, 64)
	s, _ := strconv.ParseUint(seq, 10, 64)
	return m, s
}
