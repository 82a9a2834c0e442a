package testpipe

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paychoreo/choreography/internal/runfile"
)

// A test pipeline's ports (dapr.yaml's + testPorts + the test's offset, up to 1350 today,
// its replica sets and startFree's moves) stay below Linux's ephemeral range.
func TestPipelinePortsStayBelowEphemeralRange(t *testing.T) {
	const largestOffset = 2000 // the largest test offset plus replica sets, retries and a shift
	f, err := runfile.Load(filepath.Join(Root, "dapr.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range f.Apps {
		for _, p := range []int{a.AppPort, a.DaprHTTPPort, a.DaprGRPCPort, a.MetricsPort} {
			if top := p + testPorts + largestOffset; p != 0 && top >= 32768 {
				t.Errorf("%s: port %d becomes %d in a test pipeline, inside the ephemeral range", a.AppID, p, top)
			}
		}
	}
}

// A test that edits the configuration finds the Zipkin exporter at ZipkinEndpoint in it,
// once, whether config/local.yaml names one or (as shipped) not.
func TestEditedConfigExportsToZipkin(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(Root, "config", "local.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	got, ok := withZipkinExporter(string(raw))
	if !ok || strings.Count(got, "\n    zipkin:\n      endpointAddress: \""+ZipkinEndpoint+"\"\n") != 1 {
		t.Fatalf("no Zipkin exporter added (%v):\n%s", ok, got)
	}
	if again, _ := withZipkinExporter(got); again != got {
		t.Errorf("an exporter already named was added again:\n%s", again)
	}
}
