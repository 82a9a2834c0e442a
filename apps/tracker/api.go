package main

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/paychoreo/choreography/internal/pain002"
	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/tracking"
)

// list answers GET /api/files?status=&sender=&stalled=true&days=2&limit=200: the files
// received in the last days, newest first, filtered.
func (t *tracker) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	days, _ := strconv.Atoi(q.Get("days"))
	limit, _ := strconv.Atoi(q.Get("limit"))
	days, limit = clamp(days, 1, 31, 2), clamp(limit, 1, 5000, 200)
	lists := make([][][]string, days)
	for d := range lists {
		shards, err := t.readShards(r.Context(), dayKey(time.Now().UTC().AddDate(0, 0, -d).Format(time.DateOnly)))
		if err != nil {
			writeErr(w, err)
			return
		}
		lists[d] = shards
	}
	out, err := newest(lists, limit, func(ids []string) (map[string]*tracking.File, error) {
		return t.getFiles(r.Context(), ids)
	}, func(f *tracking.File) bool { return matches(f, q.Get("status"), q.Get("sender"), q.Get("stalled")) })
	if err != nil {
		writeErr(w, err)
		return
	}
	writeJSON(w, map[string]any{"files": nonNil(out), "count": len(out)})
}

func matches(f *tracking.File, status, sender, stalled string) bool {
	return (status == "" || strings.EqualFold(f.Status, status) || (status == "open" && !f.Final)) &&
		(sender == "" || f.SenderID == sender) && (stalled != "true" || f.Stalled)
}

// one answers GET /api/files/{id}: the whole timeline, with stage durations.
func (t *tracker) one(w http.ResponseWriter, r *http.Request) {
	f, found, err := t.getFile(r.Context(), r.PathValue("id"))
	if err != nil {
		writeErr(w, err)
		return
	}
	if !found {
		http.Error(w, `{"error":"no such file"}`, http.StatusNotFound)
		return
	}
	durations := map[string]int64{}
	for stage, d := range f.Durations() {
		durations[stage] = d.Milliseconds()
	}
	// stage_ms stays for its readers (choreo status); stage_us is what the page shows,
	// as stages of less than a millisecond are common.
	out := map[string]any{"file": f, "stage_ms": durations, "stage_us": micros(f.Durations())}
	if u := t.traceURL(f.TraceID); u != "" {
		out["trace_url"] = u // the journey's spans in the trace backend (CHOREO_TRACE_URL)
	}
	if f.Final { // every file that reached its end is answered with a pain.002 (apps/reporter)
		out["status_report"] = "/outputs/" + url.PathEscape(f.FileID) + "/pain002"
	}
	writeJSON(w, out)
}

// output streams a file's File B, rejection report or pain.002 status report:
// GET /outputs/{id}/fileb|report|pain002.
func (t *tracker) output(w http.ResponseWriter, r *http.Request) {
	f, found, err := t.getFile(r.Context(), r.PathValue("id"))
	if err != nil || !found {
		http.Error(w, "no such file", http.StatusNotFound)
		return
	}
	binding, name, ctype := step.Outbox, f.FileB, "application/xml"
	switch r.PathValue("kind") {
	case "report":
		binding, name, ctype = step.Rejected, f.Report, "text/csv"
	case "pain002": // the reporter writes it once the file is final, under a name its id gives
		binding, name = pain002.Area, ""
		if f.Final {
			name = pain002.Name(f.FileID)
		}
	}
	if name == "" {
		http.Error(w, "this file has no such output", http.StatusNotFound)
		return
	}
	data, err := t.app.Sidecar.GetBlob(r.Context(), binding, name)
	if errors.Is(err, step.ErrNotFound) && binding == pain002.Area {
		http.Error(w, "no status report yet", http.StatusNotFound)
		return
	}
	if errors.Is(err, step.ErrNotFound) {
		http.Error(w, "output no longer stored", http.StatusGone)
		return
	}
	if err != nil {
		writeErr(w, err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `inline; filename="`+strings.ReplaceAll(name, "/", "_")+`"`)
	w.Write(data)
}

func clamp(v, lo, hi, def int) int {
	if v == 0 {
		return def
	}
	return max(lo, min(hi, v))
}

func nonNil(fs []*tracking.File) []*tracking.File {
	if fs == nil {
		return []*tracking.File{}
	}
	return fs
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

func writeErr(w http.ResponseWriter, err error) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadGateway)
	json.NewEncoder(w).Encode(map[string]string{"error": err.Error()})
}
