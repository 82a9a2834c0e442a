package userauth

import "net/http"

// Headers Azure Container Apps' authentication sets on every request it lets through
// (and removes from what callers send).
const (
	PrincipalHeader     = "X-MS-CLIENT-PRINCIPAL"
	PrincipalIDHeader   = "X-MS-CLIENT-PRINCIPAL-ID"
	PrincipalNameHeader = "X-MS-CLIENT-PRINCIPAL-NAME"
	PrincipalIDPHeader  = "X-MS-CLIENT-PRINCIPAL-IDP"
)

var principalHeaders = []string{PrincipalHeader, PrincipalIDHeader, PrincipalNameHeader, PrincipalIDPHeader}

// maxPrincipal bounds the principal headers: X-MS-CLIENT-PRINCIPAL carries the claims of
// the person's token, a few kilobytes.
const maxPrincipal = 16 << 10

// Headers daprd adds to what it relays to the app (service invocation). Such a request
// came from another app through the sidecar, not from a person through the ingress, so
// its principal headers are whatever that app wrote.
var relayHeaders = []string{"dapr-api-token", "dapr-caller-app-id"}

// easyAuthCheck lets in requests on which the platform's authentication named a
// signed-in principal.
func easyAuthCheck(r *http.Request) *refusal {
	for _, h := range relayHeaders {
		if r.Header.Get(h) != "" {
			return errRelayed
		}
	}
	for _, h := range principalHeaders {
		if len(r.Header.Get(h)) > maxPrincipal {
			return errTooLong
		}
	}
	if r.Header.Get(PrincipalNameHeader) == "" || r.Header.Get(PrincipalIDHeader) == "" {
		return errNoEasyAuth
	}
	return nil
}

// withoutPrincipal is r without the principal headers, for apps not behind Easy Auth:
// there they can only be forged.
func withoutPrincipal(r *http.Request) *http.Request {
	forged := false
	for _, h := range principalHeaders {
		forged = forged || r.Header.Get(h) != ""
	}
	if !forged {
		return r
	}
	r = r.Clone(r.Context())
	for _, h := range principalHeaders {
		r.Header.Del(h)
	}
	return r
}
