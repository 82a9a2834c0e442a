package testpipe

import (
	"encoding/base64"
	"net/http"
)

// TrackerToken is the tracker's login secret (internal/userauth) in the test suites:
// e2e's TestMain exports it as CHOREO_TRACKER_TOKEN, as make run exports its own, so
// every tracker and every choreo a test starts has it. Tests only; make run makes a
// random one per run.
const TrackerToken = "testpipe-tracker-login-7c1e40a9d3"

// TrackerBasic is the Authorization header a browser sends once a person typed the login
// (any user name, the secret as password).
func TrackerBasic() string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte("tester:"+TrackerToken))
}

// TrackerGet is GET url with the tracker's login, as choreo sends it.
func TrackerGet(url string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+TrackerToken)
	return http.DefaultClient.Do(req)
}
