package validation

import (
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/payment"
	"github.com/paychoreo/choreography/internal/paymentfile"
	"github.com/paychoreo/choreography/internal/staging"
)

func reject(f *payment.File, version string, vs []paymentfile.Violation) Decision {
	return Decision{File: f, Version: version, Violations: vs}
}

// one is a violation of the file as a whole (line 0); lineOne of its header (line 1).
func one(field, code, msg string) []paymentfile.Violation {
	return []paymentfile.Violation{{Line: 0, Field: field, Code: code, Message: msg}}
}

func lineOne(field, code, msg string) []paymentfile.Violation {
	return []paymentfile.Violation{{Line: 1, Field: field, Code: code, Message: msg}}
}

// ReportName is where a rejected file's report is written (in the rejected area, next
// to where intake files File A away).
func ReportName(fileID string) string { return fileID + "/report.csv" }

// RejectedEvent is file.rejected for a rejected decision.
func RejectedEvent(ref events.FileRef, d Decision) events.Rejected {
	ev := events.Rejected{FileRef: ref, ViolationCount: len(d.Violations), Report: ReportName(ref.FileID), RefdataVersion: d.Version}
	if d.File != nil {
		ev.SenderID, ev.FileReference = d.File.Sender.ID, d.File.FileReference
	}
	for i, x := range d.Violations {
		if i == events.MaxViolationsInEvent {
			break
		}
		ev.Violations = append(ev.Violations, events.Violation{Line: x.Line, Field: x.Field, Code: x.Code, Message: x.Message, EndToEndID: x.EndToEndID})
	}
	return ev
}

// ValidatedEvent is file.validated for an accepted decision, whose canonical form is
// staged under staging.CanonicalName.
func ValidatedEvent(ref events.FileRef, d Decision) events.Validated {
	f := d.File
	return events.Validated{FileRef: ref, SenderID: f.Sender.ID, FileReference: f.FileReference,
		NbOfTxs: len(f.Payments), ControlSum: f.ControlSum, Canonical: staging.CanonicalName(ref.FileID), RefdataVersion: d.Version}
}

// prefix keeps the first max bytes written to it.
type prefix struct {
	b   []byte
	max int
}

func (p *prefix) Write(b []byte) (int, error) {
	if n := p.max - len(p.b); n > 0 {
		p.b = append(p.b, b[:min(n, len(b))]...)
	}
	return len(b), nil
}
