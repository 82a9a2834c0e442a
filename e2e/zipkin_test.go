package e2e

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/paychoreo/choreography/internal/testpipe"
)

// zipkin is a Zipkin endpoint of the test's own: it keeps every body it is sent, as sent,
// and counts the spans it received per trace id.
type zipkin struct {
	*httptest.Server
	mu     sync.Mutex
	bodies strings.Builder
	traces map[string]int
}

func newZipkin(t *testing.T) *zipkin {
	z := &zipkin{traces: map[string]int{}}
	z.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var spans []struct {
			TraceID string `json:"traceId"`
		}
		json.NewDecoder(bytes.NewReader(b)).Decode(&spans)
		z.mu.Lock()
		z.bodies.Write(b)
		for _, s := range spans {
			z.traces[s.TraceID]++
		}
		z.mu.Unlock()
		w.WriteHeader(http.StatusAccepted)
	}))
	t.Cleanup(z.Close)
	return z
}

// startTraced starts a pipeline whose sidecars send their spans to a zipkin of the
// test's own instead of the local Zipkin.
func startTraced(t *testing.T, offset int) (*testpipe.Pipeline, *zipkin) {
	z := newZipkin(t)
	p := testpipe.Start(t, testpipe.Options{Offset: offset, Config: func(yaml string) string {
		return strings.Replace(yaml, "http://127.0.0.1:9411/api/v2/spans", z.URL+"/api/v2/spans", 1)
	}})
	return p, z
}

// spans counts the spans received of one trace.
func (z *zipkin) spans(traceID string) int {
	z.mu.Lock()
	defer z.mu.Unlock()
	return z.traces[traceID]
}

// all is every body received, as sent.
func (z *zipkin) all() string {
	z.mu.Lock()
	defer z.mu.Unlock()
	return z.bodies.String()
}
