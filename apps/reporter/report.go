package main

import (
	"context"
	"errors"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/evidence"
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
	wctx, end := step.Work(ctx, "write pain.002", ref.FileID)
	w, added, err := pain002.Answer(wctx, finalsStore{r.app.Sidecar}, reportsArea{r.app.Sidecar}, ref.FileID, m.Topic, m.Data, at, m.TraceParent)
	end(err)
	if errors.Is(err, pain002.ErrInvalid) {
		return step.Permanent(err)
	}
	if err != nil {
		return err
	}
	// The evidence record follows the report, on every delivery: one that wrote the
	// report and failed before the record is made whole by the redelivery.
	if err := r.keepEvidence(ctx, w); err != nil {
		return err
	}
	if !added {
		return step.ErrDuplicate // the report is stored already: nothing written
	}
	r.app.FileOutcome(m, ref.FileID, "reported", "status", w.Report.Status, "report_of", w.Report.Outcome, "report", w.Name)
	return nil
}

// keepEvidence writes the file's evidence record for the report written (w's winning
// event). A record that differs from the one kept, or lacks what it must hold, is no
// fault a retry can mend: it goes to the dead letters for a person.
func (r *reporter) keepEvidence(ctx context.Context, w pain002.Written) error {
	rec, err := evidence.FromWritten(w)
	if err == nil {
		err = evidence.Keep(ctx, evidence.OnSidecar(r.app.Sidecar, step.ErrNotFound)(evidence.Area), rec)
	}
	if errors.Is(err, evidence.ErrDiffers) || errors.Is(err, evidence.ErrInvalid) {
		return step.Permanent(err)
	}
	return err
}
