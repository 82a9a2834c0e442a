package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/testpipe"
)

// The tests talk HTTP to the apps, their sidecars and the tracker through these.

// localURL is the address of a port on the loopback, where a pipeline's apps and
// sidecars listen.
func localURL(port int) string { return fmt.Sprintf("http://127.0.0.1:%d", port) }

// appURL is the address of an app of the pipeline (its first replica set).
func appURL(p *testpipe.Pipeline, app string) string {
	a, _ := p.Runs[0].App(app)
	return localURL(a.AppPort)
}

// apiReply is an HTTP answer.
type apiReply struct {
	Code   int
	Body   []byte
	Header http.Header
}

func (r apiReply) String() string { return fmt.Sprintf("%d %s", r.Code, r.Body) }

// reply reads a whole answer, as reply(t)(client.Do(req)); the test stops when there is
// none.
func reply(t *testing.T) func(*http.Response, error) apiReply {
	return func(resp *http.Response, err error) apiReply {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return apiReply{resp.StatusCode, b, resp.Header}
	}
}

// send sends req with client and reads the whole answer.
func send(t *testing.T, client *http.Client, req *http.Request) apiReply {
	t.Helper()
	return reply(t)(client.Do(req))
}

// do sends req and returns the status and body.
func do(t *testing.T, req *http.Request) (int, string) {
	t.Helper()
	r := send(t, http.DefaultClient, req)
	return r.Code, string(r.Body)
}

// getJSON reads the tracker's API (or any JSON) as a person logged in to the tracker.
func getJSON(url string, v any) error {
	resp, err := testpipe.TrackerGet(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return fmt.Errorf("%s: %s", url, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// getBody is the tracker's answer as it sent it, asked the way getJSON asks.
func getBody(t *testing.T, url string) string {
	t.Helper()
	var raw json.RawMessage
	if err := getJSON(url, &raw); err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// trackerGet is GET url with the tracker's login, the whole answer read.
func trackerGet(t *testing.T, url string) apiReply {
	t.Helper()
	return reply(t)(testpipe.TrackerGet(url))
}

// fetch is trackerGet's body, an error when the status is not 200 OK.
func fetch(t *testing.T, url string) string {
	t.Helper()
	r := trackerGet(t, url)
	if r.Code != http.StatusOK {
		t.Errorf("GET %s: %d %s", url, r.Code, http.StatusText(r.Code))
	}
	return string(r.Body)
}

// getText is a GET that tolerates a port with nothing behind it (an app without metrics).
func getText(url string) string {
	resp, err := http.Get(url)
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// ask sends GET url with an Authorization (when not empty) and other headers; it returns
// the status and body (0 when the request failed).
func ask(url, auth string, headers map[string]string) (int, string) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return 0, err.Error()
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, string(body)
}
