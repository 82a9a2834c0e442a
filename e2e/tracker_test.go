package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/testpipe"
	"github.com/paychoreo/choreography/internal/tracking"
)

// TestTrackerAndTraces sends a valid and an invalid file and asks the tracker, which
// only listens, where they are; and checks that every event of one file, on every hop,
// belongs to one trace.
func TestTrackerAndTraces(t *testing.T) {
	p, zipkin := startTraced(t, 200)
	dropFile(p, "tracked.csv", "TRACK-1", "42.00")
	p.Drop("tracked-bad.csv", []byte(header+detail+"T,1,43.00\n"))
	good, bad := p.Await("tracked.csv", time.Minute), p.Await("tracked-bad.csv", time.Minute)

	api := appURL(p, "tracker") + "/api/files"
	var one struct {
		File    tracking.File    `json:"file"`
		StageMS map[string]int64 `json:"stage_ms"`
	}
	// Topics are delivered independently: file.validated may reach the tracker after
	// file.created. The timeline is complete once all four steps are in.
	p.Eventually(time.Minute, "the tracker has the created file final with its four steps", func() bool {
		return getJSON(api+"/"+good.FileID, &one) == nil && one.File.Status == tracking.Created && len(one.File.Steps) == 4
	})
	if len(one.File.Steps) != 4 || one.File.FileB == "" || one.File.NbOfTxs != 1 || one.File.ControlSum != "42.00" {
		t.Errorf("timeline of the created file: %+v", one.File)
	}
	for _, stage := range []string{"validator", "adaptor", "creator"} {
		if _, ok := one.StageMS[stage]; !ok {
			t.Errorf("no duration for stage %s: %v", stage, one.StageMS)
		}
	}
	var list struct{ Files []tracking.File }
	p.Eventually(time.Minute, "the tracker lists the rejected file with its reasons", func() bool {
		if getJSON(api+"?status=rejected", &list) != nil || len(list.Files) != 1 {
			return false
		}
		f := list.Files[0]
		return f.FileID == bad.FileID && len(f.Violations) > 0 && f.Violations[0].Code == "CONTROL_TOTAL_MISMATCH"
	})

	// One file, one trace: every event of the created file, on every topic.
	var traces []string
	for _, topic := range []string{events.FileReceived, events.FileValidated, events.FileAdapted, events.FileCreated} {
		for _, ce := range p.Stream(topic) {
			if strings.HasPrefix(ce.ID, good.FileID+"/") {
				traces = append(traces, topic+" "+traceIDOf(ce))
			}
		}
	}
	if len(traces) != 4 {
		t.Fatalf("found %d events of %s, want 4", len(traces), good.FileID)
	}
	want := strings.Fields(traces[0])[1]
	for _, tr := range traces {
		if !strings.HasSuffix(tr, " "+want) || want == "" {
			t.Errorf("events of one file in different traces: %v", traces)
			break
		}
	}
	if one.File.TraceID != want {
		t.Errorf("tracker trace id %s, events %s", one.File.TraceID, want)
	}
	p.Eventually(time.Minute, "the sidecars export spans of the file's trace to Zipkin", func() bool {
		return zipkin.spans(want) >= 4
	})
}

// traceIDOf reads the trace id of a CloudEvent's W3C traceparent.
func traceIDOf(ce testpipe.CloudEvent) string {
	if len(ce.TraceParent) == 55 {
		return ce.TraceParent[3:35]
	}
	return ""
}
