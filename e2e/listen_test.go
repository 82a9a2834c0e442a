package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/launch"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// TestReachableAsInAPod runs the tracker and its sidecar in a network namespace of their
// own, as a Container Apps replica is, with CHOREO_LISTEN_ADDR=0.0.0.0 as the images set
// it, and Redis outside. From the host's namespace, as the platform's probes and ingress
// come: /healthz answers, the tracker's page reads through its sidecar from Redis, and a
// route the sidecar calls still wants the sidecar's token. An app on the loopback would
// fail the first probe.
func TestReachableAsInAPod(t *testing.T) {
	pod := startPod(t)
	redis := pod.redis(t)
	daprd, err := launch.FindDaprd(testpipe.Root)
	testpipe.Need(t, "daprd (make daprd)", err)
	tokens := launch.Tokens{App: "pod-app-token-0123456789", Dapr: "pod-dapr-token-0123456789"}
	const appPort, httpPort, grpcPort = 7005, 3505, 5105 // the namespace is the pod's own: all free
	pod.startApp(daprd, podApp{id: "tracker", appPort: appPort, httpPort: httpPort, grpcPort: grpcPort, metricsPort: 9095,
		resources: testpipe.LocalComponents(t, redis, 0, t.TempDir()), config: localConfig,
		env: []string{"APP_API_TOKEN=" + tokens.App, "DAPR_API_TOKEN=" + tokens.Dapr}, appEnv: []string{"CHOREO_LISTEN_ADDR=0.0.0.0"}})

	base := fmt.Sprintf("http://%s:%d", pod.addr, appPort)
	get := func(path, token string) int {
		req, _ := http.NewRequest("GET", base+path, nil)
		if token != "" {
			req.Header.Set("dapr-api-token", token)
		}
		if strings.HasPrefix(path, "/api/") { // a person's request: with the tracker's login
			req.Header.Set("Authorization", "Bearer "+testpipe.TrackerToken)
		}
		resp, err := (&http.Client{Timeout: 2 * time.Second}).Do(req)
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	testpipe.Eventually(t, 60*time.Second, "the readiness probe "+base+"/healthz answers 200", func() bool {
		return get("/healthz", "") == http.StatusOK
	})
	testpipe.Eventually(t, 30*time.Second, "the tracker's page reads its store through the sidecar", func() bool {
		return get("/api/files", "") == http.StatusOK
	})
	for _, token := range []string{"", "wrong", tokens.Dapr} {
		if code := get("/dapr/subscribe", token); code != http.StatusUnauthorized {
			t.Errorf("GET /dapr/subscribe from outside the pod with token %q: %d, want 401", token, code)
		}
	}
	if code := get("/dapr/subscribe", tokens.App); code != http.StatusOK {
		t.Errorf("GET /dapr/subscribe with the sidecar's token: %d, want 200", code)
	}
}
