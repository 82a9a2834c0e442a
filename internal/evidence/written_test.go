package evidence

import (
	"errors"
	"testing"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/pain002"
)

// The record follows the report's winner: file.failed over file.rejected over
// file.created, with that event's time and trace and the report written.
func TestFromWrittenTakesTheWinner(t *testing.T) {
	ref := events.FileRef{FileID: "f-1", Blob: "acme.csv"}
	created := &pain002.Final[events.Created]{Event: events.Created{FileRef: ref}, Time: "t-created", TraceParent: "tp-c"}
	failed := &pain002.Final[events.Failed]{Event: events.Failed{FileRef: ref, Stage: "creator"}, Time: "t-failed", TraceParent: "tp-f"}
	w := pain002.Written{Finals: pain002.Finals{FileID: "f-1", Created: created}, Name: "f-1.pain002.xml", SHA256: "abc"}
	rec, err := FromWritten(w)
	if err != nil || rec.EventTime != "t-created" || rec.Outcome != OutcomeCreated || rec.Pain002.Name != "f-1.pain002.xml" || rec.Pain002.SHA256 != "abc" {
		t.Fatalf("created only: %+v, %v", rec, err)
	}
	w.Finals.Failed = failed
	if rec, err := FromWritten(w); err != nil || rec.EventTime != "t-failed" || rec.Outcome == OutcomeCreated {
		t.Errorf("failed after created: %+v, %v; want the failure's", rec, err)
	}
	if _, err := FromWritten(pain002.Written{Finals: pain002.Finals{FileID: "f-2"}}); !errors.Is(err, ErrInvalid) {
		t.Errorf("no final event: %v", err)
	}
}
