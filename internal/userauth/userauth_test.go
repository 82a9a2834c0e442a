package userauth

import (
	"bytes"
	"encoding/base64"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

const secret = "0123456789abcdef0123456789abcdef"

// paymentData stands for what the tracker serves; a refused request must never see it.
const paymentData = "DE89370400440532013000"

func served(t *testing.T, cfg Config, log *slog.Logger, req *http.Request) (*httptest.ResponseRecorder, http.Header) {
	t.Helper()
	var seen http.Header
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r.Header.Clone()
		w.Write([]byte(paymentData))
	})
	rec := httptest.NewRecorder()
	Require(cfg, log, next).ServeHTTP(rec, req)
	if rec.Code != http.StatusOK && strings.Contains(rec.Body.String(), paymentData) {
		t.Errorf("refused with %d but served the data", rec.Code)
	}
	return rec, seen
}

func basic(user, pass string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
}

func TestTokenMode(t *testing.T) {
	cfg := Config{Mode: ModeToken, Token: secret}
	forged := map[string]string{PrincipalNameHeader: "alice@bank.example", PrincipalIDHeader: "1", PrincipalHeader: "e30="}
	for _, c := range []struct {
		name    string
		target  string
		headers map[string]string
		want    int
	}{
		{"no credential", "/api/files", nil, 401},
		{"bearer", "/api/files", map[string]string{"Authorization": "Bearer " + secret}, 200},
		{"basic, any user name", "/outputs/f-1/fileb", map[string]string{"Authorization": basic("alice", secret)}, 200},
		{"scheme in lower case", "/", map[string]string{"Authorization": "bearer " + secret}, 200},
		{"wrong bearer", "/api/files", map[string]string{"Authorization": "Bearer " + strings.Repeat("x", len(secret))}, 401},
		{"wrong basic", "/api/files", map[string]string{"Authorization": basic("alice", "guess")}, 401},
		{"secret as basic user name", "/api/files", map[string]string{"Authorization": basic(secret, "")}, 401},
		{"secret with a suffix", "/api/files", map[string]string{"Authorization": "Bearer " + secret + "x"}, 401},
		{"a prefix of the secret", "/api/files", map[string]string{"Authorization": "Bearer " + secret[:20]}, 401},
		{"unknown scheme", "/api/files", map[string]string{"Authorization": "Token " + secret}, 401},
		{"basic, not base64", "/api/files", map[string]string{"Authorization": "Basic %%%"}, 401},
		{"secret in the query", "/api/files?token=" + secret + "&access_token=" + secret, nil, 401},
		{"basic auth in the URL's query", "/api/files?authorization=Bearer%20" + secret, nil, 401},
		{"forged Easy Auth principal", "/api/files", forged, 401},
		{"very long Authorization", "/api/files", map[string]string{"Authorization": "Bearer " + strings.Repeat("a", 8<<10)}, 431},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", c.target, nil)
			for k, v := range c.headers {
				req.Header.Set(k, v)
			}
			rec, _ := served(t, cfg, slog.New(slog.DiscardHandler), req)
			if rec.Code != c.want {
				t.Fatalf("%s: %d %q, want %d", c.name, rec.Code, rec.Body, c.want)
			}
			if c.want == 401 && !strings.HasPrefix(rec.Header().Get("WWW-Authenticate"), "Basic ") {
				t.Errorf("401 without a Basic challenge, so a browser would not ask: %q", rec.Header().Get("WWW-Authenticate"))
			}
		})
	}
}

func TestTwoAuthorizationHeadersAreRefused(t *testing.T) {
	req := httptest.NewRequest("GET", "/api/files", nil)
	req.Header.Add("Authorization", "Bearer wrong-wrong-wrong-wrong")
	req.Header.Add("Authorization", "Bearer "+secret)
	if rec, _ := served(t, Config{Mode: ModeToken, Token: secret}, slog.New(slog.DiscardHandler), req); rec.Code != 401 {
		t.Fatalf("%d, want 401", rec.Code)
	}
}

// Behind the login, forged principal headers never reach the handler: nothing there can
// mistake them for the platform's.
func TestTokenModeRemovesPrincipalHeaders(t *testing.T) {
	req := httptest.NewRequest("GET", "/api/files", nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	req.Header.Set(PrincipalNameHeader, "admin@bank.example")
	req.Header.Set(PrincipalHeader, "e30=")
	rec, seen := served(t, Config{Mode: ModeToken, Token: secret}, slog.New(slog.DiscardHandler), req)
	if rec.Code != 200 {
		t.Fatalf("%d, want 200", rec.Code)
	}
	if seen.Get(PrincipalNameHeader) != "" || seen.Get(PrincipalHeader) != "" {
		t.Errorf("the handler saw forged principal headers: %v", seen)
	}
}

func TestNoSecretLetsNobodyIn(t *testing.T) {
	for _, auth := range []string{"", "Bearer ", "Bearer " + secret, basic("x", "")} {
		req := httptest.NewRequest("GET", "/", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		if rec, _ := served(t, Config{Mode: ModeToken}, slog.New(slog.DiscardHandler), req); rec.Code != 401 {
			t.Errorf("no secret configured, Authorization %q: %d, want 401", auth, rec.Code)
		}
	}
}

func TestEasyAuthMode(t *testing.T) {
	cfg := Config{Mode: ModeEasyAuth, Token: secret} // the secret means nothing here
	signedIn := map[string]string{PrincipalNameHeader: "alice@bank.example", PrincipalIDHeader: "00000000-0000-0000-0000-000000000001",
		PrincipalIDPHeader: "aad", PrincipalHeader: "eyJhdXRoX3R5cCI6ImFhZCJ9"}
	with := func(extra map[string]string) map[string]string {
		h := map[string]string{}
		for k, v := range signedIn {
			h[k] = v
		}
		for k, v := range extra {
			h[k] = v
		}
		return h
	}
	for _, c := range []struct {
		name    string
		headers map[string]string
		want    int
	}{
		{"signed in", signedIn, 200},
		{"nobody", nil, 401},
		{"the local secret", map[string]string{"Authorization": "Bearer " + secret}, 401},
		{"a name without an id", map[string]string{PrincipalNameHeader: "alice@bank.example"}, 401},
		{"relayed by a sidecar", with(map[string]string{"dapr-caller-app-id": "intake"}), 401},
		{"with the app token", with(map[string]string{"dapr-api-token": "t"}), 401},
		{"very long principal", with(map[string]string{PrincipalHeader: strings.Repeat("e", 20<<10)}), 431},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", "/api/files", nil)
			for k, v := range c.headers {
				req.Header.Set(k, v)
			}
			rec, seen := served(t, cfg, slog.New(slog.DiscardHandler), req)
			if rec.Code != c.want {
				t.Fatalf("%d %q, want %d", rec.Code, rec.Body, c.want)
			}
			if c.want == 200 && seen.Get(PrincipalNameHeader) != "alice@bank.example" {
				t.Errorf("the handler should see who signed in: %v", seen)
			}
		})
	}
}

// Whatever is refused, the log says why and where, and never holds a secret: neither the
// right one nor what a caller tried.
func TestRefusalsLogNoSecret(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	tried := "tried-" + strings.Repeat("z", 20)
	cfg := Config{Mode: ModeToken, Token: secret}
	for _, r := range []*http.Request{
		httptest.NewRequest("GET", "/api/files?token="+secret, nil),
		httptest.NewRequest("GET", "/api/files/f-1?token="+tried, nil),
	} {
		served(t, cfg, log, r)
	}
	for _, auth := range []string{"Bearer " + tried, basic("alice", tried), "Bearer " + tried + strings.Repeat("y", 2000)} {
		r := httptest.NewRequest("GET", "/outputs/f-1/fileb", nil)
		r.Header.Set("Authorization", auth)
		served(t, cfg, log, r)
	}
	ok := httptest.NewRequest("GET", "/", nil)
	ok.Header.Set("Authorization", "Bearer "+secret)
	served(t, cfg, log, ok)
	out := logs.String()
	for _, s := range []string{secret, tried, base64.StdEncoding.EncodeToString([]byte("alice:" + tried))} {
		if strings.Contains(out, s) {
			t.Errorf("the log holds %q:\n%s", s, out)
		}
	}
	for _, want := range []string{`"reason":"no credential"`, `"reason":"wrong credential"`, `"reason":"credential header too long"`, `"path":"/outputs/f-1/fileb"`} {
		if !strings.Contains(out, want) {
			t.Errorf("the log lacks %s:\n%s", want, out)
		}
	}
}

func TestFromEnv(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	c, err := FromEnv(env(nil))
	if err != nil || c.Mode != ModeToken || c.Warning() == "" {
		t.Errorf("nothing set: %+v %v, want token mode with a warning", c, err)
	}
	c, err = FromEnv(env(map[string]string{TokenEnv: secret}))
	if err != nil || c.Token != secret || c.Warning() != "" {
		t.Errorf("a secret: %+v %v", c, err)
	}
	if c, err = FromEnv(env(map[string]string{ModeEnv: "easyauth"})); err != nil || c.Mode != ModeEasyAuth || c.Warning() != "" {
		t.Errorf("easyauth: %+v %v", c, err)
	}
	if _, err = FromEnv(env(map[string]string{ModeEnv: "none"})); err == nil {
		t.Error("an unknown mode should be refused")
	}
	if _, err = FromEnv(env(map[string]string{TokenEnv: "short"})); err == nil || strings.Contains(err.Error(), "short\"") {
		t.Errorf("a short secret should be refused without quoting it: %v", err)
	}
}
