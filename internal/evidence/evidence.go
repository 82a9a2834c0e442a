// Package evidence keeps one record per file of how it ended and of what it produced:
// the SHA-256 of File A, of File B and of the pain.002 status report, the counts, the
// reference-data version, the trace and the times. A record is written once (Write) and
// never changed; Verify recomputes every hash from where the pieces are kept and names
// each one that differs or is gone. docs/evidence.md describes the format.
//
// The package knows storage only through Blobs, one area (a Dapr storage binding) each;
// the reporter writes records through its sidecar, `choreo verify` reads them.
package evidence

import (
	"context"
	"errors"

	"github.com/paychoreo/choreography/internal/payment"
)

// Areas (Dapr storage bindings) the pieces of a record are kept in. They equal the names
// in internal/step.
const (
	Area       = "evidence"   // the records: <file id>.json, written once
	Archive    = "archive"    // File A of a created file
	Rejected   = "rejected"   // File A of a rejected file
	Quarantine = "quarantine" // File A of a compensated file
	Outbox     = "outbox"     // File B
	Reports    = "reports"    // pain.002 status reports: <file id>.pain002.xml
)

// Outcomes a record is written for: the final outcomes of a file.
const (
	OutcomeCreated     = "created"     // File B written; File A in Archive
	OutcomeRejected    = "rejected"    // business rules broken; File A in Rejected
	OutcomeCompensated = "compensated" // failed for good, undone; File A in Quarantine
)

// FormatVersion is the version of the record's JSON form; a change that breaks readers
// gets a new one.
const FormatVersion = 1

// Record is the evidence of one file's end. Everything but WrittenAt is the record's
// content: a second write must carry the same.
type Record struct {
	Version        int            `json:"version"`
	FileID         string         `json:"file_id"`
	Outcome        string         `json:"outcome"` // created, rejected or compensated
	SenderID       string         `json:"sender_id,omitempty"`
	FileReference  string         `json:"file_reference,omitempty"`
	FileA          FileA          `json:"file_a"`
	FileB          *Piece         `json:"file_b,omitempty"` // created files only
	Pain002        Piece          `json:"pain002"`
	NbOfTxs        int            `json:"nb_of_txs,omitempty"`   // created files
	ControlSum     payment.Amount `json:"control_sum,omitempty"` // created files
	ViolationCount int            `json:"violation_count,omitempty"`
	RefdataVersion string         `json:"refdata_version,omitempty"`
	TraceID        string         `json:"trace_id,omitempty"`
	EventTime      string         `json:"event_time"` // the final event's time, RFC 3339
	WrittenAt      string         `json:"written_at"` // when the record was first written
}

// Piece is one stored file the record vouches for: where it is kept and its hash.
type Piece struct {
	Area   string `json:"area"`
	Name   string `json:"name"`
	SHA256 string `json:"sha256"` // lower-case hex
}

// FileA is the customer's file: the name it arrived under, its size, and where it is
// kept now that the file has ended.
type FileA struct {
	Blob string `json:"blob"`
	Size int64  `json:"size"`
	Piece
}

// Name is the record's name in the evidence area.
func Name(fileID string) string { return fileID + ".json" }

// Blobs is one storage area. Get returns an error wrapping ErrNotFound for a name that
// is not there; Create writes a new blob.
type Blobs interface {
	Get(ctx context.Context, name string) ([]byte, error)
	Create(ctx context.Context, name string, data []byte) error
}

// Areas opens an area by its name (Area, Archive, Outbox, Reports, ...).
type Areas func(area string) Blobs

var (
	// ErrNotFound is what a Blobs answers for a missing blob.
	ErrNotFound = errors.New("evidence: not found")
	// ErrDiffers refuses a second write whose content is not the record kept.
	ErrDiffers = errors.New("evidence: a different record of this file is kept")
	// ErrNoRecord says no record of the file exists.
	ErrNoRecord = errors.New("evidence: no record")
	// ErrInvalid refuses a record that lacks what it must hold.
	ErrInvalid = errors.New("evidence: invalid record")
)
