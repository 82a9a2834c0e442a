package step

import (
	"context"

	"github.com/paychoreo/choreography/internal/blobevent"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"

	"github.com/paychoreo/choreography/internal/events"
)

// PublishBlobEvent publishes a blob.created event, which is a whole CloudEvent already
// (Event Grid's schema), so that its id, type, source and subject arrive as Event Grid
// sets them; the sidecar adds only what is missing (trace context, topic, pub/sub name).
func (s *Sidecar) PublishBlobEvent(ctx context.Context, ev blobevent.CloudEvent) error {
	return blobevent.Publish(ctx, s.c, events.PubSubOf(events.BlobCreated), events.BlobCreated, ev)
}

var arrivalEvents = promauto.NewCounterVec(prometheus.CounterOpts{
	Name: "choreo_arrival_events_total",
	Help: "Blob-created events intake took, by what became of them (announced, duplicate, claim_race, gone, ignored, malformed, unsafe_name).",
}, []string{"outcome"})

// CountArrival counts one blob-created event by its outcome.
func CountArrival(outcome string) { arrivalEvents.WithLabelValues(outcome).Inc() }
