package evidence

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Status of one check.
const (
	StatusOK       = "ok"
	StatusMismatch = "mismatch" // the piece is there, its SHA-256 is not the recorded one
	StatusMissing  = "missing"  // the piece is not where the record says it is kept
)

// Check is one piece of a record recomputed.
type Check struct {
	Piece  string `json:"piece"` // record, file_a, file_b or pain002
	Area   string `json:"area,omitempty"`
	Name   string `json:"name,omitempty"`
	Want   string `json:"want,omitempty"` // SHA-256 in the record
	Got    string `json:"got,omitempty"`  // SHA-256 now
	Status string `json:"status"`
	Detail string `json:"detail,omitempty"`
}

// Report is what Verify found: the record as kept and one check per piece.
type Report struct {
	FileID string  `json:"file_id"`
	Record *Record `json:"record,omitempty"`
	// Superseded names the record of the file's creation when its compensation's record
	// (SupersedingName) was found and checked instead; the pieces that record vouched
	// for were undone on purpose.
	Superseded string  `json:"superseded,omitempty"`
	Checks     []Check `json:"checks"`
	OK         bool    `json:"ok"` // every check ok
}

// Verify reads the record of fileID and recomputes the SHA-256 of File A, File B (for a
// created file) and the pain.002 from where the record says they are kept. Every
// mismatch and every missing piece is a check in the report, never an error: an error
// is the record missing (ErrNoRecord) or a store that could not be read.
func Verify(ctx context.Context, open Areas, fileID string) (Report, error) {
	rep := Report{FileID: fileID, Checks: []Check{}}
	name := SupersedingName(fileID)
	raw, err := open(Area).Get(ctx, name)
	if err == nil {
		rep.Superseded = Name(fileID)
	} else if errors.Is(err, ErrNotFound) {
		name = Name(fileID)
		raw, err = open(Area).Get(ctx, name)
	}
	if errors.Is(err, ErrNotFound) {
		return rep, fmt.Errorf("%w of %s in %s (%s)", ErrNoRecord, fileID, Area, Name(fileID))
	}
	if err != nil {
		return rep, fmt.Errorf("read evidence %s: %w", name, err)
	}
	rec, check := readRecord(raw, fileID, name)
	rep.Checks = append(rep.Checks, check)
	if rec != nil {
		rep.Record = rec
		for _, p := range pieces(*rec) {
			c, err := recompute(ctx, open, p.label, p.piece)
			if err != nil {
				return rep, err
			}
			rep.Checks = append(rep.Checks, c)
		}
	}
	rep.OK = true
	for _, c := range rep.Checks {
		rep.OK = rep.OK && c.Status == StatusOK
	}
	return rep, nil
}

// readRecord decodes a stored record and checks that it is one of this file and whole.
func readRecord(raw []byte, fileID, name string) (*Record, Check) {
	c := Check{Piece: "record", Area: Area, Name: name, Status: StatusOK}
	var rec Record
	if err := json.Unmarshal(raw, &rec); err != nil {
		c.Status, c.Detail = StatusMismatch, "not a record: "+err.Error()
		return nil, c
	}
	if rec.FileID != fileID {
		c.Status, c.Detail = StatusMismatch, fmt.Sprintf("the record is of file %q", rec.FileID)
	} else if err := rec.Validate(); err != nil {
		c.Status, c.Detail = StatusMismatch, err.Error()
	}
	return &rec, c
}

type labelled struct {
	label string
	piece Piece
}

func pieces(r Record) []labelled {
	out := []labelled{{"file_a", r.FileA.Piece}}
	if r.FileB != nil {
		out = append(out, labelled{"file_b", *r.FileB})
	}
	return append(out, labelled{"pain002", r.Pain002})
}

// recompute hashes one piece where it is kept.
func recompute(ctx context.Context, open Areas, label string, p Piece) (Check, error) {
	c := Check{Piece: label, Area: p.Area, Name: p.Name, Want: p.SHA256}
	if p.Area == "" || p.Name == "" {
		c.Status, c.Detail = StatusMissing, "the record does not say where it is kept"
		return c, nil
	}
	data, err := open(p.Area).Get(ctx, p.Name)
	if errors.Is(err, ErrNotFound) {
		c.Status, c.Detail = StatusMissing, "not in "+p.Area
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("read %s %s/%s: %w", label, p.Area, p.Name, err)
	}
	c.Got = SHA256(data)
	c.Status = StatusOK
	if !strings.EqualFold(c.Got, p.SHA256) {
		c.Status = StatusMismatch
	}
	return c, nil
}

// SHA256 is the lower-case hex SHA-256 of data, as records hold it.
func SHA256(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}
