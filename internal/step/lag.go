package step

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

// deliveryAge is how far behind a consumer is: the time from an event's publication (its
// CloudEvent time, which the publishing sidecar sets) to the start of its handling here.
// Dapr's sidecar measures only the handling (dapr_component_pubsub_ingress_latencies),
// not the wait in the broker, so a backlog shows here first. Retries count: a retried
// event's age includes its back-off, as the file waits that long too.
var deliveryAge = promauto.NewHistogramVec(prometheus.HistogramOpts{
	Name:    "choreo_delivery_age_seconds",
	Help:    "Seconds from an event's publication (CloudEvent time) to the start of its handling, by stage and topic: the consumer's lag.",
	Buckets: []float64{.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600},
}, []string{"stage", "topic"})

// observeAge records a delivery's age. An event on a dead-letter topic keeps the time of
// its first publication (its Origin is another topic), so its age would be the retries'
// span, not a lag: it is left out, as is an event without a readable time.
func observeAge(stage string, m Message, now time.Time) {
	if m.Origin != "" && m.Origin != m.Topic {
		return
	}
	published, err := time.Parse(time.RFC3339Nano, m.Time)
	if err != nil {
		return
	}
	// Clocks of two hosts differ a little; an event from the future is not yet late.
	deliveryAge.WithLabelValues(stage, m.Topic).Observe(max(now.Sub(published).Seconds(), 0))
}
