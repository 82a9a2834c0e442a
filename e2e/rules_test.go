package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/store/daprstore"
	"github.com/paychoreo/choreography/internal/store/storetest"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// TestRulesStoreContract runs the contract the steps' rules rely on (first write wins,
// racing updates each apply once, a failed blob write leaves nothing) on the sidecar
// adapter, through the validator's real sidecar, Redis and a local-storage binding:
// the same contract internal/store's Memory passes in its unit tests.
func TestRulesStoreContract(t *testing.T) {
	p := testpipe.Start(t, testpipe.Options{Offset: 1850})
	v, _ := p.Runs[0].App("validator")
	t.Setenv("DAPR_API_TOKEN", v.Tokens.Dapr) // the SDK's gRPC client reads it
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	sc, err := step.Connect(ctx, step.Config{AppID: "validator", DaprGRPCPort: v.GRPCPort, DaprHTTPPort: v.HTTPPort, DaprToken: v.Tokens.Dapr})
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	t.Run("state", func(t *testing.T) { storetest.StateContract(t, daprstore.NewState(sc, step.AppState), "contract|") })
	t.Run("blobs", func(t *testing.T) { storetest.BlobsContract(t, daprstore.NewBlobs(sc, step.Staging), "contract/") })
}

// TestDailyLimitExceeded drives LIMIT_EXCEEDED through the pipeline: GLOBEX-LTD may
// send 1,000,000.00 a day; four files of 250,000.00 use it up, a fifth of 10.00 is
// rejected with the reason, and what was used stays what the four reserved.
func TestDailyLimitExceeded(t *testing.T) {
	p := testpipe.Start(t, testpipe.Options{Offset: 1950})
	globex := func(ref, amount string) []byte {
		return []byte("H,GLOBEX-LTD," + ref + ",2026-11-25T08:00:00+01:00\n" +
			"D,E2E-1,NL91ABNA0417164300,2026-11-26," + amount + ",EUR,Widget GmbH,FR1420041010050500013M02606,,Inv 1\n" +
			"T,1," + amount + "\n")
	}
	for i := 1; i <= 4; i++ {
		p.Drop(fmt.Sprintf("big-%d.csv", i), globex(fmt.Sprintf("BIG-%d", i), "250000.00"))
	}
	for i := 1; i <= 4; i++ {
		if o := p.Await(fmt.Sprintf("big-%d.csv", i), 2*time.Minute); o.Kind != "created" {
			t.Fatalf("big-%d.csv: %s %v, want created", i, o.Kind, p.ReportCodes(o))
		}
	}
	p.Drop("small.csv", globex("SMALL-1", "10.00"))
	o := p.Await("small.csv", time.Minute)
	if codes := p.ReportCodes(o); o.Kind != "rejected" || !slices.Contains(codes, "1 control_sum LIMIT_EXCEEDED") {
		t.Fatalf("small.csv: %s %v, want rejected LIMIT_EXCEEDED", o.Kind, codes)
	}
	report, err := p.File(o, "report.csv")
	if err != nil || !strings.Contains(string(report), "exceeds the daily limit 1000000.00 of GLOBEX-LTD") {
		t.Errorf("report (%v) does not give the reason:\n%s", err, report)
	}
	if p.Exists("outbox", "pain001_GLOBEX-LTD_SMALL-1.xml") {
		t.Error("a File B was written for the rejected file")
	}
}
