package main

import (
	"context"
	"time"

	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/tracking"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

var (
	stalledNow = promauto.NewGauge(prometheus.GaugeOpts{
		Name: "choreo_stalled_files", Help: "Files past their deadline and not final, at the last watchdog run."})
	stallsTotal = promauto.NewCounter(prometheus.CounterOpts{
		Name: "choreo_stalls_total", Help: "Files the watchdog marked stalled."})
)

// watch runs on the stall-watch cron: every open file older than the deadline is marked
// stalled (once), logged at WARN and counted.
func (t *tracker) watch(ctx context.Context, _ []byte) error {
	ids, err := t.readLists(ctx, openKey)
	if err != nil {
		return err
	}
	files, err := t.getFiles(ctx, ids)
	if err != nil {
		return err
	}
	stalled := 0
	var closed []string
	for _, id := range ids {
		f, found := files[id]
		if !found {
			continue
		}
		if f.Final {
			t.closeOpen(ctx, id)
			closed = append(closed, id)
			continue
		}
		received, err := time.Parse(time.RFC3339Nano, f.ReceivedAt)
		if err != nil || time.Since(received) < t.stallAfter {
			continue
		}
		stalled++
		if !f.Stalled {
			t.markStalled(ctx, f)
		}
	}
	stalledNow.Set(float64(stalled))
	return t.closeUnsharded(ctx, closed)
}

func (t *tracker) markStalled(ctx context.Context, f *tracking.File) {
	changed, _, err := t.update(ctx, f.FileID, func(x *tracking.File) bool {
		if x.Stalled || x.Final {
			return false
		}
		x.Stalled = true
		return true
	})
	if err != nil || !changed {
		return
	}
	stallsTotal.Inc()
	t.app.FileOutcome(step.Message{TraceParent: "00-" + f.TraceID + "-0000000000000000-01"}, f.FileID, "stalled",
		"status", f.Status, "received_at", f.ReceivedAt, "deadline", t.stallAfter.String())
}
