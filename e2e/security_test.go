package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/paychoreo/choreography/internal/testpipe"
)

// TestSecurityByDefault checks the defaults a bank relies on: a topic can be published
// only by its owner, the sidecar wants the app's token, the app wants the sidecar's.
func TestSecurityByDefault(t *testing.T) {
	p := testpipe.Start(t, testpipe.Options{Offset: 200})
	v, _ := p.Runs[0].App("validator")
	c, _ := p.Runs[0].App("creator")

	publish := func(topic, token string) (int, string) {
		url := fmt.Sprintf("http://127.0.0.1:%d/v1.0/publish/pubsub/%s", v.HTTPPort, topic)
		req, _ := http.NewRequest("POST", url, strings.NewReader(`{"file_id":"f-forged"}`))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("dapr-api-token", token)
		}
		return do(t, req)
	}
	if code, body := publish("file.created", v.Tokens.Dapr); code != http.StatusForbidden {
		t.Errorf("validator published file.created (owned by creator): %d %s", code, body)
	}
	if code, body := publish("file.validated", ""); code != http.StatusUnauthorized {
		t.Errorf("publish without the API token: %d %s", code, body)
	}
	if code, body := publish("file.validated", "wrong"); code != http.StatusUnauthorized {
		t.Errorf("publish with a wrong API token: %d %s", code, body)
	}

	appURL := fmt.Sprintf("http://127.0.0.1:%d/events/file.adapted", c.AppPort)
	req, _ := http.NewRequest("POST", appURL, strings.NewReader(`{"id":"f-forged/file.adapted","data":{}}`))
	if code, body := do(t, req); code != http.StatusUnauthorized {
		t.Errorf("creator accepted an event without the sidecar's token: %d %s", code, body)
	}
	req, _ = http.NewRequest("POST", appURL, strings.NewReader(`{}`))
	req.Header.Set("dapr-api-token", c.Tokens.Dapr) // the app's own token is not the sidecar's
	if code, _ := do(t, req); code != http.StatusUnauthorized && c.Tokens.Dapr != c.Tokens.App {
		t.Errorf("creator accepted the wrong token: %d", code)
	}
}
