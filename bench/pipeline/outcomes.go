package pipeline

import (
	"bufio"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Outcomes is, per replica set, how many files app reached outcome with so far: its
// choreo_files_total{stage=app,outcome=...} counter, read from the app's /metrics. It
// shows how evenly the replica sets shared the work.
func (p *Pipeline) Outcomes(app, outcome string) ([]float64, error) {
	out := make([]float64, len(p.Runs))
	client := http.Client{Timeout: 10 * time.Second}
	for i, r := range p.Runs {
		a, ok := r.App(app)
		if !ok {
			return nil, fmt.Errorf("no app %s", app)
		}
		resp, err := client.Get(fmt.Sprintf("http://127.0.0.1:%d/metrics", a.AppPort))
		if err != nil {
			return nil, err
		}
		out[i], err = counter(bufio.NewScanner(resp.Body), "choreo_files_total", map[string]string{"stage": app, "outcome": outcome})
		resp.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("%s metrics: %w", app, err)
		}
	}
	return out, nil
}

// counter finds a sample of Prometheus' text format by name and labels; 0 when absent
// (a counter not yet incremented is not exported).
func counter(s *bufio.Scanner, name string, labels map[string]string) (float64, error) {
	for s.Scan() {
		line := s.Text()
		rest, ok := strings.CutPrefix(line, name+"{")
		if !ok {
			continue
		}
		set, value, ok := strings.Cut(rest, "} ")
		if !ok {
			continue
		}
		match := true
		for k, v := range labels {
			if !strings.Contains(","+set+",", ","+k+"=\""+v+"\",") {
				match = false
			}
		}
		if match {
			return strconv.ParseFloat(strings.TrimSpace(value), 64)
		}
	}
	return 0, s.Err()
}
