package userauth

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"strings"
)

// maxAuthorization bounds the Authorization header: a Basic or Bearer login secret is
// well under it; anything longer is refused before it is decoded or compared.
const maxAuthorization = 1024

// tokenCheck lets in requests whose Authorization header carries the login secret, as a
// Basic password (any user name) or a Bearer token. The URL is never looked at.
func tokenCheck(token string) check {
	want := sha256.Sum256([]byte(token))
	return func(r *http.Request) *refusal {
		if token == "" {
			return errLocked
		}
		values := r.Header.Values("Authorization")
		switch {
		case len(values) == 0:
			return errNoLogin
		case len(values) > 1:
			return errMalformed
		case len(values[0]) > maxAuthorization:
			return errTooLong
		}
		secret, ok := credential(values[0])
		if !ok {
			return errMalformed
		}
		// Hashing first makes the comparison constant-time in the length too.
		got := sha256.Sum256([]byte(secret))
		if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			return errWrong
		}
		return nil
	}
}

// credential reads the secret of "Basic base64(user:secret)" (the user name is not
// checked: there is one secret per run) or "Bearer secret".
func credential(header string) (secret string, ok bool) {
	scheme, value, found := strings.Cut(header, " ")
	if !found || value == "" {
		return "", false
	}
	switch strings.ToLower(scheme) {
	case "bearer":
		return value, true
	case "basic":
		raw, err := base64.StdEncoding.DecodeString(value)
		if err != nil {
			return "", false
		}
		_, secret, found = strings.Cut(string(raw), ":")
		return secret, found && secret != ""
	}
	return "", false
}
