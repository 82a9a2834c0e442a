// Package journey holds the tracker's rules for the order fan-out: every event on the
// orders bus, dead letters included, goes into the order's journey (Journey.Apply), in
// whatever order and however often it comes; Durations times its stages.
package journey

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/mask"
	"github.com/paychoreo/choreography/internal/orders"
	"github.com/paychoreo/choreography/internal/tracking"
)

// Order statuses: accepted until shipping decides; dead_letter when a step gave up on it.
const (
	Accepted  = "accepted"
	Confirmed = "confirmed"
	Cancelled = "cancelled"
)

// Journey is one order's way through the fan-out, as the tracker saw it.
type Journey struct {
	OrderID    string `json:"order_id"`
	Status     string `json:"status"`
	Final      bool   `json:"final"`
	CustomerID string `json:"customer_id,omitempty"`
	// Customer is the customer's name masked (A…): people's names and e-mail addresses
	// stay with the order API, which needs them.
	Customer   string          `json:"customer,omitempty"`
	Total      string          `json:"total,omitempty"`
	Currency   string          `json:"currency,omitempty"`
	Stock      string          `json:"stock,omitempty"`   // reserved, unavailable, released
	Payment    string          `json:"payment,omitempty"` // authorised, declined, voided
	ShipmentID string          `json:"shipment_id,omitempty"`
	Reasons    []events.Reason `json:"reasons,omitempty"`
	// DeadLetters names the stages whose sidecar dead-lettered one of its events.
	DeadLetters []string        `json:"dead_letters,omitempty"`
	StartedAt   string          `json:"started_at"`
	UpdatedAt   string          `json:"updated_at"`
	FinishedAt  string          `json:"finished_at,omitempty"`
	TraceID     string          `json:"trace_id,omitempty"`
	Steps       []tracking.Step `json:"steps"`
}

// Observation is one event as a journey records it.
type Observation struct {
	ev      orders.Event
	payload payload
	step    tracking.Step
}

// OrderID is the order the event is about.
func (o Observation) OrderID() string { return o.payload.OrderID }

// payload is the union of the order events' fields the tracker reads.
type payload struct {
	events.OrderRef
	Customer   events.Customer `json:"customer"`
	Total      string          `json:"total"`
	Currency   string          `json:"currency"`
	ShipmentID string          `json:"shipment_id"`
	Reasons    []events.Reason `json:"reasons"`
	Code       string          `json:"code"`
	Message    string          `json:"message"`
}

var statusOf = map[string]string{events.OrderConfirmed: Confirmed, events.OrderCancelled: Cancelled}

var sideOf = map[string]struct{ field, value string }{
	events.StockReserved: {"stock", "reserved"}, events.StockUnavailable: {"stock", "unavailable"},
	events.StockReleased: {"stock", "released"}, events.PaymentAuthorised: {"payment", "authorised"},
	events.PaymentDeclined: {"payment", "declined"}, events.PaymentVoided: {"payment", "voided"},
}

// Observe reads an event at the tracker's time at (CloudEvent times are whole
// seconds). An observer records what it can: the order id is needed (ErrBadEvent
// without it), the rest is best effort (a field of the wrong type is left out).
func Observe(ev orders.Event, at string) (Observation, error) {
	var p payload
	if err := ev.Decode(&p.OrderRef); err != nil {
		return Observation{}, err
	}
	json.Unmarshal(ev.Data, &p)
	if p.OrderID == "" {
		return Observation{}, fmt.Errorf("%w: event %s on %s names no order", orders.ErrBadEvent, ev.ID, ev.Topic)
	}
	s := tracking.Step{Topic: ev.Topic, EventID: ev.ID, At: at, Stage: producer(ev.Topic), Status: statusOf[ev.Topic]}
	if side, ok := sideOf[ev.Topic]; ok {
		s.Status = side.value
	} else if ev.Topic == events.OrderCreated {
		s.Status = Accepted
	}
	if stage, ok := strings.CutPrefix(ev.Topic, events.OrderDeadLetterPrefix); ok {
		s.Stage, s.Status, s.Detail = stage, tracking.DeadLetter, "dead letter of "+stage+" (event "+ev.ID+")"
	}
	if p.Message != "" {
		s.Detail = mask.Text(p.Message)
	}
	return Observation{ev: ev, payload: p, step: s}, nil
}

func producer(topic string) string {
	e, _ := events.Lookup(topic)
	return e.Producer
}

// Apply records an observation; false when the journey holds this event already.
func (j *Journey) Apply(o Observation) bool {
	m, p, s := o.ev, o.payload, o.step
	if slices.ContainsFunc(j.Steps, func(x tracking.Step) bool { return x.EventID == s.EventID && x.Topic == s.Topic }) {
		return false
	}
	j.Steps = append(j.Steps, s)
	sort.SliceStable(j.Steps, func(a, b int) bool { return j.Steps[a].At < j.Steps[b].At })
	if j.Status == "" {
		j.Status = Accepted
	}
	if st := statusOf[m.Topic]; st != "" && !j.Final {
		j.Status, j.Final, j.FinishedAt = st, true, s.At
	}
	if side, ok := sideOf[m.Topic]; ok {
		// released and voided come after reserved and authorised, whatever the order of arrival
		if side.field == "stock" && j.Stock != "released" {
			j.Stock = side.value
		}
		if side.field == "payment" && j.Payment != "voided" {
			j.Payment = side.value
		}
	}
	if s.Status == tracking.DeadLetter && !slices.Contains(j.DeadLetters, s.Stage) {
		j.DeadLetters = append(j.DeadLetters, s.Stage)
		if !j.Final {
			j.Status = tracking.DeadLetter
		}
	}
	j.OrderID, j.CustomerID = p.OrderID, cmp.Or(j.CustomerID, p.Customer.ID)
	j.Customer = cmp.Or(j.Customer, mask.Name(p.Customer.Name))
	j.Total, j.Currency = cmp.Or(j.Total, p.Total), cmp.Or(j.Currency, p.Currency)
	j.ShipmentID = cmp.Or(j.ShipmentID, p.ShipmentID)
	if m.Topic == events.OrderCancelled {
		j.Reasons = maskedReasons(p.Reasons)
	}
	if j.TraceID == "" && len(m.TraceParent) >= 35 {
		j.TraceID = m.TraceParent[3:35]
	}
	if j.StartedAt == "" || s.At < j.StartedAt {
		j.StartedAt = s.At
	}
	j.UpdatedAt = time.Now().UTC().Format(time.RFC3339Nano)
	return true
}

// maskedReasons masks what a reason's message may quote (an account number).
func maskedReasons(rs []events.Reason) []events.Reason {
	out := slices.Clone(rs)
	for i := range out {
		out[i].Message = mask.Text(out[i].Message)
	}
	return out
}
