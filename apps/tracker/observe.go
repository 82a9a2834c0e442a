package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/paychoreo/choreography/internal/deadletter"
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/mask"
	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/tracking"
)

// payload is the union of the fields of every file event the tracker reads.
type payload struct {
	events.FileRef
	SenderID       string             `json:"sender_id"`
	FileReference  string             `json:"file_reference"`
	NbOfTxs        int                `json:"nb_of_txs"`
	ControlSum     string             `json:"control_sum"`
	FileB          string             `json:"file_b"`
	Report         string             `json:"report"`
	Violations     []events.Violation `json:"violations"`
	ViolationCount int                `json:"violation_count"`
	Stage          string             `json:"stage"`
	Reason         string             `json:"reason"`
	DeadLetterID   string             `json:"dead_letter_id"`
}

var statusOf = map[string]string{
	events.FileReceived: tracking.Received, events.FileValidated: tracking.Validated,
	events.FileAdapted: tracking.Adapted, events.FileCreated: tracking.Created,
	events.FileRejected: tracking.Rejected, events.FileFailed: tracking.Compensated,
}

// observe records one event in its file's timeline. The same event twice changes
// nothing (the timeline keeps each event id once, so the subscription needs no ledger);
// events may come in any order.
func (t *tracker) observe(ctx context.Context, m step.Message) error {
	var p payload
	if err := m.Decode(&p); err != nil {
		return err
	}
	if p.FileID == "" {
		return step.Permanentf("event %s on %s names no file", m.ID, m.Topic)
	}
	s := t.stepOf(m, p)
	changed, final, err := t.update(ctx, p.FileID, func(f *tracking.File) bool { return apply(f, m, p, s) })
	if err != nil {
		return err
	}
	if !changed {
		return step.ErrDuplicate // the timeline holds this event already
	}
	if final {
		return t.closeOpen(ctx, p.FileID)
	}
	return t.addOpen(ctx, p.FileID)
}

func (t *tracker) stepOf(m step.Message, p payload) tracking.Step {
	// The tracker's own clock: Dapr stamps CloudEvents to the second only, too coarse
	// for stage durations of milliseconds. A step is timed when the tracker sees it.
	at := tracking.Now()
	s := tracking.Step{Topic: m.Topic, EventID: m.ID, At: at, Status: statusOf[m.Topic], Stage: producer(m.Topic)}
	if strings.HasPrefix(m.Topic, "deadletter.") {
		s.Status, s.Stage = tracking.DeadLetter, strings.TrimPrefix(m.Topic, "deadletter.")
		s.Detail = "dead letter " + deadletter.ID(s.Stage, m.ID)
	}
	if m.Topic == events.FileFailed {
		s.Detail = fmt.Sprintf("%s failed: %s", p.Stage, mask.Text(p.Reason))
	}
	return s
}

func producer(topic string) string {
	if e, ok := events.Lookup(topic); ok {
		return e.Producer
	}
	return ""
}

// apply merges what an event says about its file.
func apply(f *tracking.File, m step.Message, p payload, s tracking.Step) bool {
	if !f.Add(s) {
		return false
	}
	f.FileID, f.Blob, f.Size = p.FileID, p.Blob, p.Size
	f.SenderID, f.FileReference = or(f.SenderID, p.SenderID), or(f.FileReference, p.FileReference)
	if p.NbOfTxs > 0 {
		f.NbOfTxs, f.ControlSum = p.NbOfTxs, p.ControlSum
	}
	f.FileB, f.Report = or(f.FileB, p.FileB), or(f.Report, p.Report)
	if m.Topic == events.FileRejected {
		f.Violations, f.ViolationCnt = masked(p.Violations), p.ViolationCount
	}
	if m.Topic == events.FileFailed {
		f.Failure, f.DeadLetterID = s.Detail, p.DeadLetterID
	}
	if f.TraceID == "" && len(m.TraceParent) >= 35 {
		f.TraceID = m.TraceParent[3:35]
	}
	return true
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// fileKey holds one file's timeline, kept step.KeepFor after its last event like the
// other per-file state.
func fileKey(id string) string { return "file|" + id }

// update changes one file's timeline under its ETag, again on conflict (step.Update),
// and keeps it step.KeepFor after this write.
func (t *tracker) update(ctx context.Context, id string, change func(*tracking.File) bool) (changed, final bool, err error) {
	f, err := step.Update(ctx, t.app.Sidecar, step.AppState, fileKey(id), func(f *tracking.File, _ bool) (step.Op, error) {
		if changed = change(f); !changed {
			return step.Keep, nil
		}
		return step.Write, nil
	}, step.WithTTL(step.KeepFor))
	if err != nil {
		return false, false, err
	}
	if !changed {
		return false, f.Final, nil
	}
	return true, f.Final, t.index(ctx, f)
}

// getFile reads one timeline.
func (t *tracker) getFile(ctx context.Context, id string) (*tracking.File, bool, error) {
	var f tracking.File
	_, found, err := t.app.Sidecar.GetState(ctx, step.AppState, fileKey(id), &f)
	return &f, found, err
}

func decodeIDs(raw []byte) []string {
	var ids []string
	json.Unmarshal(raw, &ids)
	return ids
}

// masked is a rejection's violations as the tracker keeps and shows them: the IBANs and
// names they quote masked (DE89…3000). The rejection report and the pain.002, which the
// tracker serves as files, hold them whole.
func masked(vs []events.Violation) []events.Violation {
	out := make([]events.Violation, len(vs))
	for i, v := range vs {
		v.Message = mask.Message(v.Field, v.Message)
		out[i] = v
	}
	return out
}
