package journey

import (
	"time"

	"github.com/paychoreo/choreography/internal/events"
)

// Durations are the stage durations of an order, on the tracker's clock like a file's (tracking.Durations):
// stock and payment each from order.created to their answer, shipping from the answer
// that completed its join to its decision, and the whole order from order.created to the decision.
var (
	orderAnswers = map[string][]string{
		"stock":   {events.StockReserved, events.StockUnavailable},
		"payment": {events.PaymentAuthorised, events.PaymentDeclined},
	}
	orderDecisions = []string{events.OrderConfirmed, events.OrderCancelled}
)

func (j *Journey) Durations() map[string]time.Duration {
	first := map[string]time.Time{}
	for _, s := range j.Steps {
		at, err := time.Parse(time.RFC3339Nano, s.At)
		if _, seen := first[s.Topic]; err == nil && !seen {
			first[s.Topic] = at
		}
	}
	out := map[string]time.Duration{}
	created, ok := first[events.OrderCreated]
	decided, decidedOK := firstOf(first, orderDecisions)
	var lastAnswer time.Time
	for stage, topics := range orderAnswers {
		answer, answered := firstOf(first, topics)
		if ok && answered {
			out[stage] = answer.Sub(created)
		}
		// a refusal decides alone: the other answer may come after the decision
		if answered && answer.After(lastAnswer) && (!decidedOK || !answer.After(decided)) {
			lastAnswer = answer
		}
	}
	if decidedOK && !lastAnswer.IsZero() {
		out["shipping"] = decided.Sub(lastAnswer)
	}
	if ok && decidedOK {
		out["total"] = decided.Sub(created)
	}
	return out
}

func firstOf(at map[string]time.Time, topics []string) (time.Time, bool) {
	for _, t := range topics {
		if v, ok := at[t]; ok {
			return v, true
		}
	}
	return time.Time{}, false
}
