package pain002

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/paychoreo/choreography/internal/events"
)

// Finals is what the reporter has seen of one file's final events, each as it first
// came. A file has one report, of the winning event:
//
//   - file.failed wins over everything: the file was undone, whatever was said before;
//     a created file's report is replaced (file.created may also come late, after
//     file.failed: it then changes nothing);
//   - file.rejected wins over file.created (a file is never both; if it were, the
//     rejection is the safe answer);
//   - the first delivery of each event is kept, so a republished event (a new CloudEvent
//     time) renders the same bytes as before.
type Finals struct {
	FileID   string                  `json:"file_id"`
	Rejected *Final[events.Rejected] `json:"rejected,omitempty"`
	Created  *Final[events.Created]  `json:"created,omitempty"`
	Failed   *Final[events.Failed]   `json:"failed,omitempty"`
	// Written is the SHA-256 (hex) of the report last stored for the file (Answer).
	Written string `json:"written,omitempty"`
}

// Final is one final event as delivered.
type Final[T any] struct {
	Event       T      `json:"event"`
	Time        string `json:"time"` // the CloudEvent's time, RFC 3339: the report's CreDtTm
	TraceParent string `json:"traceparent,omitempty"`
}

// Add records a final event of the file unless one of its topic is there already; it
// says whether anything changed. A payload that is not the topic's is an error.
func (f *Finals) Add(topic string, payload []byte, at, traceparent string) (bool, error) {
	switch topic {
	case events.FileRejected:
		return add(&f.Rejected, payload, at, traceparent)
	case events.FileCreated:
		return add(&f.Created, payload, at, traceparent)
	case events.FileFailed:
		return add(&f.Failed, payload, at, traceparent)
	}
	return false, fmt.Errorf("pain002: %s is not a final event", topic)
}

func add[T any](slot **Final[T], payload []byte, at, traceparent string) (bool, error) {
	if *slot != nil {
		return false, nil
	}
	var ev T
	if err := json.Unmarshal(payload, &ev); err != nil {
		return false, fmt.Errorf("pain002: decode final event: %w", err)
	}
	*slot = &Final[T]{Event: ev, Time: at, TraceParent: traceparent}
	return true, nil
}

// Outcome is the winning outcome: compensated, rejected, created, or "" for none yet.
func (f Finals) Outcome() string {
	switch {
	case f.Failed != nil:
		return OutcomeCompensated
	case f.Rejected != nil:
		return OutcomeRejected
	case f.Created != nil:
		return OutcomeCreated
	}
	return ""
}

// Report is the report of the winning event. An event time that is not RFC 3339 is an
// error: the report's time comes from the event, never from the clock.
func (f Finals) Report() (Report, error) {
	var at string
	switch f.Outcome() {
	case OutcomeCompensated:
		at = f.Failed.Time
	case OutcomeRejected:
		at = f.Rejected.Time
	case OutcomeCreated:
		at = f.Created.Time
	default:
		return Report{}, fmt.Errorf("pain002: no final event of %s", f.FileID)
	}
	t, err := time.Parse(time.RFC3339Nano, at)
	if err != nil {
		return Report{}, fmt.Errorf("pain002: time %q of the final event of %s: %w", at, f.FileID, err)
	}
	switch f.Outcome() {
	case OutcomeCompensated:
		return ForCompensated(f.Failed.Event, t), nil
	case OutcomeRejected:
		return ForRejected(f.Rejected.Event, t), nil
	}
	return ForCreated(f.Created.Event, t), nil
}
