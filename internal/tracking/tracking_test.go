package tracking

import (
	"testing"
	"time"
)

func TestStatusOnlyMovesForward(t *testing.T) {
	var f File
	at := func(s int) string { return time.Date(2026, 11, 25, 8, 0, s, 0, time.UTC).Format(time.RFC3339Nano) }
	// created arrives before adapted and validated: out of order, as brokers allow.
	f.Add(Step{Topic: "file.received", EventID: "a", At: at(0), Status: Received})
	f.Add(Step{Topic: "file.created", EventID: "d", At: at(3), Status: Created})
	f.Add(Step{Topic: "file.validated", EventID: "b", At: at(1), Status: Validated})
	if f.Add(Step{Topic: "file.validated", EventID: "b", At: at(1), Status: Validated}) {
		t.Error("a duplicate event was recorded twice")
	}
	f.Add(Step{Topic: "file.adapted", EventID: "c", At: at(2), Status: Adapted})
	if f.Status != Created || !f.Final || len(f.Steps) != 4 || f.Steps[1].Topic != "file.validated" {
		t.Errorf("status %s final %v steps %+v", f.Status, f.Final, f.Steps)
	}
	if f.ReceivedAt != at(0) || f.FinishedAt != at(3) {
		t.Errorf("received %s finished %s", f.ReceivedAt, f.FinishedAt)
	}
	d := f.Durations()
	if d["validator"] != time.Second || d["adaptor"] != time.Second || d["creator"] != time.Second {
		t.Errorf("durations %v", d)
	}
}
