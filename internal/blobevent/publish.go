package blobevent

import (
	"context"
	"encoding/json"
	"fmt"

	dapr "github.com/dapr/go-sdk/client"
)

// Publish sends an event through a Dapr sidecar as the whole CloudEvent it is, so that
// its id, type, source, subject and time arrive as Event Grid would set them. The
// uploader and the tests use it where the storage emits no events (Azurite).
func Publish(ctx context.Context, c dapr.Client, pubsub, topic string, ev CloudEvent) error {
	raw, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	if err := c.PublishEvent(ctx, pubsub, topic, raw, dapr.PublishEventWithContentType("application/cloudevents+json")); err != nil {
		return fmt.Errorf("publish %s for %s: %w", topic, ev.Subject, err)
	}
	return nil
}
