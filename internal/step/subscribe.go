package step

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"
)

// Message is one delivered event, stripped of the CloudEvent envelope.
type Message struct {
	ID          string          // CloudEvent id: deterministic per file and stage
	Type        string          // CloudEvent type, e.g. paychoreo.file.received.v1
	Topic       string          // topic it arrived on
	Data        json.RawMessage // the event payload
	TraceParent string          // W3C trace context of the publish
	Attempt     int             // deliveries of this id seen by this process, from 1
}

// Decode unmarshals the payload, marking malformed payloads as permanent failures.
func (m Message) Decode(v any) error {
	if err := json.Unmarshal(m.Data, v); err != nil {
		return Permanentf("decode %s payload of event %q: %w", m.Topic, m.ID, err)
	}
	return nil
}

// Handler processes one message; see outcome.go for what its error means.
type Handler func(ctx context.Context, m Message) error

// Subscription binds a topic to a handler. Every subscription has a dead-letter topic,
// paired with the inbound retry policy in the resiliency file.
type Subscription struct {
	Topic           string
	DeadLetterTopic string
	Handler         Handler
}

func (s Subscription) route() string { return "/events/" + s.Topic }

// envelope is the part of Dapr's CloudEvent the apps use.
type envelope struct {
	ID          string          `json:"id"`
	Type        string          `json:"type"`
	Topic       string          `json:"topic"`
	Data        json.RawMessage `json:"data"`
	TraceParent string          `json:"traceparent"`
}

// attempts counts deliveries per event id within this process, so logs say which try
// this is; the resiliency policy, not this counter, decides when to stop.
type attempts struct {
	mu sync.Mutex
	n  map[string]int
}

func (a *attempts) next(id string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.n) > 100_000 { // bounded: forget everything rather than grow for ever
		a.n = map[string]int{}
	}
	a.n[id]++
	return a.n[id]
}

func (a *attempts) done(id string) {
	a.mu.Lock()
	delete(a.n, id)
	a.mu.Unlock()
}

// serveTopic adapts a Handler to Dapr's HTTP subscription protocol.
func serveTopic(log *slog.Logger, s Subscription, tries *attempts) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		var ev envelope
		body, err := io.ReadAll(r.Body)
		if err == nil {
			err = json.Unmarshal(body, &ev)
		}
		if err != nil {
			err = Permanentf("read CloudEvent on %s: %w", s.Topic, err)
		} else {
			m := Message{ID: ev.ID, Type: ev.Type, Topic: s.Topic, Data: ev.Data, TraceParent: ev.TraceParent}
			m.Attempt = tries.next(ev.ID)
			err = safeHandle(r.Context(), s.Handler, m)
			logDelivery(log, m, err, time.Since(start))
			if status(err) != statusRetry {
				tries.done(ev.ID)
			}
		}
		writeStatus(w, status(err))
	}
}

// safeHandle turns a panic in step code into a dead letter instead of a crashed app.
func safeHandle(ctx context.Context, h Handler, m Message) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = Permanentf("panic handling %s: %v", m.ID, p)
		}
	}()
	return h(ctx, m)
}

func logDelivery(log *slog.Logger, m Message, err error, took time.Duration) {
	attrs := []any{"event_id", m.ID, "topic", m.Topic, "attempt", m.Attempt,
		"outcome", Outcome(err), "duration_ms", took.Milliseconds(), "trace_id", traceID(m.TraceParent)}
	if err != nil {
		log.Warn("delivery failed", append(attrs, "error", err.Error())...)
		return
	}
	log.Info("delivery handled", attrs...)
}

func writeStatus(w http.ResponseWriter, s string) {
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"status":%q}`, s)
}

// traceID extracts the trace id from a W3C traceparent (version-traceid-spanid-flags).
func traceID(traceparent string) string {
	if len(traceparent) >= 35 {
		return traceparent[3:35]
	}
	return ""
}
