package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/tracking"
)

// TestConsumerLagIsMeasured: choreo_delivery_age_seconds, which the ChoreoConsumerLag
// alert reads (deploy/monitoring), measures how long an event waited in the broker from
// the CloudEvent time the real sidecars write. With the adaptor's sidecar down, a
// validated file waits until the tracker marks it stalled (CHOREO_STALL_AFTER=2s); once
// the sidecar is back, the adaptor's age for file.validated is at least that wait, while
// the creator, which nothing held up, took file.adapted within a second or two.
func TestConsumerLagIsMeasured(t *testing.T) {
	p := startAdaptorDown(t, 1750)
	dropFile(p, "held.csv", "HELD-1", "7.00")
	p.Eventually(time.Minute, "the tracker marks the held file stalled", func() bool {
		files, err := stalled(p)
		return err == nil && len(files) == 1 && files[0].Status == tracking.Validated
	})
	adaptorBack(t, p, "held.csv")
	for _, c := range []struct {
		app, topic string
		min, max   float64
	}{
		{"validator", "file.received", 0, 2},
		{"adaptor", "file.validated", 2, 120},
		{"creator", "file.adapted", 0, 2},
	} {
		m := metrics(t, appURL(p, c.app))
		series := fmt.Sprintf(`{stage=%q,topic=%q}`, c.app, c.topic)
		count, sum := sample(m, "choreo_delivery_age_seconds_count"+series), sample(m, "choreo_delivery_age_seconds_sum"+series)
		if count < 1 || sum/count < c.min || sum/count > c.max {
			t.Errorf("%s on %s: %v deliveries, %v s of age in all; want at least one, each %v-%v s old:\n%s",
				c.app, c.topic, count, sum, c.min, c.max, grep(m, "choreo_delivery_age_seconds_"))
		}
	}
}
