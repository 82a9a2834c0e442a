package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/launch"
	"github.com/paychoreo/choreography/internal/testpipe"
	"github.com/paychoreo/choreography/internal/tracking"
)

// TestStalledFileIsRaised stops the adaptor's sidecar, so a validated file waits on the
// broker with nobody to take it: past its deadline (CHOREO_STALL_AFTER) the tracker must
// mark it stalled, in its API, its logs and its metrics. Once the sidecar is back, the
// file completes and is no longer stalled.
func TestStalledFileIsRaised(t *testing.T) {
	p := startAdaptorDown(t, 200)
	dropFile(p, "slow.csv", "SLOW-1", "5.00")
	base := appURL(p, "tracker")
	p.Eventually(time.Minute, "the tracker marks the waiting file stalled", func() bool {
		files, err := stalled(p)
		return err == nil && len(files) == 1 && files[0].Blob == "slow.csv" && files[0].Status == tracking.Validated
	})
	if !strings.Contains(p.Logs("tracker"), `"level":"WARN","msg":"file stalled"`) {
		t.Error("no WARN log line for the stalled file")
	}
	if m := metrics(t, base); !strings.Contains(m, "choreo_stalls_total 1") || !strings.Contains(m, "choreo_stalled_files 1") {
		t.Errorf("stall metrics missing:\n%s", grep(m, "stall"))
	}
	adaptorBack(t, p, "slow.csv")
	p.Eventually(time.Minute, "the finished file is no longer stalled", func() bool {
		files, err := stalled(p)
		return err == nil && len(files) == 0
	})
	m := metrics(t, appURL(p, "creator"))
	for _, want := range []string{`choreo_files_total{outcome="created",stage="creator"} 1`,
		`choreo_step_duration_seconds_count{stage="creator",topic="file.adapted"} 1`} {
		if !strings.Contains(m, want) {
			t.Errorf("creator metrics lack %s:\n%s", want, grep(m, "choreo_"))
		}
	}
}

// startAdaptorDown starts a pipeline whose tracker calls a file stalled after 2 s, with
// the adaptor's sidecar stopped: a validated file waits on the broker, nobody takes it.
func startAdaptorDown(t *testing.T, offset int) *testpipe.Pipeline {
	p := testpipe.Start(t, testpipe.Options{Offset: offset, Env: map[string]string{"CHOREO_STALL_AFTER": "2s"}})
	if err := p.Runs[0].Kill("adaptor", launch.Sidecar); err != nil {
		t.Fatal(err)
	}
	return p
}

// adaptorBack restarts the adaptor's sidecar; the waiting file must then be created.
func adaptorBack(t *testing.T, p *testpipe.Pipeline, name string) {
	t.Helper()
	if err := p.Runs[0].Restart("adaptor", launch.Sidecar); err != nil {
		t.Fatal(err)
	}
	if o := p.Await(name, 2*time.Minute); o.Kind != "created" {
		t.Fatalf("%s: %s, want created", name, o.Kind)
	}
}

// stalled is the tracker's list of stalled files.
func stalled(p *testpipe.Pipeline) ([]tracking.File, error) {
	var list struct{ Files []tracking.File }
	err := getJSON(appURL(p, "tracker")+"/api/files?stalled=true", &list)
	return list.Files, err
}
