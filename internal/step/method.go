package step

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
)

// Method is a route other parties call through Dapr service invocation (for example
// `choreo deadletters redrive`, through the app's sidecar). It sits behind the token
// like every route Dapr calls.
type Method struct {
	Name    string
	Handler func(ctx context.Context, body []byte) (any, error)
}

// ErrBadRequest marks a caller's mistake (400); other errors are 500.
var ErrBadRequest = errors.New("bad request")

func serveMethod(log *slog.Logger, m Method) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		var out any
		if err == nil {
			out, err = m.Handler(r.Context(), body)
		}
		w.Header().Set("Content-Type", "application/json")
		if err != nil {
			code := http.StatusInternalServerError
			if errors.Is(err, ErrBadRequest) {
				code = http.StatusBadRequest
			}
			log.Warn("method failed", "method", m.Name, "error", err.Error())
			w.WriteHeader(code)
			json.NewEncoder(w).Encode(map[string]string{"error": err.Error()})
			return
		}
		json.NewEncoder(w).Encode(out)
	}
}
