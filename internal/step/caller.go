package step

import (
	"log/slog"
	"net/http"

	"github.com/paychoreo/choreography/internal/events"
)

// CallerHeader is where Dapr names the app whose sidecar invoked this one. The calling
// sidecar sets it from its own app id, over whatever its app sent. Pub/sub and binding
// deliveries, and calls through the app's own sidecar, carry none.
const CallerHeader = "dapr-caller-app-id"

// requireCaller answers 403 to service invocation from an app that internal/events.
// Invocations does not let call this one. Dapr's access control (config/local.yaml) refuses
// them first where a Configuration applies; on Container Apps, which applies none, this is
// the check. It sits behind the token check: a request straight to the app port naming a
// caller still needs the sidecar's token.
func requireCaller(appID string, log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, caller := range r.Header.Values(CallerHeader) {
			if !events.MayInvoke(caller, appID) {
				log.Warn("service invocation refused: the caller may not call this app",
					"caller", clip(caller), "path", clip(r.URL.Path))
				http.Error(w, "app "+clip(caller)+" may not invoke "+appID+
					" (internal/events.Invocations names who may)", http.StatusForbidden)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// clip bounds what a caller chose before it reaches a log line or an answer.
func clip(s string) string {
	const max = 64
	if len(s) > max {
		return s[:max] + "..."
	}
	return s
}
