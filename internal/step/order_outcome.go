package step

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

var ordersTotal = promauto.NewCounterVec(prometheus.CounterOpts{
	Name: "choreo_orders_total",
	Help: "Orders that reached an outcome at a stage (accepted, reserved, unavailable, authorised, declined, confirmed, cancelled, released, voided...).",
}, []string{"stage", "outcome"})

// OrderOutcome logs what a step did with an order, with the keys every line about an
// order carries (order_id, event_id, trace_id, stage, outcome), and counts it in
// choreo_orders_total. attrs add detail.
func (a *App) OrderOutcome(m Message, orderID, outcome string, attrs ...any) {
	ordersTotal.WithLabelValues(a.Config.AppID, outcome).Inc()
	base := []any{"order_id", orderID, "event_id", m.ID, "trace_id", traceID(m.TraceParent),
		"stage", a.Config.AppID, "outcome", outcome}
	a.Log.Info("order "+outcome, append(base, attrs...)...)
}
