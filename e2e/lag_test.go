package e2e

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/launch"
	"github.com/paychoreo/choreography/internal/testpipe"
	"github.com/paychoreo/choreography/internal/tracking"
)

// TestConsumerLagIsMeasured: choreo_delivery_age_seconds, which the ChoreoConsumerLag
// alert reads (deploy/monitoring), measures how long an event waited in the broker from
// the CloudEvent time the real sidecars write. With the adaptor's sidecar down, a
// validated file waits until the tracker marks it stalled (CHOREO_STALL_AFTER=2s); once
// the sidecar is back, the adaptor's age for file.validated is at least that wait, while
// the creator, which nothing held up, took file.adapted within a second or two.
func TestConsumerLagIsMeasured(t *testing.T) {
	p := testpipe.Start(t, testpipe.Options{Offset: 1750, Env: map[string]string{"CHOREO_STALL_AFTER": "2s"}})
	if err := p.Runs[0].Kill("adaptor", launch.Sidecar); err != nil {
		t.Fatal(err)
	}
	dropFile(p, "held.csv", "HELD-1", "7.00")
	tr, _ := p.Runs[0].App("tracker")
	var list struct{ Files []tracking.File }
	p.Eventually(time.Minute, "the tracker marks the held file stalled", func() bool {
		return getJSON(fmt.Sprintf("http://127.0.0.1:%d/api/files?stalled=true", tr.AppPort), &list) == nil &&
			len(list.Files) == 1 && list.Files[0].Status == tracking.Validated
	})
	if err := p.Runs[0].Restart("adaptor", launch.Sidecar); err != nil {
		t.Fatal(err)
	}
	if o := p.Await("held.csv", 2*time.Minute); o.Kind != "created" {
		t.Fatalf("held.csv: %s, want created", o.Kind)
	}
	for _, c := range []struct {
		app, topic string
		min, max   float64
	}{
		{"validator", "file.received", 0, 2},
		{"adaptor", "file.validated", 2, 120},
		{"creator", "file.adapted", 0, 2},
	} {
		a, _ := p.Runs[0].App(c.app)
		m := metrics(t, fmt.Sprintf("http://127.0.0.1:%d", a.AppPort))
		series := fmt.Sprintf(`{stage=%q,topic=%q}`, c.app, c.topic)
		count, sum := sample(m, "choreo_delivery_age_seconds_count"+series), sample(m, "choreo_delivery_age_seconds_sum"+series)
		if count < 1 || sum/count < c.min || sum/count > c.max {
			t.Errorf("%s on %s: %v deliveries, %v s of age in all; want at least one, each %v-%v s old:\n%s",
				c.app, c.topic, count, sum, c.min, c.max, grep(m, "choreo_delivery_age_seconds_"))
		}
	}
}

// sample is the value of one series in a Prometheus text exposition, 0 when absent.
func sample(exposition, series string) float64 {
	for _, line := range strings.Split(exposition, "\n") {
		if rest, ok := strings.CutPrefix(line, series+" "); ok {
			v, _ := strconv.ParseFloat(rest, 64)
			return v
		}
	}
	return 0
}
