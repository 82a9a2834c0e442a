package step

import (
	"io"
	"log/slog"
	"strings"
)

// NewLogger builds the one JSON logger an app passes down. Keys are stable snake_case:
// app, file_id, event_id, trace_id, stage, outcome.
func NewLogger(w io.Writer, appID, level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.ToUpper(level))); err != nil {
		l = slog.LevelInfo
	}
	h := slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l})
	return slog.New(h).With("app", appID)
}
