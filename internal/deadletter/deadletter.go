// Package deadletter defines what is kept about a dead letter so that a person can act on
// it: where it failed, why, how often, the original event, and what was done about it.
// Every app records its failed attempts; intake, the keeper, turns a dead letter into a
// Record; `choreo deadletters` lists, shows and redrives them.
package deadletter

import (
	"encoding/json"
	"strings"
)

// Attempts is what a consumer records each time it fails on an event, before Dapr's
// resiliency policy decides whether to try again.
type Attempts struct {
	App        string `json:"app"`
	EventID    string `json:"event_id"`
	Topic      string `json:"topic"`
	TraceID    string `json:"trace_id,omitempty"`
	Count      int    `json:"attempts"`
	FirstError string `json:"first_error"`
	LastError  string `json:"last_error"`
	FirstAt    string `json:"first_at"`
	LastAt     string `json:"last_at"`
}

// AttemptsKey is the deadletters-store key of a consumer's attempts on one event.
func AttemptsKey(app, eventID string) string { return "attempts|" + app + "|" + eventID }

// Kinds of dead letter.
const (
	KindStep         = "step"         // a processing step failed for good: the file was compensated
	KindCustody      = "custody"      // intake could not file away a finished file
	KindCompensation = "compensation" // an undo failed: a person must finish it
	KindArrival      = "arrival"      // a blob-created event intake could not act on: nothing to undo
)

// Statuses of a dead letter.
const (
	StatusOpen     = "open"     // needs a person
	StatusResolved = "resolved" // handled by the keeper itself (e.g. a custody retry worked)
	StatusRedriven = "redriven" // a person redrove it; see the audit trail
)

// Record is one dead letter as a person sees it.
type Record struct {
	ID         string          `json:"id"`    // <stage>:<event id>
	Kind       string          `json:"kind"`  // KindStep, KindCustody, KindCompensation, KindArrival
	Stage      string          `json:"stage"` // the consumer that failed
	Topic      string          `json:"topic"` // the original topic
	EventID    string          `json:"event_id"`
	FileID     string          `json:"file_id"`
	Blob       string          `json:"blob"`
	Reason     string          `json:"reason"`
	Attempts   int             `json:"attempts"`
	FirstError string          `json:"first_error"`
	LastError  string          `json:"last_error"`
	TraceID    string          `json:"trace_id"`
	DeadAt     string          `json:"dead_at"`
	Status     string          `json:"status"`
	Event      json.RawMessage `json:"event"` // the original event's payload
	Audit      []Audit         `json:"audit"`
}

// Audit is one thing done about a dead letter, by the keeper or by a person.
type Audit struct {
	At     string `json:"at"`
	Action string `json:"action"` // recorded, compensated, resolved, redrive
	By     string `json:"by"`
	Note   string `json:"note,omitempty"`
}

// Key is the deadletters-store key of a record; IndexKey lists every record's id.
func Key(id string) string { return "dl|" + id }

// IndexKey holds the ids of all records, newest last.
const IndexKey = "dl-index"

// ID names the dead letter of an event at a consumer.
func ID(stage, eventID string) string { return stage + ":" + eventID }

// FileID extracts the file id from a deterministic event id (<file id>/<topic>).
func FileID(eventID string) string {
	id, _, _ := strings.Cut(eventID, "/")
	return id
}
