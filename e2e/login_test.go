package e2e

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/testpipe"
	"github.com/paychoreo/choreography/internal/userauth"
)

// TestTrackerLogin runs the real tracker and its sidecar in a pipeline and asks for its
// page, its API and what it serves of a created and a rejected file (File B, rejection
// report, pain.002) as someone who merely reaches the port would: without the login,
// with a wrong one, with the login in the URL, with forged Easy Auth headers (this
// tracker is not behind Easy Auth), with an oversized header. Each is refused and gets
// nothing of the file; with the login, as a browser sends it (Basic) and as choreo does
// (Bearer), each is served. The tracker's log names the refusals and holds no secret;
// choreo without the login says how to get it.
func TestTrackerLogin(t *testing.T) {
	p := testpipe.Start(t, testpipe.Options{Offset: 500})
	for _, name := range []string{"acme-example.csv", "rejected-bad-iban-and-total.csv"} {
		p.Drop(name, readSample(t, name))
	}
	good, bad := p.Await("acme-example.csv", time.Minute), p.Await("rejected-bad-iban-and-total.csv", time.Minute)
	tr, _ := p.Runs[0].App("tracker")
	base := fmt.Sprintf("http://127.0.0.1:%d", tr.AppPort)
	paths := []string{"/", "/api/files", "/api/files/" + bad.FileID, "/api/orders", "/outputs/" + good.FileID + "/fileb",
		"/outputs/" + bad.FileID + "/report", "/outputs/" + bad.FileID + "/pain002"}
	p.Eventually(time.Minute, "the tracker serves every path to the login", func() bool {
		for _, path := range paths {
			if status, _ := ask(base+path, "Bearer "+testpipe.TrackerToken, nil); status != http.StatusOK {
				return false
			}
		}
		return true
	})

	wrong := "wrong-login-" + strings.Repeat("w", 20)
	refused := map[string]struct {
		auth    string
		query   string
		headers map[string]string
	}{
		"no credential":            {},
		"wrong bearer":             {auth: "Bearer " + wrong},
		"wrong password":           {auth: "Basic " + base64.StdEncoding.EncodeToString([]byte("alice:"+wrong))},
		"the login in the query":   {query: "?token=" + testpipe.TrackerToken + "&access_token=" + testpipe.TrackerToken},
		"the sidecar's token":      {headers: map[string]string{"dapr-api-token": tr.Tokens.App}},
		"forged Easy Auth headers": {headers: map[string]string{userauth.PrincipalNameHeader: "alice@bank.example", userauth.PrincipalIDHeader: "1", userauth.PrincipalIDPHeader: "aad", userauth.PrincipalHeader: "eyJhdXRoX3R5cCI6ImFhZCJ9"}},
	}
	for _, path := range paths {
		for what, c := range refused {
			status, body := ask(base+path+c.query, c.auth, c.headers)
			if status != http.StatusUnauthorized || !strings.HasPrefix(body, "login required") {
				t.Errorf("GET %s, %s: %d %q, want 401 and nothing of the file", path, what, status, short(body))
			}
		}
		for _, auth := range []string{"Bearer " + testpipe.TrackerToken, testpipe.TrackerBasic()} {
			if status, body := ask(base+path, auth, nil); status != http.StatusOK || body == "" {
				t.Errorf("GET %s with the login (%s): %d", path, strings.Fields(auth)[0], status)
			}
		}
	}
	if status, body := ask(base+"/outputs/"+good.FileID+"/fileb", "Bearer "+testpipe.TrackerToken, nil); !strings.Contains(body, "pain.001.001.09") {
		t.Errorf("File B with the login: %d %q", status, short(body))
	}

	// Oversized: an Authorization no login is that long, and headers past the server's bound.
	if status, _ := ask(base+"/api/files", "Bearer "+strings.Repeat("a", 8<<10), nil); status != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("an 8 KiB Authorization: %d, want 431", status)
	}
	if status, _ := ask(base+"/api/files", "Bearer "+testpipe.TrackerToken, map[string]string{"X-Padding": strings.Repeat("p", 2<<20)}); status != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("2 MiB of headers: %d, want 431", status)
	}
	// The probe stays open; the sidecar's routes want the sidecar's token, not a person's login.
	if status, _ := ask(base+"/healthz", "", nil); status != http.StatusOK {
		t.Errorf("/healthz: %d, want 200", status)
	}
	if status, _ := ask(base+"/dapr/subscribe", "Bearer "+testpipe.TrackerToken, nil); status != http.StatusUnauthorized {
		t.Errorf("/dapr/subscribe with a person's login: %d, want 401", status)
	}

	logs := p.Logs("tracker")
	for _, secret := range []string{testpipe.TrackerToken, wrong} {
		if strings.Contains(logs, secret) {
			t.Errorf("the tracker's log holds a secret (%s…)", secret[:8])
		}
	}
	if !strings.Contains(logs, "wrong credential") || !strings.Contains(logs, "/outputs/"+good.FileID+"/fileb") {
		t.Errorf("the tracker's log should name refusals and their path:\n%s", testpipe.Tail(logs, 20))
	}

	cmd := choreoCmd(p, "status", "--tracker", base)
	cmd.Env = append(cmd.Env, userauth.TokenEnv+"=")
	out, err := cmd.CombinedOutput()
	if cmd.ProcessState.ExitCode() != 2 || !strings.Contains(string(out), "export "+userauth.TokenEnv) {
		t.Errorf("choreo status without the login: %v\n%s", err, out)
	}
	if out, code := choreo(t, p, "status", "--tracker", base); code != 0 || !strings.Contains(out.stdout, good.FileID) {
		t.Errorf("choreo status with the login: exit %d\n%s%s", code, out.stdout, out.stderr)
	}
}

// TestTrackerBehindEasyAuth runs the tracker as the Bicep does in Azure
// (CHOREO_USER_AUTH=easyauth), here with this test playing Container Apps' authentication:
// a request carrying the principal it would pass is served; one without is refused, and
// the local login means nothing there. A request relayed by a Dapr sidecar (service
// invocation, where any app could write the headers) is refused even with them.
func TestTrackerBehindEasyAuth(t *testing.T) {
	p := testpipe.Start(t, testpipe.Options{Offset: 550, Env: map[string]string{userauth.ModeEnv: userauth.ModeEasyAuth}})
	tr, _ := p.Runs[0].App("tracker")
	base := fmt.Sprintf("http://127.0.0.1:%d", tr.AppPort)
	signedIn := map[string]string{userauth.PrincipalNameHeader: "alice@bank.example",
		userauth.PrincipalIDHeader: "00000000-0000-0000-0000-00000000a11c", userauth.PrincipalIDPHeader: "aad"}
	p.Eventually(30*time.Second, "the tracker serves a signed-in principal", func() bool {
		status, _ := ask(base+"/api/files", "", signedIn)
		return status == http.StatusOK
	})
	for what, c := range map[string]struct {
		url     string
		auth    string
		headers map[string]string
	}{
		"nobody signed in": {url: base + "/api/files"},
		"the local login":  {url: base + "/api/files", auth: "Bearer " + testpipe.TrackerToken},
		"relayed by a sidecar": {url: fmt.Sprintf("http://127.0.0.1:%d/v1.0/invoke/tracker/method/api/files", tr.HTTPPort),
			headers: map[string]string{"dapr-api-token": tr.Tokens.Dapr, userauth.PrincipalNameHeader: "alice@bank.example",
				userauth.PrincipalIDHeader: "1"}},
	} {
		if status, body := ask(c.url, c.auth, c.headers); status != http.StatusUnauthorized {
			t.Errorf("%s: %d %q, want 401", what, status, short(body))
		}
	}
	if status, _ := ask(base+"/", "", signedIn); status != http.StatusOK {
		t.Errorf("the page to a signed-in principal: %d", status)
	}
	if logs := p.Logs("tracker"); !strings.Contains(logs, "relayed by a Dapr sidecar") {
		t.Errorf("the relayed request should have reached the tracker and been refused there:\n%s", testpipe.Tail(logs, 20))
	}
}
