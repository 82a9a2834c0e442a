package userauth

import (
	"log/slog"
	"net/http"
)

// refusal is why a request was not let in; its reason goes to the log and to the caller,
// and never quotes what the caller sent.
type refusal struct {
	status int
	reason string
}

var (
	errLocked     = &refusal{http.StatusUnauthorized, "no login is configured (" + TokenEnv + " unset)"}
	errNoLogin    = &refusal{http.StatusUnauthorized, "no credential"}
	errWrong      = &refusal{http.StatusUnauthorized, "wrong credential"}
	errMalformed  = &refusal{http.StatusUnauthorized, "malformed credential"}
	errTooLong    = &refusal{http.StatusRequestHeaderFieldsTooLarge, "credential header too long"}
	errRelayed    = &refusal{http.StatusUnauthorized, "relayed by a Dapr sidecar, not by the platform's authentication"}
	errNoEasyAuth = &refusal{http.StatusUnauthorized, "no signed-in principal from the platform's authentication"}
)

// check says why a request is refused, or nil when a person logged in sent it.
type check func(r *http.Request) *refusal

// Require serves next only to a person logged in as cfg says. Everyone else gets 401
// (431 when a credential header is too long to be one) and nothing of next. The
// principal headers are removed before next runs unless Easy Auth set them, so nothing
// behind Require can be fooled by forged ones.
func Require(cfg Config, log *slog.Logger, next http.Handler) http.Handler {
	var loggedIn check = tokenCheck(cfg.Token)
	if cfg.Mode == ModeEasyAuth {
		loggedIn = easyAuthCheck
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if no := loggedIn(r); no != nil {
			refuse(w, r, log, cfg.Mode, no)
			return
		}
		if cfg.Mode != ModeEasyAuth {
			r = withoutPrincipal(r)
		}
		next.ServeHTTP(w, r)
	})
}

// refuse answers a refused request. The log line names the path, never the query (where
// someone may have put a secret) or any header's value.
func refuse(w http.ResponseWriter, r *http.Request, log *slog.Logger, mode string, no *refusal) {
	log.Info("request refused: login required", "path", r.URL.Path, "reason", no.reason, "remote", r.RemoteAddr)
	if mode == ModeToken {
		// A browser asks for a user name and password; choreo sends a bearer token.
		w.Header().Set("WWW-Authenticate", `Basic realm="choreo tracker", charset="UTF-8"`)
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Error(w, "login required: "+no.reason, no.status)
}
