package main

// The tracker observes the order fan-out too: every event on the orders bus, dead
// letters included, goes into the order's journey (key orderj|<id>), found through the
// list of each day's orders (key orders|<day>). Read-only API: GET /api/orders and
// GET /api/orders/{id}.

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/mask"
	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/tracking"
)

// handlerFor routes a topic to the file observer or the order observer.
func (t *tracker) handlerFor(topic string) step.Handler {
	if events.PubSubOf(topic) == events.OrdersPubSub {
		return t.observeOrder
	}
	return t.observe
}

// orderRoutes is the read-only order API, served with the file API.
func (t *tracker) orderRoutes() []step.Route {
	return []step.Route{
		{Pattern: "GET /api/orders", Handler: http.HandlerFunc(t.listOrders)},
		{Pattern: "GET /api/orders/{id}", Handler: http.HandlerFunc(t.oneOrder)},
	}
}

// Order statuses: accepted until shipping decides; dead_letter when a step gave up on it.
const (
	orderAccepted  = "accepted"
	orderConfirmed = "confirmed"
	orderCancelled = "cancelled"
)

// journey is one order's way through the fan-out, as the tracker saw it.
type journey struct {
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

// orderPayload is the union of the order events' fields the tracker reads.
type orderPayload struct {
	events.OrderRef
	Customer   events.Customer `json:"customer"`
	Total      string          `json:"total"`
	Currency   string          `json:"currency"`
	ShipmentID string          `json:"shipment_id"`
	Reasons    []events.Reason `json:"reasons"`
	Code       string          `json:"code"`
	Message    string          `json:"message"`
}

var orderStatusOf = map[string]string{events.OrderConfirmed: orderConfirmed, events.OrderCancelled: orderCancelled}

var sideOf = map[string]struct{ field, value string }{
	events.StockReserved: {"stock", "reserved"}, events.StockUnavailable: {"stock", "unavailable"},
	events.StockReleased: {"stock", "released"}, events.PaymentAuthorised: {"payment", "authorised"},
	events.PaymentDeclined: {"payment", "declined"}, events.PaymentVoided: {"payment", "voided"},
}

// observeOrder records one order event in its journey; the same event twice changes
// nothing, and events may come in any order.
func (t *tracker) observeOrder(ctx context.Context, m step.Message) error {
	// An observer records what it can: the order id is needed, the rest is best effort
	// (a field of the wrong type is left out; Unmarshal fills in the others).
	var p orderPayload
	if err := m.Decode(&p.OrderRef); err != nil {
		return err
	}
	json.Unmarshal(m.Data, &p)
	if p.OrderID == "" {
		return step.Permanentf("event %s on %s names no order", m.ID, m.Topic)
	}
	// The tracker's own clock, as for files: CloudEvent times are whole seconds.
	at := tracking.Now()
	s := tracking.Step{Topic: m.Topic, EventID: m.ID, At: at, Stage: producer(m.Topic), Status: orderStatusOf[m.Topic]}
	if side, ok := sideOf[m.Topic]; ok {
		s.Status = side.value
	} else if m.Topic == events.OrderCreated {
		s.Status = orderAccepted
	}
	if stage, ok := strings.CutPrefix(m.Topic, events.OrderDeadLetterPrefix); ok {
		s.Stage, s.Status, s.Detail = stage, tracking.DeadLetter, "dead letter of "+stage+" (event "+m.ID+")"
	}
	if p.Message != "" {
		s.Detail = mask.Text(p.Message)
	}
	return t.updateOrder(ctx, p.OrderID, func(j *journey) bool { return j.apply(m, p, s) })
}

func (j *journey) apply(m step.Message, p orderPayload, s tracking.Step) bool {
	if slices.ContainsFunc(j.Steps, func(x tracking.Step) bool { return x.EventID == s.EventID && x.Topic == s.Topic }) {
		return false
	}
	j.Steps = append(j.Steps, s)
	sort.SliceStable(j.Steps, func(a, b int) bool { return j.Steps[a].At < j.Steps[b].At })
	if j.Status == "" {
		j.Status = orderAccepted
	}
	if st := orderStatusOf[m.Topic]; st != "" && !j.Final {
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
	j.OrderID, j.CustomerID = p.OrderID, or(j.CustomerID, p.Customer.ID)
	j.Customer = or(j.Customer, mask.Name(p.Customer.Name))
	j.Total, j.Currency = or(j.Total, p.Total), or(j.Currency, p.Currency)
	j.ShipmentID = or(j.ShipmentID, p.ShipmentID)
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

func journeyKey(id string) string   { return "orderj|" + id }
func orderDayKey(day string) string { return "orders|" + day }

// updateOrder changes one journey under its ETag, again on conflict (step.Update), and
// lists the order under the day it started.
func (t *tracker) updateOrder(ctx context.Context, id string, change func(*journey) bool) error {
	j, err := step.Update(ctx, t.app.Sidecar, step.AppState, journeyKey(id), func(j *journey, _ bool) (step.Op, error) {
		if !change(j) {
			return step.Keep, step.ErrDuplicate // the journey holds this event already
		}
		return step.Write, nil
	})
	if err != nil {
		return err
	}
	return t.changeList(ctx, orderDayKey(dayOf(j.StartedAt)), func(ids []string) ([]string, bool) {
		if slices.Contains(ids, id) {
			return ids, false
		}
		return append(ids, id), true
	})
}

func dayOf(ts string) string {
	if at, err := time.Parse(time.RFC3339Nano, ts); err == nil {
		return at.UTC().Format(time.DateOnly)
	}
	return time.Now().UTC().Format(time.DateOnly)
}

// listOrders answers GET /api/orders?status=&days=2&limit=200: newest first.
func (t *tracker) listOrders(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	days, _ := strconv.Atoi(q.Get("days"))
	limit, _ := strconv.Atoi(q.Get("limit"))
	days, limit = clamp(days, 1, 31, 2), clamp(limit, 1, 5000, 200)
	out := []*journey{}
	for d := 0; d < days; d++ {
		ids, err := t.readList(r.Context(), orderDayKey(time.Now().UTC().AddDate(0, 0, -d).Format(time.DateOnly)))
		if err != nil {
			writeErr(w, err)
			return
		}
		for _, id := range ids {
			var j journey
			_, found, err := t.app.Sidecar.GetState(r.Context(), step.AppState, journeyKey(id), &j)
			if err != nil {
				writeErr(w, err)
				return
			}
			if st := q.Get("status"); found && (st == "" || st == j.Status || (st == "open" && !j.Final)) {
				out = append(out, &j)
			}
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].StartedAt > out[b].StartedAt })
	if len(out) > limit {
		out = out[:limit]
	}
	views := make([]orderView, len(out))
	for i, j := range out {
		views[i] = j.view()
	}
	writeJSON(w, map[string]any{"orders": views, "count": len(out)})
}

// oneOrder answers GET /api/orders/{id}: the whole journey.
func (t *tracker) oneOrder(w http.ResponseWriter, r *http.Request) {
	var j journey
	_, found, err := t.app.Sidecar.GetState(r.Context(), step.AppState, journeyKey(r.PathValue("id")), &j)
	if err != nil {
		writeErr(w, err)
		return
	}
	if !found {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		json.NewEncoder(w).Encode(map[string]string{"error": "no such order"})
		return
	}
	writeJSON(w, map[string]any{"order": j.view()})
}

// orderView is a journey as the API answers it: with its stage durations in
// microseconds (ordertime.go).
type orderView struct {
	*journey
	StageUS map[string]int64 `json:"stage_us"`
}

func (j *journey) view() orderView { return orderView{j, micros(j.durations())} }
