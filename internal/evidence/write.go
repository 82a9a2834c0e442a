package evidence

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Write stores the record under Name(rec.FileID), once. A record already kept with the
// same content (written_at aside: a redelivered final event writes it again) makes
// Write a no-op; one with different content is ErrDiffers naming each difference, and
// nothing is changed. Where the store is immutable (Azure: a time-based retention policy
// on the container) an overwrite would be refused anyway; Write never tries one.
//
// Two writers racing on the same new record both find none; the second write then
// overwrites the first on stores that allow it. The reporter is the only writer and
// handles a file's final event once at a time, so both would carry the same content.
func Write(ctx context.Context, store Blobs, rec Record) error {
	return writeAs(ctx, store, Name(rec.FileID), rec)
}

// Keep writes the record of a file's end as Write does, with one exception: a file's
// creation can still be undone after its record was written (intake failed to file File
// A away and the keeper compensated), and that record is immutable. The compensation's
// record is then kept beside it as SupersedingName, written once too; Verify reads it
// first. Any other difference stays ErrDiffers.
func Keep(ctx context.Context, store Blobs, rec Record) error {
	err := Write(ctx, store, rec)
	if !errors.Is(err, ErrDiffers) || rec.Outcome != OutcomeCompensated {
		return err
	}
	kept, gerr := store.Get(ctx, Name(rec.FileID))
	var held Record
	if gerr != nil || json.Unmarshal(kept, &held) != nil || held.Outcome != OutcomeCreated {
		return err
	}
	return writeAs(ctx, store, SupersedingName(rec.FileID), rec)
}

// SupersedingName is where the record of a compensation is kept when the file's record
// of its creation was written before (Keep).
func SupersedingName(fileID string) string { return fileID + ".compensated.json" }

func writeAs(ctx context.Context, store Blobs, name string, rec Record) error {
	if rec.WrittenAt == "" {
		rec.WrittenAt = time.Now().UTC().Format(time.RFC3339)
	}
	if err := rec.Validate(); err != nil {
		return err
	}
	kept, err := store.Get(ctx, name)
	if errors.Is(err, ErrNotFound) {
		if err := store.Create(ctx, name, Encode(rec)); err != nil {
			return fmt.Errorf("write evidence %s: %w", name, err)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("read evidence %s: %w", name, err)
	}
	var held Record
	if err := json.Unmarshal(kept, &held); err != nil {
		return fmt.Errorf("%w: %s holds no record (%v); it is left as it is", ErrDiffers, name, err)
	}
	if d := Diff(held, rec); len(d) > 0 {
		return fmt.Errorf("%w: %s differs in %s; the record kept is unchanged", ErrDiffers, name, strings.Join(d, "; "))
	}
	return nil
}

// Encode is the record's stored form: indented JSON, fields in a fixed order.
func Encode(rec Record) []byte {
	b, _ := json.MarshalIndent(rec, "", "  ") // plain values only: cannot fail
	return append(b, '\n')
}

// Validate says what a record lacks, all at once.
func (r Record) Validate() error {
	var miss []string
	need := func(ok bool, what string) {
		if !ok {
			miss = append(miss, what)
		}
	}
	need(r.Version == FormatVersion, fmt.Sprintf("version %d", FormatVersion))
	need(r.FileID != "", "file_id")
	need(r.Outcome == OutcomeCreated || r.Outcome == OutcomeRejected || r.Outcome == OutcomeCompensated,
		"outcome created, rejected or compensated")
	need(complete(r.FileA.Piece), "file_a area, name and sha256")
	need(complete(r.Pain002), "pain002 area, name and sha256")
	need((r.FileB != nil) == (r.Outcome == OutcomeCreated), "file_b exactly when created")
	need(r.FileB == nil || complete(*r.FileB), "file_b area, name and sha256")
	need(r.EventTime != "", "event_time")
	if len(miss) > 0 {
		return fmt.Errorf("%w for %q: needs %s", ErrInvalid, r.FileID, strings.Join(miss, ", "))
	}
	return nil
}

func complete(p Piece) bool { return p.Area != "" && p.Name != "" && p.SHA256 != "" }

// Diff names each field (dotted JSON path) whose value differs between two records,
// written_at aside, with both values.
func Diff(kept, next Record) []string {
	kept.WrittenAt, next.WrittenAt = "", ""
	a, b := flatten(kept), flatten(next)
	var out []string
	for _, k := range sortedUnion(a, b) {
		if a[k] != b[k] {
			out = append(out, fmt.Sprintf("%s: kept %s, new %s", k, orNone(a[k]), orNone(b[k])))
		}
	}
	return out
}
