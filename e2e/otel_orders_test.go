package e2e

import (
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/testpipe"
)

// notifierScope is the instrumentation scope of the notifier's spans (apps/notifier/lib/tracing.js).
const notifierScope = "@paychoreo/notifier"

// checkOrderTrace follows a placed order to its outcome and checks its trace: the
// order API's status names it; the root is the order API's "order accepted" span,
// with the order's id; stock's, payment's and shipping's handling of order.created and the
// notifier's notification hang under their sidecars' spans; every span of the trace is in one tree under the root.
func checkOrderTrace(t *testing.T, p *testpipe.Pipeline, otlp *otlpReceiver, id string) {
	t.Helper()
	got := ordersOf(t, p).final(id, time.Minute)
	if got.Status != "confirmed" || len(got.TraceID) != 32 {
		t.Fatalf("order %s: %+v, want confirmed with a trace id", id, got)
	}
	want := []string{"order accepted", "stock order.created", "payment order.created", "shipping order.created", "order-api order.confirmed"}
	var spans map[string]otlpSpan
	p.Eventually(time.Minute, "the apps' spans of the order's trace arrive", func() bool {
		spans = byName(otlp.trace(got.TraceID))
		for _, n := range want {
			if _, ok := spans[n]; !ok {
				return false
			}
		}
		return true
	})
	root := spans["order accepted"]
	if root.Service != "order-api" || root.Parent != "" || root.Attributes["choreo.order_id"] != id ||
		root.Attributes["choreo.outcome"] != "accepted" {
		t.Errorf("the order's root span: %+v", root)
	}
	t.Cleanup(func() {
		if t.Failed() {
			for _, s := range otlp.trace(got.TraceID) {
				t.Logf("order span %s/%s %q %s <- %s", s.Service, s.Scope, s.Name, s.SpanID, s.Parent)
			}
		}
	})
	p.Eventually(time.Minute, "every span of the order's trace hangs in one tree under the order API's span", func() bool {
		return oneTree(otlp.trace(got.TraceID), "order-api", "order accepted")
	})
	byID := map[string]otlpSpan{}
	for _, s := range otlp.trace(got.TraceID) {
		byID[s.SpanID] = s
	}
	for _, d := range want[1:] {
		if parent, found := byID[spans[d].Parent]; !found || parent.Scope == appScope {
			t.Errorf("%s: parent %s is not a sidecar's span of the order's trace", d, spans[d].Parent)
		}
	}
	// The notifier (Node.js) makes its span the same way, under its sidecar's.
	var notified, parent otlpSpan
	p.Eventually(time.Minute, "the notifier's span of the order and its sidecar's arrive", func() bool {
		found := false
		for _, s := range otlp.trace(got.TraceID) {
			if s.Scope == notifierScope && s.Name == "notifier order.confirmed" {
				notified = s
			}
			byID[s.SpanID] = s
		}
		parent, found = byID[notified.Parent]
		return notified.Name != "" && found
	})
	if notified.Service != "notifier" || parent.Scope == notifierScope ||
		notified.Attributes["choreo.order_id"] != id || notified.Attributes["choreo.outcome"] != "done" {
		t.Errorf("the notifier's span of the order: %+v (parent %+v)", notified, parent)
	}
}
