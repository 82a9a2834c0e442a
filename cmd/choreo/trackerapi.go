package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/paychoreo/choreography/internal/tracking"
)

// defaultTracker is the tracker's app port on this machine (dapr.yaml).
const defaultTracker = "http://127.0.0.1:7005"

// trackerTokenEnv holds the tracker's login secret (internal/userauth), which make run
// generates; it goes in the Authorization header, never in a URL.
const trackerTokenEnv = "CHOREO_TRACKER_TOKEN"

// trackerAPI reads the tracker's API: GET /api/files and GET /api/files/{id}.
type trackerAPI struct {
	base  string
	token string
	hc    *http.Client
}

func newTrackerAPI(base string) trackerAPI {
	// A redirect is a sign-in page (Container Apps' authentication), never the answer.
	noRedirect := func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return trackerAPI{base: strings.TrimRight(base, "/"), token: os.Getenv(trackerTokenEnv),
		hc: &http.Client{Timeout: 15 * time.Second, CheckRedirect: noRedirect}}
}

// fileList is the answer of GET /api/files.
type fileList struct {
	Files []tracking.File `json:"files"`
	Count int             `json:"count"`
}

// fileTimeline is the answer of GET /api/files/{id}.
type fileTimeline struct {
	File    tracking.File    `json:"file"`
	StageMS map[string]int64 `json:"stage_ms"`
}

var errNoSuchFile = errors.New("the tracker has no such file (yet)")

// list returns the files matching q (status, sender, stalled, days, limit), and the
// answer as sent, for --json.
func (a trackerAPI) list(ctx context.Context, q url.Values) (fileList, []byte, error) {
	var out fileList
	raw, err := a.get(ctx, "/api/files?"+q.Encode())
	if err == nil {
		err = json.Unmarshal(raw, &out)
	}
	return out, raw, err
}

// file returns one file's timeline; errNoSuchFile until the tracker has seen the file.
func (a trackerAPI) file(ctx context.Context, id string) (fileTimeline, []byte, error) {
	var out fileTimeline
	raw, err := a.get(ctx, "/api/files/"+url.PathEscape(id))
	if err == nil {
		err = json.Unmarshal(raw, &out)
	}
	return out, raw, err
}

// outputURL is where the tracker serves a file's File B or rejection report.
func (a trackerAPI) outputURL(id, kind string) string {
	return a.base + "/outputs/" + url.PathEscape(id) + "/" + kind
}

func (a trackerAPI) get(ctx context.Context, path string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.base+path, nil)
	if err != nil {
		return nil, err
	}
	if a.token != "" {
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	resp, err := a.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("ask the tracker at %s (is the pipeline running? --tracker): %w", a.base, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	if err != nil {
		return nil, fmt.Errorf("read the tracker's answer: %w", err)
	}
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return nil, errNoSuchFile
	case resp.StatusCode/100 == 3:
		return nil, fmt.Errorf("the tracker sends you to sign in: put a token for it in %s (docs/deploy-azure.md)", trackerTokenEnv)
	case resp.StatusCode == http.StatusUnauthorized && a.token == "":
		return nil, fmt.Errorf("the tracker wants its login: export %s (make run writes it to .tmp/tokens.env: source .tmp/tokens.env)", trackerTokenEnv)
	case resp.StatusCode == http.StatusUnauthorized:
		return nil, fmt.Errorf("the tracker refused the login in %s (is it this run's? make run makes a new one each time: source .tmp/tokens.env)", trackerTokenEnv)
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("tracker %s: %s: %s", path, resp.Status, strings.TrimSpace(string(body)))
	}
	return body, nil
}
