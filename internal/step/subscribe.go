package step

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/paychoreo/choreography/internal/events"
)

// Message is one delivered event, stripped of the CloudEvent envelope.
type Message struct {
	ID          string          // CloudEvent id: deterministic per file and stage
	Type        string          // CloudEvent type, e.g. paychoreo.file.received.v1
	Topic       string          // topic it arrived on
	Data        json.RawMessage // the event payload
	TraceParent string          // W3C trace context of the publish
	Attempt     int             // deliveries of this id seen by this process, from 1
	// Origin is the topic named inside the CloudEvent: on a dead-letter topic, the topic
	// the event was first published to.
	Origin string
	Time   string // CloudEvent time: when it was published
	// Subject is the CloudEvent subject: what the event is about, where the producer
	// says so outside the payload (Event Grid's blob events name their blob there).
	Subject string
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

// Subscription binds a topic to a handler. Run gives every subscription its dead-letter
// topic (events.DeadLetterTopic), paired with the inbound retry policy in the
// resiliency file.
type Subscription struct {
	Topic   string
	Handler Handler
	// Idempotent says the handler recognises an event it has handled by itself (an
	// observer that keeps each event id once) and returns ErrDuplicate for it. The
	// ledger then neither checks nor marks its deliveries, two state calls fewer each;
	// it still records failures.
	Idempotent      bool
	DeadLetterTopic string // set by Run
}

func (s Subscription) route() string { return "/events/" + s.Topic }

// subscribeList answers Dapr's programmatic subscription call.
func subscribeList(cfg Config, subs []Subscription) http.HandlerFunc {
	type sub struct {
		PubsubName      string `json:"pubsubname"`
		Topic           string `json:"topic"`
		Route           string `json:"route"`
		DeadLetterTopic string `json:"deadLetterTopic"`
	}
	list := make([]sub, 0, len(subs))
	for _, s := range subs {
		list = append(list, sub{events.PubSubOf(s.Topic), s.Topic, s.route(), s.DeadLetterTopic})
	}
	body, _ := json.Marshal(list)
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}
}

// envelope is the part of Dapr's CloudEvent the apps use.
type envelope struct {
	ID          string          `json:"id"`
	Type        string          `json:"type"`
	Topic       string          `json:"topic"`
	Data        json.RawMessage `json:"data"`
	TraceParent string          `json:"traceparent"`
	Time        string          `json:"time"`
	Subject     string          `json:"subject"`
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

// serveTopic adapts a Handler to Dapr's HTTP subscription protocol, with the ledger
// in front (duplicates are acknowledged with no second effect) and behind (success is
// marked, failures are recorded for the dead-letter keeper).
func serveTopic(log *slog.Logger, stage string, s Subscription, tries *attempts, d *deliverer) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		var ev envelope
		body, err := io.ReadAll(r.Body)
		if err == nil {
			err = json.Unmarshal(body, &ev)
		}
		if err != nil {
			writeStatus(w, status(Permanentf("read CloudEvent on %s: %w", s.Topic, err)))
			return
		}
		m := Message{ID: ev.ID, Type: ev.Type, Topic: s.Topic, Data: ev.Data, TraceParent: ev.TraceParent, Origin: ev.Topic, Time: ev.Time,
			Subject: ev.Subject}
		m.Attempt = tries.next(ev.ID)
		observeAge(stage, m, start)
		ctx, span := startDelivery(r, stage, m)
		err = d.deliver(ctx, s, m)
		endDelivery(span, err)
		if errors.Is(err, ErrInProgress) {
			// Not a failure: the message stays pending and comes back (lease.go).
			log.Info("delivery in progress", "event_id", m.ID, "topic", m.Topic, "stage", stage, "outcome", "in_progress",
				"attempt", m.Attempt, "reason", err.Error(), "trace_id", traceID(m.TraceParent))
			observeDelivery(stage, m.Topic, "in_progress", time.Since(start))
		} else if errors.Is(err, ErrDuplicate) {
			log.Info("duplicate delivery acknowledged", "event_id", m.ID, "topic", m.Topic, "stage", stage, "outcome", "duplicate",
				"trace_id", traceID(m.TraceParent))
			observeDelivery(stage, m.Topic, "duplicate", time.Since(start))
			err = nil
		} else {
			logDelivery(log, stage, m, err, time.Since(start))
			observeDelivery(stage, m.Topic, Outcome(err), time.Since(start))
		}
		if status(err) != statusRetry {
			tries.done(ev.ID)
		}
		writeStatus(w, status(err))
	}
}

// ErrDuplicate is the answer to an event that was handled already: the delivery is
// acknowledged as a duplicate, with no second effect.
var ErrDuplicate = errors.New("step: event already handled")

// safeHandle turns a panic in step code into a dead letter instead of a crashed app.
func safeHandle(ctx context.Context, h Handler, m Message) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = Permanentf("panic handling %s: %v", m.ID, p)
		}
	}()
	return h(ctx, m)
}

func logDelivery(log *slog.Logger, stage string, m Message, err error, took time.Duration) {
	// Events of this project have the id <file id>/<topic>; another party's (Event Grid's
	// blob.created) have ids that name no file.
	fileID, _, ours := strings.Cut(m.ID, "/")
	if !ours {
		fileID = ""
	}
	attrs := []any{"event_id", m.ID, "topic", m.Topic, "file_id", fileID, "stage", stage, "attempt", m.Attempt,
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
