package step

import (
	"context"
	"encoding/json"
	"fmt"

	dapr "github.com/dapr/go-sdk/client"
	"google.golang.org/grpc/metadata"

	"github.com/paychoreo/choreography/internal/events"
)

// Announcement is the event a transactional write publishes through the state store's
// outbox: the component names the pub/sub and the topic (outboxPublishPubsub,
// outboxPublishTopic); this names what the event says.
type Announcement struct {
	Topic       string // the component's outboxPublishTopic; sets the CloudEvent type
	Subject     string // CloudEvent subject: what the event is about, e.g. the order id
	TraceParent string // the trace the event continues
	Payload     any    // the event's data (the stored value stays private)
}

// SaveAndAnnounce stores value under key and publishes the announcement in one state
// transaction, through Dapr's transactional outbox (daprd pkg/runtime/pubsub/outbox.go):
// the sidecar first publishes an internal message that names a marker key, then commits
// the value and the marker together; its own subscriber waits for the marker and only
// then publishes the event, and deletes the marker. A value is thus never stored without
// its event, and an event never leaves for a value that was not stored.
//
// Exactly one value per transaction: the outbox publishes one event per upsert. The
// payload travels as an outbox projection (a second operation on the same key that is
// published, not stored). Dapr gives the event its own id (the marker's, the same on every
// redelivery); consumers recognise the subject by Subject.
func (s *Sidecar) SaveAndAnnounce(ctx context.Context, store, key string, value any, a Announcement) error {
	stored, err := json.Marshal(value)
	if err != nil {
		return fmt.Errorf("encode state %s/%s: %w", store, key, err)
	}
	event, err := json.Marshal(a.Payload)
	if err != nil {
		return fmt.Errorf("encode %s payload: %w", a.Topic, err)
	}
	// The outbox copies the stored operation's metadata into the CloudEvent's attributes
	// (all but id and data); the Redis store ignores these keys. No contentType there:
	// state.redis would then write the value as RedisJSON.
	ce := map[string]string{"type": events.Type(a.Topic), "subject": a.Subject}
	if a.TraceParent != "" {
		child := outgoingTraceParent(ctx, a.TraceParent)
		ce["traceparent"], ce["traceid"] = child, child
		ctx = metadata.AppendToOutgoingContext(ctx, "traceparent", child)
	}
	ops := []*dapr.StateOperation{
		{Type: dapr.StateOperationTypeUpsert, Item: &dapr.SetStateItem{Key: key, Value: stored, Metadata: ce}},
		{Type: dapr.StateOperationTypeUpsert, Item: &dapr.SetStateItem{Key: key, Value: event,
			Metadata: map[string]string{"outbox.projection": "true", "contentType": "application/json"}}},
	}
	if err := s.c.ExecuteStateTransaction(ctx, store, nil, ops); err != nil {
		return fmt.Errorf("store %s/%s and announce %s: %w", store, key, a.Topic, err)
	}
	return nil
}
