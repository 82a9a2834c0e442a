package evidence

import (
	"github.com/paychoreo/choreography/internal/blobname"
	"github.com/paychoreo/choreography/internal/events"
)

// Final is what the writer knows of a file's final event besides its payload.
type Final struct {
	TraceParent string // the event's W3C traceparent; the record keeps its trace id
	Time        string // the event's time (CloudEvent time), RFC 3339
	Pain002     Piece  // the status report as written (Area defaults to Reports)
}

// FromCreated is the record of a file whose File B was written.
func FromCreated(ev events.Created, f Final) Record {
	r := base(ev.FileRef, OutcomeCreated, f)
	r.SenderID, r.FileReference, r.RefdataVersion = ev.SenderID, ev.FileReference, ev.RefdataVersion
	r.NbOfTxs, r.ControlSum = ev.NbOfTxs, ev.ControlSum
	r.FileB = &Piece{Area: Outbox, Name: ev.FileB, SHA256: ev.FileBSHA256}
	return r
}

// FromRejected is the record of a file that broke business rules.
func FromRejected(ev events.Rejected, f Final) Record {
	r := base(ev.FileRef, OutcomeRejected, f)
	r.SenderID, r.FileReference, r.RefdataVersion = ev.SenderID, ev.FileReference, ev.RefdataVersion
	r.ViolationCount = ev.ViolationCount
	return r
}

// FromFailed is the record of a file that failed for good and was compensated.
func FromFailed(ev events.Failed, f Final) Record {
	return base(ev.FileRef, OutcomeCompensated, f)
}

func base(ref events.FileRef, outcome string, f Final) Record {
	p := f.Pain002
	if p.Area == "" {
		p.Area = Reports
	}
	return Record{Version: FormatVersion, FileID: ref.FileID, Outcome: outcome,
		FileA:   FileA{Blob: ref.Blob, Size: ref.Size, Piece: FileAKept(outcome, ref.FileID, ref.Blob, ref.SHA256)},
		Pain002: p, TraceID: TraceID(f.TraceParent), EventTime: f.Time}
}

// FileAKept is where intake keeps File A once the file has ended (apps/intake: final.go
// and quarantine.go): <area>/<file id>/<its name made safe>.
func FileAKept(outcome, fileID, blob, sha256 string) Piece {
	area := map[string]string{OutcomeCreated: Archive, OutcomeRejected: Rejected, OutcomeCompensated: Quarantine}[outcome]
	return Piece{Area: area, Name: fileID + "/" + blobname.Safe(blob), SHA256: sha256}
}

// TraceID is the trace id of a W3C traceparent (version-traceid-spanid-flags), or "".
func TraceID(traceparent string) string {
	if len(traceparent) >= 36 && traceparent[2] == '-' && traceparent[35] == '-' {
		return traceparent[3:35]
	}
	return ""
}
