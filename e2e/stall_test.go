package e2e

import (
	"fmt"
	"io"
	"net/http"
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
	p := testpipe.Start(t, testpipe.Options{Offset: 200, Env: map[string]string{"CHOREO_STALL_AFTER": "2s"}})
	if err := p.Runs[0].Kill("adaptor", launch.Sidecar); err != nil {
		t.Fatal(err)
	}
	dropFile(p, "slow.csv", "SLOW-1", "5.00")
	tr, _ := p.Runs[0].App("tracker")
	base := fmt.Sprintf("http://127.0.0.1:%d", tr.AppPort)
	var list struct{ Files []tracking.File }
	p.Eventually(time.Minute, "the tracker marks the waiting file stalled", func() bool {
		return getJSON(base+"/api/files?stalled=true", &list) == nil && len(list.Files) == 1 &&
			list.Files[0].Blob == "slow.csv" && list.Files[0].Status == tracking.Validated
	})
	if !strings.Contains(p.Logs("tracker"), `"level":"WARN","msg":"file stalled"`) {
		t.Error("no WARN log line for the stalled file")
	}
	if m := metrics(t, base); !strings.Contains(m, "choreo_stalls_total 1") || !strings.Contains(m, "choreo_stalled_files 1") {
		t.Errorf("stall metrics missing:\n%s", grep(m, "stall"))
	}
	if err := p.Runs[0].Restart("adaptor", launch.Sidecar); err != nil {
		t.Fatal(err)
	}
	if o := p.Await("slow.csv", 2*time.Minute); o.Kind != "created" {
		t.Fatalf("slow.csv: %s", o.Kind)
	}
	p.Eventually(time.Minute, "the finished file is no longer stalled", func() bool {
		return getJSON(base+"/api/files?stalled=true", &list) == nil && len(list.Files) == 0
	})
	c, _ := p.Runs[0].App("creator")
	m := metrics(t, fmt.Sprintf("http://127.0.0.1:%d", c.AppPort))
	for _, want := range []string{`choreo_files_total{outcome="created",stage="creator"} 1`,
		`choreo_step_duration_seconds_count{stage="creator",topic="file.adapted"} 1`} {
		if !strings.Contains(m, want) {
			t.Errorf("creator metrics lack %s:\n%s", want, grep(m, "choreo_"))
		}
	}
}

func metrics(t *testing.T, base string) string {
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func grep(s, word string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, word) && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
