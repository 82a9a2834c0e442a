package evidence

import (
	"errors"
	"testing"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/pain002"
)

// The record follows the report's winner: file.failed over file.rejected over
// file.created, with that event's time and the report written.
func TestFromWrittenTakesTheWinner(t *testing.T) {
	file := events.FileRef{FileID: "f-1", Blob: "acme.csv"}
	created := &pain002.Final[events.Created]{Event: events.Created{FileRef: file}, Time: "t-created"}
	rejected := &pain002.Final[events.Rejected]{Event: events.Rejected{FileRef: file}, Time: "t-rejected"}
	failed := &pain002.Final[events.Failed]{Event: events.Failed{FileRef: file}, Time: "t-failed"}
	for _, tc := range []struct {
		finals pain002.Finals
		want   string
	}{
		{pain002.Finals{FileID: "f-1", Created: created}, "t-created"},
		{pain002.Finals{FileID: "f-1", Created: created, Rejected: rejected}, "t-rejected"},
		{pain002.Finals{FileID: "f-1", Created: created, Rejected: rejected, Failed: failed}, "t-failed"},
	} {
		rec, err := FromWritten(pain002.Written{Finals: tc.finals, Name: "f-1.pain002.xml", SHA256: "abc"})
		if err != nil || rec.EventTime != tc.want || rec.Pain002.Name != "f-1.pain002.xml" || rec.Pain002.SHA256 != "abc" {
			t.Errorf("want the event of %s: %+v, %v", tc.want, rec, err)
		}
	}
	if _, err := FromWritten(pain002.Written{Finals: pain002.Finals{FileID: "f-2"}}); !errors.Is(err, ErrInvalid) {
		t.Errorf("no final event: %v", err)
	}
}
