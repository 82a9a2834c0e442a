package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/launch"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// TestForeignCallerIsRefused: a sidecar of another app ("mallory") invokes intake's submit
// and redrive, and a topic route to forge an event; each is refused with 403 and nothing
// reaches intake's inbox, while `choreo submit`'s way in (intake's own sidecar) still
// works. Twice: with config/local.yaml, whose access control has intake's sidecar refuse
// it, and with no Dapr Configuration, as on Container Apps, where intake itself refuses
// it. No log line holds a token. The sidecars find each other by mDNS, so they run in a
// network namespace of their own, where no other run's intake can answer.
func TestForeignCallerIsRefused(t *testing.T) {
	daprd, err := launch.FindDaprd(testpipe.Root)
	testpipe.Need(t, "daprd (make daprd)", err)
	t.Run("Dapr's access control refuses it as config/local.yaml says", func(t *testing.T) {
		foreignCaller(t, daprd, localConfig, "access control policy has denied")
	})
	t.Run("intake refuses it with no Configuration as on Container Apps", func(t *testing.T) {
		foreignCaller(t, daprd, "", "may not invoke intake")
	})
}

// Ports in the pod: the namespace is the test's own, so fixed ports are free.
const (
	intakeAppPort, intakeHTTP, intakeGRPC = 7001, 3501, 5101
	malloryHTTP, malloryGRPC              = 3599, 5199
)

func foreignCaller(t *testing.T, daprd, config, refusal string) {
	pod := startPod(t)
	redis := pod.redis(t)
	tokens := launch.Tokens{App: "callers-app-token-4f1d2c", Dapr: "callers-dapr-token-9a7e3b"}
	data := t.TempDir()
	startIntake(t, pod, daprd, testpipe.LocalComponents(t, redis, 0, data), config, tokens)
	pod.startSidecar(daprd, "mallory", malloryHTTP, malloryGRPC, "DAPR_API_TOKEN="+tokens.Dapr)
	waitHealthy(t, pod.addr, malloryHTTP, 30*time.Second)
	own := invoke(t, pod.addr, intakeHTTP, tokens.Dapr, "submit", submitBody("own-sidecar.csv"), nil)
	var answer struct {
		FileID string `json:"file_id"`
	}
	if own.Code != http.StatusOK || json.Unmarshal(own.Body, &answer) != nil || answer.FileID == "" {
		t.Errorf("submit through intake's own sidecar: %s, want 200 with a file id", own)
	}
	for _, c := range []struct {
		method string
		body   []byte
		header map[string]string
	}{
		{"submit", submitBody("foreign.csv"), nil},
		{"submit", submitBody("foreign-forged.csv"), map[string]string{"dapr-caller-app-id": "intake"}},
		{"redrive", []byte(`{"id":"dl-1","by":"mallory","note":"x"}`), nil},
		{"events/file.failed", []byte(`{"id":"f-forged/file.failed","data":{"file_id":"f-forged"}}`), nil},
	} {
		r := invoke(t, pod.addr, malloryHTTP, tokens.Dapr, c.method, c.body, c.header)
		if r.Code != http.StatusForbidden || !strings.Contains(string(r.Body), refusal) {
			t.Errorf("mallory invoking intake's %s (headers %v): %s, want 403 saying %q", c.method, c.header, r, refusal)
		}
	}
	for _, name := range []string{"foreign.csv", "foreign-forged.csv"} {
		if _, err := os.Stat(filepath.Join(data, "inbox", name)); err == nil {
			t.Errorf("%s reached intake's inbox", name)
		}
	}
	logs := pod.logs.String()
	if appRefuses := config == ""; appRefuses != strings.Contains(logs, `"caller":"mallory"`) {
		t.Errorf("intake logged a refusal of mallory: %v, want %v", !appRefuses, appRefuses)
	}
	for _, secret := range []string{tokens.App, tokens.Dapr} {
		if strings.Contains(logs, secret) {
			t.Errorf("a log line holds a token")
		}
	}
}

// startIntake starts intake and its sidecar in the pod as bin/launch would (config ""
// means none).
func startIntake(t *testing.T, pod *netPod, daprd, resources, config string, tokens launch.Tokens) {
	t.Helper()
	pod.startApp(daprd, podApp{id: "intake", appPort: intakeAppPort, httpPort: intakeHTTP, grpcPort: intakeGRPC,
		metricsPort: intakeHTTP + 6000, resources: resources, config: config,
		env: []string{"APP_API_TOKEN=" + tokens.App, "DAPR_API_TOKEN=" + tokens.Dapr, "DAPR_HOST_IP=127.0.0.1"},
		// Its API on every interface, for the test outside; the address it gives mDNS is
		// the pod's loopback (DAPR_HOST_IP).
		daprdFlags: []string{"--dapr-listen-addresses", "0.0.0.0"}})
	waitHealthy(t, pod.addr, intakeHTTP, 60*time.Second)
}

// waitHealthy waits until the sidecar at host:httpPort says it is healthy (with its app,
// when it has one).
func waitHealthy(t *testing.T, host string, httpPort int, within time.Duration) {
	t.Helper()
	url := fmt.Sprintf("http://%s:%d/v1.0/healthz", host, httpPort)
	testpipe.Eventually(t, within, "the sidecar on "+url+" is healthy", func() bool {
		resp, err := (&http.Client{Timeout: 2 * time.Second}).Get(url)
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusNoContent
	})
}

// invoke calls intake's method through the sidecar at host:httpPort.
func invoke(t *testing.T, host string, httpPort int, token, method string, body []byte, header map[string]string) apiReply {
	t.Helper()
	url := fmt.Sprintf("http://%s:%d/v1.0/invoke/intake/method/%s", host, httpPort, method)
	req, _ := http.NewRequest("POST", url, strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("dapr-api-token", token)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return send(t, &http.Client{Timeout: 30 * time.Second}, req)
}

func submitBody(name string) []byte {
	b, _ := json.Marshal(map[string]any{"name": name, "content": []byte("Header,1\n")})
	return b
}
