//go:build chaos

package chaos

import (
	"strings"
	"testing"
	"time"
)

// The soak's own arithmetic, without a pipeline.

func TestStreamStateUnsafe(t *testing.T) {
	ok := streamState{topic: "t", length: 100, firstID: "5-0", groups: []groupState{{name: "a", lag: 100, pending: 2, minPending: "5-0"}}}
	if why := ok.unsafe(); why != "" {
		t.Errorf("nothing trimmed that was needed, got %q", why)
	}
	unread := streamState{topic: "t", length: 100, firstID: "5-0", groups: []groupState{{name: "a", lag: 101}}}
	if !strings.Contains(unread.unsafe(), "101 entries unread") {
		t.Errorf("an unread entry trimmed: %q", unread.unsafe())
	}
	held := streamState{topic: "t", length: 100, firstID: "10-3", groups: []groupState{{name: "a", lag: 0, pending: 1, minPending: "10-2"}}}
	if !strings.Contains(held.unsafe(), "pending 10-2") {
		t.Errorf("a pending entry trimmed: %q", held.unsafe())
	}
	acked := streamState{topic: "t", length: 1, firstID: "9-0", groups: []groupState{{name: "a", lag: 0, pending: 1}}}
	if acked.unsafe() != "" {
		t.Errorf("pending counted, then acknowledged before XPENDING: no finding, got %q", acked.unsafe())
	}
	unknown := streamState{topic: "t", length: 1, firstID: "1-0", groups: []groupState{{name: "a", lag: -1}}}
	if unknown.unsafe() != "" {
		t.Errorf("an unknown lag is no finding: %q", unknown.unsafe())
	}
}

func TestIDLessIsNumeric(t *testing.T) {
	if !idLess("999-0", "1000-0") || idLess("10-10", "10-9") || idLess("7-1", "7-1") {
		t.Error("stream ids compare as numbers, milliseconds first")
	}
}

func TestWithMaxLen(t *testing.T) {
	yaml := "spec:\n  type: pubsub.redis\n  metadata:\n    - name: concurrency\n      value: \"10\"\n"
	got := withMaxLen(700)("pubsub.yaml", yaml)
	if !strings.Contains(got, "- name: maxLenApprox\n      value: \"700\"\n    - name: concurrency") {
		t.Errorf("inserted:\n%s", got)
	}
	if again := withMaxLen(900)("pubsub.yaml", got); !strings.Contains(again, `value: "900"`) || strings.Contains(again, `"700"`) {
		t.Errorf("replaced:\n%s", again)
	}
	if other := withMaxLen(700)("orders.yaml", yaml); other != yaml {
		t.Error("only the file bus's pubsub.yaml is edited")
	}
}

// The shipped components give a window longer than processingTimeout, and the shipped
// bound covers it at the documented capacity (31 files/s per replica set, 4 sets) with a
// 10,000-file burst unread on top.
func TestShippedStreamBound(t *testing.T) {
	w := redeliveryWindow(t)
	if w < 30*time.Second || w > 30*time.Minute {
		t.Fatalf("redelivery window %s: not read right from components/local", w)
	}
	need := int(4*31*w.Seconds()) + 10_000
	if got := shippedMaxLen(t); got < need {
		t.Errorf("maxLenApprox %d < %d (4 x 31 files/s x %s + 10,000)", got, need, w)
	}
	t.Logf("window %s, bound needed %d, shipped %d", w, need, shippedMaxLen(t))
}
