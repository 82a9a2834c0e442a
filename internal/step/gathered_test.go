package step

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// series is one series of a metric as the default registry gathers it.
type series struct {
	labels map[string]string
	count  uint64  // a histogram's observations
	sum    float64 // a histogram's sum
	value  float64 // a counter's value
}

// gathered is every series of the metric name in the default registry.
func gathered(t *testing.T, name string) []series {
	t.Helper()
	families, err := prometheus.DefaultGatherer.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var out []series
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			s := series{labels: map[string]string{}, count: m.GetHistogram().GetSampleCount(),
				sum: m.GetHistogram().GetSampleSum(), value: m.GetCounter().GetValue()}
			for _, l := range m.GetLabel() {
				s.labels[l.GetName()] = l.GetValue()
			}
			out = append(out, s)
		}
	}
	return out
}

// gatheredWith is the series of the metric name whose labels include want; zero if none.
func gatheredWith(t *testing.T, name string, want map[string]string) series {
	t.Helper()
	for _, s := range gathered(t, name) {
		if matches(s.labels, want) {
			return s
		}
	}
	return series{}
}

func matches(labels, want map[string]string) bool {
	for k, v := range want {
		if labels[k] != v {
			return false
		}
	}
	return true
}
