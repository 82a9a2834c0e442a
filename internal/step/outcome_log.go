package step

import (
	"crypto/rand"
	"encoding/hex"
)

// FileOutcome logs what a step did with a file, with the keys every line about a file
// carries (file_id, event_id, trace_id, stage, outcome), and counts it in
// choreo_files_total. attrs add detail.
func (a *App) FileOutcome(m Message, fileID, outcome string, attrs ...any) {
	filesTotal.WithLabelValues(a.Config.AppID, outcome).Inc()
	base := []any{"file_id", fileID, "event_id", m.ID, "trace_id", traceID(m.TraceParent),
		"stage", a.Config.AppID, "outcome", outcome}
	if warnOutcomes[outcome] {
		a.Log.Warn("file "+outcome, append(base, attrs...)...)
		return
	}
	a.Log.Info("file "+outcome, append(base, attrs...)...)
}

// warnOutcomes are the outcomes a person may have to look at.
var warnOutcomes = map[string]bool{"stalled": true, "compensating": true, "dead_letter": true}

// NewTraceParent starts a W3C trace: the one trace a file's whole journey belongs to.
func NewTraceParent() string {
	var b [24]byte
	rand.Read(b[:])
	return "00-" + hex.EncodeToString(b[:16]) + "-" + hex.EncodeToString(b[16:]) + "-01"
}

// ChildTraceParent continues a trace with a new span id (W3C: version-trace-span-flags).
func ChildTraceParent(parent string) string {
	if len(parent) != 55 {
		return NewTraceParent()
	}
	var b [8]byte
	rand.Read(b[:])
	return parent[:36] + hex.EncodeToString(b[:]) + parent[52:]
}
