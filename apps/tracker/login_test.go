package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/userauth"
)

// Every route the tracker serves to people refuses a request without the login, before
// its handler runs (the handlers would need a sidecar, which this test has none of).
func TestEveryPageAndAPIRouteWantsTheLogin(t *testing.T) {
	t.Setenv(userauth.TokenEnv, "tracker-login-secret-0123456789")
	w, err := setup(&step.App{Config: step.Config{AppID: "tracker"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Open) < 6 {
		t.Fatalf("open routes: %d, want the page, the file and order APIs and the outputs", len(w.Open))
	}
	for _, r := range w.Open {
		path := strings.NewReplacer("{id}", "f-1", "{kind}", "fileb", "{$}", "").Replace(strings.TrimPrefix(r.Pattern, "GET "))
		for _, auth := range []string{"", "Bearer wrong-login-secret-0123456789"} {
			req := httptest.NewRequest("GET", path+"?token=tracker-login-secret-0123456789", nil)
			if auth != "" {
				req.Header.Set("Authorization", auth)
			}
			req.Header.Set(userauth.PrincipalNameHeader, "alice@bank.example")
			req.Header.Set(userauth.PrincipalIDHeader, "1")
			rec := httptest.NewRecorder()
			r.Handler.ServeHTTP(rec, req)
			if rec.Code != http.StatusUnauthorized {
				t.Errorf("%s with Authorization %q: %d, want 401", r.Pattern, auth, rec.Code)
			}
		}
	}
}

func TestUnknownLoginModeStopsTheStart(t *testing.T) {
	t.Setenv(userauth.ModeEnv, "open")
	if _, err := setup(&step.App{Config: step.Config{AppID: "tracker"}}); err == nil {
		t.Fatal("CHOREO_USER_AUTH=open should be refused")
	}
}
