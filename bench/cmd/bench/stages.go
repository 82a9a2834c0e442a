package main

import (
	"encoding/json"
	"strings"
	"time"
)

// The outcomes each step logs (step.App.FileOutcome: "file <outcome>"), in order.
var stageOrder = []string{"received", "validated", "adapted", "created"}

// outcomeTimes reads the apps' JSON logs and returns, per blob, when each outcome of
// stageOrder was logged.
func outcomeTimes(logs string) map[string]map[string]time.Time {
	byFile := map[string]map[string]time.Time{}
	blobOf := map[string]string{}
	for _, line := range strings.Split(logs, "\n") {
		if !strings.Contains(line, `"msg":"file `) {
			continue
		}
		var l struct {
			Time   time.Time `json:"time"`
			Msg    string    `json:"msg"`
			FileID string    `json:"file_id"`
			Blob   string    `json:"blob"`
		}
		if json.Unmarshal([]byte(line), &l) != nil || l.FileID == "" {
			continue
		}
		outcome := strings.TrimPrefix(l.Msg, "file ")
		if outcome == "received" && l.Blob != "" {
			blobOf[l.FileID] = l.Blob
		}
		m := byFile[l.FileID]
		if m == nil {
			m = map[string]time.Time{}
			byFile[l.FileID] = m
		}
		if _, dup := m[outcome]; !dup {
			m[outcome] = l.Time
		}
	}
	out := map[string]map[string]time.Time{}
	for id, m := range byFile {
		if b, ok := blobOf[id]; ok {
			out[b] = m
		}
	}
	return out
}

// stageLatencies turns outcome times into the time of each stage: "pickup" from the
// drop to "received", then each step from the previous outcome to its own, except
// "created", which ends when File B's trigger is written (the creator logs its outcome
// after announcing it and removing the staged data, which File B does not wait for).
func stageLatencies(times map[string]map[string]time.Time, dropped, written map[string]time.Time) map[string]Latency {
	ds := map[string][]time.Duration{}
	for blob, at := range dropped {
		t := times[blob]
		if t == nil {
			continue
		}
		if r, ok := t["received"]; ok {
			ds["pickup"] = append(ds["pickup"], r.Sub(at))
		}
		for i := 1; i < len(stageOrder); i++ {
			a, ok1 := t[stageOrder[i-1]]
			b, ok2 := t[stageOrder[i]]
			if w, ok := written[blob]; ok && stageOrder[i] == "created" {
				b, ok2 = w, true
			}
			if ok1 && ok2 {
				ds[stageOrder[i]] = append(ds[stageOrder[i]], b.Sub(a))
			}
		}
	}
	out := map[string]Latency{}
	for k, v := range ds {
		out[k] = summarize(v)
	}
	return out
}
