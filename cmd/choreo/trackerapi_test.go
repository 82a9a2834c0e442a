package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// choreo sends the tracker's login as a bearer token from CHOREO_TRACKER_TOKEN, never in
// the URL, and says what to do when the tracker wants one.
func TestTrackerAPISendsTheLogin(t *testing.T) {
	const secret = "tracker-login-secret-0123456789"
	tr := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.RawQuery, secret) {
			t.Errorf("the login went into the URL: %s", r.URL)
		}
		if r.Header.Get("Authorization") != "Bearer "+secret {
			http.Error(w, "login required", http.StatusUnauthorized)
			return
		}
		w.Write([]byte(`{"files":[],"count":0}`))
	}))
	t.Cleanup(tr.Close)

	t.Setenv(trackerTokenEnv, "")
	_, _, err := newTrackerAPI(tr.URL).list(context.Background(), nil)
	if err == nil || !strings.Contains(err.Error(), "export CHOREO_TRACKER_TOKEN") {
		t.Errorf("without the login: %v, want advice to export CHOREO_TRACKER_TOKEN", err)
	}
	t.Setenv(trackerTokenEnv, "wrong-login-secret-0123456789")
	if _, _, err = newTrackerAPI(tr.URL).list(context.Background(), nil); err == nil || !strings.Contains(err.Error(), "refused the login") {
		t.Errorf("with a wrong login: %v", err)
	}
	t.Setenv(trackerTokenEnv, secret)
	if _, _, err = newTrackerAPI(tr.URL).list(context.Background(), nil); err != nil {
		t.Errorf("with the login: %v", err)
	}
}

// Behind Container Apps' authentication a request without a token is sent to a sign-in
// page; choreo says so instead of reading the page as an answer.
func TestTrackerAPISignInRedirect(t *testing.T) {
	signIn := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<html>sign in</html>"))
	}))
	t.Cleanup(signIn.Close)
	tr := httptest.NewServer(http.RedirectHandler(signIn.URL+"/.auth/login/aad", http.StatusFound))
	t.Cleanup(tr.Close)
	t.Setenv(trackerTokenEnv, "")
	if _, _, err := newTrackerAPI(tr.URL).list(context.Background(), nil); err == nil || !strings.Contains(err.Error(), "sign in") {
		t.Errorf("a redirect to sign in: %v", err)
	}
}
