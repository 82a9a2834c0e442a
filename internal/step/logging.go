package step

import (
	"io"
	"log/slog"
	"strings"

	"github.com/paychoreo/choreography/internal/mask"
)

// NewLogger builds the one JSON logger an app passes down. Keys are stable snake_case:
// app, file_id, event_id, trace_id, stage, outcome. Every message, text and error it
// writes has its IBANs masked (internal/mask): a log line must never hold an account
// number, whichever error or value brought it there.
func NewLogger(w io.Writer, appID, level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.ToUpper(level))); err != nil {
		l = slog.LevelInfo
	}
	h := slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l, ReplaceAttr: maskAttr})
	return slog.New(h).With("app", appID)
}

// maskAttr masks the IBANs of a string or an error; other values cannot hold one.
func maskAttr(_ []string, a slog.Attr) slog.Attr {
	switch v := a.Value; {
	case v.Kind() == slog.KindString:
		a.Value = slog.StringValue(mask.Text(v.String()))
	case v.Kind() == slog.KindAny:
		if err, ok := v.Any().(error); ok {
			a.Value = slog.StringValue(mask.Text(err.Error()))
		}
	}
	return a
}
