package evidence

import (
	"fmt"

	"github.com/paychoreo/choreography/internal/pain002"
)

// FromWritten is the record of the file whose pain.002 was just written (w): built from
// the winning final event, file.failed over file.rejected over file.created, as the
// report was, with the report's name and SHA-256.
func FromWritten(w pain002.Written) (Record, error) {
	f := w.Finals
	report := Piece{Area: Reports, Name: w.Name, SHA256: w.SHA256}
	final := func(at, traceparent string) Final { return Final{TraceParent: traceparent, Time: at, Pain002: report} }
	switch {
	case f.Failed != nil:
		return FromFailed(f.Failed.Event, final(f.Failed.Time, f.Failed.TraceParent)), nil
	case f.Rejected != nil:
		return FromRejected(f.Rejected.Event, final(f.Rejected.Time, f.Rejected.TraceParent)), nil
	case f.Created != nil:
		return FromCreated(f.Created.Event, final(f.Created.Time, f.Created.TraceParent)), nil
	}
	return Record{}, fmt.Errorf("%w: no final event of %s", ErrInvalid, f.FileID)
}
