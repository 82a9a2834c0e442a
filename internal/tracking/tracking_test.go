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

// Steps stamped with TimeLayout sort as text, fractions of every length included, and
// sub-millisecond stages keep their duration.
func TestStampsSortAsTimes(t *testing.T) {
	base := time.Date(2026, 11, 25, 8, 0, 5, 0, time.UTC)
	at := func(d time.Duration) string { return base.Add(d).Format(TimeLayout) }
	var f File
	f.Add(Step{Topic: "file.validated", EventID: "b", At: at(500 * time.Millisecond), Status: Validated})
	f.Add(Step{Topic: "file.received", EventID: "a", At: at(0), Status: Received})
	f.Add(Step{Topic: "file.adapted", EventID: "c", At: at(500*time.Millisecond + 450*time.Microsecond), Status: Adapted})
	if got := []string{f.Steps[0].Topic, f.Steps[1].Topic, f.Steps[2].Topic}; got[0] != "file.received" || got[2] != "file.adapted" {
		t.Errorf("steps in order %v", got)
	}
	d := f.Durations()
	if d["validator"] != 500*time.Millisecond || d["adaptor"] != 450*time.Microsecond {
		t.Errorf("durations %v", d)
	}
}
