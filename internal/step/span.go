package step

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// Spans name what an app did, never with what: their attributes are ids, the stage, the
// topic and the outcome; no IBAN, name or error text (errors can quote File A, and are
// in the app's log under the same trace_id, masked).
const tracerName = "github.com/paychoreo/choreography/internal/step"

func tracer() trace.Tracer { return otel.Tracer(tracerName) }

// startDelivery starts the span of one delivery's handling, a child of the sidecar's
// span: the sidecar names it in the request's traceparent header; the CloudEvent's
// traceparent (the publisher's) stands in when the header is absent.
func startDelivery(r *http.Request, stage string, m Message) (context.Context, trace.Span) {
	parent := r.Header.Get("traceparent")
	if parent == "" {
		parent = m.TraceParent
	}
	ctx := propagation.TraceContext{}.Extract(r.Context(), propagation.MapCarrier{"traceparent": parent})
	return tracer().Start(ctx, stage+" "+m.Topic, trace.WithSpanKind(trace.SpanKindConsumer), trace.WithAttributes(
		attribute.String("choreo.file_id", fileOfEvent(m.ID)),
		attribute.String("choreo.stage", stage),
		attribute.String("messaging.destination.name", m.Topic),
		attribute.String("messaging.message.id", m.ID),
		attribute.Int("choreo.attempt", m.Attempt)))
}

// endDelivery records the delivery's outcome (done, duplicate, in_progress, retry, dead_letter).
func endDelivery(span trace.Span, err error) {
	outcome := Outcome(err)
	switch {
	case errors.Is(err, ErrDuplicate):
		outcome = "duplicate"
	case errors.Is(err, ErrInProgress):
		outcome = "in_progress"
	}
	span.SetAttributes(attribute.String("choreo.outcome", outcome))
	if outcome == "retry" || outcome == "dead_letter" {
		span.SetStatus(codes.Error, outcome)
	}
	span.End()
}

// fileOfEvent is the file id of this project's event ids (<file id>/<topic>), or "".
func fileOfEvent(eventID string) string {
	fileID, _, ours := strings.Cut(eventID, "/")
	if !ours {
		return ""
	}
	return fileID
}

// Work starts a child span for a part of a step's work that matters on its own (read
// File A, validate, render File B, write File B, write a report). Call the returned
// function with the part's error when it ends.
func Work(ctx context.Context, name, fileID string) (context.Context, func(error)) {
	ctx, span := tracer().Start(ctx, name, trace.WithAttributes(attribute.String("choreo.file_id", fileID)))
	return ctx, func(err error) {
		outcome := "done"
		if err != nil {
			outcome = "failed"
			span.SetStatus(codes.Error, outcome)
		}
		span.SetAttributes(attribute.String("choreo.outcome", outcome))
		span.End()
	}
}

// outgoingTraceParent is the traceparent an event published now carries: the current
// span's, so the next step's spans hang under this one, when it belongs to the file's
// trace; otherwise (no span, or a span of another trace, as intake's handling of a
// blob's arrival) the file's own, which names a span that exists: the trace's root
// (StartTrace) or the event being handled.
func outgoingTraceParent(ctx context.Context, fileTrace string) string {
	sc := trace.SpanContextFromContext(ctx)
	if sc.IsValid() && trace.SpanFromContext(ctx).IsRecording() && sc.TraceID().String() == traceID(fileTrace) {
		c := propagation.MapCarrier{}
		propagation.TraceContext{}.Inject(ctx, c)
		return c["traceparent"]
	}
	if len(fileTrace) == 55 {
		return fileTrace
	}
	return ChildTraceParent(fileTrace) // not a W3C traceparent: a new trace
}

// StartTrace begins the trace a file's whole journey belongs to and returns its
// traceparent: a root span named name, ended at once, so the first event's parent is a
// span the backend has. It links the span being handled (intake's handling of the
// blob's arrival), which belongs to a trace of its own. Without a tracer provider (a
// tool, a unit test) it is NewTraceParent's.
func StartTrace(ctx context.Context, name, fileID string) string {
	_, span, traceparent := StartRoot(ctx, name, trace.LinkFromContext(ctx), attribute.String("choreo.file_id", fileID))
	span.End()
	return traceparent
}

// StartRoot starts a span that begins a trace of its own, linked to link (the span
// being handled, which belongs to another trace), and returns it with its traceparent
// for the events that continue the trace: an order's journey hangs under the order
// API's span that accepted it. End the span when the work it names is done. Without a
// tracer provider (a tool, a unit test) the traceparent is NewTraceParent's.
func StartRoot(ctx context.Context, name string, link trace.Link, attrs ...attribute.KeyValue) (context.Context, trace.Span, string) {
	ctx, span := tracer().Start(ctx, name, trace.WithNewRoot(), trace.WithLinks(link), trace.WithAttributes(attrs...))
	if !span.IsRecording() {
		return ctx, span, NewTraceParent()
	}
	c := propagation.MapCarrier{}
	propagation.TraceContext{}.Inject(ctx, c)
	return ctx, span, c["traceparent"]
}

// RequestLink links to the span that sent an HTTP request (its traceparent header; the
// sidecar's span of a service invocation), for a root span started while handling it.
func RequestLink(r *http.Request) trace.Link {
	return trace.LinkFromContext(propagation.TraceContext{}.Extract(r.Context(), propagation.HeaderCarrier(r.Header)))
}
