package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// appScope is the instrumentation scope of the apps' own spans (internal/step).
const appScope = "github.com/paychoreo/choreography/internal/step"

// TestOneTraceWithTheAppsWork runs the pipeline exporting to an OTLP receiver, as make run
// does to Jaeger (OTEL_EXPORTER_OTLP_ENDPOINT for apps and sidecars alike), and follows
// one created file: its journey is one trace, a tree under intake's root span, each
// app's handling hangs under its
// sidecar's span, the apps' own work (validate; render and write File B) under that,
// no span says an account number or a name, and the tracker links the file to its trace.
// An order placed beside it is one trace too, rooted at the order API's span
// (otel_orders_test.go).
func TestOneTraceWithTheAppsWork(t *testing.T) {
	otlp := newOTLPReceiver(t)
	p := testpipe.Start(t, testpipe.Options{Offset: 200, Env: map[string]string{
		"OTEL_EXPORTER_OTLP_ENDPOINT": "http://" + otlp.Addr, "OTEL_EXPORTER_OTLP_INSECURE": "true",
		"CHOREO_TRACE_URL": "http://127.0.0.1:16686/trace/{trace_id}"}})
	dropFile(p, "traced.csv", "TRACE-1", "42.00")
	order := ordersOf(t, p).place("traced-order", orderBody("C-7", orderLine("BOOK-1", 1, "12.50")))
	good := p.Await("traced.csv", time.Minute)
	if good.Area != "archive" {
		t.Fatalf("traced.csv ended in %s, want archive (created)", good.Area)
	}
	trace := ""
	for _, ce := range p.Stream(events.FileCreated) {
		if strings.HasPrefix(ce.ID, good.FileID+"/") {
			trace = traceIDOf(ce)
		}
	}
	if trace == "" {
		t.Fatalf("no file.created of %s with a trace id", good.FileID)
	}
	want := []string{"validator file.received", "validate", "adaptor file.validated", "creator file.adapted", "write File B", "render File B"}
	var spans map[string]otlpSpan
	p.Eventually(time.Minute, "the apps' spans of the file's trace arrive", func() bool {
		spans = byName(otlp.trace(trace))
		for _, n := range want {
			if _, ok := spans[n]; !ok {
				return false
			}
		}
		return true
	})
	// The sidecars export in batches of their own: their spans may come later.
	deliveries := []string{"validator file.received", "adaptor file.validated", "creator file.adapted"}
	byID := map[string]otlpSpan{}
	p.Eventually(time.Minute, "the sidecars' spans the apps' deliveries hang under arrive", func() bool {
		for _, s := range otlp.trace(trace) {
			byID[s.SpanID] = s
		}
		for _, d := range deliveries {
			if _, ok := byID[spans[d].Parent]; !ok {
				return false
			}
		}
		return true
	})
	for _, delivery := range deliveries {
		parent, ok := byID[spans[delivery].Parent]
		if !ok || parent.Scope == appScope {
			t.Errorf("%s: parent %s is not a sidecar's span of the trace (%+v)", delivery, spans[delivery].Parent, parent)
		}
		if got := spans[delivery].Attributes["choreo.file_id"]; got != good.FileID {
			t.Errorf("%s: file id %q, want %s", delivery, got, good.FileID)
		}
	}
	if t.Failed() {
		for _, s := range otlp.trace(trace) {
			t.Logf("span %s/%s %q %s <- %s", s.Service, s.Scope, s.Name, s.SpanID, s.Parent)
		}
	}
	for child, parent := range map[string]string{"validate": "validator file.received",
		"write File B": "creator file.adapted", "render File B": "write File B"} {
		if spans[child].Parent != spans[parent].SpanID {
			t.Errorf("%s's parent is %s, want %s (%s)", child, spans[child].Parent, parent, spans[parent].SpanID)
		}
	}
	p.Eventually(time.Minute, "every span of the trace hangs in one tree under intake's root", func() bool {
		return oneTree(otlp.trace(trace), "intake", "file claimed")
	})
	tr, _ := p.Runs[0].App("tracker")
	var file struct {
		TraceURL string `json:"trace_url"`
	}
	api := fmt.Sprintf("http://127.0.0.1:%d/api/files/%s", tr.AppPort, good.FileID)
	p.Eventually(time.Minute, "the tracker links the file to its trace", func() bool {
		return getJSON(api, &file) == nil && file.TraceURL != ""
	})
	if file.TraceURL != "http://127.0.0.1:16686/trace/"+trace {
		t.Errorf("the tracker links %s to %q, want its trace %s", good.FileID, file.TraceURL, trace)
	}
	checkOrderTrace(t, p, otlp, order)
	for _, s := range otlp.all() {
		for k, v := range s.Attributes {
			for _, secret := range []string{"DE89370400440532013000", "FR1420041010050500013M02606", "Widget GmbH", "Ada Lovelace", "ada@example.org"} {
				if strings.Contains(v, secret) {
					t.Errorf("span %s of %s: attribute %s holds payment data", s.Name, s.Service, k)
				}
			}
		}
	}
}

// oneTree says whether spans form one tree: one root, service's span named root
// (intake's "file claimed", order-api's "order accepted"), and every other span's parent
// among them.
func oneTree(spans []otlpSpan, service, root string) bool {
	ids := map[string]bool{}
	for _, s := range spans {
		ids[s.SpanID] = true
	}
	roots := 0
	for _, s := range spans {
		switch {
		case s.Parent == "" && s.Name == root && s.Service == service:
			roots++
		case !ids[s.Parent]:
			return false
		}
	}
	return roots == 1
}

// byName keeps one span per name: the apps' spans by their names; the sidecars' too.
func byName(spans []otlpSpan) map[string]otlpSpan {
	m := map[string]otlpSpan{}
	for _, s := range spans {
		if s.Scope == appScope {
			m[s.Name] = s
		}
	}
	return m
}
