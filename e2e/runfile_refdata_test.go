package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/launch"
	"github.com/paychoreo/choreography/internal/refdata"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// TestRunFileAloneLoadsTheReferenceTable: dapr.yaml by itself (what `dapr run -f .` runs,
// here through bin/launch's package) on a Redis database with no reference table brings
// the samples to File B: its refdata-loader job loads refdata/sample.json, the test loads
// nothing. Running the job again makes no new version.
func TestRunFileAloneLoadsTheReferenceTable(t *testing.T) {
	p := testpipe.Start(t, testpipe.Options{Offset: 1250, RefdataLoader: true})
	grpc := []string{"--dapr-grpc", p.GRPC("validator")}
	if h := refdataHistory(t, p, grpc, 1)[0]; h.Version != "v1" || h.By != refdata.LoaderApp {
		t.Fatalf("v1 should be the loader's: %+v", h)
	}

	for _, name := range dropSamples(t, p) {
		want := "created"
		if strings.HasPrefix(name, "rejected-") {
			want = "rejected"
		}
		if o := p.Await(name, 60*time.Second); o.Kind != want {
			t.Errorf("%s: %s, want %s (report codes %v)", name, o.Kind, want, p.ReportCodes(o))
		}
	}

	if err := p.Runs[0].Restart(refdata.LoaderApp, launch.App); err != nil {
		t.Fatalf("run the loader again: %v", err)
	}
	refdataHistory(t, p, grpc, 1)
	if logs := p.Logs(refdata.LoaderApp); !strings.Contains(logs, "reference table already loaded") {
		t.Errorf("the second run should find the table loaded:\n%s", logs)
	}
}
