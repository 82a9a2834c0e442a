// Package custody holds intake's rules for File A while it is in the inbox: the claim
// that makes one replica announce a blob once, when an arrival is a new file, a
// duplicate or one to announce again, how a claim is released, and the one decision of
// how a file ends. apps/intake wires them to Dapr; the benchmark's orchestrator calls
// the same rules.
package custody

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"
)

// Claim is intake's record of a File A while it is in the inbox. Its key is the blob
// name; a first-write create makes the first writer its owner, so one file is announced
// by one intake replica only. When File A leaves the inbox it is marked released, and
// the store forgets it ReleasedFor later: one key per file name would otherwise stay
// for ever.
type Claim struct {
	FileID    string `json:"file_id"`
	Blob      string `json:"blob"`
	Size      int64  `json:"size"`
	SHA256    string `json:"sha256"`
	ClaimedAt string `json:"claimed_at"`
	// TraceParent starts the file's trace; every later event of the file continues it.
	TraceParent string `json:"traceparent"`
	// ReleasedAt is set when File A left the inbox. The claim is kept a while instead of
	// deleted: another replica may have listed the blob just before it moved, and must
	// not take it for a new file (ReleasedGrace).
	ReleasedAt string `json:"released_at,omitempty"`
}

// Key is the state key of a blob's claim.
func Key(blob string) string { return "inbox|" + blob }

// ReleasedGrace is how long a released claim still stands for its name when nothing
// says when the blob was written (a scan): longer than a scan that listed the blob
// before it moved can take to get to it.
const ReleasedGrace = 3 * time.Second

// ReleasedFor is how long a released claim is kept: far longer than ReleasedGrace.
const ReleasedFor = 24 * time.Hour

// StaleAfter is how long a claim's file may stay in the inbox before an event or a scan
// that sees it announces it again.
const StaleAfter = 10 * time.Second

// ReleasedAfter says the claim's File A left the inbox after the blob was written
// (writtenAt, from its event), so the blob seen is the old file, not a new one under its
// name; for a scan (writtenAt zero), that it left less than ReleasedGrace ago.
func (c Claim) ReleasedAfter(writtenAt, now time.Time) bool {
	t, err := time.Parse(time.RFC3339Nano, c.ReleasedAt)
	if c.ReleasedAt == "" || err != nil {
		return false
	}
	if !writtenAt.IsZero() {
		return writtenAt.Before(t)
	}
	return now.Sub(t) < ReleasedGrace
}

// Stale says the claim was taken more than StaleAfter ago: a crash may have come between
// claiming and publishing, so it is announced again (same event id). No flag records
// the announcement: writing one after the publish could land after the file was
// released and undo the release.
func (c Claim) Stale(now time.Time) bool {
	t, err := time.Parse(time.RFC3339Nano, c.ClaimedAt)
	return err != nil || now.Sub(t) > StaleAfter
}

// NewFileID names one submission: the same content dropped again later is a new
// submission with its own id (duplicates are the validator's business, not intake's).
func NewFileID(blob, sum string, at time.Time) string {
	h := sha256.Sum256([]byte(blob + "\x00" + sum + "\x00" + strconv.FormatInt(at.UnixNano(), 10)))
	return "f-" + hex.EncodeToString(h[:12])
}

// New is the claim of a blob with the given content, taken at now.
func New(blob string, size int64, sum string, now time.Time) Claim {
	now = now.UTC()
	return Claim{FileID: NewFileID(blob, sum, now), Blob: blob, Size: size, SHA256: sum,
		ClaimedAt: now.Format(time.RFC3339Nano)}
}
