package main

import (
	"context"
	"errors"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/pain002"
	"github.com/paychoreo/choreography/internal/step"
)

// onFinal answers a final event: pain002.Answer records it with the file's other final
// events and writes the report of the one that wins (file.failed over file.rejected over
// file.created). An event without a CloudEvent time gets the clock's, once: the time
// recorded is the one every later delivery renders.
func (r *reporter) onFinal(ctx context.Context, m step.Message) error {
	var ref events.FileRef
	if err := m.Decode(&ref); err != nil {
		return err
	}
	if ref.FileID == "" {
		return step.Permanentf("event %s on %s names no file", m.ID, m.Topic)
	}
	at := m.Time
	if at == "" {
		at = time.Now().UTC().Format(time.RFC3339Nano)
	}
	w, added, err := pain002.Answer(ctx, finalsStore{r.app.Sidecar}, reportsArea{r.app.Sidecar}, ref.FileID, m.Topic, m.Data, at, m.TraceParent)
	if errors.Is(err, pain002.ErrInvalid) {
		return step.Permanent(err)
	}
	if err != nil {
		return err
	}
	// What comes after the report (the file's evidence record) goes here, from w.
	if !added {
		return step.ErrDuplicate // the report is stored already: nothing written
	}
	r.app.FileOutcome(m, ref.FileID, "reported", "status", w.Report.Status, "report_of", w.Report.Outcome, "report", w.Name)
	return nil
}
