package step

import (
	"crypto/subtle"
	"net/http"
)

// requireToken answers 401 unless the request carries the sidecar's token. The Go SDK
// checks it on service invocation only; Dapr calls topic and binding routes too, so every
// route but /healthz goes through here. The compare is constant-time.
func requireToken(token string, next http.Handler) http.Handler {
	want := []byte(token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := []byte(r.Header.Get("dapr-api-token"))
		if subtle.ConstantTimeCompare(got, want) != 1 {
			http.Error(w, "missing or wrong dapr-api-token", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}
