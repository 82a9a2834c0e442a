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
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/orders/journey"
	"github.com/paychoreo/choreography/internal/orders/orderstep"
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

// observeOrder records one order event in its journey (journey.Journey.Apply); the
// same event twice changes nothing, and events may come in any order.
func (t *tracker) observeOrder(ctx context.Context, m step.Message) error {
	// The tracker's own clock, as for files: CloudEvent times are whole seconds.
	o, err := journey.Observe(orderstep.Event(m), tracking.Now())
	if err != nil {
		return orderstep.Permanent(err)
	}
	return t.updateOrder(ctx, o.OrderID(), func(j *journey.Journey) bool { return j.Apply(o) })
}

func journeyKey(id string) string   { return "orderj|" + id }
func orderDayKey(day string) string { return "orders|" + day }

// updateOrder changes one journey under its ETag, again on conflict (step.Update), and
// lists the order under the day it started.
func (t *tracker) updateOrder(ctx context.Context, id string, change func(*journey.Journey) bool) error {
	j, err := step.Update(ctx, t.app.Sidecar, step.AppState, journeyKey(id), func(j *journey.Journey, _ bool) (step.Op, error) {
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
	out := []*journey.Journey{}
	for d := 0; d < days; d++ {
		ids, err := t.readList(r.Context(), orderDayKey(time.Now().UTC().AddDate(0, 0, -d).Format(time.DateOnly)))
		if err != nil {
			writeErr(w, err)
			return
		}
		for _, id := range ids {
			var j journey.Journey
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
		views[i] = view(j)
	}
	writeJSON(w, map[string]any{"orders": views, "count": len(out)})
}

// oneOrder answers GET /api/orders/{id}: the whole journey.
func (t *tracker) oneOrder(w http.ResponseWriter, r *http.Request) {
	var j journey.Journey
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
	writeJSON(w, map[string]any{"order": view(&j)})
}

// orderView is a journey as the API answers it: with its stage durations in
// microseconds (ordertime.go).
type orderView struct {
	*journey.Journey
	StageUS map[string]int64 `json:"stage_us"`
}

func view(j *journey.Journey) orderView { return orderView{j, micros(j.Durations())} }
