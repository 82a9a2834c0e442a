//go:build chaos

package chaos

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/testpipe"
)

// trackerPolls is what asking the tracker during a burst gave: the latency of every
// answer, by endpoint, and the failures.
type trackerPolls struct {
	list, one []time.Duration // GET /api/files?limit=20; GET /api/files/{id}
	ok        int
	failed    int
	firstErr  string
}

// pollTracker asks the tracker, every `every` until ctx ends, for the newest files and
// then for one of them, as a person watching the page would; each request may take
// up to 10 s.
func pollTracker(ctx context.Context, p *testpipe.Pipeline, every time.Duration) trackerPolls {
	a, _ := p.Runs[0].App("tracker")
	base := fmt.Sprintf("http://127.0.0.1:%d", a.AppPort)
	client := &http.Client{Timeout: 10 * time.Second}
	var tp trackerPolls
	id := ""
	for ctx.Err() == nil {
		var list struct {
			Files []struct {
				FileID string `json:"file_id"`
			} `json:"files"`
		}
		d, err := get(client, base+"/api/files?limit=20", &list)
		tp.add(&tp.list, d, err)
		if err == nil && len(list.Files) > 0 {
			id = list.Files[0].FileID
		}
		if id != "" {
			d, err = get(client, base+"/api/files/"+id, nil)
			tp.add(&tp.one, d, err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(every):
		}
	}
	return tp
}

func (tp *trackerPolls) add(to *[]time.Duration, d time.Duration, err error) {
	if err != nil {
		tp.failed++
		if tp.firstErr == "" {
			tp.firstErr = err.Error()
		}
		return
	}
	tp.ok++
	*to = append(*to, d)
}

// get is GET url with the tracker's login; it decodes a JSON answer into v when v is set.
func get(c *http.Client, url string, v any) (time.Duration, error) {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Authorization", "Bearer "+testpipe.TrackerToken)
	start := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	took := time.Since(start)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("%s: %s %s", url, resp.Status, strings.TrimSpace(string(body)))
	}
	if v != nil {
		if err := json.Unmarshal(body, v); err != nil {
			return 0, fmt.Errorf("%s: %w", url, err)
		}
	}
	return took, nil
}

func quantiles(ds []time.Duration) (p50, p99, top time.Duration) {
	if len(ds) == 0 {
		return 0, 0, 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2], s[(len(s)*99)/100], s[len(s)-1]
}

func (tp trackerPolls) summary() map[string]any {
	out := map[string]any{"answers": tp.ok, "failures": tp.failed, "first_error": tp.firstErr}
	for name, ds := range map[string][]time.Duration{"list": tp.list, "one": tp.one} {
		p50, p99, top := quantiles(ds)
		out[name] = map[string]float64{"n": float64(len(ds)), "p50_ms": ms(p50), "p99_ms": ms(p99), "max_ms": ms(top)}
	}
	return out
}

func (tp trackerPolls) print(t *testing.T) {
	var b strings.Builder
	fmt.Fprintf(&b, "burst: tracker answered %d times, failed %d %s\n", tp.ok, tp.failed, tp.firstErr)
	for _, e := range []struct {
		name string
		ds   []time.Duration
	}{{"GET /api/files?limit=20", tp.list}, {"GET /api/files/{id}", tp.one}} {
		p50, p99, top := quantiles(e.ds)
		fmt.Fprintf(&b, "burst:   %-24s n=%d p50 %.0f ms, p99 %.0f ms, max %.0f ms\n", e.name, len(e.ds), ms(p50), ms(p99), ms(top))
	}
	t.Log("\n" + b.String())
	fmt.Print(b.String())
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
