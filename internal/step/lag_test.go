package step

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestDeliveryAgeIsTheConsumersLag: a delivery counts its age from the event's CloudEvent
// time in choreo_delivery_age_seconds{stage,topic}; an event on a dead-letter topic (first
// published to another topic) and one without a readable time count nothing.
func TestDeliveryAgeIsTheConsumersLag(t *testing.T) {
	cfg := Config{AppID: "lag-test", AppToken: "secret"}
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	ok := func(context.Context, Message) error { return nil }
	h := routes(cfg, log, newMemLedger(), Wiring{Subscriptions: []Subscription{
		{Topic: "file.received", DeadLetterTopic: "deadletter.lag-test", Handler: ok},
		{Topic: "deadletter.validator", DeadLetterTopic: "deadletter.keeper", Handler: ok},
	}})
	deliver := func(topic, id, origin, at string) {
		body := fmt.Sprintf(`{"id":%q,"topic":%q,"time":%q,"data":{}}`, id, origin, at)
		r := httptest.NewRequest("POST", "/events/"+topic, strings.NewReader(body))
		r.Header.Set("dapr-api-token", "secret")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if !strings.Contains(w.Body.String(), "SUCCESS") {
			t.Fatalf("delivery of %s: %s", id, w.Body)
		}
	}
	// Dapr writes the time in whole seconds (RFC 3339): 90 s ago is 90-91 s old.
	deliver("file.received", "f-1/file.received", "file.received", time.Now().Add(-90*time.Second).Format(time.RFC3339))
	count, sum := deliveryAges(t, "lag-test", "file.received")
	if count != 1 || sum < 89 || sum > 95 {
		t.Fatalf("after one event published 90 s ago: %v observations summing to %v s, want one of about 90 s", count, sum)
	}
	deliver("file.received", "f-2/file.received", "file.received", "")
	deliver("file.received", "f-3/file.received", "file.received", "yesterday")
	deliver("deadletter.validator", "f-4/file.received", "file.received", time.Now().Add(-time.Hour).Format(time.RFC3339))
	if c, _ := deliveryAges(t, "lag-test", "file.received"); c != 1 {
		t.Errorf("events without a readable time were counted: %v observations, want 1", c)
	}
	if c, _ := deliveryAges(t, "lag-test", "deadletter.validator"); c != 0 {
		t.Errorf("a dead letter's age was counted as lag: %v observations", c)
	}
}

// TestDeliveryAgeOfAnEventFromTheFuture: a publisher's clock a little ahead is no lag.
func TestDeliveryAgeOfAnEventFromTheFuture(t *testing.T) {
	now := time.Now()
	observeAge("lag-future", Message{Topic: "file.adapted", Time: now.Add(2 * time.Second).Format(time.RFC3339Nano)}, now)
	if count, sum := deliveryAges(t, "lag-future", "file.adapted"); count != 1 || sum != 0 {
		t.Errorf("%v observations summing to %v s, want one of 0 s", count, sum)
	}
}

// deliveryAges reads choreo_delivery_age_seconds{stage,topic} from the default registry.
func deliveryAges(t *testing.T, stage, topic string) (count uint64, sum float64) {
	t.Helper()
	s := gatheredWith(t, "choreo_delivery_age_seconds", map[string]string{"stage": stage, "topic": topic})
	return s.count, s.sum
}
