package step

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// callerServer is intake's surface (no app may invoke it but itself) with one method and
// one subscription, its log kept.
func callerServer(log *bytes.Buffer) http.Handler {
	cfg := Config{AppID: "intake", AppToken: "app-token-secret"}
	w := Wiring{
		Methods:       []Method{{Name: "submit", Handler: func(context.Context, []byte) (any, error) { return "ok", nil }}},
		Subscriptions: []Subscription{{Topic: "file.created", DeadLetterTopic: "deadletter.intake", Handler: func(context.Context, Message) error { return nil }}},
	}
	return routes(cfg, slog.New(slog.NewJSONHandler(log, nil)), newMemLedger(), w)
}

// TestOnlyIntendedCallers: service invocation from another app's sidecar is refused 403,
// whatever route it names; the app's own sidecar (no caller id, or its own) and pub/sub
// deliveries pass; naming a caller straight to the app port without the token is 401, and
// a token in the query string is no token.
func TestOnlyIntendedCallers(t *testing.T) {
	var log bytes.Buffer
	h := callerServer(&log)
	const token = "app-token-secret"
	for _, c := range []struct {
		name, path, query, token string
		callers                  []string
		want                     int
	}{
		{"own sidecar, no caller id", "/submit", "", token, nil, 200},
		{"own app id", "/submit", "", token, []string{"intake"}, 200},
		{"pub/sub delivery", "/events/file.created", "", token, nil, 200},
		{"foreign app", "/submit", "", token, []string{"mallory"}, 403},
		{"foreign app on a topic route", "/events/file.created", "", token, []string{"validator"}, 403},
		{"foreign app beside a forged own id", "/submit", "", token, []string{"intake", "mallory"}, 403},
		{"empty caller id", "/submit", "", token, []string{""}, 403},
		{"forged own id without the token", "/submit", "", "", []string{"intake"}, 401},
		{"foreign app without the token", "/submit", "", "", []string{"mallory"}, 401},
		{"token in the query string", "/submit", "?dapr-api-token=" + token, "", nil, 401},
		{"token in the query string, other name", "/submit", "?token=" + token + "&api-token=" + token, "", nil, 401},
	} {
		r := httptest.NewRequest("POST", c.path+c.query, strings.NewReader(`{"id":"f-1/file.created","data":{}}`))
		if c.token != "" {
			r.Header.Set("dapr-api-token", c.token)
		}
		for _, caller := range c.callers {
			r.Header.Add(CallerHeader, caller)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != c.want {
			t.Errorf("%s: %d %s, want %d", c.name, w.Code, strings.TrimSpace(w.Body.String()), c.want)
		}
	}
	if !strings.Contains(log.String(), `"caller":"mallory"`) {
		t.Errorf("no refusal naming the caller in the log:\n%s", log.String())
	}
	if strings.Contains(log.String(), token) {
		t.Errorf("the log holds the app token:\n%s", log.String())
	}
}

// TestLongCallerIDIsClipped: a caller id of any length is refused, and no more than a
// short prefix of it reaches the log or the answer.
func TestLongCallerIDIsClipped(t *testing.T) {
	var log bytes.Buffer
	h := callerServer(&log)
	r := httptest.NewRequest("POST", "/submit", nil)
	r.Header.Set("dapr-api-token", "app-token-secret")
	r.Header.Set(CallerHeader, strings.Repeat("m", 10000))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 403 || w.Body.Len() > 300 || strings.Contains(log.String(), strings.Repeat("m", 100)) {
		t.Errorf("%d, answer of %d bytes, log %d bytes: want 403 and a clipped caller id", w.Code, w.Body.Len(), log.Len())
	}
}

// TestVeryLongHeadersAreRefused: headers beyond maxHeaderBytes get 431 from the server
// itself, before the token or the caller is looked at.
func TestVeryLongHeadersAreRefused(t *testing.T) {
	srv := httptest.NewUnstartedServer(nil)
	srv.Config = newServer(callerServer(&bytes.Buffer{}))
	srv.Start()
	defer srv.Close()
	for _, header := range []string{CallerHeader, "dapr-api-token", "X-Anything"} {
		req, _ := http.NewRequest("POST", srv.URL+"/submit", nil)
		req.Header.Set(header, strings.Repeat("x", 2*maxHeaderBytes))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Errorf("a %d-byte %s header: %d, want 431", 2*maxHeaderBytes, header, resp.StatusCode)
		}
	}
}

// TestWiringMatchesInvocations: an app of the catalog may serve through service
// invocation only what internal/events.Invocations lists for it.
func TestWiringMatchesInvocations(t *testing.T) {
	noop := func(context.Context, []byte) (any, error) { return nil, nil }
	if err := (Wiring{Methods: []Method{{Name: "purge", Handler: noop}}}).checkInvocation("validator"); err == nil {
		t.Error("validator serving an undeclared method passed the check")
	}
	ok := Wiring{Methods: []Method{{Name: "submit", Handler: noop}, {Name: "redrive", Handler: noop}}}
	if err := ok.checkInvocation("intake"); err != nil {
		t.Error(err)
	}
}
