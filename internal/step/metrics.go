package step

import (
	"net/http"
	"strings"
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
		Help: "Event deliveries handled, by topic and result (done, retry, dead_letter, duplicate, in_progress).",
	}, []string{"stage", "topic", "outcome"})
	stepSeconds = promauto.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "choreo_step_duration_seconds",
		Help:    "Time a step spent on one delivery, by topic.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
	}, []string{"stage", "topic"})
)

func observeDelivery(stage, topic, outcome string, took time.Duration) {
	deliveriesTotal.WithLabelValues(stage, topic, outcome).Inc()
	if outcome != "duplicate" && outcome != "in_progress" { // a wait, not work
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

var stateConflicts = promauto.NewCounterVec(prometheus.CounterOpts{
	Name: "choreo_state_conflicts_total",
	Help: "Conditional state writes refused (an ETag changed since the read, or a first write lost a claim), by the kind of key.",
}, []string{"stage", "key"})

// countConflict counts a refused conditional write under its key's kind, never the key
// itself: keys hold file names and ids.
func countConflict(stage, key string) { stateConflicts.WithLabelValues(stage, keyKind(key)).Inc() }

// keyKind is the part of a state key before its first "|" (inbox, day, open, final...),
// or the whole key for the fixed names that have none (inbox-lease, dl-index). Anything
// that is not a short lowercase word is "other", so that the label set stays bounded.
func keyKind(key string) string {
	kind, _, _ := strings.Cut(key, "|")
	if kind == "" || len(kind) > 32 || strings.ContainsFunc(kind, func(r rune) bool {
		return (r < 'a' || r > 'z') && r != '-' && r != '_'
	}) {
		return "other"
	}
	return kind
}
