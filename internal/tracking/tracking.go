// Package tracking is the tracker's model of a file's journey, shared by the tracker app,
// its HTTP API and page, and `choreo status`. Nobody owns a file's status in a
// choreography; the tracker only listens to every event and writes this down.
package tracking

import (
	"sort"
	"time"

	"github.com/paychoreo/choreography/internal/events"
)

// Statuses. Final ones never change back.
const (
	Received    = "received"
	Validated   = "validated"
	Adapted     = "adapted"
	Created     = "created"     // final: File B written
	Rejected    = "rejected"    // final: business rules broken, report written
	DeadLetter  = "dead_letter" // a step failed for good; compensation follows
	Compensated = "compensated" // final: every step undid its work, File A in quarantine
)

var rank = map[string]int{Received: 1, Validated: 2, Adapted: 3, DeadLetter: 4, Created: 9, Rejected: 9, Compensated: 9}

// Final reports whether a status is an end state.
func Final(status string) bool { return rank[status] == 9 }

// TimeLayout stamps a step: RFC 3339 in UTC with all nine fraction digits, so stamps
// sort as text (Add does). time.RFC3339Nano drops trailing zeros, and its stamps
// do not: "…:05Z" sorts after "…:05.5Z", "…:05.5Z" after "…:05.45Z".
const TimeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// Now is the time of a step seen now.
func Now() string { return time.Now().UTC().Format(TimeLayout) }

// Step is one event of the journey, as the tracker saw it.
type Step struct {
	Topic   string `json:"topic"`
	EventID string `json:"event_id"`
	Stage   string `json:"stage"` // who published it
	At      string `json:"at"`    // when the tracker saw it (TimeLayout)
	Status  string `json:"status"`
	Detail  string `json:"detail,omitempty"`
}

// File is one file's journey.
type File struct {
	FileID        string             `json:"file_id"`
	Blob          string             `json:"blob"`
	Size          int64              `json:"size"`
	SenderID      string             `json:"sender_id,omitempty"`
	FileReference string             `json:"file_reference,omitempty"`
	Status        string             `json:"status"`
	Final         bool               `json:"final"`
	Stalled       bool               `json:"stalled"`
	ReceivedAt    string             `json:"received_at"`
	UpdatedAt     string             `json:"updated_at"`
	FinishedAt    string             `json:"finished_at,omitempty"`
	NbOfTxs       int                `json:"nb_of_txs,omitempty"`
	ControlSum    string             `json:"control_sum,omitempty"`
	FileB         string             `json:"file_b,omitempty"`
	Report        string             `json:"report,omitempty"`
	Violations    []events.Violation `json:"violations,omitempty"`
	ViolationCnt  int                `json:"violation_count,omitempty"`
	Failure       string             `json:"failure,omitempty"`
	DeadLetterID  string             `json:"dead_letter_id,omitempty"`
	TraceID       string             `json:"trace_id,omitempty"`
	Steps         []Step             `json:"steps"`
}

// Add records a step once (by event id) and moves the status forward, never back:
// events may arrive in any order.
func (f *File) Add(s Step) bool {
	for _, have := range f.Steps {
		if have.EventID == s.EventID && have.Topic == s.Topic {
			return false
		}
	}
	f.Steps = append(f.Steps, s)
	sort.SliceStable(f.Steps, func(i, j int) bool { return f.Steps[i].At < f.Steps[j].At })
	if rank[s.Status] > rank[f.Status] {
		f.Status = s.Status
	}
	f.Final = Final(f.Status)
	if f.Final {
		f.Stalled = false
		if f.FinishedAt == "" || s.At > f.FinishedAt {
			f.FinishedAt = s.At
		}
	}
	f.ReceivedAt = minTime(f.ReceivedAt, s.At)
	f.UpdatedAt = time.Now().UTC().Format(time.RFC3339Nano)
	return true
}

func minTime(a, b string) string {
	if a == "" || b < a {
		return b
	}
	return a
}

// Durations returns how long each stage took: from the event it consumed to the one it
// published, by stage name.
func (f *File) Durations() map[string]time.Duration {
	at := map[string]time.Time{}
	for _, s := range f.Steps {
		t, err := time.Parse(time.RFC3339Nano, s.At)
		if err == nil {
			at[s.Topic] = t
		}
	}
	out := map[string]time.Duration{}
	pairs := []struct{ stage, from, to string }{
		{"validator", events.FileReceived, events.FileValidated},
		{"validator", events.FileReceived, events.FileRejected},
		{"adaptor", events.FileValidated, events.FileAdapted},
		{"creator", events.FileAdapted, events.FileCreated},
	}
	for _, p := range pairs {
		from, ok1 := at[p.from]
		to, ok2 := at[p.to]
		if ok1 && ok2 {
			out[p.stage] = to.Sub(from)
		}
	}
	return out
}
