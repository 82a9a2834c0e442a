package step

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics every app exposes at /metrics in Prometheus text format. Labels stay few and
// bounded (stage, topic, outcome): file ids go to logs and traces, never to labels.
var (
	filesTotal = promauto.NewCounterVec(prometheus.CounterOpts{
		Name: "choreo_files_total",
		Help: "Files that reached an outcome at a stage (received, validated, rejected, adapted, created, compensated, dead_letter, stalled...).",
	}, []string{"stage", "outcome"})
	deliveriesTotal = promauto.NewCounterVec(prometheus.CounterOpts{
		Name: "choreo_deliveries_total",
		Help: "Event deliveries handled, by topic and result (done, retry, dead_letter, duplicate).",
	}, []string{"stage", "topic", "outcome"})
	stepSeconds = promauto.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "choreo_step_duration_seconds",
		Help:    "Time a step spent on one delivery, by topic.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
	}, []string{"stage", "topic"})
)

func observeDelivery(stage, topic, outcome string, took time.Duration) {
	deliveriesTotal.WithLabelValues(stage, topic, outcome).Inc()
	if outcome != "duplicate" {
		stepSeconds.WithLabelValues(stage, topic).Observe(took.Seconds())
	}
}

func metricsHandler() http.Handler { return promhttp.Handler() }

var deadLettersTotal = promauto.NewCounterVec(prometheus.CounterOpts{
	Name: "choreo_dead_letters_total",
	Help: "Dead letters recorded by the keeper, by the stage that failed and kind (step, custody, compensation).",
}, []string{"stage", "kind"})

// CountDeadLetter counts a dead letter the keeper recorded.
func CountDeadLetter(stage, kind string) { deadLettersTotal.WithLabelValues(stage, kind).Inc() }
