package step

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

const (
	sidecarSpan  = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" // the header's
	publishedTP  = "00-4bf92f3577b34da6a3ce929d0e0e4736-1111111111111111-01" // the CloudEvent's
	otherTraceTP = "00-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-2222222222222222-01"
)

// recordSpans installs a tracer provider that keeps every ended span, for one test.
func recordSpans(t *testing.T) *tracetest.SpanRecorder {
	rec := tracetest.NewSpanRecorder()
	prev := otel.GetTracerProvider()
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec)))
	t.Cleanup(func() { otel.SetTracerProvider(prev) })
	return rec
}

// deliverWith sends one CloudEvent to a subscription as the sidecar does, with the
// sidecar's traceparent header when header is set, and returns what the handler saw.
func deliverWith(t *testing.T, header, cloudEventTP string, h Handler) {
	t.Helper()
	srv := serveTopic(slog.New(slog.NewTextHandler(io.Discard, nil)), "validator",
		Subscription{Topic: "file.received", Handler: h}, &attempts{n: map[string]int{}}, newDeliverer(newMemLedger(), Holder{Replica: "r1", Process: "p1"}))
	body := `{"id":"f-1/file.received","topic":"file.received","data":{},"traceparent":"` + cloudEventTP + `"}`
	r := httptest.NewRequest(http.MethodPost, "/events/file.received", strings.NewReader(body))
	if header != "" {
		r.Header.Set("traceparent", header)
	}
	w := httptest.NewRecorder()
	srv(w, r)
	if !strings.Contains(w.Body.String(), "SUCCESS") {
		t.Fatalf("delivery answered %s", w.Body.String())
	}
}

func TestDeliverySpanIsTheSidecarsChildAndWorkNestsUnderIt(t *testing.T) {
	rec := recordSpans(t)
	var published string
	deliverWith(t, sidecarSpan, publishedTP, func(ctx context.Context, m Message) error {
		_, end := Work(ctx, "validate", "f-1")
		end(nil)
		published = outgoingTraceParent(ctx, m.TraceParent)
		return nil
	})
	spans := rec.Ended()
	if len(spans) != 2 {
		t.Fatalf("%d spans ended, want the work's and the delivery's", len(spans))
	}
	work, delivery := spans[0], spans[1]
	if got := delivery.Parent().SpanID().String(); got != "00f067aa0ba902b7" {
		t.Errorf("delivery span's parent is %s, want the sidecar's span from the header", got)
	}
	if got := delivery.SpanContext().TraceID().String(); got != traceID(publishedTP) {
		t.Errorf("delivery span in trace %s, want the file's trace", got)
	}
	if work.Parent().SpanID() != delivery.SpanContext().SpanID() || work.Name() != "validate" {
		t.Errorf("work span %q has parent %s, want the delivery span %s", work.Name(), work.Parent().SpanID(), delivery.SpanContext().SpanID())
	}
	want := "00-" + traceID(publishedTP) + "-" + delivery.SpanContext().SpanID().String() + "-01"
	if published != want {
		t.Errorf("published traceparent %s, want the delivery span's %s", published, want)
	}
	for _, s := range spans {
		for _, a := range s.Attributes() {
			if a.Key == "choreo.file_id" && a.Value.AsString() != "f-1" {
				t.Errorf("span %s: file id %q", s.Name(), a.Value.AsString())
			}
		}
	}
}

func TestDeliverySpanFallsBackToTheCloudEventsTraceparent(t *testing.T) {
	rec := recordSpans(t)
	deliverWith(t, "", publishedTP, func(context.Context, Message) error { return nil })
	d := rec.Ended()[0]
	if d.Parent().SpanID().String() != "1111111111111111" || d.SpanContext().TraceID().String() != traceID(publishedTP) {
		t.Errorf("delivery span: parent %s in trace %s, want the CloudEvent's span", d.Parent().SpanID(), d.SpanContext().TraceID())
	}
}

// A span of another trace (intake handling a blob's arrival) does not carry a file's
// events: the file's own trace goes on, under the span its traceparent names.
func TestPublishKeepsTheFilesTraceWhenTheSpanIsAnothers(t *testing.T) {
	recordSpans(t)
	deliverWith(t, otherTraceTP, otherTraceTP, func(ctx context.Context, _ Message) error {
		got := outgoingTraceParent(ctx, publishedTP)
		if got != publishedTP {
			t.Errorf("published %s, want the file's own %s", got, publishedTP)
		}
		return nil
	})
}

func TestStartTraceIsARealRootLinkedToTheArrival(t *testing.T) {
	rec := recordSpans(t)
	var tp string
	deliverWith(t, otherTraceTP, otherTraceTP, func(ctx context.Context, _ Message) error {
		tp = StartTrace(ctx, "file claimed", "f-1")
		return nil
	})
	root := rec.Ended()[0]
	if root.Name() != "file claimed" || root.Parent().IsValid() {
		t.Fatalf("first span %q with parent %v, want the root", root.Name(), root.Parent())
	}
	if want := "00-" + root.SpanContext().TraceID().String() + "-" + root.SpanContext().SpanID().String() + "-01"; tp != want {
		t.Errorf("traceparent %s, want the root's %s", tp, want)
	}
	if traceID(tp) == traceID(otherTraceTP) {
		t.Error("the file's trace is the arrival's")
	}
	if l := root.Links(); len(l) != 1 || l[0].SpanContext.TraceID().String() != traceID(otherTraceTP) {
		t.Errorf("root links %v, want the arrival's delivery span", l)
	}
}
