package pain002

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/paychoreo/choreography/internal/events"
)

func payload(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func reportOf(t *testing.T, f Finals) []byte {
	t.Helper()
	r, err := f.Report()
	if err != nil {
		t.Fatal(err)
	}
	return render(t, r)
}

// The compensated report wins, whichever of file.failed and a late file.created comes
// first; the first delivery of an event is kept, so a redelivery or a republish (a new
// time) renders the same bytes.
func TestFinalsPrecedence(t *testing.T) {
	created := payload(t, events.Created{FileRef: ref, SenderID: "ACME-CORP", FileReference: "R-1", NbOfTxs: 1, MsgID: "ACME-CORP/R-1"})
	failed := payload(t, events.Failed{FileRef: ref, Stage: "creator", Topic: "file.adapted", Reason: "boom"})
	for _, order := range [][]string{{events.FileCreated, events.FileFailed}, {events.FileFailed, events.FileCreated}} {
		var f Finals
		for i, topic := range order {
			data := map[string][]byte{events.FileCreated: created, events.FileFailed: failed}[topic]
			if added, err := f.Add(topic, data, "2026-11-25T07:00:0"+string(rune('1'+i))+"Z", ""); !added || err != nil {
				t.Fatalf("add %s: %v %v", topic, added, err)
			}
		}
		if f.Outcome() != OutcomeCompensated {
			t.Errorf("%v: outcome %s", order, f.Outcome())
		}
		if r, _ := f.Report(); r.Status != Rejected || r.Reasons[0].Code != Compensated {
			t.Errorf("%v: report %+v", order, r)
		}
	}

	var f Finals
	f.Add(events.FileCreated, created, "2026-11-25T07:00:01.5Z", "00-trace")
	first := reportOf(t, f)
	if added, err := f.Add(events.FileCreated, created, "2026-11-25T09:00:00Z", "00-other"); added || err != nil {
		t.Errorf("a second file.created was recorded: %v %v", added, err)
	}
	if again := reportOf(t, f); !bytes.Equal(first, again) || !bytes.Contains(first, []byte("<CreDtTm>2026-11-25T07:00:01Z</CreDtTm>")) {
		t.Errorf("the report changed or has the wrong time:\n%s", again)
	}
	if f.Created.TraceParent != "00-trace" {
		t.Errorf("traceparent %q", f.Created.TraceParent)
	}
}

func TestFinalsRefuse(t *testing.T) {
	var f Finals
	if _, err := f.Report(); err == nil {
		t.Error("a report without a final event")
	}
	if _, err := f.Add(events.FileReceived, []byte(`{}`), "2026-11-25T07:00:00Z", ""); err == nil {
		t.Error("file.received accepted as a final event")
	}
	if _, err := f.Add(events.FileRejected, []byte(`{"violations": 7}`), "2026-11-25T07:00:00Z", ""); err == nil {
		t.Error("a malformed payload accepted")
	}
	f.Add(events.FileRejected, payload(t, events.Rejected{FileRef: ref}), "yesterday", "")
	if _, err := f.Report(); err == nil {
		t.Error("a report from a time that is not RFC 3339")
	}
}
